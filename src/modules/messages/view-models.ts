import type { Principal } from '../../auth/child-scope.js';
import { isLaStaff, isRole, ROLE_LABELS } from '../../auth/roles.js';
import { AUDIENCE_TAGS, AUDIENCES, isAudience, type Audience } from '../../domain/audience.js';
import { isMessageKind, MESSAGE_KINDS, repliedOnTime, replyTime, workingDaysWaiting } from '../../domain/communication.js';
import { formatDate, formatDateTime, todayInLondon } from '../../domain/formatting.js';
import { cell, link, tag, type Part, type TableCell, type TagColour } from '../../http/cells.js';
import { paths } from '../../http/paths.js';
import { selectedFiltersView } from '../../http/filters.js';
import { pageLink, paginationView, shownText } from '../../http/pagination.js';
import { PROMISE_PAGE_SIZE, type CommunicationPromise, type PromisePages } from './service.js';
import type { MessageRow, ThreadRow } from './repository.js';
import { MAX_BODY_LENGTH, type PromiseQuery } from './schemas.js';

const AUDIENCE_TAG_COLOURS: Record<Audience, TagColour> = { family: 'green', professionals: 'blue', la_internal: 'grey' };

/** Who can read a thread, as a tag; nothing for an audience the code does not know. */
function audienceTag(audience: string): Part[] {
  return isAudience(audience) ? [tag(AUDIENCE_TAGS[audience], AUDIENCE_TAG_COLOURS[audience])] : [];
}

function roleText(role: string): string {
  return isRole(role) ? ROLE_LABELS[role] : role;
}

function plural(count: number, one: string, many: string): string {
  return `${String(count)} ${count === 1 ? one : many}`;
}

/** The child's threads as table rows: the subject links to the thread; unread and waiting are tagged. */
export function threadRows(childId: string, threads: ThreadRow[]) {
  return threads.map((thread) => {
    const subject = link(paths.messages.thread({ childId, threadId: thread.id }), thread.subject);
    return [
      thread.unread > 0 ? cell(subject, { text: ' ' }, tag(`${String(thread.unread)} unread`, 'red')) : cell(subject),
      cell(...audienceTag(thread.audience)),
      { text: thread.ownerName ?? 'No owner' },
      { text: formatDateTime(thread.lastMessageAt) },
      { text: String(thread.messageCount), format: 'numeric' },
      { text: String(thread.unread), format: 'numeric' },
    ];
  });
}

/** The radios for who can read a new conversation: only audiences the writer may use. */
export function audienceItems(audiences: Audience[], selected: unknown) {
  return audiences.map((audience) => ({ value: audience, text: AUDIENCES[audience], checked: selected === audience }));
}

export function kindItems(selected: unknown) {
  const current = typeof selected === 'string' && selected !== '' ? selected : 'message';
  return Object.entries(MESSAGE_KINDS).map(([value, text]) => ({ value, text: value === 'message' ? 'A message' : `A ${text.toLowerCase()} that happened`, checked: current === value }));
}

export function onBehalfOfItems(accounts: { userId: string; name: string; relationship: string }[], selected: unknown) {
  return [
    { value: '', text: 'No, I am writing as myself', selected: selected === undefined || selected === '' },
    ...accounts.map((account) => ({ value: account.userId, text: `${account.name} (${account.relationship})`, selected: selected === account.userId })),
  ];
}

export interface ReadReceipt {
  messageId: string;
  userId: string;
  name: string;
  readAt: Date;
}

/**
 * One message as the thread page shows it. The body is text (Nunjucks escapes it), split into
 * paragraphs at blank lines. Read receipts are for LA staff and the message's author only.
 */
export function messageViews(messages: MessageRow[], reads: ReadReceipt[], principal: Principal, bankHolidays: readonly string[]) {
  const seesReceipts = isLaStaff(principal.role);
  return messages.map((row) => {
    const kind = isMessageKind(row.kind) ? row.kind : 'message';
    const heading = kind === 'message' ? `${row.authorName} (${roleText(row.authorRole)})` : `${MESSAGE_KINDS[kind]} recorded by ${row.authorName} (${roleText(row.authorRole)})`;
    const readers = reads.filter((read) => read.messageId === row.id && read.userId !== row.authorUserId);
    const showReceipts = seesReceipts || row.authorUserId === principal.userId;
    let replyText: string | null = null;
    if (row.replyDueOn && isLaStaff(principal.role)) {
      if (row.repliedAt) {
        const time = replyTime(row.sentAt, row.repliedAt, bankHolidays);
        replyText = `Replied ${formatDateTime(row.repliedAt)}: ${plural(time.workingDays, 'working day', 'working days')} (${String(time.hours)} working hours); reply was due by ${formatDate(row.replyDueOn)}`;
      } else {
        replyText = `Reply due by ${formatDate(row.replyDueOn)}`;
      }
    }
    return {
      id: row.id,
      heading,
      sentIso: row.sentAt.toISOString(),
      sentText: formatDateTime(row.sentAt),
      paragraphs: row.body
        .split(/\n\s*\n/)
        .map((paragraph) => paragraph.trim())
        .filter((paragraph) => paragraph !== ''),
      assistedText: row.onBehalfOfUserId ? `Sent by ${row.authorName} on behalf of ${row.onBehalfOfName ?? 'a family member'} (assisted)` : null,
      replyText,
      readByText: showReceipts ? (readers.length ? `Read by ${readers.map((read) => `${read.name} (${formatDateTime(read.readAt)})`).join(', ')}` : 'Not read by anyone else yet') : null,
    };
  });
}

