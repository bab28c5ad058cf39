import { eq, sql } from 'drizzle-orm';
import { StaleEditError } from '../http/edit-version.js';
import type { Database } from './client.js';
import { appUser } from './schema/index.js';

/** What every save of an edited row sets besides its own fields (the columns of editedRowColumns); `now` is the app's clock. */
export function nextEditBy(userId: string, now: Date) {
  return { version: sql`version + 1`, updatedBy: userId, updatedAt: now };
}

/** The refusal for a save over a newer version: names who saved that one (from the row as it is now). */
export async function staleEdit(db: Database, current: { version: number; updatedBy: string | null; updatedAt: Date }, now: Date, path?: string): Promise<StaleEditError> {
  const [user] = current.updatedBy ? await db.select({ name: appUser.displayName }).from(appUser).where(eq(appUser.id, current.updatedBy)) : [];
  return new StaleEditError(user?.name ?? 'someone else', current.updatedAt, current.version, now, path);
}
