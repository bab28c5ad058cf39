import { isUuid } from '../../auth/child-access.js';
import { childScopeOf, type Principal } from '../../auth/child-scope.js';
import { hasPermission } from '../../auth/permissions.js';
import { isFamilyRole, isLaStaff, isRole, ROLE_LABELS, type Role } from '../../auth/roles.js';
import type { Database } from '../../db/client.js';
import { audiencesWritableBy, seesEntry, type Audience } from '../../domain/audience.js';
import { answersThread, MESSAGE_KINDS, median, overdueActions, owesReply, replyDueOn, tallyPromise, waitingForReply, workingDaysWaiting, type MessageKind } from '../../domain/communication.js';
import { addDays, daysBetween, type IsoDate } from '../../domain/dates.js';
import { formatDate, todayInLondon } from '../../domain/formatting.js';
import type { Actor } from '../../http/actor.js';
import { NotFoundError, ValidationError } from '../../http/errors.js';
import { pageCountOf, pageWindow, readPage } from '../../http/pagination.js';
import { recordAudit } from '../audit/repository.js';
import { loadSchoolCalendar } from '../calendar/repository.js';
import { findChildSummary, type ChildSummary } from '../children/repository.js';
import { openChildRecord } from '../children/service.js';
import { queueNotifications, type NewNotification } from '../notifications/outbox.js';
import { loadLaPolicy } from '../policy/repository.js';
import { addTimelineEntries } from '../timeline/repository.js';
import * as repository from './repository.js';
import type { NewThreadInput, ReplyInput } from './schemas.js';
import { messagePosted, replyOverdueEscalated, replyOverdueToOwner } from '../../domain/notification-texts.js';

/** A thread as the audience rules see it: its starter always sees it, like the author of an entry. */
function seesThread(principal: Principal, thread: { audience: string; startedBy: string }): boolean {
  return seesEntry({ role: principal.role, userId: principal.userId }, { audience: thread.audience, restrictedToRoles: null, authorUserId: thread.startedBy });
}

/** Whether this person records calls, letters and meetings in a thread: LA staff who log contacts. */
function mayRecordContact(principal: Principal): boolean {
  return isLaStaff(principal.role) && hasPermission(principal.role, 'timeline:log');
}

/**
 * The child, if in the actor's scope, for a change: the change's own audit event (in its
 * transaction) records it, so this check writes none. Outside scope is "not found".
 */
async function childForChange(db: Database, principal: Principal, childId: string, today: IsoDate): Promise<ChildSummary> {
  if (!isUuid(childId)) throw new NotFoundError();
  const summary = await findChildSummary(db, childScopeOf(principal, today), childId);
  if (!summary) throw new NotFoundError();
  return summary;
}

async function visibleThread(db: Database, principal: Principal, childId: string, threadId: string): Promise<repository.ThreadDetail> {
  if (!isUuid(threadId)) throw new NotFoundError();
  const thread = await repository.findThread(db, principal.laId, childId, threadId);
  // A thread the viewer's audience does not reach is not disclosed, as for a child out of scope.
  if (!thread || !seesThread(principal, thread)) throw new NotFoundError();
  return thread;
}

export interface ChildIndicator {
  /** "Sarah Ahmed (parent or carer) has been waiting 4 working days for a reply from the North SEN team (due 3 March 2026)". */
  awaiting: { text: string; overdue: boolean } | null;
  /** "The family was last updated 20 days ago"; `stale` past the LA's promise. */
  familyUpdate: { text: string; stale: boolean };
}