export function threadSummary(thread: { subject: string; audience: string; ownerName: string | null }) {
  return { subject: thread.subject, audienceTag: audienceTag(thread.audience), ownerText: thread.ownerName ?? 'No owner yet' };
}

export function ownerItems(owners: { id: string; name: string; role: string }[], current: string | null) {
  return owners.map((owner) => ({ value: owner.id, text: `${owner.name} (${roleText(owner.role)})`, selected: owner.id === current }));
}

export const BODY_MAX = MAX_BODY_LENGTH;

function ratio(onTime: number, total: number): string {
  return total === 0 ? 'None due yet' : `${String(Math.round((onTime / total) * 100))}% (${String(onTime)} of ${String(total)})`;
}

/** A headline figure with the one line that says what it counts. */
function figureRow(key: string, value: string, definition: string) {
  return { key: { text: key }, value: cell({ text: value }, { hint: definition }) };
}

/** The query parameter of each paged list on the dashboard, and the heading its links return to. */
const PROMISE_LISTS = {
  officers: { name: 'officerPage', fragment: 'by-officer', landmarkLabel: 'Pages of officers' },
  unanswered: { name: 'unansweredPage', fragment: 'unanswered', landmarkLabel: 'Pages of messages unanswered past the reply date' },
  children: { name: 'childrenPage', fragment: 'no-update', landmarkLabel: 'Pages of children with no update' },
} as const;

/** The pages of the dashboard's lists asked for in the query string. */
export function promisePagesOf(query: PromiseQuery): PromisePages {
  return { officers: query[PROMISE_LISTS.officers.name], unanswered: query[PROMISE_LISTS.unanswered.name], children: query[PROMISE_LISTS.children.name] };
}

/**
 * Pagination for one of the dashboard's lists: its links keep the page each other list is on
 * (page 1 is left out) and return to the list's heading, and each has its own landmark name, as
 * three navigation landmarks on one page must.
 */
function promisePagination(pages: PromisePages, list: keyof PromisePages, total: number, teamId: string | undefined) {
  const others: Record<string, string | number> = Object.fromEntries(
    (Object.keys(PROMISE_LISTS) as (keyof PromisePages)[]).filter((other) => other !== list && pages[other] > 1).map((other) => [PROMISE_LISTS[other].name, pages[other]]),
  );
  // The team filter holds as the reader pages through any of the lists.
  if (teamId) others.team = teamId;
  const { name, fragment, landmarkLabel } = PROMISE_LISTS[list];
  const view = paginationView(pages[list], total, PROMISE_PAGE_SIZE, pageLink(paths.monitoring.communication(), others, { name, fragment }));
  return view && { landmarkLabel, ...view };
}

/** "Showing 51 to 100 of 178 messages" over several pages, "178 messages" on one. */
function listSize(page: number, total: number, singular: string, plural: string): string {
  const noun = total === 1 ? singular : plural;
  return total > PROMISE_PAGE_SIZE ? shownText(page, total, PROMISE_PAGE_SIZE, noun) : `${total.toLocaleString('en-GB')} ${noun}`;
}

