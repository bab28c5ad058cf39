/**
 * The legal clock of an EHC plan review: when the next review is due, the phase-transfer
 * deadline, and the dated steps of one review (invite, circulate, meet, report, decide, amend).
 *
 * All periods are calendar days. The regulations speak of weeks and months, not school weeks:
 * unlike the plan-making time limits (SEND Regs 2014 reg 13(3), which excuse some school
 * closures), regs 18, 20 and 22 have no holiday exception, so a meeting in the summer holiday
 * still needs invitations two weeks before it and a decision four weeks after it. (The
 * coronavirus relaxation, reg 2A, ended on 25 September 2020.)
 */
import { addDays, addMonths, daysBetween, isIsoDate, type IsoDate } from './dates.js';
import { ageOn } from './formatting.js';
import { annualReviewDeadline } from './reviews.js';

/** The shortest and longest review cycle for under-fives an LA may set (CoP 9.178: "every three to six months"). */
const UNDER_FIVE_CYCLE_MONTHS = { min: 3, max: 6 } as const;

/**
 * The last day the plan's next review may be held on.
 *
 * CFA 2014 s44(1): within 12 months of the plan being made, then of each review; the day of the
 * last review counts as the first day, so the last permitted day is the day before the
 * anniversary (annualReviewDeadline).
 *
 * CoP 9.178: LAs should consider reviewing plans for children under 5 every 3 to 6 months. When
 * the LA sets such a cycle (`underFiveCycleMonths`), a child who is still under 5 on the day the
 * shorter review would fall due is due then instead: the last day "within N months" of the last
 * review, counted the same way as s44(1). A child who turns 5 before that day is back on the
 * 12-month clock. A birthday on 29 February is reached on 1 March in other years (ageOn).
 */
export function nextAnnualReviewDue(lastReviewOrIssue: IsoDate, childBirthDate: IsoDate | null, underFiveCycleMonths: number | null): IsoDate {
  const annual = annualReviewDeadline(lastReviewOrIssue);
  if (underFiveCycleMonths === null || childBirthDate === null) return annual;
  if (!Number.isInteger(underFiveCycleMonths) || underFiveCycleMonths < UNDER_FIVE_CYCLE_MONTHS.min || underFiveCycleMonths > UNDER_FIVE_CYCLE_MONTHS.max) {
    throw new RangeError(`An under-fives review cycle is 3 to 6 months, not ${String(underFiveCycleMonths)}`);
  }
  const shorter = addDays(addMonths(lastReviewOrIssue, underFiveCycleMonths), -1);
  return ageOn(childBirthDate, shorter) < 5 ? shorter : annual;
}

/** A transfer between phases of education (SEND Regs 2014 reg 2(1)), plus a move between two post-16 institutions (reg 18(2)). */
export const PHASE_TRANSFERS = {
  early_years_to_school: 'From early years to school',
  infant_to_junior: 'From infant school to junior school',
  primary_to_middle: 'From primary school to middle school',
  primary_to_secondary: 'From primary school to secondary school',
  middle_to_secondary: 'From middle school to secondary school',
  secondary_to_post16: 'From secondary school to a college or sixth form',
  post16_to_post16: 'From one college or sixth form to another',
} as const;
export type PhaseTransfer = keyof typeof PHASE_TRANSFERS;

/** The SEN2 word for the first transfer (the review table's comment uses it); read as early_years_to_school. */
const PHASE_TRANSFER_ALIASES: Record<string, PhaseTransfer> = { early_years_to_primary: 'early_years_to_school' };

/** The transfer a stored value names, or null when it names none. */
export function phaseTransferOf(value: string | null): PhaseTransfer | null {
  if (value === null) return null;
  if (Object.hasOwn(PHASE_TRANSFERS, value)) return value as PhaseTransfer;
  return Object.hasOwn(PHASE_TRANSFER_ALIASES, value) ? (PHASE_TRANSFER_ALIASES[value] ?? null) : null;
}