/** The child's standing against the communication promise, from what the viewer may see. */
export async function childIndicator(db: Database, principal: Principal, childId: string, today: IsoDate): Promise<ChildIndicator> {
  const [awaiting, lastUpdate, policy, calendar] = await Promise.all([
    repository.findChildAwaiting(db, principal.laId, childId),
    repository.findLastFamilyUpdate(db, principal.laId, childId),
    loadLaPolicy(db, principal.laId),
    loadSchoolCalendar(db, principal.laId),
  ]);
  const oldest = awaiting.find((row) => seesThread(principal, row));
  let awaitingView: ChildIndicator['awaiting'] = null;
  if (oldest?.replyDueOn) {
    const days = workingDaysWaiting(oldest.sentAt, today, calendar.bankHolidays);
    // Assisted messages are the family's, so the family member is the one waiting.
    const waitingName = oldest.onBehalfOfName ?? oldest.authorName;
    const waitingRole = oldest.onBehalfOfName ? oldest.onBehalfOfRole : oldest.authorRole;
    awaitingView = {
      text: waitingForReply({
        name: waitingName,
        roleLabel: waitingRole && isRole(waitingRole) ? ROLE_LABELS[waitingRole] : null,
        workingDays: days,
        teamName: oldest.teamName,
        dueText: formatDate(oldest.replyDueOn),
      }),
      overdue: today > oldest.replyDueOn,
    };
  }
  let familyUpdate: ChildIndicator['familyUpdate'];
  if (lastUpdate) {
    const days = daysBetween(todayInLondon(lastUpdate), today);
    const text = days === 0 ? 'The family was last updated today' : `The family was last updated ${String(days)} ${days === 1 ? 'day' : 'days'} ago`;
    familyUpdate = { text, stale: days > policy.familyUpdateDays };
  } else {
    familyUpdate = { text: 'No update to the family on the timeline yet', stale: true };
  }
  return { awaiting: awaitingView, familyUpdate };
}

/** Conversations on one page of a child's Messages tab. */
export const THREADS_PAGE_SIZE = 25;

/**
 * A page of the Messages tab: the threads the viewer may read (the audience rule applied in SQL,
 * so the count and the pages are of those alone), newest activity first, with unread counts.
 */
export async function loadMessagesTab(db: Database, actor: Actor, childId: string, page = 1) {
  const summary = await openChildRecord(db, actor, childId);
  const { principal } = actor;
  const viewer = { userId: principal.userId, role: principal.role };
  const [threads, indicator] = await Promise.all([
    readPage(page, THREADS_PAGE_SIZE, (window) => repository.findChildThreadsPage(db, { laId: principal.laId, childId, viewer, window })),
    childIndicator(db, principal, childId, actor.clock.today()),
  ]);
  return { summary, threads: threads.rows, page: threads.page, total: threads.total, indicator };
}

/** What the forms offer this person: audiences, kinds of contact, family members to act for. */
async function formOptions(db: Database, principal: Principal, childId: string) {
  const familyAccounts = hasPermission(principal.role, 'family:assist') ? await repository.findFamilyAccounts(db, principal.laId, childId) : [];
  return {
    audiences: audiencesWritableBy(principal.role),
    mayRecordContact: mayRecordContact(principal),
    familyAccounts,
  };
}

export async function loadNewThreadForm(db: Database, actor: Actor, childId: string) {
  const summary = await openChildRecord(db, actor, childId);
  const policy = await loadLaPolicy(db, actor.principal.laId);
  return { summary, replyWorkingDays: policy.replyWorkingDays, ...(await formOptions(db, actor.principal, childId)) };
}

interface Posting {
  thread: { id: string; subject: string; audience: Audience; ownerUserId: string | null };
  childId: string;
  childForename: string;
  childSurname: string;
  kind: MessageKind;
  body: string;
  onBehalfOf: { userId: string; role: Role; name: string } | null;
  isNewThread: boolean;
  now: Date;
}

/** Checks the choices only some people may make; the form offers no others, so this is tampering or a stale page. */
async function checkChoices(db: Database, principal: Principal, childId: string, audience: Audience, input: ReplyInput) {
  if (input.kind !== 'message' && !mayRecordContact(principal)) {
    throw new ValidationError([{ path: 'kind', message: 'Select a message: only LA staff record calls, letters and meetings here' }]);
  }
  if (input.onBehalfOf === undefined) return null;
  if (!hasPermission(principal.role, 'family:assist') || audience !== 'family') {
    throw new ValidationError([{ path: 'onBehalfOf', message: 'You can only send a message for a family member in a conversation the family can read' }]);
  }
  const accounts = await repository.findFamilyAccounts(db, principal.laId, childId);
  const member = accounts.find((account) => account.userId === input.onBehalfOf);
  if (!member || !isRole(member.role)) throw new ValidationError([{ path: 'onBehalfOf', message: 'Select a family member from the list' }]);
  return { userId: member.userId, role: member.role, name: member.name };
}

