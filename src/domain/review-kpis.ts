/**
 * Key figures of an LA's EHC plan reviews for a school year, defined as DfE's annual-reviews
 * statistics define them where DfE has the figure ("Education, health and care plans",
 * annual_reviews.csv): a review meeting recorded, the outcome (maintain, amend, cease), and the
 * outcome "communicated within 4 weeks" of the meeting (SEND Regs 2014 reg 20(10)), as a share of
 * the outcomes recorded. DfE counts a calendar year; these count a school year.
 *
 * Each review and each plan falls in exactly one row of each table, so every table adds up to
 * its total. `classify*` are the rules for one row; the repository counts the same rules in SQL
 * (src/modules/reports/review-kpis-repository.ts) and `countReviewKpis` is the reference the
 * integration test holds the SQL to.
 */
import { addDays, type IsoDate } from './dates.js';
import { REVIEW_DECISION_DAYS, phaseTransferAmendmentDeadline, phaseTransferOf, PHASE_TRANSFERS, type PhaseTransfer } from './review-clock.js';

/** A school year: 1 September to 31 August. */
export interface SchoolYear {
  startYear: number;
  start: IsoDate;
  end: IsoDate;
  /** "2026 to 2027" (GOV.UK style for a school year). */
  label: string;
}

export function schoolYearStarting(startYear: number): SchoolYear {
  return { startYear, start: `${String(startYear)}-09-01`, end: `${String(startYear + 1)}-08-31`, label: `${String(startYear)} to ${String(startYear + 1)}` };
}

export function schoolYearOf(day: IsoDate): SchoolYear {
  const year = Number(day.slice(0, 4));
  return schoolYearStarting(day.slice(5) >= '09-01' ? year : year - 1);
}

const within = (day: IsoDate | null, year: SchoolYear): day is IsoDate => day !== null && day >= year.start && day <= year.end;

/** The rows of the "reviews due" table: the kind of review, or a plan due a review that has none arranged. */
export const DUE_ROWS = {
  annual: 'Annual reviews',
  phase_transfer: 'Phase transfer reviews',
  interim: 'Interim reviews',
  not_arranged: 'Plans due a review with none arranged',
} as const;
export type DueRow = keyof typeof DUE_ROWS;

/** The columns of the "reviews due" table: what happened to a review due in the year. */
export const DUE_COLUMNS = {
  heldOnTime: 'Held on time',
  heldLate: 'Held late',
  overdue: 'Not held, overdue',
  notYetDue: 'Not held, not yet due',
} as const;
export type DueOutcome = keyof typeof DUE_COLUMNS;

/**
 * A review due in the year (its last day, `due_by`, falls in it): held on or before that day is
 * on time (CFA 2014 s44(1)); held after it is late; not held is overdue once the day has passed.
 */
export function classifyDue(dueBy: IsoDate, heldOn: IsoDate | null, today: IsoDate): DueOutcome {
  if (heldOn !== null) return heldOn <= dueBy ? 'heldOnTime' : 'heldLate';
  return dueBy < today ? 'overdue' : 'notYetDue';
}

/** When the LA decided, counted from the meeting (reg 20(10): within 4 weeks). */
export const DECISION_TIMES = {
  within4Weeks: 'Decided within 4 weeks',
  after4Weeks: 'Decided after 4 weeks',
  waitingInTime: 'Not decided yet, still within 4 weeks',
  waitingLate: 'Not decided yet, more than 4 weeks',
} as const;
export type DecisionTime = keyof typeof DECISION_TIMES;

export function classifyDecisionTime(heldOn: IsoDate, decisionOn: IsoDate | null, today: IsoDate): DecisionTime {
  const lastDay = addDays(heldOn, REVIEW_DECISION_DAYS);
  if (decisionOn !== null) return decisionOn <= lastDay ? 'within4Weeks' : 'after4Weeks';
  return today <= lastDay ? 'waitingInTime' : 'waitingLate';
}

/** The LA's decision after the meeting (DfE: outcome maintain, amend, cease, or none recorded). */
export const OUTCOMES = {
  maintain: 'Keep the plan as it is',
  amend: 'Amend the plan',
  cease: 'Stop the plan',
  none: 'No decision yet',
} as const;
export type Outcome = keyof typeof OUTCOMES;

export function classifyOutcome(decision: string | null): Outcome {
  return decision === 'maintain' || decision === 'amend' || decision === 'cease' ? decision : 'none';
}

/** Who from the LA's side was at the meeting: an educational psychologist, an LA SEN officer (review_participant, attended). */
export const ATTENDANCE = {
  both: 'An educational psychologist and an LA officer',
  epOnly: 'An educational psychologist, no LA officer',
  officerOnly: 'An LA officer, no educational psychologist',
  neither: 'Neither',
} as const;
export type Attendance = keyof typeof ATTENDANCE;

