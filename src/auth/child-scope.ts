import type { IsoDate } from '../domain/dates.js';
import type { Role } from './roles.js';

/** The signed-in person, as every service sees them. */
export interface Principal {
  userId: string;
  laId: string;
  role: Role;
  displayName: string;
  email: string;
  settingId: string | null;
  organisationId: string | null;
  childId: string | null;
}

/** The principal of a stored user, whichever way they came in (a session or an API key). */
export function principalOfUser(user: Omit<Principal, 'userId' | 'role'> & { id: string }, role: Role): Principal {
  const { id, laId, displayName, email, settingId, organisationId, childId } = user;
  return { userId: id, laId, role, displayName, email, settingId, organisationId, childId };
}

/**
 * Which children a person may see. Pure: the repository turns a scope into SQL, so the list
 * pages and single-record checks apply exactly the same rule. A placement or assignment counts
 * on `today`, London's date from the app's clock (never the database server's `current_date`).
 */
export type ChildScope =
  | { kind: 'whole-la'; laId: string }
  | { kind: 'placed-at-setting'; laId: string; settingId: string; today: IsoDate }
  | { kind: 'assigned-professional'; laId: string; userId: string; today: IsoDate }
  | { kind: 'parental-responsibility'; laId: string; userId: string }
  | { kind: 'own-record'; laId: string; childId: string }
  | { kind: 'none' };

export function childScopeOf(principal: Principal, today: IsoDate): ChildScope {
  const { laId } = principal;
  switch (principal.role) {
    case 'sen_caseworker':
    case 'sen_team_manager':
    case 'educational_psychologist':
    case 'inclusion_officer':
    case 'finance_officer':
      return { kind: 'whole-la', laId };
    case 'school_senco':
      return principal.settingId ? { kind: 'placed-at-setting', laId, settingId: principal.settingId, today } : { kind: 'none' };
    case 'professional':
      return { kind: 'assigned-professional', laId, userId: principal.userId, today };
    case 'parent':
      return { kind: 'parental-responsibility', laId, userId: principal.userId };
    case 'young_person':
      return principal.childId ? { kind: 'own-record', laId, childId: principal.childId } : { kind: 'none' };
    case 'insight_analyst':
    case 'la_admin':
      return { kind: 'none' };
  }
}
