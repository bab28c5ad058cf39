import { addDays, addMonths, daysBetween, type IsoDate } from './dates.js';

/**
 * The last day by which a plan must next be reviewed. CFA 2014 s44(1): within 12 months of the
 * plan being made, then within 12 months of each review; the period starts on that day, so the
 * last permitted day is the day before the anniversary.
 */
export function annualReviewDeadline(planMadeOrLastReviewed: IsoDate): IsoDate {
  return addDays(addMonths(planMadeOrLastReviewed, 12), -1);
}

/** Weeks before the deadline at which a review counts as "due soon" on caseload lists. */
export const REVIEW_DUE_SOON_DAYS = 56;

export type ReviewStatus = 'overdue' | 'due_soon' | 'scheduled' | 'not_applicable';

export function reviewStatus(deadline: IsoDate | null, today: IsoDate): ReviewStatus {
  if (!deadline) return 'not_applicable';
  const daysLeft = daysBetween(today, deadline);
  if (daysLeft < 0) return 'overdue';
  if (daysLeft <= REVIEW_DUE_SOON_DAYS) return 'due_soon';
  return 'scheduled';
}

export const REVIEW_STATUS_TAGS: Record<ReviewStatus, { text: string; classes: string } | null> = {
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  due_soon: { text: 'Due soon', classes: 'govuk-tag--yellow' },
  scheduled: { text: 'Scheduled', classes: 'govuk-tag--grey' },
  not_applicable: null,
};

/** The kinds of review (CFA 2014 s44; SEND Regs 2014 regs 18 and 20; CoP 9.166–9.185). */
export const REVIEW_KINDS = {
  annual: 'Annual review',
  phase_transfer: 'Phase transfer review',
  interim: 'Interim review',
} as const;
export type ReviewKind = keyof typeof REVIEW_KINDS;

/** Why an interim (early) review was called, in words a family reads. */
export const INTERIM_REVIEW_REASONS = {
  provision_concern: 'The support in the plan is not being delivered',
  exclusion_risk: 'The child is at risk of exclusion',
  placement_breakdown: 'The placement is at risk of breaking down',
  parent_request: 'The family asked for a review',
  setting_request: 'The school or setting asked for a review',
  la_request: 'The local authority called a review',
} as const;
export type InterimReviewReason = keyof typeof INTERIM_REVIEW_REASONS;

/** The steps of a review in order; a review is at the last one it has reached. */
export const REVIEW_STAGES = {
  scheduled: 'Meeting to arrange',
  invited: 'Invitations sent',
  held: 'Meeting held',
  report_sent: 'Report sent',
  decided: 'Decision made',
  amendment_proposed: 'Amendment proposed',
  closed: 'Finished',
  cancelled: 'Cancelled',
} as const;
export type ReviewStage = keyof typeof REVIEW_STAGES;
export const OPEN_REVIEW_STAGES = ['scheduled', 'invited', 'held', 'report_sent', 'decided', 'amendment_proposed'] as const satisfies readonly ReviewStage[];

/** Who takes part in a review (reg 20(2)–(3): the family, the setting, the LA, health, social care and anyone else). */
export const REVIEW_PARTICIPANT_ROLES = {
  parent: 'Parent or carer',
  young_person: 'Young person',
  setting: 'School or setting',
  la_officer: 'LA SEN officer',
  educational_psychologist: 'Educational psychologist',
  health: 'Health',
  social_care: 'Social care',
  other: 'Someone else',
} as const;
export type ReviewParticipantRole = keyof typeof REVIEW_PARTICIPANT_ROLES;

/** What is gathered before the meeting (reg 20(2)–(4)); each is a document on the child's record. */
export const REVIEW_CONTRIBUTION_KINDS = {
  parent_views: 'Views of the parent or carer',
  child_views: 'Views of the child or young person',
  setting_report: 'Report from the school or setting',
  professional_advice: 'Advice from a professional',
  other: 'Other information',
} as const;
export type ReviewContributionKind = keyof typeof REVIEW_CONTRIBUTION_KINDS;

/** Progress towards a section E outcome, rated at the meeting. */
export const REVIEW_PROGRESS_RATINGS = {
  1: 'No progress yet',
  2: 'Some progress',
  3: 'Good progress',
  4: 'Outcome achieved',
} as const;
export type ReviewProgressRating = keyof typeof REVIEW_PROGRESS_RATINGS;

/** The LA's decision after a review (reg 20(10); reg 22 for "amend"; s45 for "cease"). */
export const REVIEW_DECISIONS = {
  maintain: 'Keep the plan as it is',
  amend: 'Amend the plan',
  cease: 'Stop the plan',
} as const;
export type ReviewDecision = keyof typeof REVIEW_DECISIONS;