/**
 * The last day by which the plan must be reviewed and, where necessary, amended to name the next
 * school or college (SEND Regs 2014 reg 18).
 *
 * - reg 18(1)(b): "before 15 February in the calendar year of the transfer" — before, so the
 *   last day is 14 February of the year of `transferDate`.
 * - reg 18(1)(a): secondary school to a post-16 institution, "before 31 March" in that calendar
 *   year — the same word "before" governs both limbs, so the last day is 30 March.
 * - reg 18(2): between two post-16 institutions, "at least five months before that transfer":
 *   the day five calendar months before it (a month-end clamps earlier, 31 July → 28 February,
 *   which is still at least five months before).
 *
 * The dates follow the words of reg 18 even for a transfer early in the calendar year (a January
 * start still has 14 February of that year); such moves are rare and the LA should finish sooner.
 */
export function phaseTransferAmendmentDeadline(transfer: PhaseTransfer, transferDate: IsoDate): IsoDate {
  const year = transferDate.slice(0, 4);
  if (!isIsoDate(transferDate)) throw new RangeError(`Not a date: ${transferDate}`);
  switch (transfer) {
    case 'secondary_to_post16':
      return `${year}-03-30`;
    case 'post16_to_post16':
      return addMonths(transferDate, -5);
    default:
      return `${year}-02-14`;
  }
}

/** What the clock reads from a review row (the `review` table's columns; a row can be passed as it is). */
export interface ReviewClockInput {
  /** annual | phase_transfer | interim (REVIEW_KINDS). */
  kind: string;
  dueBy: IsoDate;
  meetingDate: IsoDate | null;
  invitationsSentOn: IsoDate | null;
  papersCirculatedOn: IsoDate | null;
  heldOn: IsoDate | null;
  reportSentOn: IsoDate | null;
  /** maintain | amend | cease (REVIEW_DECISIONS). */
  decision: string | null;
  decisionOn: IsoDate | null;
  amendmentProposedOn: IsoDate | null;
  amendedPlanIssuedOn: IsoDate | null;
  /** One of PHASE_TRANSFERS. */
  transferTo: string | null;
  transferDate: IsoDate | null;
  /** One of REVIEW_STAGES. */
  stage: string;
}

export type ReviewStepName = 'meeting' | 'invitations' | 'papers' | 'report' | 'decision' | 'comments' | 'amended_plan' | 'phase_transfer';

/**
 * One dated step of a review.
 * - `done`: done on or before `dueOn`; `done_late`: done after it. For `comments` (a period the
 *   family has, not a task) `done` means the 15 days are over and `done_late` means the amended
 *   plan was issued before they were — the breach of that step.
 * - `due`: the clock is running and `daysLeft` ≥ 0; `overdue`: it ran out, `daysLeft` < 0.
 * - `not_yet`: the clock has not started (no meeting yet for the report and the decision, no
 *   proposed amendments yet for the comments); `dueOn` is then the latest it could be on the
 *   dates planned so far.
 * `daysLeft` is null when the step is done or not yet started.
 */
export interface ReviewStep {
  step: ReviewStepName;
  /** Plain words a family reads. */
  label: string;
  dueOn: IsoDate;
  doneOn: IsoDate | null;
  daysLeft: number | null;
  state: 'done' | 'done_late' | 'due' | 'overdue' | 'not_yet';
  /** The law that sets the date. */
  regulation: string;
}

const REVIEW_STEP_LABELS: Record<ReviewStepName, string> = {
  invitations: 'Send the invitations',
  papers: 'Send everyone the reports and views',
  meeting: 'Hold the meeting',
  report: 'Send the report of the meeting',
  decision: 'Decide whether to keep, change or stop the plan',
  comments: 'Give the family 15 days to comment on the changes',
  amended_plan: 'Send the final amended plan',
  phase_transfer: 'Have the plan ready for the move to the next school or college',
};

/** Days of notice and of circulation before the meeting (reg 20(3)–(4)): two weeks. */
const REVIEW_NOTICE_DAYS = 14;
/** Days after the meeting to send the report (reg 20(7)–(8)): two weeks. */
const REVIEW_REPORT_DAYS = 14;
/** Days after the meeting to decide and tell the family (reg 20(10)): four weeks. */
export const REVIEW_DECISION_DAYS = 28;
/** Days the family has to comment on proposed amendments (reg 22(2)(c)): at least 15, beginning with the day they are sent. */
const AMENDMENT_COMMENT_DAYS = 15;
/** Days from proposed amendments to the final amended plan (reg 22(3)): eight weeks. */
const AMENDED_PLAN_DAYS = 56;