/** Starts a conversation about a child: the thread, its first message, timeline, audit and notifications in one transaction. */
export async function startThread(db: Database, actor: Actor, childId: string, input: NewThreadInput, now = actor.clock.now()) {
  const { principal } = actor;
  const summary = await childForChange(db, principal, childId, actor.clock.today());
  if (!audiencesWritableBy(principal.role).includes(input.audience)) {
    throw new ValidationError([{ path: 'audience', message: 'Select who can read this conversation from the list' }]);
  }
  const onBehalfOf = await checkChoices(db, principal, childId, input.audience, input);
  const ownerUserId = await repository.findCaseworkerOf(db, principal.laId, childId);
  return db.transaction(async (tx) => {
    const threadId = await repository.insertThread(tx, {
      laId: principal.laId,
      childId,
      subject: input.subject,
      audience: input.audience,
      ownerUserId,
      startedBy: principal.userId,
      startedAt: now,
      lastMessageAt: now,
    });
    await postMessage(tx, actor, {
      thread: { id: threadId, subject: input.subject, audience: input.audience, ownerUserId },
      childId,
      childForename: summary.child.forename,
      childSurname: summary.child.surname,
      kind: input.kind,
      body: input.body,
      onBehalfOf,
      isNewThread: true,
      now,
    });
    return { threadId };
  });
}

/** A reply in a thread the person can read and write to. */
export async function replyToThread(db: Database, actor: Actor, childId: string, threadId: string, input: ReplyInput, now = actor.clock.now()) {
  const { principal } = actor;
  const summary = await childForChange(db, principal, childId, actor.clock.today());
  const thread = await visibleThread(db, principal, childId, threadId);
  const audience = thread.audience as Audience;
  if (!audiencesWritableBy(principal.role).includes(audience) && thread.startedBy !== principal.userId) throw new NotFoundError();
  const onBehalfOf = await checkChoices(db, principal, childId, audience, input);
  await db.transaction(async (tx) => {
    await postMessage(tx, actor, {
      thread: { id: thread.id, subject: thread.subject, audience, ownerUserId: thread.ownerUserId },
      childId,
      childForename: summary.child.forename,
      childSurname: summary.child.surname,
      kind: input.kind,
      body: input.body,
      onBehalfOf,
      isNewThread: false,
      now,
    });
  });
}

/**
 * "Message: Transport" — the subject, never the text, goes on the timeline. Who wrote it, in what
 * role and for whom (assisted) is the entry's byline, so the title does not say it again.
 */
function timelineTitle(posting: Posting): string {
  if (posting.kind === 'message') return `Message: ${posting.thread.subject}`;
  return `${MESSAGE_KINDS[posting.kind]} recorded: ${posting.thread.subject}`;
}

async function postMessage(tx: Database, actor: Actor, posting: Posting): Promise<void> {
  const { principal } = actor;
  const { thread, now } = posting;
  const calendar = await loadSchoolCalendar(tx, principal.laId);
  const policy = await loadLaPolicy(tx, principal.laId);
  const onBehalfOfUserId = posting.onBehalfOf?.userId ?? null;
  // An LA reply answers every message in the thread still waiting: the reply time is measured per message.
  const answered = answersThread(principal.role, onBehalfOfUserId) ? await repository.markAnswered(tx, principal.laId, thread.id, now, principal.userId) : 0;
  const messageId = await repository.insertMessage(tx, {
    laId: principal.laId,
    threadId: thread.id,
    childId: posting.childId,
    kind: posting.kind,
    body: posting.body,
    authorUserId: principal.userId,
    authorRole: principal.role,
    onBehalfOfUserId,
    sentAt: now,
    replyDueOn: owesReply(principal.role, onBehalfOfUserId) ? replyDueOn(now, policy.replyWorkingDays, calendar.bankHolidays) : null,
  });
  // The author has read what they wrote.
  await repository.markRead(tx, principal.userId, [messageId]);
  await repository.touchThread(tx, thread.id, now);
  await addTimelineEntries(tx, [
    {
      laId: principal.laId,
      childId: posting.childId,
      occurredAt: now,
      kind: posting.kind,
      title: timelineTitle(posting),
      audience: thread.audience,
      authorUserId: principal.userId,
      authorRole: principal.role,
      onBehalfOfUserId,
      sourceType: 'message_thread',
      sourceId: thread.id,
    },
  ]);
  await recordAudit(tx, actor, {
    subjectType: 'message',
    subjectId: messageId,
    childId: posting.childId,
    change: { threadId: thread.id, newThread: posting.isNewThread, kind: posting.kind, audience: thread.audience, onBehalfOfUserId, answered, length: posting.body.length },
  });
  await queueNotifications(tx, await notificationsFor(tx, principal, posting));
}

