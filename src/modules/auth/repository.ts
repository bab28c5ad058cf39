import { and, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { appUser, localAuthority, signInAttempt, userSession } from '../../db/schema/index.js';

export async function findUserByEmail(db: Database, email: string) {
  const [user] = await db
    .select()
    .from(appUser)
    .where(sql`lower(${appUser.email}) = ${email.toLowerCase()}`)
    .limit(1);
  return user;
}

export async function recordFailedSignIn(db: Database, params: { userId: string | null; email: string; ipAddress: string; lockUntil: Date | null }): Promise<void> {
  await db.insert(signInAttempt).values({ ipAddress: params.ipAddress, email: params.email.toLowerCase() });
  if (params.userId) {
    await db
      .update(appUser)
      .set({ failedSignIns: sql`${appUser.failedSignIns} + 1`, lockedUntil: params.lockUntil })
      .where(eq(appUser.id, params.userId));
  }
}

export async function countRecentFailuresFromIp(db: Database, ipAddress: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ failures: sql<number>`count(*)::int` })
    .from(signInAttempt)
    .where(and(eq(signInAttempt.ipAddress, ipAddress), gt(signInAttempt.attemptedAt, since)));
  return row?.failures ?? 0;
}

export async function recordSuccessfulSignIn(db: Database, userId: string): Promise<void> {
  await db
    .update(appUser)
    .set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: new Date() })
    .where(eq(appUser.id, userId));
}

export async function insertSession(
  db: Database,
  session: { tokenHash: string; userId: string; laId: string; expiresAt: Date },
): Promise<void> {
  await db.insert(userSession).values(session);
}

export async function findSessionWithUser(db: Database, tokenHash: string) {
  const [row] = await db
    .select({
      tokenHash: userSession.tokenHash,
      createdAt: userSession.createdAt,
      lastSeenAt: userSession.lastSeenAt,
      expiresAt: userSession.expiresAt,
      user: {
        id: appUser.id,
        laId: appUser.laId,
        role: appUser.role,
        displayName: appUser.displayName,
        email: appUser.email,
        settingId: appUser.settingId,
        organisationId: appUser.organisationId,
        childId: appUser.childId,
        disabled: appUser.disabled,
      },
      laName: localAuthority.name,
    })
    .from(userSession)
    .innerJoin(appUser, eq(appUser.id, userSession.userId))
    .innerJoin(localAuthority, eq(localAuthority.id, appUser.laId))
    .where(eq(userSession.tokenHash, tokenHash))
    .limit(1);
  return row;
}

export async function touchSession(db: Database, tokenHash: string, now: Date): Promise<void> {
  await db.update(userSession).set({ lastSeenAt: now }).where(eq(userSession.tokenHash, tokenHash));
}

export async function deleteSession(db: Database, tokenHash: string): Promise<void> {
  await db.delete(userSession).where(eq(userSession.tokenHash, tokenHash));
}