function step(name: ReviewStepName, dueOn: IsoDate, doneOn: IsoDate | null, started: boolean, today: IsoDate, regulation: string): ReviewStep {
  const base = { step: name, label: REVIEW_STEP_LABELS[name], dueOn, doneOn, regulation };
  if (doneOn !== null) return { ...base, daysLeft: null, state: doneOn <= dueOn ? 'done' : 'done_late' };
  if (!started) return { ...base, daysLeft: null, state: 'not_yet' };
  const daysLeft = daysBetween(today, dueOn);
  return { ...base, daysLeft, state: daysLeft < 0 ? 'overdue' : 'due' };
}

function meetingRegulation(kind: string): string {
  if (kind === 'phase_transfer') return 'Children and Families Act 2014 s44(1); SEND Regulations 2014 reg 18';
  if (kind === 'interim') return 'Children and Families Act 2014 s44 (the date set when the review was called)';
  return 'Children and Families Act 2014 s44(1)';
}

function phaseTransferRegulation(transfer: PhaseTransfer): string {
  if (transfer === 'secondary_to_post16') return 'SEND Regulations 2014 reg 18(1)(a)';
  if (transfer === 'post16_to_post16') return 'SEND Regulations 2014 reg 18(2)';
  return 'SEND Regulations 2014 reg 18(1)(b)';
}

/**
 * The dated steps of a review, in the order they happen, as of `today`.
 *
 * The meeting day the notice and the papers count back from is the day it was held, else the
 * day planned, else the last day it may be held (`dueBy`): invitations not sent two weeks before
 * `dueBy` already make a meeting on time impossible (reg 20(3)–(4)).
 * The report and the decision count from the day the meeting was held (reg 20(7)–(10)).
 * After a decision to amend: the family's 15 days (reg 22(2)(c)) and the final plan within eight
 * weeks of the proposed amendments (reg 22(3)). Proposed amendments belong with the decision
 * (R (L) v Devon CC [2022] EWHC 493 (Admin)), so until they are recorded the final plan is due
 * eight weeks after the decision was due: twelve weeks after the meeting.
 * A phase-transfer review also has the reg 18 deadline: the amended plan issued, or the plan
 * kept as it is, by then.
 * A cancelled review has no steps.
 */
export function reviewSteps(review: ReviewClockInput, today: IsoDate): ReviewStep[] {
  if (review.stage === 'cancelled') return [];
  const meetingDay = review.heldOn ?? review.meetingDate ?? review.dueBy;
  const held = review.heldOn !== null;
  const noticeBy = addDays(meetingDay, -REVIEW_NOTICE_DAYS);
  const decisionDue = addDays(meetingDay, REVIEW_DECISION_DAYS);
  const steps: ReviewStep[] = [
    step('invitations', noticeBy, review.invitationsSentOn, true, today, 'SEND Regulations 2014 reg 20(3)'),
    step('papers', noticeBy, review.papersCirculatedOn, true, today, 'SEND Regulations 2014 reg 20(4)'),
    step('meeting', review.dueBy, review.heldOn, true, today, meetingRegulation(review.kind)),
    step('report', addDays(meetingDay, REVIEW_REPORT_DAYS), review.reportSentOn, held, today, 'SEND Regulations 2014 reg 20(7)–(8)'),
    step('decision', decisionDue, review.decisionOn, held, today, 'SEND Regulations 2014 reg 20(10)'),
  ];

  if (review.decision === 'amend') {
    const proposedOn = review.amendmentProposedOn;
    const commentsEnd = addDays(proposedOn ?? review.decisionOn ?? decisionDue, AMENDMENT_COMMENT_DAYS);
    steps.push(commentsStep(commentsEnd, proposedOn, review.amendedPlanIssuedOn, today));
    if (proposedOn !== null) {
      steps.push(step('amended_plan', addDays(proposedOn, AMENDED_PLAN_DAYS), review.amendedPlanIssuedOn, true, today, 'SEND Regulations 2014 reg 22(3)'));
    } else {
      steps.push(
        step('amended_plan', addDays(decisionDue, AMENDED_PLAN_DAYS), review.amendedPlanIssuedOn, held, today, 'SEND Regulations 2014 regs 20(10) and 22(3); R (L) v Devon CC [2022] EWHC 493 (Admin)'),
      );
    }
  }

  const transfer = phaseTransferOf(review.transferTo);
  if (transfer !== null && review.transferDate !== null) {
    const finishedOn = review.decision === 'amend' ? review.amendedPlanIssuedOn : review.decision !== null ? review.decisionOn : null;
    steps.push(step('phase_transfer', phaseTransferAmendmentDeadline(transfer, review.transferDate), finishedOn, true, today, phaseTransferRegulation(transfer)));
  }
  return steps;
}