/**
 * Who hears of a new message: everyone else who may read the thread and is part of it — its
 * owner, those who have written in it, and for a family thread the family members with parental
 * responsibility (and a young person about their own record). The text says who wrote and where
 * to read it, never what was written.
 */
async function notificationsFor(tx: Database, principal: Principal, posting: Posting): Promise<NewNotification[]> {
  const { thread } = posting;
  const participants = await repository.findParticipants(tx, principal.laId, thread.id);
  const candidates = new Map<string, { role: string; participant: boolean }>();
  for (const row of participants) candidates.set(row.userId, { role: row.role, participant: true });
  if (thread.ownerUserId && !candidates.has(thread.ownerUserId)) {
    const ownerUser = await repository.findUser(tx, principal.laId, thread.ownerUserId);
    if (ownerUser) candidates.set(ownerUser.id, { role: ownerUser.role, participant: false });
  }
  if (thread.audience === 'family') {
    const family = [...(await repository.findFamilyAccounts(tx, principal.laId, posting.childId)), ...(await repository.findYoungPersonAccounts(tx, principal.laId, posting.childId))];
    for (const member of family) if (!candidates.has(member.userId)) candidates.set(member.userId, { role: member.role, participant: false });
  }
  candidates.delete(principal.userId);
  const notifications: NewNotification[] = [];
  for (const [userId, candidate] of candidates) {
    if (!isRole(candidate.role)) continue;
    if (!seesEntry({ role: candidate.role, userId }, { audience: thread.audience, restrictedToRoles: null, authorUserId: null })) continue;
    const text = messagePosted({
      childId: posting.childId,
      forename: posting.childForename,
      surname: posting.childSurname,
      threadId: thread.id,
      reader: candidate.role === 'young_person' ? 'young_person' : isFamilyRole(candidate.role) ? 'family' : 'staff',
      senderName: principal.displayName,
      action: posting.kind !== 'message' ? 'recorded' : candidate.participant && !posting.isNewThread ? 'reply' : 'new',
      recordedWhat: `a ${MESSAGE_KINDS[posting.kind].toLowerCase()}`,
    });
    notifications.push({ laId: principal.laId, userId, ...text });
  }
  return notifications;
}

/**
 * Opens a thread: its messages, who has read them, and what the reply form offers. Opening it
 * marks its messages read for the viewer; the view is audited once (READ_MESSAGE), in the same
 * transaction as the read receipts.
 */
export async function openThread(db: Database, actor: Actor, childId: string, threadId: string) {
  const { principal } = actor;
  const summary = await childForChange(db, principal, childId, actor.clock.today());
  const thread = await visibleThread(db, principal, childId, threadId);
  const messages = await repository.findThreadMessages(db, principal.laId, thread.id);
  const unread = messages.filter((row) => row.authorUserId !== principal.userId).map((row) => row.id);
  await db.transaction(async (tx) => {
    await repository.markRead(tx, principal.userId, unread);
    await recordAudit(tx, actor, {
      subjectType: 'message_thread',
      subjectId: thread.id,
      childId,
      change: { messages: messages.length },
    });
  });
  const mayReassign = hasPermission(principal.role, 'message:reassign');
  const [reads, options, owners, calendar] = await Promise.all([
    repository.findReads(
      db,
      messages.map((row) => row.id),
    ),
    formOptions(db, principal, childId),
    mayReassign ? repository.findPossibleOwners(db, principal.laId) : Promise.resolve([]),
    loadSchoolCalendar(db, principal.laId),
  ]);
  const audience = thread.audience as Audience;
  return {
    summary,
    thread,
    messages,
    reads,
    // A reply's audience is the thread's: the form offers assisted sending only where the family reads.
    ...options,
    familyAccounts: audience === 'family' ? options.familyAccounts : [],
    mayReply: audiencesWritableBy(principal.role).includes(audience) || thread.startedBy === principal.userId,
    owners,
    mayReassign,
    bankHolidays: calendar.bankHolidays,
  };
}

