import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Role } from '../../auth/roles.js';
import type { Database } from '../../db/client.js';
import { audiencesReadableBy } from '../../domain/audience.js';
import { appUser, child, familyLink, message, messageRead, messageThread, team, timelineEntry } from '../../db/schema/index.js';
import type { IsoDate } from '../../domain/dates.js';

const owner = alias(appUser, 'owner');
const author = alias(appUser, 'author');
const onBehalfOf = alias(appUser, 'on_behalf_of');

/**
 * The SQL twin of `seesThread` (service.ts, after `seesEntry`): the person who started it, or an
 * audience the reader's role reads. Filtering here lets the Messages tab count and page in SQL, so
 * a thread the reader may not see never leaves the database.
 */
function threadVisibleTo(viewer: { userId: string; role: Role }): SQL {
  return sql`(${messageThread.startedBy} = ${viewer.userId} or ${inArray(messageThread.audience, audiencesReadableBy(viewer.role))})`;
}

/**
 * A page of a child's threads this reader may see, with the reader's unread count, newest activity
 * first (the id breaks ties), and how many there are.
 */
export async function findChildThreadsPage(db: Database, params: { laId: string; childId: string; viewer: { userId: string; role: Role }; window: { limit: number; offset: number } }) {
  const { userId } = params.viewer;
  const where = and(eq(messageThread.laId, params.laId), eq(messageThread.childId, params.childId), threadVisibleTo(params.viewer));
  const [rows, [totals]] = await Promise.all([
    db
      .select({
        id: messageThread.id,
        subject: messageThread.subject,
        audience: messageThread.audience,
        startedBy: messageThread.startedBy,
        startedAt: messageThread.startedAt,
        lastMessageAt: messageThread.lastMessageAt,
        ownerUserId: messageThread.ownerUserId,
        ownerName: owner.displayName,
        messageCount: sql<number>`(select count(*) from message m where m.thread_id = ${messageThread.id})::int`,
        unread: sql<number>`(select count(*) from message m
          where m.thread_id = ${messageThread.id} and m.author_user_id <> ${userId}
            and not exists (select 1 from message_read r where r.message_id = m.id and r.user_id = ${userId}))::int`,
        awaitingReply: sql<number>`(select count(*) from message m where m.thread_id = ${messageThread.id} and m.reply_due_on is not null and m.replied_at is null)::int`,
      })
      .from(messageThread)
      .leftJoin(owner, eq(owner.id, messageThread.ownerUserId))
      .where(where)
      .orderBy(desc(messageThread.lastMessageAt), asc(messageThread.id))
      .limit(params.window.limit)
      .offset(params.window.offset),
    db.select({ total: count() }).from(messageThread).where(where),
  ]);
  return { rows, total: totals?.total ?? 0 };
}

export type ThreadRow = Awaited<ReturnType<typeof findChildThreadsPage>>['rows'][number];

export async function findThread(db: Database, laId: string, childId: string, threadId: string) {
  const [row] = await db
    .select({
      id: messageThread.id,
      childId: messageThread.childId,
      subject: messageThread.subject,
      audience: messageThread.audience,
      startedBy: messageThread.startedBy,
      startedAt: messageThread.startedAt,
      lastMessageAt: messageThread.lastMessageAt,
      ownerUserId: messageThread.ownerUserId,
      ownerName: owner.displayName,
    })
    .from(messageThread)
    .leftJoin(owner, eq(owner.id, messageThread.ownerUserId))
    .where(and(eq(messageThread.laId, laId), eq(messageThread.childId, childId), eq(messageThread.id, threadId)))
    .limit(1);
  return row;
}

export type ThreadDetail = NonNullable<Awaited<ReturnType<typeof findThread>>>;

