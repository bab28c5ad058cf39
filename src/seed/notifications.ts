import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { appUser, familyLink } from '../db/schema/index.js';
import { addDays, type IsoDate } from '../domain/dates.js';
import { reviewInvitation } from '../domain/notification-texts.js';
import { queueNotifications } from '../modules/notifications/outbox.js';

/**
 * Demo notifications: the demo parent has an unread review invitation, so the badge, the list and
 * the outbox have something to show on first sign-in. It goes through queueNotifications like any
 * other; the outbox sender "sends" its email on the first tick (to the outbox only, by default).
 * No randomness, so no PRNG stream: the dates follow from today.
 */
export async function seedDemoNotifications(db: Database, options: { laId: string; today: IsoDate; parentEmail: string | undefined }): Promise<void> {
  if (!options.parentEmail) return;
  const [parent] = await db
    .select({ userId: appUser.id, childId: familyLink.childId })
    .from(appUser)
    .innerJoin(familyLink, eq(familyLink.userId, appUser.id))
    .where(and(eq(appUser.laId, options.laId), eq(appUser.email, options.parentEmail)))
    .orderBy(asc(familyLink.childId))
    .limit(1);
  if (!parent) return;
  await queueNotifications(db, [
    { laId: options.laId, userId: parent.userId, ...reviewInvitation({ childId: parent.childId, meetingOn: addDays(options.today, 28), viewsBy: addDays(options.today, 14) }) },
  ]);
}
