import { and, asc, count, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { appUser } from '../../db/schema/index.js';

/** What the users list's filter narrows to: one role, and active or disabled accounts. */
export interface UserFilters {
  role?: string | undefined;
  status?: 'active' | 'disabled' | undefined;
}

/** A page of the LA's users by role then name (the id breaks ties, so pages never overlap), and how many there are. */
export async function findUsersPage(db: Database, laId: string, window: { limit: number; offset: number }, filters: UserFilters = {}) {
  const ofLa = and(eq(appUser.laId, laId), filters.role ? eq(appUser.role, filters.role) : undefined, filters.status === undefined ? undefined : eq(appUser.disabled, filters.status === 'disabled'));
  const [rows, [totals]] = await Promise.all([
    db
      .select({ displayName: appUser.displayName, email: appUser.email, role: appUser.role, lastSignInAt: appUser.lastSignInAt, disabled: appUser.disabled })
      .from(appUser)
      .where(ofLa)
      .orderBy(asc(appUser.role), asc(appUser.displayName), asc(appUser.id))
      .limit(window.limit)
      .offset(window.offset),
    db.select({ total: count() }).from(appUser).where(ofLa),
  ]);
  return { rows, total: totals?.total ?? 0 };
}
