import { isLaStaff, type Role } from '../auth/roles.js';
import { addDays, type IsoDate } from './dates.js';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from './working-days.js';

/**
 * The LA's communication promise, as pure rules: which messages are owed a reply, by when, how long
 * the reply took, and when an unanswered one is flagged to its owner and then to their manager.
 */

// Built once: constructing an Intl formatter costs far more than using one, and the dashboard
// dates thousands of messages per view.
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
const LONDON_HOUR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' });

/** The day an instant falls on in England. */
function todayInLondon(instant: Date): IsoDate {
  return LONDON_DAY.format(instant);
}

/** What a message records: a written message, or contact staff record in the thread. */
export const MESSAGE_KINDS = {
  message: 'Message',
  phone_call: 'Phone call',
  letter: 'Letter',
  meeting: 'Meeting',
} as const;
export type MessageKind = keyof typeof MESSAGE_KINDS;

export function isMessageKind(value: string): value is MessageKind {
  return value in MESSAGE_KINDS;
}

/** Working days after the flag to the owner before the team manager is told. */
const ESCALATE_AFTER_WORKING_DAYS = 2;

/**
 * Whether the LA owes a reply to a message: anyone outside the LA (a family, a school, a
 * professional), or an officer writing for a family member (assisted digital counts as the family).
 */
export function owesReply(authorRole: Role, onBehalfOfUserId: string | null): boolean {
  return onBehalfOfUserId !== null || !isLaStaff(authorRole);
}

/**
 * Whether a message answers the thread's waiting messages: LA staff writing as themselves. A call
 * or letter recorded by staff is contact with the family too, so it answers as well.
 */
export function answersThread(authorRole: Role, onBehalfOfUserId: string | null): boolean {
  return onBehalfOfUserId === null && isLaStaff(authorRole);
}

/** The reply date for a message sent at `sentAt`: the promise counted in working days from its day in England. */
export function replyDueOn(sentAt: Date, replyWorkingDays: number, bankHolidays: readonly IsoDate[]): IsoDate {
  return addWorkingDays(todayInLondon(sentAt), replyWorkingDays, bankHolidays);
}

export interface ReplyTime {
  /** Working days from the day sent to the day replied (0 the same day). */
  workingDays: number;
  /** Working hours elapsed, counting only hours on working days: for replies within a day or two. */
  hours: number;
}

const HOUR = 3_600_000;

/**
 * How long a reply took. Working days as the promise counts them; hours count only time on working
 * days (in England), so a reply on Monday morning to a Friday-evening message is a few hours, not 60.
 */
export function replyTime(sentAt: Date, repliedAt: Date, bankHolidays: readonly IsoDate[]): ReplyTime {
  const sentDay = todayInLondon(sentAt);
  const repliedDay = todayInLondon(repliedAt);
  const workingDays = workingDaysBetween(sentDay, repliedDay, bankHolidays);
  let milliseconds = 0;
  // Walk the calendar days the reply spans; each working day contributes the part of it elapsed.
  for (let day = sentDay; day <= repliedDay; day = addDays(day, 1)) {
    if (!isWorkingDay(day, bankHolidays)) continue;
    const start = day === sentDay ? sentAt.getTime() : startOfLondonDay(day);
    const end = day === repliedDay ? repliedAt.getTime() : startOfLondonDay(addDays(day, 1));
    milliseconds += Math.max(0, end - start);
  }
  return { workingDays, hours: Math.round((milliseconds / HOUR) * 10) / 10 };
}

/** Midnight in England on a day, as an instant (GMT or BST). */
function startOfLondonDay(day: IsoDate): number {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  // At UTC midnight London is either on the same day (GMT, 00:00) or an hour ahead (BST, 01:00).
  const londonHour = Number(LONDON_HOUR.format(utcMidnight));
  return utcMidnight - londonHour * HOUR;
}

export interface AwaitingReply {
  replyDueOn: IsoDate;
  overdueFlaggedAt: Date | null;
  escalatedAt: Date | null;
}

export interface OverdueActions {
  /** Tell the owner the message is past its reply date. */
  flag: boolean;
  /** Tell the team manager: still unanswered two working days after it went overdue. */
  escalate: boolean;
}

/**
 * What the daily check does for an unanswered message today. A message is overdue the day after
 * its reply date; two working days after that it goes to the manager. Each step happens once (the
 * timestamps record it), so running the check twice the same day does nothing new; a check that
 * missed days catches up with both steps at once.
 */
export function overdueActions(message: AwaitingReply, today: IsoDate, bankHolidays: readonly IsoDate[]): OverdueActions {
  const overdue = today > message.replyDueOn;
  const escalationDay = addWorkingDays(message.replyDueOn, ESCALATE_AFTER_WORKING_DAYS, bankHolidays);
  return {
    flag: overdue && message.overdueFlaggedAt === null,
    escalate: overdue && today > escalationDay && message.escalatedAt === null,
  };
}

