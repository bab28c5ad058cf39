import { and, eq, inArray, sql } from 'drizzle-orm';
import { paths } from '../../http/paths.js';
import type { Database } from '../../db/client.js';
import { appUser, jobRun, notification } from '../../db/schema/index.js';
import type { IsoDate } from '../../domain/dates.js';
import { afterFailedAttempt } from '../../domain/notification-retry.js';
import { NotifierError, type Notifier } from '../../integrations/notify/notifier.js';

/** Emails claimed per pass: a pass that finds more leaves the rest to the next tick. */
const SEND_BATCH = 50;

/**
 * A claimed email is not due again for this long. Should the process die between claiming and
 * recording the outcome, the email comes due again after the lease and another process sends it
 * (the person may then get it twice, which beats never).
 */
const CLAIM_LEASE_MINUTES = 5;

export interface SendSummary {
  sent: number;
  retrying: number;
  failed: number;
}

export interface SendOptions {
  /** Where the app is reached from outside, e.g. https://send.example.gov.uk: emails carry absolute links. */
  linkBase: string;
}

interface ClaimedEmail {
  id: string;
  userId: string;
  subject: string;
  body: string;
  link: string | null;
  attempts: number;
}

/** The body of an email: the notification's words, then where to act on them. */
export function emailBody(body: string, link: string | null, linkBase: string): string {
  return link ? `${body}\n\n${linkBase}${link}` : body;
}

/**
 * Claims due email by moving its next attempt a lease ahead. `for update skip locked` lets two
 * app processes (or two ticks) claim at once without taking the same row: each skips the rows the
 * other's statement has locked. On PGlite there is one connection, so the clause is simply true.
 */
async function claimDueEmails(db: Database, now: Date): Promise<ClaimedEmail[]> {
  const at = now.toISOString();
  return db
    .update(notification)
    .set({ nextAttemptAt: sql`${at}::timestamptz + make_interval(mins => ${CLAIM_LEASE_MINUTES})` })
    .where(
      sql`${notification.id} in (
        select id from notification
         where state = 'pending' and channel = 'email' and next_attempt_at <= ${at}::timestamptz
         order by next_attempt_at
         limit ${SEND_BATCH}
         for update skip locked)`,
    )
    .returning({ id: notification.id, userId: notification.userId, subject: notification.subject, body: notification.body, link: notification.link, attempts: notification.attempts });
}

/**
 * Sends the email that is due: each claimed row goes to the Notifier once, and its outcome is
 * recorded on the row (sent with the provider's reference, or a retry time with the error, or
 * failed). Returns how many of each.
 */
export async function sendDueNotifications(db: Database, notifier: Notifier, now: Date, options: SendOptions): Promise<SendSummary> {
  const summary: SendSummary = { sent: 0, retrying: 0, failed: 0 };
  const claimed = await claimDueEmails(db, now);
  if (claimed.length === 0) return summary;
  const users = new Map(
    (
      await db
        .select({ id: appUser.id, email: appUser.email, disabled: appUser.disabled })
        .from(appUser)
        .where(
          inArray(
            appUser.id,
            claimed.map((row) => row.userId),
          ),
        )
    ).map((user) => [user.id, user]),
  );
  for (const row of claimed) {
    const attempts = row.attempts + 1;
    const user = users.get(row.userId);
    try {
      if (!user || user.disabled) throw new NotifierError('The account is disabled: email not sent', false);
      const { providerReference } = await notifier.send({ to: user.email, subject: row.subject, body: emailBody(row.body, row.link, options.linkBase), reference: row.id });
      await db.update(notification).set({ state: 'sent', sentAt: now, providerReference, attempts, lastError: null }).where(eq(notification.id, row.id));
      summary.sent += 1;
    } catch (error) {
      // Anything but a NotifierError is our own fault (a bug, a dropped connection): worth a retry.
      const retryable = error instanceof NotifierError ? error.retryable : true;
      const message = error instanceof Error ? error.message : String(error);
      const next = afterFailedAttempt(attempts, retryable);
      await db
        .update(notification)
        .set({
          state: next.state,
          attempts,
          lastError: message.slice(0, 500),
          ...(next.state === 'pending' ? { nextAttemptAt: new Date(now.getTime() + next.retryInMinutes * 60_000) } : {}),
        })
        .where(eq(notification.id, row.id));
      if (next.state === 'failed') summary.failed += 1;
      else summary.retrying += 1;
    }
  }
  return summary;
}

