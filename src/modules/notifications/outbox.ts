import { inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { notificationPreference } from '../../db/schema/index.js';

/**
 * What a notification says. It tells the person what happened and what to do, with a link, and
 * carries no more personal data than they need to act: "A review meeting for your child is on
 * 3 March; please add your views by 17 February", never a diagnosis or a message's text.
 */
export interface NewNotification {
  laId: string;
  userId: string;
  /** What caused it: message_received, reply_overdue, reply_overdue_escalated, task_assigned… */
  kind: string;
  subject: string;
  body: string;
  /** A path in the app the person can follow, e.g. /children/…/messages/…. */
  link: string | null;
}

/**
 * Queues notifications in the outbox, in the caller's transaction (so a message and the news of it
 * commit together). Each person gets one in the app, and one by email unless they turned email off;
 * email for someone on the daily digest waits for the digest. Sending is the outbox sender's job.
 */
export async function queueNotifications(db: Database, notifications: NewNotification[]): Promise<void> {
  if (notifications.length === 0) return;
  const userIds = [...new Set(notifications.map((n) => n.userId))];
  const preferences = new Map((await db.select().from(notificationPreference).where(inArray(notificationPreference.userId, userIds))).map((row) => [row.userId, row]));
  const rows = notifications.flatMap((n) => {
    const preference = preferences.get(n.userId);
    const base = { la_id: n.laId, user_id: n.userId, kind: n.kind, subject: n.subject, body: n.body, link: n.link };
    const inApp = { ...base, channel: 'in_app', state: 'sent' };
    if (preference && !preference.email) return [inApp];
    return [inApp, { ...base, channel: 'email', state: preference?.frequency === 'daily_digest' ? 'held_for_digest' : 'pending' }];
  });
  await db.execute(sql`
    insert into notification (la_id, user_id, channel, kind, subject, body, link, state)
    select la_id, user_id, channel, kind, subject, body, link, state
      from json_to_recordset(${JSON.stringify(rows)}::json)
        as r(la_id uuid, user_id uuid, channel text, kind text, subject text, body text, link text, state text)`);
}