/** Gives a thread to another caseworker or manager, who then answers for its reply times. */
export async function reassignThread(db: Database, actor: Actor, childId: string, threadId: string, ownerUserId: string) {
  const { principal } = actor;
  await childForChange(db, principal, childId, actor.clock.today());
  const thread = await visibleThread(db, principal, childId, threadId);
  const owners = await repository.findPossibleOwners(db, principal.laId);
  if (!owners.some((candidate) => candidate.id === ownerUserId)) throw new ValidationError([{ path: 'ownerUserId', message: 'Select an officer from the list' }]);
  await db.transaction(async (tx) => {
    await repository.setThreadOwner(tx, principal.laId, thread.id, ownerUserId);
    await recordAudit(tx, actor, {
      subjectType: 'message_thread',
      subjectId: thread.id,
      childId,
      change: { from: thread.ownerUserId, to: ownerUserId },
    });
  });
}

export interface OverdueSummary {
  flagged: number;
  escalated: number;
}

/**
 * The daily check of the reply promise for one LA. Each unanswered message past its reply date is
 * flagged to the thread's owner; two working days later, still unanswered, to the owner's team
 * manager (the LA's first manager when the owner has no team manager, or the thread no owner).
 * One notification per thread and person, however many messages wait in it. Idempotent: the
 * timestamps set here mean a rerun the same day finds nothing new.
 */
export async function flagOverdueReplies(db: Database, laId: string, today: IsoDate, now = new Date()): Promise<OverdueSummary> {
  const [candidates, managers, calendar] = await Promise.all([repository.findOverdueCandidates(db, laId, today), repository.findTeamManagers(db, laId), loadSchoolCalendar(db, laId)]);
  if (candidates.length === 0) return { flagged: 0, escalated: 0 };
  const managerFor = (teamId: string | null) => managers.find((manager) => teamId !== null && manager.teamId === teamId)?.id ?? managers[0]?.id ?? null;
  const toFlag: string[] = [];
  const toEscalate: string[] = [];
  const notifications = new Map<string, NewNotification>();
  for (const row of candidates) {
    if (!row.replyDueOn) continue;
    const actions = overdueActions({ replyDueOn: row.replyDueOn, overdueFlaggedAt: row.overdueFlaggedAt, escalatedAt: row.escalatedAt }, today, calendar.bankHolidays);
    if (actions.flag) {
      toFlag.push(row.id);
      const userId = row.ownerUserId ?? managerFor(null);
      if (userId) {
        notifications.set(`${userId}:${row.threadId}:flag`, {
          laId,
          userId,
          ...replyOverdueToOwner({ childId: row.childId, forename: row.childForename, surname: row.childSurname, threadId: row.threadId, replyBy: row.replyDueOn }),
        });
      }
    }
    if (actions.escalate) {
      toEscalate.push(row.id);
      const userId = managerFor(row.ownerTeamId);
      if (userId) {
        notifications.set(`${userId}:${row.threadId}:escalate`, {
          laId,
          userId,
          ...replyOverdueEscalated({ childId: row.childId, forename: row.childForename, surname: row.childSurname, threadId: row.threadId, replyBy: row.replyDueOn }),
        });
      }
    }
  }
  await db.transaction(async (tx) => {
    await repository.markFlagged(tx, toFlag, now);
    await repository.markEscalated(tx, toEscalate, now);
    await queueNotifications(tx, [...notifications.values()]);
  });
  return { flagged: toFlag.length, escalated: toEscalate.length };
}

/** The window the dashboard's rates and median cover. */
const PROMISE_WINDOW_DAYS = 90;
/** Rows a page in each of the dashboard's long lists: officers, messages past their date, silent children. */
export const PROMISE_PAGE_SIZE = 50;
const LATEST_REPLIES = 10;

/** Which page of each of the dashboard's long lists to show. */
export interface PromisePages {
  officers: number;
  unanswered: number;
  children: number;
}

/**
 * The communication promise for the LA: how many messages wait for a reply, the share answered
 * within the promise and the median first-reply time over the last 90 days, by officer and by
 * team; the messages past their reply date, oldest first; and the children whose families have
 * heard nothing on the timeline for longer than the LA promises. With a team, every figure is
 * that team's: messages whose conversation a member owns, children a member is caseworker for.
 */