/** Whether a reply met the promise: on or before the reply date, in England. */
export function repliedOnTime(replyDue: IsoDate, repliedAt: Date): boolean {
  return todayInLondon(repliedAt) <= replyDue;
}

/** The median of a list of numbers (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] ?? null;
  return ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Working days a message has waited so far (0 on the day it was sent). */
export function workingDaysWaiting(sentAt: Date, today: IsoDate, bankHolidays: readonly IsoDate[]): number {
  return workingDaysBetween(todayInLondon(sentAt), today, bankHolidays);
}

/** One message owed a reply, as the communication dashboard counts it. */
export interface PromiseMessage {
  sentAt: Date;
  replyDueOn: IsoDate;
  repliedAt: Date | null;
  ownerKey: string;
  ownerName: string;
  teamKey: string;
  teamName: string;
}

/** One officer's or team's share of the promise, counted exactly as the headline is. */
interface PromiseTally {
  key: string;
  name: string;
  /** Messages sent in the window whose promise is decided: replied, or unanswered past the reply date. */
  decided: number;
  /** Of those, replied on or before the reply date. */
  onTime: number;
  /** Unanswered past the reply date now, whenever sent. */
  overdueNow: number;
  oldestUnanswered: Date | null;
}

export interface PromiseTotals {
  decided: number;
  onTime: number;
  overdueNow: number;
  /** Unanswered now, due or not. */
  needingReply: number;
  /** Working days each reply in the window took, for the median. */
  replyWorkingDays: number[];
  officers: PromiseTally[];
  teams: PromiseTally[];
}

/**
 * The communication promise counted once for the headline and for each officer and team, so the
 * rows of either table add up to the headline. A message is decided once it is replied to or its
 * reply date has passed unanswered; one sent before `since` counts only while it is unanswered and
 * overdue (it is still someone's to answer). Each message belongs to one officer (the conversation's
 * owner, or "no owner") and one team (the owner's), so it is counted once in each table.
 */
export function tallyPromise(messages: readonly PromiseMessage[], since: Date, today: IsoDate, bankHolidays: readonly IsoDate[]): PromiseTotals {
  const officers = new Map<string, PromiseTally>();
  const teams = new Map<string, PromiseTally>();
  const entry = (map: Map<string, PromiseTally>, key: string, name: string) => {
    let found = map.get(key);
    if (!found) {
      found = { key, name, decided: 0, onTime: 0, overdueNow: 0, oldestUnanswered: null };
      map.set(key, found);
    }
    return found;
  };
  const totals: PromiseTotals = { decided: 0, onTime: 0, overdueNow: 0, needingReply: 0, replyWorkingDays: [], officers: [], teams: [] };
  for (const message of messages) {
    const recent = message.sentAt >= since;
    if (message.repliedAt && !recent) continue;
    const rows = [entry(officers, message.ownerKey, message.ownerName), entry(teams, message.teamKey, message.teamName)];
    if (message.repliedAt) {
      const inTime = repliedOnTime(message.replyDueOn, message.repliedAt);
      totals.replyWorkingDays.push(replyTime(message.sentAt, message.repliedAt, bankHolidays).workingDays);
      for (const row of [totals, ...rows]) {
        row.decided += 1;
        if (inTime) row.onTime += 1;
      }
      continue;
    }
    totals.needingReply += 1;
    if (today > message.replyDueOn) {
      for (const row of [totals, ...rows]) {
        row.overdueNow += 1;
        if (recent) row.decided += 1;
      }
    }
    for (const row of rows) {
      if (!row.oldestUnanswered || message.sentAt < row.oldestUnanswered) row.oldestUnanswered = message.sentAt;
    }
  }
  const byName = (a: PromiseTally, b: PromiseTally) => a.name.localeCompare(b.name);
  totals.officers = [...officers.values()].sort(byName);
  totals.teams = [...teams.values()].sort(byName);
  return totals;
}

/**
 * Who is waiting for whom, for the oldest unanswered message on a child's record: "Sarah Ahmed
 * (parent or carer) has been waiting 39 working days for a reply from the North SEN team (due
 * 3 March 2026)". Without a named team the reply is owed by the local authority.
 */
export function waitingForReply(waiting: { name: string; roleLabel: string | null; workingDays: number; teamName: string | null; dueText: string }): string {
  const who = waiting.roleLabel ? `${waiting.name} (${waiting.roleLabel.charAt(0).toLowerCase()}${waiting.roleLabel.slice(1)})` : waiting.name;
  const days = waiting.workingDays === 0 ? 'since today' : `${String(waiting.workingDays)} working ${waiting.workingDays === 1 ? 'day' : 'days'}`;
  const from = waiting.teamName ? `the ${waiting.teamName.replace(/^the /i, '')}` : 'the local authority';
  return `${who} has been waiting ${days} for a reply from ${from} (due ${waiting.dueText})`;
}