export function classifyAttendance(epAttended: boolean, officerAttended: boolean): Attendance {
  if (epAttended) return officerAttended ? 'both' : 'epOnly';
  return officerAttended ? 'officerOnly' : 'neither';
}

/** What happened by a phase-transfer deadline (SEND Regs 2014 reg 18). */
export const TRANSFER_COLUMNS = {
  onTime: 'Finalised by the deadline',
  late: 'Finalised late',
  overdue: 'Not finalised, deadline passed',
  notYetDue: 'Not finalised, deadline to come',
} as const;
export type TransferOutcome = keyof typeof TRANSFER_COLUMNS;

/**
 * The day a phase-transfer review was finalised: the amended plan issued after a decision to
 * amend, else the day of the decision (the plan kept, or stopped) — as the clock's phase_transfer step.
 */
export function transferFinalisedOn(decision: string | null, decisionOn: IsoDate | null, amendedPlanIssuedOn: IsoDate | null): IsoDate | null {
  if (decision === 'amend') return amendedPlanIssuedOn;
  return decision !== null ? decisionOn : null;
}

export function classifyTransfer(deadline: IsoDate, finalisedOn: IsoDate | null, today: IsoDate): TransferOutcome {
  if (finalisedOn !== null) return finalisedOn <= deadline ? 'onTime' : 'late';
  return deadline < today ? 'overdue' : 'notYetDue';
}

/** One-line definitions, shown on the page beside each table. */
export const REVIEW_KPI_DEFINITIONS = {
  due: 'Reviews whose last permitted day falls in the school year (12 months from the plan or the last review, CFA 2014 s44(1); the date set for an interim review), and plans in force due a review in the year with none arranged. On time means the meeting was held by that day.',
  decisions:
    'Review meetings held in the school year, by when the local authority decided to keep, amend or stop the plan: within 4 weeks of the meeting is on time (SEND Regulations 2014 reg 20(10)). DfE’s figure is the share of decisions made within 4 weeks.',
  outcomes: 'Review meetings held in the school year, by the decision that followed. DfE counts the same for meetings in a calendar year.',
  attendance: 'Review meetings held in the school year, by whether an educational psychologist or an LA SEN officer was recorded as attending.',
  transfers:
    'Phase transfer reviews whose deadline falls in the school year: the plan amended (or kept, or stopped) before 15 February of the year of the move, before 31 March for a move from school to post-16, 5 months before a move between post-16 institutions (SEND Regulations 2014 reg 18).',
} as const;

/** Counts behind the tables; the repository returns this shape from SQL. */
export interface ReviewKpiCounts {
  due: Record<DueRow, Record<DueOutcome, number>>;
  /** Meetings held in the year by outcome and by when decided: every cell, so both tables come from it. */
  decided: Record<Outcome, Record<DecisionTime, number>>;
  attendance: Record<Attendance, number>;
  transfers: Record<PhaseTransfer, Record<TransferOutcome, number>>;
}

const zeroes = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
const keysOf = <T extends object>(record: T) => Object.keys(record) as (keyof T & string)[];

export function emptyReviewKpiCounts(): ReviewKpiCounts {
  const table = <R extends string, C extends string>(rows: readonly R[], columns: readonly C[]) => Object.fromEntries(rows.map((row) => [row, zeroes(columns)])) as Record<R, Record<C, number>>;
  return {
    due: table(keysOf(DUE_ROWS), keysOf(DUE_COLUMNS)),
    decided: table(keysOf(OUTCOMES), keysOf(DECISION_TIMES)),
    attendance: zeroes(keysOf(ATTENDANCE)),
    transfers: table(keysOf(PHASE_TRANSFERS), keysOf(TRANSFER_COLUMNS)),
  };
}

/** A review row as the reference count reads it (the review table, plus attendance from review_participant). */
export interface KpiReview {
  planId: string;
  kind: string;
  stage: string;
  dueBy: IsoDate;
  heldOn: IsoDate | null;
  decision: string | null;
  decisionOn: IsoDate | null;
  amendedPlanIssuedOn: IsoDate | null;
  transferTo: string | null;
  transferDate: IsoDate | null;
  epAttended: boolean;
  officerAttended: boolean;
}

/** A plan row: in force (`active`) and when its next review is due. */
export interface KpiPlan {
  id: string;
  status: string;
  nextReviewDue: IsoDate | null;
}

