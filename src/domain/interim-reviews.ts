import type { Role } from '../auth/roles.js';
import { addDays, type IsoDate } from './dates.js';
import type { InterimReviewReason } from './reviews.js';

/**
 * Interim (early) reviews. The LA may review a plan at any time, not only within 12 months of the
 * last review (CFA 2014 s44(1) sets the longest gap, not the shortest; SEND Code of Practice
 * 9.170 and 9.176: an early review where a child is at risk of exclusion or a placement is at risk
 * of breaking down, and on request). Called by the LA, asked for by the family or the setting; the
 * reason is recorded on the review and the same review workflow runs it.
 */

/** Weeks from the call to the day the meeting must be held by, when the LA has not set its own (review_policy). */
export const DEFAULT_INTERIM_DUE_WEEKS = 4;

/** The day an interim review must be held by: the LA's number of weeks after it was called. */
export function interimReviewDueBy(calledOn: IsoDate, dueWeeks: number): IsoDate {
  return addDays(calledOn, dueWeeks * 7);
}

/**
 * The reasons each caller may give. A family asks (parent_request); a school says what is wrong or
 * simply asks; the LA calls for any reason, including a family's or school's request by phone.
 */
export function reasonsFor(role: Role): InterimReviewReason[] {
  switch (role) {
    case 'parent':
    case 'young_person':
      return ['parent_request'];
    case 'school_senco':
      return ['exclusion_risk', 'placement_breakdown', 'setting_request'];
    case 'sen_caseworker':
    case 'sen_team_manager':
      return ['provision_concern', 'exclusion_risk', 'placement_breakdown', 'parent_request', 'setting_request', 'la_request'];
    default:
      return [];
  }
}

/** The reason's radio label for someone choosing it: a school's "something else" reads as its own request. */
export const REASON_CHOICE_TEXT: Record<InterimReviewReason, string> = {
  provision_concern: 'The support in the plan is not being delivered',
  exclusion_risk: 'The child is at risk of exclusion',
  placement_breakdown: 'The placement is at risk of breaking down',
  parent_request: 'The family asked for a review',
  setting_request: 'The school or setting asked for a review',
  la_request: 'Another reason the local authority has',
};