/** A thread's messages, oldest first, with who wrote them. */
export async function findThreadMessages(db: Database, laId: string, threadId: string) {
  return db
    .select({
      id: message.id,
      kind: message.kind,
      body: message.body,
      authorUserId: message.authorUserId,
      authorRole: message.authorRole,
      authorName: author.displayName,
      onBehalfOfUserId: message.onBehalfOfUserId,
      onBehalfOfName: onBehalfOf.displayName,
      sentAt: message.sentAt,
      replyDueOn: message.replyDueOn,
      repliedAt: message.repliedAt,
    })
    .from(message)
    .innerJoin(author, eq(author.id, message.authorUserId))
    .leftJoin(onBehalfOf, eq(onBehalfOf.id, message.onBehalfOfUserId))
    .where(and(eq(message.laId, laId), eq(message.threadId, threadId)))
    .orderBy(asc(message.sentAt), asc(message.id));
}

export type MessageRow = Awaited<ReturnType<typeof findThreadMessages>>[number];

/** Who has read each of these messages, and when. */
export async function findReads(db: Database, messageIds: string[]) {
  if (messageIds.length === 0) return [];
  return db
    .select({ messageId: messageRead.messageId, userId: messageRead.userId, name: appUser.displayName, readAt: messageRead.readAt })
    .from(messageRead)
    .innerJoin(appUser, eq(appUser.id, messageRead.userId))
    .where(inArray(messageRead.messageId, messageIds))
    .orderBy(asc(messageRead.readAt));
}

/** Records that the viewer has read these messages; a message read before keeps its first time. */
export async function markRead(db: Database, userId: string, messageIds: string[]): Promise<void> {
  if (messageIds.length === 0) return;
  await db
    .insert(messageRead)
    .values(messageIds.map((messageId) => ({ messageId, userId })))
    .onConflictDoNothing();
}

export async function findCaseworkerOf(db: Database, laId: string, childId: string): Promise<string | null> {
  const [row] = await db
    .select({ caseworkerId: child.caseworkerId, forename: child.forename })
    .from(child)
    .where(and(eq(child.laId, laId), eq(child.id, childId)));
  return row?.caseworkerId ?? null;
}

export async function insertThread(db: Database, row: typeof messageThread.$inferInsert): Promise<string> {
  const [inserted] = await db.insert(messageThread).values(row).returning({ id: messageThread.id });
  if (!inserted) throw new Error('The thread was not inserted');
  return inserted.id;
}

export async function insertMessage(db: Database, row: typeof message.$inferInsert): Promise<string> {
  const [inserted] = await db.insert(message).values(row).returning({ id: message.id });
  if (!inserted) throw new Error('The message was not inserted');
  return inserted.id;
}

export async function touchThread(db: Database, threadId: string, at: Date): Promise<void> {
  await db.update(messageThread).set({ lastMessageAt: at }).where(eq(messageThread.id, threadId));
}

/** Marks every message in the thread still owed a reply as answered by this LA reply. Returns how many. */
export async function markAnswered(db: Database, laId: string, threadId: string, at: Date, by: string): Promise<number> {
  const answered = await db
    .update(message)
    .set({ repliedAt: at, repliedBy: by })
    .where(and(eq(message.laId, laId), eq(message.threadId, threadId), isNotNull(message.replyDueOn), isNull(message.repliedAt), sql`${message.sentAt} <= ${at}`))
    .returning({ id: message.id });
  return answered.length;
}

export async function setThreadOwner(db: Database, laId: string, threadId: string, ownerUserId: string): Promise<void> {
  await db
    .update(messageThread)
    .set({ ownerUserId })
    .where(and(eq(messageThread.laId, laId), eq(messageThread.id, threadId)));
}

/** Family members with parental responsibility who have an account: who a family thread is for. */
export async function findFamilyAccounts(db: Database, laId: string, childId: string) {
  return db
    .select({ userId: appUser.id, name: appUser.displayName, relationship: familyLink.relationship, role: appUser.role })
    .from(familyLink)
    .innerJoin(appUser, and(eq(appUser.id, familyLink.userId), eq(appUser.disabled, false)))
    .where(and(eq(familyLink.laId, laId), eq(familyLink.childId, childId), eq(familyLink.hasParentalResponsibility, true)))
    .orderBy(asc(appUser.displayName));
}