/** The family's 15 days: a period to wait out, not a task; see ReviewStep for its states. */
function commentsStep(endsOn: IsoDate, proposedOn: IsoDate | null, issuedOn: IsoDate | null, today: IsoDate): ReviewStep {
  const base = { step: 'comments' as const, label: REVIEW_STEP_LABELS.comments, dueOn: endsOn, regulation: 'SEND Regulations 2014 reg 22(2)(c)' };
  if (proposedOn === null) return { ...base, doneOn: null, daysLeft: null, state: 'not_yet' };
  if (issuedOn !== null && issuedOn < endsOn) return { ...base, doneOn: issuedOn, daysLeft: null, state: 'done_late' };
  if (today >= endsOn || issuedOn !== null) return { ...base, doneOn: endsOn, daysLeft: null, state: 'done' };
  return { ...base, doneOn: null, daysLeft: daysBetween(today, endsOn), state: 'due' };
}

/**
 * The step to act on first: the most overdue, else the one due soonest; ties go to the earlier
 * step in the review. The family's comment period is not a task for anyone, so it is never
 * the most urgent. Null when nothing is running.
 */
export function mostUrgentStep(steps: ReviewStep[]): ReviewStep | null {
  let urgent: ReviewStep | null = null;
  for (const candidate of steps) {
    if (candidate.step === 'comments' || candidate.daysLeft === null) continue;
    if (candidate.state !== 'due' && candidate.state !== 'overdue') continue;
    if (urgent === null || candidate.daysLeft < (urgent.daysLeft ?? 0)) urgent = candidate;
  }
  return urgent;
}

/** The dates a review form may carry, as typed (strings; empty or null when not given). */
export interface ReviewDatesInput {
  dueBy?: string | null;
  meetingDate?: string | null;
  invitationsSentOn?: string | null;
  papersCirculatedOn?: string | null;
  heldOn?: string | null;
  reportSentOn?: string | null;
  decisionOn?: string | null;
  amendmentProposedOn?: string | null;
  amendedPlanIssuedOn?: string | null;
}
type ReviewDateField = keyof ReviewDatesInput;

/**
 * A problem with a review's dates. It has a FieldError's shape (`path` is the field's name).
 * `error`: the dates cannot be true (a decision before the meeting, a report for a meeting not
 * held, not a real date, something done in the future) — refuse and save nothing.
 * `warning`: the dates are possible but break a time limit (invitations or papers less than two
 * weeks before the meeting, a plan issued inside the family's 15 days, a meeting after the due
 * date). Those are refused only as errors would hide what really happened; the record must be
 * able to say it, and the clock then shows the step as done late. Show the warning and let the
 * officer confirm.
 */
export interface ReviewDateProblem {
  path: ReviewDateField;
  message: string;
  severity: 'error' | 'warning';
}

const DATE_NAMES: Record<ReviewDateField, string> = {
  dueBy: 'The date the review is due by',
  meetingDate: 'The date of the meeting',
  invitationsSentOn: 'The date the invitations were sent',
  papersCirculatedOn: 'The date the reports and views were sent',
  heldOn: 'The date the meeting was held',
  reportSentOn: 'The date the report was sent',
  decisionOn: 'The date of the decision',
  amendmentProposedOn: 'The date the proposed changes were sent',
  amendedPlanIssuedOn: 'The date the amended plan was sent',
};

/** Dates of things already done: none may be after today. */
const DONE_FIELDS: ReviewDateField[] = ['invitationsSentOn', 'papersCirculatedOn', 'heldOn', 'reportSentOn', 'decisionOn', 'amendmentProposedOn', 'amendedPlanIssuedOn'];

