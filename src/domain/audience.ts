import { isFamilyRole, isLaStaff, type Role } from '../auth/roles.js';

/**
 * Who an entry on a child's record is for. Chosen by the person making it, shown on it, and never
 * widened afterwards. Everyone reading is first entitled to the child's record at all (their child
 * scope); the audience then narrows what they see of it.
 */
export const AUDIENCES = {
  family: 'Family and everyone working with the child',
  professionals: 'Professionals and the LA, not the family',
  la_internal: 'LA staff only',
} as const;

export type Audience = keyof typeof AUDIENCES;

export function isAudience(value: string): value is Audience {
  return value in AUDIENCES;
}

/** A short tag for the entry itself, so every reader sees who else can read it. */
export const AUDIENCE_TAGS: Record<Audience, string> = {
  family: 'Family can see',
  professionals: 'Professionals only',
  la_internal: 'LA only',
};

/**
 * Roles that may be named on a restricted entry (safeguarding, social care). Only LA staff who
 * work with children's records: a restricted entry is never for a school, a provider or a family.
 */
export const RESTRICTABLE_ROLES = ['sen_caseworker', 'sen_team_manager', 'educational_psychologist', 'inclusion_officer'] as const satisfies readonly Role[];

/** The audiences a role reads, given it may see the child at all. */
export function audiencesReadableBy(role: Role): Audience[] {
  if (isFamilyRole(role)) return ['family'];
  if (isLaStaff(role)) return ['family', 'professionals', 'la_internal'];
  return ['family', 'professionals'];
}

/** The audiences a role may write to: never one it could not read itself. */
export function audiencesWritableBy(role: Role): Audience[] {
  return audiencesReadableBy(role);
}

export interface AudienceLabelled {
  audience: string;
  /** Null when not restricted; otherwise the only roles that may see it. */
  restrictedToRoles: readonly string[] | null;
  authorUserId: string | null;
}

/**
 * Whether this person sees this entry. The author always sees what they wrote (they already
 * know it); anyone else needs the audience, and for a restricted entry to hold a named role.
 */
export function seesEntry(viewer: { role: Role; userId: string }, entry: AudienceLabelled): boolean {
  if (entry.authorUserId !== null && entry.authorUserId === viewer.userId) return true;
  if (!isAudience(entry.audience) || !audiencesReadableBy(viewer.role).includes(entry.audience)) return false;
  return entry.restrictedToRoles === null || entry.restrictedToRoles.includes(viewer.role);
}