/** A young person's own account, if they have one: they read family threads about themselves. */
export async function findYoungPersonAccounts(db: Database, laId: string, childId: string) {
  return db
    .select({ userId: appUser.id, name: appUser.displayName, role: appUser.role })
    .from(appUser)
    .where(and(eq(appUser.laId, laId), eq(appUser.childId, childId), eq(appUser.role, 'young_person'), eq(appUser.disabled, false)));
}

/** Everyone who has written in the thread (or been written for), with their role. */
export async function findParticipants(db: Database, laId: string, threadId: string) {
  return db
    .selectDistinct({ userId: appUser.id, role: appUser.role })
    .from(message)
    .innerJoin(appUser, or(eq(appUser.id, message.authorUserId), eq(appUser.id, message.onBehalfOfUserId)))
    .where(and(eq(message.laId, laId), eq(message.threadId, threadId)));
}

export async function findUser(db: Database, laId: string, userId: string) {
  const [row] = await db
    .select({ id: appUser.id, role: appUser.role, name: appUser.displayName, teamId: appUser.teamId })
    .from(appUser)
    .where(and(eq(appUser.laId, laId), eq(appUser.id, userId), eq(appUser.disabled, false)));
  return row;
}

/** LA officers who can own a thread: caseworkers and team managers. */
export async function findPossibleOwners(db: Database, laId: string) {
  return db
    .select({ id: appUser.id, name: appUser.displayName, role: appUser.role })
    .from(appUser)
    .where(and(eq(appUser.laId, laId), inArray(appUser.role, ['sen_caseworker', 'sen_team_manager']), eq(appUser.disabled, false)))
    .orderBy(asc(appUser.displayName));
}

/** The child's messages still owed a reply, oldest first, with their thread's audience. */
export async function findChildAwaiting(db: Database, laId: string, childId: string) {
  return db
    .select({
      id: message.id,
      sentAt: message.sentAt,
      replyDueOn: message.replyDueOn,
      audience: messageThread.audience,
      startedBy: messageThread.startedBy,
      authorName: author.displayName,
      authorRole: message.authorRole,
      onBehalfOfName: onBehalfOf.displayName,
      onBehalfOfRole: onBehalfOf.role,
      teamName: team.name,
    })
    .from(message)
    .innerJoin(messageThread, eq(messageThread.id, message.threadId))
    .innerJoin(author, eq(author.id, message.authorUserId))
    .leftJoin(onBehalfOf, eq(onBehalfOf.id, message.onBehalfOfUserId))
    .leftJoin(owner, eq(owner.id, messageThread.ownerUserId))
    .leftJoin(team, eq(team.id, owner.teamId))
    .where(and(eq(message.laId, laId), eq(message.childId, childId), isNotNull(message.replyDueOn), isNull(message.repliedAt)))
    .orderBy(asc(message.sentAt));
}

/** When the family last heard anything on the child's timeline (family-visible, unrestricted). */
export async function findLastFamilyUpdate(db: Database, laId: string, childId: string): Promise<Date | null> {
  const [row] = await db
    .select({ occurredAt: timelineEntry.occurredAt })
    .from(timelineEntry)
    .where(and(eq(timelineEntry.laId, laId), eq(timelineEntry.childId, childId), eq(timelineEntry.audience, 'family'), isNull(timelineEntry.restrictedToRoles)))
    .orderBy(desc(timelineEntry.occurredAt))
    .limit(1);
  return row?.occurredAt ?? null;
}

/**
 * Unanswered messages past their reply date that still have a step to take (not yet flagged, or
 * not yet escalated), with the thread's owner and their team. Reads the partial index of
 * messages awaiting a reply.
 */