/**
 * Checks a review's dates against each other and, when `today` is given, against today (see
 * ReviewDateProblem for errors and warnings). A field with an error has no further checks.
 */
export function validateReviewDates(input: ReviewDatesInput, today?: IsoDate): ReviewDateProblem[] {
  const problems: ReviewDateProblem[] = [];
  const dates: Partial<Record<ReviewDateField, IsoDate>> = {};
  const failed = new Set<ReviewDateField>();
  const error = (path: ReviewDateField, message: string) => {
    if (failed.has(path)) return;
    failed.add(path);
    problems.push({ path, message, severity: 'error' });
  };
  const warning = (path: ReviewDateField, message: string) => {
    if (!failed.has(path)) problems.push({ path, message, severity: 'warning' });
  };

  for (const field of Object.keys(DATE_NAMES) as ReviewDateField[]) {
    const value = input[field];
    if (value === undefined || value === null || value === '') continue;
    if (!isIsoDate(value)) error(field, `${DATE_NAMES[field]} must be a real date`);
    else dates[field] = value;
  }
  if (today !== undefined) {
    for (const field of DONE_FIELDS) {
      const value = dates[field];
      if (value !== undefined && value > today) error(field, `${DATE_NAMES[field]} must be today or in the past`);
    }
  }

  const { dueBy, meetingDate, invitationsSentOn, papersCirculatedOn, heldOn, reportSentOn, decisionOn, amendmentProposedOn, amendedPlanIssuedOn } = dates;
  const meetingDay = heldOn ?? meetingDate;
  const meetingWord = heldOn !== undefined ? 'the meeting was held' : 'the meeting';

  if (meetingDay !== undefined) {
    const noticeBy = addDays(meetingDay, -REVIEW_NOTICE_DAYS);
    if (invitationsSentOn !== undefined) {
      if (invitationsSentOn > meetingDay) error('invitationsSentOn', `The invitations must be sent before ${meetingWord}`);
      else if (invitationsSentOn > noticeBy) warning('invitationsSentOn', 'The invitations were sent less than 2 weeks before the meeting. Everyone must have at least 2 weeks’ notice');
    }
    if (papersCirculatedOn !== undefined) {
      if (papersCirculatedOn > meetingDay) error('papersCirculatedOn', `The reports and views must be sent before ${meetingWord}`);
      else if (papersCirculatedOn > noticeBy) warning('papersCirculatedOn', 'The reports and views were sent less than 2 weeks before the meeting. Everyone must have them at least 2 weeks before');
    }
  }
  if (dueBy !== undefined && meetingDay !== undefined && meetingDay > dueBy) {
    warning(heldOn !== undefined ? 'heldOn' : 'meetingDate', 'The meeting is after the date the review is due by');
  }

  if (reportSentOn !== undefined) {
    if (heldOn === undefined) error('reportSentOn', 'Record the meeting before the report');
    else if (reportSentOn < heldOn) error('reportSentOn', 'The report must be sent on or after the day of the meeting');
  }
  if (decisionOn !== undefined) {
    if (heldOn === undefined) error('decisionOn', 'Record the meeting before the decision');
    else if (decisionOn < heldOn) error('decisionOn', 'The decision must be on or after the day of the meeting');
  }
  if (amendmentProposedOn !== undefined) {
    if (decisionOn === undefined) error('amendmentProposedOn', 'Record the decision before the proposed changes');
    else if (amendmentProposedOn < decisionOn) error('amendmentProposedOn', 'The proposed changes must be sent on or after the day of the decision');
  }
  if (amendedPlanIssuedOn !== undefined) {
    if (amendmentProposedOn === undefined) error('amendedPlanIssuedOn', 'Record the proposed changes before the amended plan');
    else if (amendedPlanIssuedOn < amendmentProposedOn) error('amendedPlanIssuedOn', 'The amended plan must be sent after the proposed changes');
    else if (amendedPlanIssuedOn < addDays(amendmentProposedOn, AMENDMENT_COMMENT_DAYS)) {
      warning('amendedPlanIssuedOn', 'The amended plan was sent before the family’s 15 days to comment were over');
    }
  }
  return problems;
}