/**
 * The reference count: each rule applied row by row. Cancelled reviews count nowhere. A plan
 * counts as "none arranged" when it is in force, its next review is due in the year, and no
 * annual or phase-transfer review of it (not cancelled) is due in the year.
 */
export function countReviewKpis(reviews: readonly KpiReview[], plans: readonly KpiPlan[], year: SchoolYear, today: IsoDate): ReviewKpiCounts {
  const counts = emptyReviewKpiCounts();
  const live = reviews.filter((review) => review.stage !== 'cancelled');
  const arranged = new Set(live.filter((review) => review.kind !== 'interim' && within(review.dueBy, year)).map((review) => review.planId));
  for (const review of live) {
    if (within(review.dueBy, year)) {
      const row: DueRow = review.kind === 'phase_transfer' || review.kind === 'interim' ? review.kind : 'annual';
      counts.due[row][classifyDue(review.dueBy, review.heldOn, today)] += 1;
    }
    if (within(review.heldOn, year)) {
      counts.decided[classifyOutcome(review.decision)][classifyDecisionTime(review.heldOn, review.decisionOn, today)] += 1;
      counts.attendance[classifyAttendance(review.epAttended, review.officerAttended)] += 1;
    }
    const transfer = review.kind === 'phase_transfer' ? phaseTransferOf(review.transferTo) : null;
    if (transfer !== null && review.transferDate !== null) {
      const deadline = phaseTransferAmendmentDeadline(transfer, review.transferDate);
      if (within(deadline, year)) counts.transfers[transfer][classifyTransfer(deadline, transferFinalisedOn(review.decision, review.decisionOn, review.amendedPlanIssuedOn), today)] += 1;
    }
  }
  for (const plan of plans) {
    if (plan.status === 'active' && within(plan.nextReviewDue, year) && !arranged.has(plan.id)) {
      counts.due.not_arranged[classifyDue(plan.nextReviewDue, null, today)] += 1;
    }
  }
  return counts;
}

const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);

/** A share in tenths of a percent, or null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

/** The headline figures the tables lead to. */
export function reviewKpiHeadlines(counts: ReviewKpiCounts) {
  const dueRows = Object.values(counts.due);
  const due = sum(dueRows.map((row) => sum(Object.values(row))));
  const notYetDue = sum(dueRows.map((row) => row.notYetDue));
  const heldOnTime = sum(dueRows.map((row) => row.heldOnTime));
  const decidedRows = Object.values(counts.decided);
  const held = sum(decidedRows.map((row) => sum(Object.values(row))));
  const within4Weeks = sum(decidedRows.map((row) => row.within4Weeks));
  const after4Weeks = sum(decidedRows.map((row) => row.after4Weeks));
  const transferRows = Object.values(counts.transfers);
  const transfersPassed = sum(transferRows.map((row) => row.onTime + row.late + row.overdue));
  return {
    due,
    /** Of the reviews whose last day has come, the share held by it. */
    heldOnTimePercent: percent(heldOnTime, due - notYetDue),
    held,
    /** DfE's definition: of the decisions made, the share made within 4 weeks of the meeting. */
    decidedWithin4WeeksPercent: percent(within4Weeks, within4Weeks + after4Weeks),
    decidedWithin4Weeks: within4Weeks,
    /** Of the meetings held, the share with an educational psychologist or an LA officer there. */
    epOrOfficerPercent: percent(held - counts.attendance.neither, held),
    /** Of the phase-transfer deadlines that have passed, the share met. */
    transfersOnTimePercent: percent(sum(transferRows.map((row) => row.onTime)), transfersPassed),
  };
}

/**
 * England's figures for the same definitions, read from DfE "Education, health and care plans"
 * (2025 release), annual_reviews.csv, the national row for time_period 2024 (calendar year),
 * breakdown "All annual reviews". Open Government Licence v3.0. The application does not read the
 * statistics at run time; test/unit/domain/review-kpis.test.ts checks these against the file
 * where ../shared/data has it.
 */
export const NATIONAL_REVIEW_FIGURES = {
  period: 'calendar year 2024',
  source: 'DfE, Education, health and care plans (2025), annual reviews',
  /** total_review_meeting */
  meetings: 453_761,
  outcomes: {
    /** outcome_maintan */
    maintain: 135_264,
    /** outcome_amend */
    amend: 219_538,
    /** outcome_cease */
    cease: 4_087,
    /** no_outcome */
    none: 94_872,
  } satisfies Record<Outcome, number>,
  /** number_decsion_4weeks */
  decidedWithin4Weeks: 154_924,
  /** number_decision_gt_4weeks */
  decidedAfter4Weeks: 193_835,
  /** pc_decsion_4weeks */
  decidedWithin4WeeksPercent: 44.4,
} as const;
