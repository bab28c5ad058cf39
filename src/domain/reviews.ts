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
