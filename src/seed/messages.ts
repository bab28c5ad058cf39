import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { appUser, child, familyLink } from '../db/schema/index.js';
import { replyDueOn } from '../domain/communication.js';
import { addDays, type IsoDate } from '../domain/dates.js';
import { addWorkingDays } from '../domain/working-days.js';
import { loadSchoolCalendar } from '../modules/calendar/repository.js';
import { addTimelineEntries, type NewTimelineEntry } from '../modules/timeline/repository.js';
import { Prng, seedFromText } from './prng.js';

const CHUNK = 5000;

const SUBJECTS = [
  'Transport to school',
  'Speech and language sessions',
  'Annual review date',
  'Change of school',
  'Missing OT sessions',
  'Support at lunchtimes',
  'Part-time timetable',
  'Draft plan comments',
  'Respite and short breaks',
  'Exam access arrangements',
];
const FAMILY_BODIES = [
  'Could you tell me when the sessions in the plan will start again? Nobody has been in touch since half term.',
  'The taxi did not arrive this morning and the school has not heard anything either. What should we do tomorrow?',
  'We would like to add our comments to the draft plan before it is finalised. Is there still time?',
  'Our child is finding lunchtimes very hard. The plan says there should be an adult with them. Is that happening?',
  'Please can you confirm the date of the annual review and who will be there?',
];
const LA_REPLIES = [
  'Thank you for your message. I have spoken to the school and will let you know what they say by Friday.',
  'I have checked with the service: the sessions restart next week. I will keep an eye on it.',
  'Thank you. Yes, there is still time: please send your comments this week and I will add them to the file.',
  'The review is booked for the date in your invitation. The SENCO, the therapist and I will attend.',
];
const FOLLOW_UPS = ['Thank you, that helps.', 'Thanks. It still has not happened: can you chase it again?', 'We will wait to hear from you.'];
const PROFESSIONAL_NOTES = ['Notes for the team around the child before the review.', 'Sharing the latest from the school ahead of the panel.'];

interface Person {
  userId: string;
  name: string;
}

interface SeedChild {
  id: string;
  caseworkerId: string | null;
  parent: Person | null;
  linkId: string | null;
  linkName: string | null;
  /** The family already signs in (the demo parent): their child shows every outcome. */
  demoFamily: boolean;
}

/** A time of day in England (roughly: UTC, an hour out in summer is fine for demo data). */
function at(day: IsoDate, hour: number, minute: number): Date {
  return new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);
}

async function insertJson(db: Database, table: string, columns: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    const json = JSON.stringify(rows.slice(start, start + CHUNK));
    await db.execute(sql`insert into ${sql.identifier(table)} (${sql.raw(columns)}) select ${sql.raw(columns)} from json_populate_recordset(null::${sql.identifier(table)}, ${json}::json)`);
  }
}

/**
 * Conversations on about a tenth of children's records, and always the demo parent's child: most
 * answered within the promise, some late, some still waiting past the reply date, so the
 * promise dashboard, the overdue check and the child's Messages tab have something true to show.
 * Families in the conversations get an account (a family member with parental responsibility,
 * signing in with the demo password). Written straight to the tables in bulk; its own PRNG stream
 * leaves every other record of a seed unchanged.
 */