/** job_run's job name for one person's digest: the primary key then allows one per person per day. */
export function digestJob(userId: string): string {
  return `notification-digest:${userId}`;
}

/** The most a digest lists; the rest are counted, and all are in the app. */
const DIGEST_LISTED = 20;

export function digestText(items: { subject: string; link: string | null }[], linkBase: string): { subject: string; body: string } {
  const count = items.length;
  const listed = items.slice(0, DIGEST_LISTED).map((item) => `* ${item.subject}${item.link ? ` – ${linkBase}${item.link}` : ''}`);
  const more = count > DIGEST_LISTED ? [`* and ${String(count - DIGEST_LISTED)} more`] : [];
  return {
    subject: count === 1 ? 'Your daily summary: 1 new notification' : `Your daily summary: ${String(count)} new notifications`,
    body: [`You have ${String(count)} new ${count === 1 ? 'notification' : 'notifications'} since your last summary:`, '', ...listed, ...more, '', `See them all: ${linkBase}/notifications`].join(
      '\n',
    ),
  };
}

/**
 * The daily digest. For each person on the digest with email waiting, one transaction claims
 * today's digest for them in job_run (its primary key makes that once per person per day across
 * processes and reruns), writes one digest email listing what waited, and marks the waiting rows
 * sent with the digest's id as their reference, so the outbox shows which digest carried each.
 * The digest itself is an ordinary pending email, sent at once here and retried like any other.
 * Returns how many digests were written.
 */
export async function sendDigests(db: Database, notifier: Notifier, today: IsoDate, now: Date, options: SendOptions): Promise<number> {
  const waiting = await db
    .selectDistinct({ userId: notification.userId, laId: notification.laId })
    .from(notification)
    .where(and(eq(notification.channel, 'email'), eq(notification.state, 'held_for_digest')));
  let written = 0;
  for (const { userId, laId } of waiting) {
    const wrote = await db.transaction(async (tx) => {
      const claimed = await tx
        .insert(jobRun)
        .values({ job: digestJob(userId), laId, runOn: today })
        .onConflictDoNothing()
        .returning({ job: jobRun.job });
      if (claimed.length === 0) return false;
      const held = await tx
        .select({ id: notification.id, subject: notification.subject, link: notification.link })
        .from(notification)
        .where(and(eq(notification.userId, userId), eq(notification.channel, 'email'), eq(notification.state, 'held_for_digest')))
        .orderBy(notification.createdAt)
        .for('update');
      if (held.length === 0) return false;
      const text = digestText(held, options.linkBase);
      const [digest] = await tx
        .insert(notification)
        .values({ laId, userId, channel: 'email', kind: 'digest', subject: text.subject, body: text.body, link: paths.notifications.list(), state: 'pending', nextAttemptAt: now })
        .returning({ id: notification.id });
      if (!digest) throw new Error('The digest row was not written');
      await tx
        .update(notification)
        .set({ state: 'sent', sentAt: now, providerReference: `digest:${digest.id}` })
        .where(
          inArray(
            notification.id,
            held.map((row) => row.id),
          ),
        );
      await tx
        .update(jobRun)
        .set({ finishedAt: sql`now()`, summary: { notifications: held.length, digestId: digest.id } })
        .where(and(eq(jobRun.job, digestJob(userId)), eq(jobRun.laId, laId), eq(jobRun.runOn, today)));
      return true;
    });
    if (wrote) written += 1;
  }
  if (written > 0) await sendDueNotifications(db, notifier, now, options);
  return written;
}