export async function loadCommunicationPromise(
  db: Database,
  actor: Actor,
  pages: PromisePages = { officers: 1, unanswered: 1, children: 1 },
  teamId?: string,
  today = actor.clock.today(),
  now = actor.clock.now(),
) {
  const { principal } = actor;
  const { laId } = principal;
  const [policy, calendar, teams] = await Promise.all([loadLaPolicy(db, laId), loadSchoolCalendar(db, laId), repository.findTeams(db, laId)]);
  // A team of another LA (or none) reads as the whole LA, as an unknown filter does everywhere.
  const team = teams.find((candidate) => candidate.id === teamId);
  const since = new Date(now.getTime() - PROMISE_WINDOW_DAYS * 86_400_000);
  const familySince = new Date(`${addDays(today, -policy.familyUpdateDays)}T00:00:00Z`);
  const [rows, unanswered, silent] = await Promise.all([
    repository.findPromiseMessages(db, laId, since, team?.id),
    readPage(pages.unanswered, PROMISE_PAGE_SIZE, (window) => repository.findUnansweredPastReplyDate(db, laId, today, team?.id, window)),
    readPage(pages.children, PROMISE_PAGE_SIZE, (window) => repository.findChildrenWithoutFamilyUpdate(db, laId, familySince, team?.id, window)),
  ]);
  const totals = tallyPromise(
    rows.flatMap((row) =>
      row.replyDueOn
        ? [
            {
              sentAt: row.sentAt,
              replyDueOn: row.replyDueOn,
              repliedAt: row.repliedAt,
              ownerKey: row.ownerUserId ?? '',
              ownerName: row.ownerName ?? 'No owner',
              teamKey: row.teamId ?? '',
              teamName: row.teamName ?? 'No team',
            },
          ]
        : [],
    ),
    since,
    today,
    calendar.bankHolidays,
  );
  // Officers are tallied from every message the headline counts, so their rows are already in
  // hand; a page of them is a slice of the tally, not a second read. There is one row per officer
  // who owns a conversation, which grows with the LA's staff, not with its children.
  const officerPage = Math.min(pages.officers, pageCountOf(totals.officers.length, PROMISE_PAGE_SIZE));
  const officerWindow = pageWindow(officerPage, PROMISE_PAGE_SIZE);
  const latestReplies = rows
    .filter((row) => row.repliedAt !== null && row.sentAt >= since)
    .sort((a, b) => (b.repliedAt?.getTime() ?? 0) - (a.repliedAt?.getTime() ?? 0))
    .slice(0, LATEST_REPLIES);
  await recordAudit(db, actor, {
    subjectType: 'communication_promise',
    change: {
      pastTarget: unanswered.total,
      childrenWithoutUpdate: silent.total,
      pages: { officers: officerPage, unanswered: unanswered.page, children: silent.page },
      ...(team ? { teamId: team.id } : {}),
    },
  });
  return {
    policy,
    /** The LA's teams, for the filter, and the one chosen. */
    allTeams: teams,
    team,
    today,
    needingReply: totals.needingReply,
    onTimePercent: totals.decided === 0 ? null : Math.round((totals.onTime / totals.decided) * 100),
    decided: totals.decided,
    onTime: totals.onTime,
    medianWorkingDays: median(totals.replyWorkingDays),
    officers: totals.officers.slice(officerWindow.offset, officerWindow.offset + officerWindow.limit),
    officerTotal: totals.officers.length,
    overdueNow: totals.overdueNow,
    // Over every officer, not the page: the total row speaks for the whole LA.
    oldestUnanswered: totals.officers.reduce<Date | null>((found, entry) => (entry.oldestUnanswered && (!found || entry.oldestUnanswered < found) ? entry.oldestUnanswered : found), null),
    teams: totals.teams,
    pastTarget: unanswered.rows,
    pastTargetTotal: unanswered.total,
    latestReplies,
    silentChildren: silent.rows,
    silentTotal: silent.total,
    pages: { officers: officerPage, unanswered: unanswered.page, children: silent.page },
    bankHolidays: calendar.bankHolidays,
  };
}

export type CommunicationPromise = Awaited<ReturnType<typeof loadCommunicationPromise>>;
