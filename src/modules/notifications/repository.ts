import { and, count, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { appUser, notification, notificationPreference } from '../../db/schema/index.js';
import type { OutboxState } from './schemas.js';

export type NotificationRow = Pick<typeof notification.$inferSelect, 'id' | 'kind' | 'subject' | 'body' | 'link' | 'createdAt' | 'readAt'>;

/** The badge's number: one count on (user_id, created_at), the index the list uses too. */
export async function countUnread(db: Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ unread: count() })
    .from(notification)
    .where(and(eq(notification.userId, userId), eq(notification.channel, 'in_app'), isNull(notification.readAt)));
  return row?.unread ?? 0;
}

/** A person's own notifications in the app, newest first: the user id is the whole of the scope. */
export async function findNotificationsPage(db: Database, userId: string, window: { limit: number; offset: number }): Promise<{ rows: NotificationRow[]; total: number }> {
  const mine = and(eq(notification.userId, userId), eq(notification.channel, 'in_app'));
  const [rows, [totals]] = await Promise.all([
    db
      .select({
        id: notification.id,
        kind: notification.kind,
        subject: notification.subject,
        body: notification.body,
        link: notification.link,
        createdAt: notification.createdAt,
        readAt: notification.readAt,
      })
      .from(notification)
      .where(mine)
      .orderBy(desc(notification.createdAt), desc(notification.id))
      .limit(window.limit)
      .offset(window.offset),
    db.select({ total: count() }).from(notification).where(mine),
  ]);
  return { rows, total: totals?.total ?? 0 };
}

/** Marks one of the person's notifications read and returns where it leads; null when it is not theirs. */
export async function markRead(db: Database, userId: string, id: string): Promise<{ link: string | null } | null> {
  const [row] = await db
    .update(notification)
    // The first time it was read stays: following it again is not news.
    .set({ readAt: sql`coalesce(${notification.readAt}, now())` })
    .where(and(eq(notification.id, id), eq(notification.userId, userId), eq(notification.channel, 'in_app')))
    .returning({ link: notification.link });
  return row ?? null;
}

export interface Preference {
  email: boolean;
  frequency: 'immediate' | 'daily_digest';
}

/** No row means the defaults: email, at once. */
export async function findPreference(db: Database, userId: string): Promise<Preference> {
  const [row] = await db.select().from(notificationPreference).where(eq(notificationPreference.userId, userId));
  return { email: row?.email ?? true, frequency: row?.frequency === 'daily_digest' ? 'daily_digest' : 'immediate' };
}

export async function savePreference(db: Database, userId: string, preference: Preference): Promise<void> {
  await db
    .insert(notificationPreference)
    .values({ userId, ...preference })
    .onConflictDoUpdate({ target: notificationPreference.userId, set: { ...preference, updatedAt: new Date() } });
}

export interface OutboxRow {
  id: string;
  recipient: string;
  kind: string;
  subject: string;
  state: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  nextAttemptAt: Date;
  providerReference: string | null;
}

function outboxStateIs(state: OutboxState | undefined) {
  switch (state) {
    case undefined:
      return undefined;
    case 'waiting':
      return and(eq(notification.state, 'pending'), eq(notification.attempts, 0));
    case 'retrying':
      return and(eq(notification.state, 'pending'), gt(notification.attempts, 0));
    default:
      return eq(notification.state, state);
  }
}

/** The LA's recent email, newest first, for the admin outbox: who, what about and how it went; never the body. */
export async function findOutboxPage(db: Database, laId: string, state: OutboxState | undefined, window: { limit: number; offset: number }): Promise<{ rows: OutboxRow[]; total: number }> {
  const emails = and(eq(notification.laId, laId), eq(notification.channel, 'email'), outboxStateIs(state));
  const [rows, [totals]] = await Promise.all([
    db
      .select({
        id: notification.id,
        recipient: appUser.displayName,
        kind: notification.kind,
        subject: notification.subject,
        state: notification.state,
        attempts: notification.attempts,
        lastError: notification.lastError,
        createdAt: notification.createdAt,
        sentAt: notification.sentAt,
        nextAttemptAt: notification.nextAttemptAt,
        providerReference: notification.providerReference,
      })
      .from(notification)
      .innerJoin(appUser, eq(appUser.id, notification.userId))
      .where(emails)
      .orderBy(desc(notification.createdAt), desc(notification.id))
      .limit(window.limit)
      .offset(window.offset),
    db.select({ total: count() }).from(notification).where(emails),
  ]);
  return { rows, total: totals?.total ?? 0 };
}
