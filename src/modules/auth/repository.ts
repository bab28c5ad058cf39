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

/**
 * Recorded before the password is checked, so attempts sent all at once count against each other;
 * forgotten again if the attempt succeeds. Returns the row's id.
 */
export async function recordSignInAttempt(db: Database, params: { email: string; ipAddress: string }): Promise<string> {
  const [row] = await db.insert(signInAttempt).values({ ipAddress: params.ipAddress, email: params.email.toLowerCase() }).returning({ id: signInAttempt.id });
  if (!row) throw new Error('The sign-in attempt was not recorded');
  return row.id;
}

export async function forgetSignInAttempt(db: Database, id: string): Promise<void> {
  await db.delete(signInAttempt).where(eq(signInAttempt.id, id));
}

/**
 * Counts this attempt against the account before its password is checked, one attempt at a time
 * per account (the row is locked), so a burst of simultaneous guesses cannot all be checked
 * before the lock lands. Answers whether the account was already locked.
 */
export async function countAttemptAgainstAccount(db: Database, params: { userId: string; now: Date; lockAfter: number; lockMinutes: number }): Promise<{ alreadyLocked: boolean }> {
  return db.transaction(async (tx) => {
    const [account] = await tx.select({ failedSignIns: appUser.failedSignIns, lockedUntil: appUser.lockedUntil }).from(appUser).where(eq(appUser.id, params.userId)).for('update');
    if (!account) return { alreadyLocked: false };
    const alreadyLocked = account.lockedUntil !== null && account.lockedUntil > params.now;
    const failuresInARow = account.failedSignIns + 1;
    const lockedUntil = !alreadyLocked && failuresInARow >= params.lockAfter ? new Date(params.now.getTime() + params.lockMinutes * 60_000) : account.lockedUntil;
    await tx.update(appUser).set({ failedSignIns: failuresInARow, lockedUntil }).where(eq(appUser.id, params.userId));
    return { alreadyLocked };
  });
}

export async function countRecentFailuresFromIp(db: Database, ipAddress: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ failures: sql<number>`count(*)::int` })
    .from(signInAttempt)
    .where(and(eq(signInAttempt.ipAddress, ipAddress), gt(signInAttempt.attemptedAt, since)));
  return row?.failures ?? 0;
}

export async function recordSuccessfulSignIn(db: Database, userId: string): Promise<void> {
  await db.update(appUser).set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: new Date() }).where(eq(appUser.id, userId));
}

export async function insertSession(db: Database, session: { tokenHash: string; userId: string; laId: string; expiresAt: Date }): Promise<void> {
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
