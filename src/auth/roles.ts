/**
 * Every role a person can sign in with. LA roles work across their own LA; the others reach
 * only the children they are linked to (see child-scope.ts).
 */
/** Staff employed by the LA: they see their own LA's records, never another's. */
export const LA_STAFF_ROLES = ['sen_caseworker', 'sen_team_manager', 'educational_psychologist', 'inclusion_officer', 'finance_officer', 'insight_analyst', 'la_admin'] as const;

export const ROLES = [...LA_STAFF_ROLES, 'school_senco', 'professional', 'parent', 'young_person'] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  sen_caseworker: 'SEN caseworker',
  sen_team_manager: 'SEN team manager',
  educational_psychologist: 'Educational psychologist',
  inclusion_officer: 'Inclusion and SEN officer',
  finance_officer: 'Finance officer',
  insight_analyst: 'Insight and FOI analyst',
  la_admin: 'LA administrator',
  school_senco: 'School SENCO',
  professional: 'Provider or professional',
  parent: 'Parent or carer',
  young_person: 'Young person',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isLaStaff(role: Role): boolean {
  return (LA_STAFF_ROLES as readonly Role[]).includes(role);
}

export function isFamilyRole(role: Role): boolean {
  return role === 'parent' || role === 'young_person';
}