export async function seedDemoMessages(db: Database, options: { laId: string; seed: string; today: IsoDate; emailDomain: string; now?: Date }): Promise<number> {
  const { laId, today } = options;
  const now = options.now ?? new Date();
  const prng = new Prng(seedFromText(`${options.seed}:messages`));
  const { bankHolidays } = await loadSchoolCalendar(db, laId);
  const [template] = await db
    .select({ passwordHash: appUser.passwordHash })
    .from(appUser)
    .where(and(eq(appUser.laId, laId), eq(appUser.role, 'parent')))
    .limit(1);
  const children = await db.select({ id: child.id, caseworkerId: child.caseworkerId }).from(child).where(eq(child.laId, laId)).orderBy(asc(child.id));
  const links = await db
    .select({ id: familyLink.id, childId: familyLink.childId, name: familyLink.name, userId: familyLink.userId, userName: appUser.displayName })
    .from(familyLink)
    .leftJoin(appUser, eq(appUser.id, familyLink.userId))
    .where(and(eq(familyLink.laId, laId), eq(familyLink.hasParentalResponsibility, true)))
    .orderBy(asc(familyLink.childId), sql`${familyLink.userId} is null`, asc(familyLink.name));
  const firstLink = new Map<string, (typeof links)[number]>();
  for (const link of links) if (!firstLink.has(link.childId)) firstLink.set(link.childId, link);

  const chosen: SeedChild[] = [];
  for (const row of children) {
    const link = firstLink.get(row.id);
    const hasAccount = Boolean(link?.userId);
    // Every child whose family already signs in (the demo parent's), and about one in ten others.
    if (!hasAccount && !(prng.chance(0.1) && link)) continue;
    chosen.push({
      id: row.id,
      caseworkerId: row.caseworkerId,
      parent: link?.userId ? { userId: link.userId, name: link.userName ?? link.name } : null,
      linkId: link?.id ?? null,
      linkName: link?.name ?? null,
      demoFamily: hasAccount,
    });
  }

  const newUsers: Record<string, unknown>[] = [];
  const linkUpdates: { id: string; user_id: string }[] = [];
  const threads: Record<string, unknown>[] = [];
  const messages: Record<string, unknown>[] = [];
  const reads: Record<string, unknown>[] = [];
  const timeline: NewTimelineEntry[] = [];

  for (const [index, seedChild] of chosen.entries()) {
    if (!seedChild.parent && seedChild.linkId && seedChild.linkName && template) {
      const userId = prng.uuid();
      newUsers.push({ id: userId, la_id: laId, email: `family.${String(index + 1)}@${options.emailDomain}`, display_name: seedChild.linkName, role: 'parent', password_hash: template.passwordHash });
      linkUpdates.push({ id: seedChild.linkId, user_id: userId });
      seedChild.parent = { userId, name: seedChild.linkName };
    }
    const parent = seedChild.parent;
    const ownerId = seedChild.caseworkerId;
    if (!parent || !ownerId) continue;
    const { demoFamily } = seedChild;
    // The demo parent's child always shows each outcome: on time, late, and waiting past the date.
    const outcomes = demoFamily ? (['on_time', 'late', 'unanswered'] as const) : Array.from({ length: prng.int(1, 2) }, () => prng.weighted({ on_time: 65, late: 20, unanswered: 15 }));
    for (const [threadIndex, outcome] of outcomes.entries()) {
      const threadId = prng.uuid();
      const subject = SUBJECTS[(index + threadIndex) % SUBJECTS.length] ?? 'Question';
      const daysAgo = outcome === 'unanswered' && demoFamily ? 9 : prng.int(2, 80);
      const sentDay = addDays(today, -daysAgo);
      const sentAt = at(sentDay, prng.int(7, 19), prng.int(0, 59));
      const due = replyDueOn(sentAt, 3, bankHolidays);
      const inboundId = prng.uuid();
      let repliedAt: Date | null = null;
      if (outcome !== 'unanswered') {
        const lag = outcome === 'on_time' ? prng.int(0, 3) : prng.int(4, 9);
        const replyDay = addWorkingDays(sentDay, lag, bankHolidays);
        const candidate = lag === 0 ? new Date(sentAt.getTime() + prng.int(1, 4) * 3_600_000) : at(replyDay, prng.int(8, 17), prng.int(0, 59));
        repliedAt = candidate < now ? candidate : null;
      }
      messages.push({
        id: inboundId,
        la_id: laId,
        thread_id: threadId,
        child_id: seedChild.id,
        kind: 'message',
        body: prng.pick(FAMILY_BODIES),
        author_user_id: parent.userId,
        author_role: 'parent',
        sent_at: sentAt.toISOString(),
        reply_due_on: due,
        replied_at: repliedAt?.toISOString() ?? null,
        replied_by: repliedAt ? ownerId : null,
      });
      timeline.push({
        laId,
        childId: seedChild.id,
        occurredAt: sentAt,
        kind: 'message',
        title: `Message: ${subject}`,
        audience: 'family',
        authorUserId: parent.userId,
        authorRole: 'parent',
        sourceType: 'message_thread',
        sourceId: threadId,
      });
      let last = sentAt;
      if (repliedAt) {
        const replyId = prng.uuid();
        messages.push({
          id: replyId,
          la_id: laId,
          thread_id: threadId,
          child_id: seedChild.id,
          kind: 'message',
          body: prng.pick(LA_REPLIES),
          author_user_id: ownerId,
          author_role: 'sen_caseworker',
          sent_at: repliedAt.toISOString(),
        });
        timeline.push({
          laId,
          childId: seedChild.id,
          occurredAt: repliedAt,
          kind: 'message',
          title: `Message: ${subject}`,
          audience: 'family',
          authorUserId: ownerId,
          authorRole: 'sen_caseworker',
          sourceType: 'message_thread',
          sourceId: threadId,
        });
        reads.push({ message_id: inboundId, user_id: ownerId, read_at: repliedAt.toISOString() });
        last = repliedAt;
        if (prng.chance(0.6)) {
          const readAt = new Date(repliedAt.getTime() + prng.int(1, 20) * 3_600_000);
          if (readAt < now) reads.push({ message_id: replyId, user_id: parent.userId, read_at: readAt.toISOString() });
        }
        // Sometimes the family writes back, and that waits for its own reply.
        const followUpAt = new Date(repliedAt.getTime() + prng.int(1, 3) * 86_400_000);
        if (prng.chance(0.25) && followUpAt < now) {
          messages.push({
            id: prng.uuid(),
            la_id: laId,
            thread_id: threadId,
            child_id: seedChild.id,
            kind: 'message',
            body: prng.pick(FOLLOW_UPS),
            author_user_id: parent.userId,
            author_role: 'parent',
            sent_at: followUpAt.toISOString(),
            reply_due_on: replyDueOn(followUpAt, 3, bankHolidays),
          });
          timeline.push({
            laId,
            childId: seedChild.id,
            occurredAt: followUpAt,
            kind: 'message',
            title: `Message: ${subject}`,
            audience: 'family',
            authorUserId: parent.userId,
            authorRole: 'parent',
            sourceType: 'message_thread',
            sourceId: threadId,
          });
          last = followUpAt;
        }
      }
      threads.push({
        id: threadId,
        la_id: laId,
        child_id: seedChild.id,
        subject,
        audience: 'family',
        owner_user_id: ownerId,
        started_by: parent.userId,
        started_at: sentAt.toISOString(),
        last_message_at: last.toISOString(),
      });
    }
    // Now and then the caseworker briefs the professionals: the family does not see it, and no reply is owed.
    if (prng.chance(0.2)) {
      const threadId = prng.uuid();
      const sentAt = at(addDays(today, -prng.int(1, 60)), prng.int(8, 17), prng.int(0, 59));
      const subject = 'Team around the child';
      threads.push({
        id: threadId,
        la_id: laId,
        child_id: seedChild.id,
        subject,
        audience: 'professionals',
        owner_user_id: ownerId,
        started_by: ownerId,
        started_at: sentAt.toISOString(),
        last_message_at: sentAt.toISOString(),
      });
      messages.push({
        id: prng.uuid(),
        la_id: laId,
        thread_id: threadId,
        child_id: seedChild.id,
        kind: 'message',
        body: prng.pick(PROFESSIONAL_NOTES),
        author_user_id: ownerId,
        author_role: 'sen_caseworker',
        sent_at: sentAt.toISOString(),
      });
      timeline.push({
        laId,
        childId: seedChild.id,
        occurredAt: sentAt,
        kind: 'message',
        title: `Message: ${subject}`,
        audience: 'professionals',
        authorUserId: ownerId,
        authorRole: 'sen_caseworker',
        sourceType: 'message_thread',
        sourceId: threadId,
      });
    }
  }

  await db.transaction(async (tx) => {
    await insertJson(tx, 'app_user', 'id, la_id, email, display_name, role, password_hash', newUsers);
    for (let start = 0; start < linkUpdates.length; start += CHUNK) {
      const json = JSON.stringify(linkUpdates.slice(start, start + CHUNK));
      await tx.execute(sql`update family_link f set user_id = v.user_id from json_to_recordset(${json}::json) as v(id uuid, user_id uuid) where f.id = v.id`);
    }
    await insertJson(tx, 'message_thread', 'id, la_id, child_id, subject, audience, owner_user_id, started_by, started_at, last_message_at', threads);
    await insertJson(tx, 'message', 'id, la_id, thread_id, child_id, kind, body, author_user_id, author_role, sent_at, reply_due_on, replied_at, replied_by', messages);
    await insertJson(tx, 'message_read', 'message_id, user_id, read_at', reads);
    await addTimelineEntries(tx, timeline);
  });
  return messages.length;
}