export async function findOverdueCandidates(db: Database, laId: string, today: IsoDate) {
  return db
    .select({
      id: message.id,
      threadId: message.threadId,
      childId: message.childId,
      childForename: child.forename,
      childSurname: child.surname,
      replyDueOn: message.replyDueOn,
      overdueFlaggedAt: message.overdueFlaggedAt,
      escalatedAt: message.escalatedAt,
      ownerUserId: messageThread.ownerUserId,
      ownerTeamId: owner.teamId,
    })
    .from(message)
    .innerJoin(messageThread, eq(messageThread.id, message.threadId))
    .innerJoin(child, eq(child.id, message.childId))
    .leftJoin(owner, eq(owner.id, messageThread.ownerUserId))
    .where(and(eq(message.laId, laId), isNotNull(message.replyDueOn), isNull(message.repliedAt), lt(message.replyDueOn, today), or(isNull(message.overdueFlaggedAt), isNull(message.escalatedAt))))
    .orderBy(asc(message.replyDueOn), asc(message.id));
}

/** The LA's team managers, with their teams: who hears of a reply still missing after the flag. */
export async function findTeamManagers(db: Database, laId: string) {
  return db
    .select({ id: appUser.id, teamId: appUser.teamId })
    .from(appUser)
    .where(and(eq(appUser.laId, laId), eq(appUser.role, 'sen_team_manager'), eq(appUser.disabled, false)))
    .orderBy(asc(appUser.displayName), asc(appUser.id));
}

export async function markFlagged(db: Database, ids: string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(message)
    .set({ overdueFlaggedAt: at })
    .where(and(inArray(message.id, ids), isNull(message.overdueFlaggedAt)));
}

export async function markEscalated(db: Database, ids: string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(message)
    .set({ escalatedAt: at })
    .where(and(inArray(message.id, ids), isNull(message.escalatedAt)));
}

/**
 * Messages owed a reply for the promise dashboard: every one sent since `since`, and every one
 * still unanswered whenever it was sent. Reads the LA/sent-time index and the partial index of
 * unanswered messages.
 */
/** The LA's teams, by name: what the dashboard's team filter offers. */
export async function findTeams(db: Database, laId: string) {
  return db.select({ id: team.id, name: team.name }).from(team).where(eq(team.laId, laId)).orderBy(asc(team.name));
}

export async function findPromiseMessages(db: Database, laId: string, since: Date, teamId?: string) {
  return db
    .select({
      id: message.id,
      childId: message.childId,
      childForename: child.forename,
      childSurname: child.surname,
      threadId: message.threadId,
      subject: messageThread.subject,
      sentAt: message.sentAt,
      replyDueOn: message.replyDueOn,
      repliedAt: message.repliedAt,
      ownerUserId: messageThread.ownerUserId,
      ownerName: owner.displayName,
      teamId: owner.teamId,
      teamName: team.name,
    })
    .from(message)
    .innerJoin(messageThread, eq(messageThread.id, message.threadId))
    .innerJoin(child, eq(child.id, message.childId))
    .leftJoin(owner, eq(owner.id, messageThread.ownerUserId))
    .leftJoin(team, eq(team.id, owner.teamId))
    .where(and(eq(message.laId, laId), isNotNull(message.replyDueOn), or(sql`${message.sentAt} >= ${since}`, isNull(message.repliedAt)), teamId ? eq(owner.teamId, teamId) : undefined));
}

/**
 * A page of the LA's messages unanswered past their reply date, oldest first (the id breaks ties),
 * and how many there are: the same messages the promise tally counts as overdue now. Reads the
 * partial index of unanswered messages.
 */
