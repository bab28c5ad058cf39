import { daysBetween, type IsoDate } from './dates.js';
import type { SchoolCalendar, Term } from './school-calendar.js';

/**
 * Resource bases and SEN units: the places the LA commissions, how full they are, the termly
 * monitoring visit and the parents' satisfaction survey. None of this is statutory: termly visits
 * and the survey are the LA's own quality assurance of provision it pays for.
 */

/** SEN2 placement flags: a resource base is "resourced provision", a unit is an "SEN unit". */
export const BASE_KINDS = {
  resource_base: 'Resource base',
  sen_unit: 'SEN unit',
} as const;
export type BaseKind = keyof typeof BASE_KINDS;

export function isBaseKind(value: string): value is BaseKind {
  return value in BASE_KINDS;
}

/** How a pupil is getting on, as the visitor judged it. */
export const PROGRESS_RATINGS = {
  better: 'Better than expected',
  expected: 'As expected',
  less: 'Less than expected',
  little: 'Little or no progress',
  not_seen: 'Not seen on this visit',
} as const;
export type ProgressRating = keyof typeof PROGRESS_RATINGS;

/** Whether the provision in the pupil's plan was in place. */
export const PROVISION_IN_PLACE = {
  yes: 'Yes',
  partly: 'Partly',
  no: 'No',
} as const;
export type ProvisionInPlace = keyof typeof PROVISION_IN_PLACE;

/** The survey's statements, each answered on SURVEY_SCALE. The keys are the answer table's columns. */
export const SURVEY_QUESTIONS = {
  happy: 'My child is happy at the base',
  progress: 'My child is making progress',
  support: 'My child gets the support in their plan',
  informed: 'Staff tell me how my child is getting on',
  listened: 'Staff listen to me',
} as const;
export type SurveyQuestion = keyof typeof SURVEY_QUESTIONS;
export const SURVEY_QUESTION_KEYS = Object.keys(SURVEY_QUESTIONS) as SurveyQuestion[];

/** The 5-point scale, strongest agreement first as the form lists it. */
export const SURVEY_SCALE = {
  5: 'Strongly agree',
  4: 'Agree',
  3: 'Neither agree nor disagree',
  2: 'Disagree',
  1: 'Strongly disagree',
} as const;

/**
 * Fewer answers than this in a term and its averages are not shown: with one or two, staff who
 * know the families could tell whose answers they are reading.
 */
export const SURVEY_MINIMUM_ANSWERS = 3;

/** Places filled as a whole percentage of places commissioned; null when none are commissioned. */
export function filledPercent(filled: number, commissioned: number): number | null {
  if (commissioned <= 0) return null;
  return Math.round((filled * 100) / commissioned);
}

function termsInOrder(calendar: SchoolCalendar): Term[] {
  return [...calendar.terms].sort((a, b) => a.start.localeCompare(b.start));
}

/** Days after a term ends that answers still count for it: the summer holiday is the longest gap. */
const SURVEY_AFTER_TERM_DAYS = 60;

/**
 * The term a survey answer given on `date` is for: the term it falls in, or in a holiday the term
 * just ended. Undefined before the first term the calendar knows, or long after its last.
 */
export function surveyTermOn(calendar: SchoolCalendar, date: IsoDate): Term | undefined {
  const started = termsInOrder(calendar).filter((term) => term.start <= date);
  const term = started.at(-1);
  if (!term) return undefined;
  return date <= term.end || daysBetween(term.end, date) <= SURVEY_AFTER_TERM_DAYS ? term : undefined;
}

export type VisitDue =
  /** Visited this term (or, in a holiday, in the term just ended): the next visit is due next term. */
  | { kind: 'visited'; nextTerm: Term | undefined }
  /** Not visited yet this term: due by its last day. */
  | { kind: 'due'; term: Term; dueBy: IsoDate; daysLeft: number }
  /** A whole term the base was open went by without a visit, and none since. */
  | { kind: 'overdue'; missedTerm: Term; since: IsoDate; daysOverdue: number }
  | { kind: 'closed' }
  /** Opens later, or the LA's term dates do not reach today. */
  | { kind: 'not_due'; nextTerm: Term | undefined };

/**
 * When a base's next termly monitoring visit is due. A base needs a visit in every term it was
 * open for from the term's first day; a term that ended without one makes the base overdue until
 * it is visited. Only the latest visit matters: a visit on or after a term's first day covers it.
 */
export function visitDue(calendar: SchoolCalendar, today: IsoDate, base: { openedOn: IsoDate; closedOn: IsoDate | null; lastVisitOn: IsoDate | null }): VisitDue {
  if (base.closedOn !== null && base.closedOn < today) return { kind: 'closed' };
  const terms = termsInOrder(calendar);
  const nextTerm = terms.find((term) => term.start > today);
  if (base.openedOn > today) return { kind: 'not_due', nextTerm: terms.find((term) => term.start >= base.openedOn) };
  const visitedSince = (day: IsoDate) => base.lastVisitOn !== null && base.lastVisitOn >= day;
  const current = terms.find((term) => term.start <= today && today <= term.end);
  const previous = terms.filter((term) => term.end < today).at(-1);
  const missed = previous !== undefined && base.openedOn <= previous.start && !visitedSince(previous.start) ? previous : undefined;
  if (current && visitedSince(current.start)) return { kind: 'visited', nextTerm };
  if (missed) return { kind: 'overdue', missedTerm: missed, since: missed.end, daysOverdue: daysBetween(missed.end, today) };
  if (current) return { kind: 'due', term: current, dueBy: current.end, daysLeft: daysBetween(today, current.end) };
  if (previous && visitedSince(previous.start)) return { kind: 'visited', nextTerm };
  return { kind: 'not_due', nextTerm };
}

/** One term's answers as the database sums them. */
export interface SurveyTermTotals {
  termStart: IsoDate;
  termName: string;
  answers: number;
  totals: Record<SurveyQuestion, number>;
}

export interface SurveyTermResult {
  termStart: IsoDate;
  termName: string;
  answers: number;
  /** Each question's mean answer, 1 to 5; null when the term has too few answers to show. */
  averages: Record<SurveyQuestion, number> | null;
  /** The mean over every answer to every question; null likewise. */
  overall: number | null;
}

/** Survey results over time, oldest term first: each term's answer count and, when enough answered, its averages. */
export function surveyResults(terms: readonly SurveyTermTotals[], minimum = SURVEY_MINIMUM_ANSWERS): SurveyTermResult[] {
  return [...terms]
    .sort((a, b) => a.termStart.localeCompare(b.termStart))
    .map((term) => {
      if (term.answers < minimum || term.answers === 0) return { termStart: term.termStart, termName: term.termName, answers: term.answers, averages: null, overall: null };
      const averages = Object.fromEntries(SURVEY_QUESTION_KEYS.map((key) => [key, term.totals[key] / term.answers])) as Record<SurveyQuestion, number>;
      const sum = SURVEY_QUESTION_KEYS.reduce((total, key) => total + term.totals[key], 0);
      return { termStart: term.termStart, termName: term.termName, answers: term.answers, averages, overall: sum / (term.answers * SURVEY_QUESTION_KEYS.length) };
    });
}

/** An average as a table shows it: one decimal place, "4.2". */
export function formatAverage(value: number): string {
  return (Math.round(value * 10) / 10).toFixed(1);
}
