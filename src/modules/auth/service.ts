import type { Database } from '../../db/client.js';
import { decoyPasswordHash, verifyPassword } from '../../auth/passwords.js';
import { isRole, type Role } from '../../auth/roles.js';
import type { AuditDeclaration } from '../../http/actor.js';
import { insertAuditEvent, recordAuditEntry } from '../audit/repository.js';
import * as repository from './repository.js';

/** After this many failures in a row an account is locked for ACCOUNT_LOCK_MINUTES. */
const MAX_FAILED_SIGN_INS = 5;
const ACCOUNT_LOCK_MINUTES = 15;
/** Failures from one IP address within IP_WINDOW_MINUTES before that address is refused. */
export const MAX_FAILURES_PER_IP = 20;
const IP_WINDOW_MINUTES = 15;

export type SignInResult = { outcome: 'signed-in'; userId: string; laId: string; role: Role } | { outcome: 'invalid' } | { outcome: 'throttled' };

export async function signIn(db: Database, attempt: { email: string; password: string; ipAddress: string; requestId: string; audit: AuditDeclaration; now?: Date }): Promise<SignInResult> {
  const now = attempt.now ?? new Date();
  // Counted as a failure from the start, so simultaneous attempts see each other.
  const attemptId = await repository.recordSignInAttempt(db, { email: attempt.email, ipAddress: attempt.ipAddress });
  const ipFailures = await repository.countRecentFailuresFromIp(db, attempt.ipAddress, new Date(now.getTime() - IP_WINDOW_MINUTES * 60_000));
  if (ipFailures > MAX_FAILURES_PER_IP) return { outcome: 'throttled' };

  const user = await repository.findUserByEmail(db, attempt.email);
  // Per account, whatever address the attempts come from.
  const { alreadyLocked: locked } = user
    ? await repository.countAttemptAgainstAccount(db, { userId: user.id, now, lockAfter: MAX_FAILED_SIGN_INS, lockMinutes: ACCOUNT_LOCK_MINUTES })
    : { alreadyLocked: false };
  // Hash work is done whether or not the account exists, so timing does not reveal which emails are registered.
  const passwordMatches = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), attempt.password);

  if (!user || !passwordMatches || locked || user.disabled || !isRole(user.role)) {
    await insertAuditEvent(db, {
      laId: user?.laId ?? null,
      actorUserId: user?.id ?? null,
      actorRole: null,
      action: 'SIGN_IN_FAILED',
      subjectType: 'user',
      subjectId: user?.id ?? 'unknown',
      requestId: attempt.requestId,
      change: { reason: locked ? 'locked' : 'invalid-credentials' },
    });
    // A locked account answers exactly like a wrong password, so the answer never tells an
    // attacker which emails are registered; the sign-in page's message explains the lock.
    return { outcome: 'invalid' };
  }

  await repository.forgetSignInAttempt(db, attemptId);
  await db.transaction(async (tx) => {
    await repository.recordSuccessfulSignIn(tx, user.id);
    await recordAuditEntry(tx, attempt.audit, {
      laId: user.laId,
      actorUserId: user.id,
      actorRole: user.role,
      action: 'SIGN_IN',
      subjectType: 'user',
      subjectId: user.id,
      requestId: attempt.requestId,
    });
  });
  return { outcome: 'signed-in', userId: user.id, laId: user.laId, role: user.role };
}
