import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { appUser } from '../../db/schema/index.js';

export async function findUsers(db: Database, laId: string) {
  return db
    .select({ displayName: appUser.displayName, email: appUser.email, role: appUser.role, lastSignInAt: appUser.lastSignInAt, disabled: appUser.disabled })
    .from(appUser)
    .where(eq(appUser.laId, laId))
    .orderBy(asc(appUser.role), asc(appUser.displayName));
}