export async function findUnansweredPastReplyDate(db: Database, laId: string, today: IsoDate, teamId: string | undefined, window: { limit: number; offset: number }) {
  const where = and(eq(message.laId, laId), isNotNull(message.replyDueOn), isNull(message.repliedAt), sql`${message.replyDueOn} < ${today}::date`, teamId ? eq(owner.teamId, teamId) : undefined);
  const [rows, [totals]] = await Promise.all([
    db
      .select({
        id: message.id,
        childId: message.childId,
        childForename: child.forename,
        childSurname: child.surname,
        threadId: message.threadId,
        subject: messageThread.subject,
        sentAt: message.sentAt,
        replyDueOn: message.replyDueOn,
        ownerName: owner.displayName,
      })
      .from(message)
      .innerJoin(messageThread, eq(messageThread.id, message.threadId))
      .innerJoin(child, eq(child.id, message.childId))
      .leftJoin(owner, eq(owner.id, messageThread.ownerUserId))
      .where(where)
      .orderBy(asc(message.sentAt), asc(message.id))
      .limit(window.limit)
      .offset(window.offset),
    db.select({ total: count() }).from(message).innerJoin(messageThread, eq(messageThread.id, message.threadId)).leftJoin(owner, eq(owner.id, messageThread.ownerUserId)).where(where),
  ]);
  return { rows, total: totals?.total ?? 0 };
}

/**
 * Children with a plan in force whose family has had no family-visible timeline entry since
 * `since`, longest silence first, with how many there are. Each child's last update is one
 * backwards probe of timeline_entry_child_time_idx (max() over the index), computed once per
 * child for both the page and the total (a count over the same materialised rows), instead of grouping
 * the LA's whole timeline. Materialised, so the probe runs once per child rather than once for
 * the filter and again for the sort. Measured on PostgreSQL with 26,000 plans and 528,000 timeline
 * entries: about 0.6 s on this (shared, two-core) machine.
 */
export async function findChildrenWithoutFamilyUpdate(db: Database, laId: string, since: Date, teamId: string | undefined, window: { limit: number; offset: number }) {
  const ofTeam = teamId ? sql`and exists (select 1 from app_user cw where cw.id = c.caseworker_id and cw.team_id = ${teamId}::uuid)` : sql``;
  // The count is taken from the same materialised rows, not a window count over the page, so a
  // page past the end still says how many there are.
  const result = await db.execute(sql`
    with last_update as materialized (
      select c.id, c.forename, c.surname, c.caseworker_id,
             (select max(te.occurred_at) from timeline_entry te
               where te.child_id = c.id and te.audience = 'family' and te.restricted_to_roles is null) as last_update
        from child c
        join ehc_plan p on p.child_id = c.id and p.status = 'active'
       where c.la_id = ${laId} ${ofTeam}
    ),
    silent as materialized (
      select * from last_update l where l.last_update is null or l.last_update < ${since.toISOString()}::timestamptz
    )
    select s.id, s.forename, s.surname, s.caseworker_name, s.last_update, t.total
      from (select count(*)::int as total from silent) t
      left join lateral (
        select l.id, l.forename, l.surname, u.display_name as caseworker_name, l.last_update
          from silent l
          left join app_user u on u.id = l.caseworker_id
         order by l.last_update asc nulls first, l.surname, l.id
         limit ${window.limit} offset ${window.offset}
      ) s on true`);
  const raw = (result as { rows: { id: string | null; forename: string; surname: string; caseworker_name: string | null; last_update: string | Date | null; total: number | string }[] }).rows;
  return {
    // Both drivers return the rows; the timestamp comes as a Date or as text depending on the driver.
    // An empty page is one row of nulls beside the count.
    rows: raw.flatMap((row) =>
      row.id === null
        ? []
        : [
            {
              id: row.id,
              forename: row.forename,
              surname: row.surname,
              caseworkerName: row.caseworker_name,
              lastUpdate: row.last_update === null ? null : new Date(row.last_update),
            },
          ],
    ),
    total: Number(raw[0]?.total ?? 0),
  };
}