/** The communication promise dashboard: headline figures, officers, teams and the lists. */
export function promiseView(data: CommunicationPromise) {
  const days = plural(data.policy.replyWorkingDays, 'working day', 'working days');
  const tallyRow = (name: string, entry: { onTime: number; decided: number; overdueNow: number; oldestUnanswered: Date | null }, strong = false) => {
    const shown = (text: string): TableCell => (strong ? cell({ strong: text }) : { text });
    return [
      shown(name),
      { ...shown(ratio(entry.onTime, entry.decided)), format: 'numeric' },
      { ...shown(String(entry.overdueNow)), format: 'numeric' },
      shown(entry.oldestUnanswered ? formatDate(todayInLondon(entry.oldestUnanswered)) : 'None'),
    ];
  };
  // The total row is the whole LA's on every page of officers, so the rows of all pages add up to it.
  const tallyRows = (tallies: CommunicationPromise['officers'], totalName: string) =>
    tallies.length === 0
      ? []
      : [
          ...tallies.map((entry) => tallyRow(entry.name, entry)),
          tallyRow(totalName, { onTime: data.onTime, decided: data.decided, overdueNow: data.overdueNow, oldestUnanswered: data.oldestUnanswered }, true),
        ];
  return {
    teamName: data.team?.name,
    teamItems: [{ value: '', text: 'The whole LA' }, ...data.allTeams.map((team) => ({ value: team.id, text: team.name, selected: team.id === data.team?.id }))],
    selectedFilters: selectedFiltersView(paths.monitoring.communication(), { team: data.team?.id }, [{ heading: 'Team', param: 'team', text: data.team?.name }]),
    replyWorkingDays: data.policy.replyWorkingDays,
    familyUpdateDays: data.policy.familyUpdateDays,
    headlineRows: [
      figureRow('Messages needing a reply now', String(data.needingReply), 'Messages to the LA not yet answered, whether or not their reply date has passed.'),
      figureRow(
        `Replied within ${days} (last 90 days)`,
        data.onTimePercent === null ? 'No messages due a reply yet' : `${String(data.onTimePercent)}% (${String(data.onTime)} of ${String(data.decided)})`,
        'Of the messages sent in the last 90 days that were answered or are past their reply date unanswered, those answered by the reply date.',
      ),
      figureRow(
        'Median time to first reply (last 90 days)',
        data.medianWorkingDays === null ? 'No replies yet' : plural(data.medianWorkingDays, 'working day', 'working days'),
        'The middle time taken to answer, over the messages sent in the last 90 days that have been answered.',
      ),
      figureRow('Unanswered past the reply date', String(data.pastTargetTotal), 'Messages still unanswered after their reply date, whenever they were sent.'),
      figureRow(
        `Children with no update to the family in ${String(data.policy.familyUpdateDays)} days`,
        String(data.silentTotal),
        `Children with a plan in force whose family has seen nothing new on the timeline for ${String(data.policy.familyUpdateDays)} days.`,
      ),
    ],
    officerRows: tallyRows(data.officers, 'All officers'),
    officersShown: data.officerTotal > PROMISE_PAGE_SIZE ? shownText(data.pages.officers, data.officerTotal, PROMISE_PAGE_SIZE, 'officers') : undefined,
    officerPagination: promisePagination(data.pages, 'officers', data.officerTotal, data.team?.id),
    teamRows: tallyRows(data.teams, 'All teams'),
    pastTargetRows: data.pastTarget.map((row) => [
      cell(link(paths.messages.thread({ childId: row.childId, threadId: row.threadId }), `${row.childForename} ${row.childSurname}`)),
      { text: row.subject },
      { text: row.ownerName ?? 'No owner' },
      { text: formatDate(todayInLondon(row.sentAt)) },
      { text: formatDate(row.replyDueOn) },
      { text: String(workingDaysWaiting(row.sentAt, data.today, data.bankHolidays)), format: 'numeric' },
    ]),
    pastTargetTotal: data.pastTargetTotal,
    pastTargetText: listSize(data.pages.unanswered, data.pastTargetTotal, 'message', 'messages'),
    pastTargetPagination: promisePagination(data.pages, 'unanswered', data.pastTargetTotal, data.team?.id),
    latestReplyRows: data.latestReplies.map((row) => {
      const time = row.repliedAt ? replyTime(row.sentAt, row.repliedAt, data.bankHolidays) : { workingDays: 0, hours: 0 };
      const onTime = row.repliedAt !== null && row.replyDueOn !== null && repliedOnTime(row.replyDueOn, row.repliedAt);
      return [
        cell(link(paths.messages.thread({ childId: row.childId, threadId: row.threadId }), `${row.childForename} ${row.childSurname}`)),
        { text: row.ownerName ?? 'No owner' },
        { text: formatDateTime(row.repliedAt) },
        { text: `${plural(time.workingDays, 'working day', 'working days')} (${String(time.hours)} working hours)` },
        cell(onTime ? tag('On time', 'green') : tag('Late', 'red')),
      ];
    }),
    silentRows: data.silentChildren.map((row) => [
      cell(link(paths.messages.list({ childId: row.id }), `${row.forename} ${row.surname}`)),
      { text: row.caseworkerName ?? 'Unassigned' },
      { text: row.lastUpdate ? formatDate(todayInLondon(row.lastUpdate)) : 'Never' },
    ]),
    silentTotal: data.silentTotal,
    silentText: listSize(data.pages.children, data.silentTotal, 'child', 'children'),
    silentPagination: promisePagination(data.pages, 'children', data.silentTotal, data.team?.id),
  };
}
