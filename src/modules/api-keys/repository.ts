import { and, count, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { apiKey, appUser, localAuthority, organisation, setting } from '../../db/schema/index.js';

/** The key with this prefix and the user it acts as, for authenticating a request. */
export async function findKeyWithUser(db: Database, prefix: string) {
  const [row] = await db
    .select({
      id: apiKey.id,
      laId: apiKey.laId,
      secretSha256: apiKey.secretSha256,
      revokedAt: apiKey.revokedAt,
      lastUsedAt: apiKey.lastUsedAt,
      user: appUser,
      laName: localAuthority.name,
    })
    .from(apiKey)
    .innerJoin(appUser, and(eq(appUser.id, apiKey.userId), eq(appUser.laId, apiKey.laId)))
    .innerJoin(localAuthority, eq(localAuthority.id, apiKey.laId))
    .where(eq(apiKey.prefix, prefix));
  return row;
}

/** Records when a key was last used, at most once a minute per key (a busy system costs no write per request). */
export async function touchKey(db: Database, id: string, now: Date): Promise<void> {
  await db
    .update(apiKey)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKey.id, id), or(isNull(apiKey.lastUsedAt), lt(apiKey.lastUsedAt, new Date(now.getTime() - 60_000)))));
}

export async function insertKey(db: Database, values: typeof apiKey.$inferInsert) {
  const [row] = await db.insert(apiKey).values(values).returning({ id: apiKey.id, createdAt: apiKey.createdAt });
  return row;
}

const keyColumns = {
  id: apiKey.id,
  name: apiKey.name,
  prefix: apiKey.prefix,
  createdAt: apiKey.createdAt,
  lastUsedAt: apiKey.lastUsedAt,
  revokedAt: apiKey.revokedAt,
  userName: appUser.displayName,
  userEmail: appUser.email,
  role: appUser.role,
  workplace: sql<string | null>`coalesce(${setting.name}, ${organisation.name})`,
};

function keysWithHolders(db: Database) {
  return db
    .select(keyColumns)
    .from(apiKey)
    .innerJoin(appUser, eq(appUser.id, apiKey.userId))
    .leftJoin(setting, eq(setting.id, appUser.settingId))
    .leftJoin(organisation, eq(organisation.id, appUser.organisationId));
}

/** A page of the LA's keys, newest first (the id breaks ties), with whose each is and where they work, and how many there are. */
export async function findKeysPage(db: Database, laId: string, window: { limit: number; offset: number }) {
  const [rows, [totals]] = await Promise.all([
    keysWithHolders(db).where(eq(apiKey.laId, laId)).orderBy(desc(apiKey.createdAt), desc(apiKey.id)).limit(window.limit).offset(window.offset),
    db.select({ total: count() }).from(apiKey).where(eq(apiKey.laId, laId)),
  ]);
  return { rows, total: totals?.total ?? 0 };
}

/** One key of the LA, with its holder. */
export async function findKey(db: Database, laId: string, id: string) {
  const [row] = await keysWithHolders(db).where(and(eq(apiKey.laId, laId), eq(apiKey.id, id)));
  return row;
}

/** Users of the LA a key may be issued to: enabled school staff and providers. */
export async function findKeyHolders(db: Database, laId: string, roles: string[]) {
  return db
    .select({
      id: appUser.id,
      displayName: appUser.displayName,
      email: appUser.email,
      role: appUser.role,
      workplace: sql<string | null>`coalesce(${setting.name}, ${organisation.name})`,
    })
    .from(appUser)
    .leftJoin(setting, eq(setting.id, appUser.settingId))
    .leftJoin(organisation, eq(organisation.id, appUser.organisationId))
    .where(and(eq(appUser.laId, laId), inArray(appUser.role, roles), eq(appUser.disabled, false)))
    .orderBy(appUser.displayName);
}

/** Revokes a key of the LA; returns it, or nothing when there is no such key or it was revoked already. */
export async function revokeKey(db: Database, laId: string, id: string, now: Date) {
  const [row] = await db
    .update(apiKey)
    .set({ revokedAt: now })
    .where(and(eq(apiKey.laId, laId), eq(apiKey.id, id), isNull(apiKey.revokedAt)))
    .returning({ id: apiKey.id, name: apiKey.name, userId: apiKey.userId });
  return row;
}
