import { addDays, addMonths, type IsoDate } from './dates.js';
import { formatDate } from './formatting.js';
import type { SchoolCalendar } from './school-calendar.js';

/**
 * Targeted attendance at reviews. The LA cannot send an educational psychologist or an LA officer
 * to every review, so it sends them where a review is most likely to need them: each upcoming
 * review gets a risk score from what is known about the child, with the reasons, and a greedy
 * plan proposes who attends which review this term within each officer's capacity.
 *
 * Not statutory: CFA 2014 s44 and SEND Regs 2014 reg 20(2) require the LA to be invited, not to
 * attend. The weights are the LA's own choice (review_policy), with these defaults.
 */
export interface TargetingWeights {
  /** Points for each open provision concern, up to COUNTED_AT_MOST. */
  openConcern: number;
  /** Points when the child is not in full-time education (part-time timetable or no setting). */
  reducedEducation: number;
  /** Points for each exclusion, up to COUNTED_AT_MOST. */
  exclusion: number;
  /** Points for a phase-transfer review (the move to the next school is decided by it). */
  phaseTransfer: number;
  /** Points when an interim review is open because the placement is at risk of breaking down. */
  placementAtRisk: number;
  /** Points when no LA officer or EP has attended the child's reviews within `recentAttendanceMonths` (or ever). */
  noRecentAttendance: number;
  recentAttendanceMonths: number;
  /** A review scoring this or more is high risk. */
  highRiskScore: number;
}

export const DEFAULT_TARGETING_WEIGHTS: TargetingWeights = {
  openConcern: 15,
  reducedEducation: 20,
  exclusion: 15,
  phaseTransfer: 20,
  placementAtRisk: 30,
  noRecentAttendance: 15,
  recentAttendanceMonths: 24,
  highRiskScore: 40,
};

/** Concerns and exclusions counted at most this many times: the fourth adds nothing the third did not say. */
const COUNTED_AT_MOST = 3;

/** What is known about the child whose review it is. */
export interface RiskInput {
  openConcerns: number;
  /** The child's current education is not full-time (domain/full-time.ts: a part-time timetable or no setting). */
  reducedEducation: boolean;
  /**
   * Exclusions this school year. None are recorded yet (issue 14 adds them): callers pass 0 until
   * then, and the factor is ready when they arrive.
   */
  exclusions: number;
  /** The review is a phase-transfer review. */
  phaseTransfer: boolean;
  /** An interim review is open for the child with the reason placement_breakdown. */
  placementAtRisk: boolean;
  /** The last review an LA officer or EP attended (review_participant.attended), or null for never. */
  lastLaAttendanceOn: IsoDate | null;
}

type RiskFactor = 'open_concerns' | 'reduced_education' | 'exclusions' | 'phase_transfer' | 'placement_at_risk' | 'no_recent_attendance';

interface RiskReason {
  factor: RiskFactor;
  /** Why, in words a manager reads: "2 open provision concerns". */
  text: string;
  points: number;
}

export interface RiskScore {
  score: number;
  /** Every factor that added points, most points first. */
  reasons: RiskReason[];
  highRisk: boolean;
}

function plural(count: number, one: string, many: string): string {
  return `${String(count)} ${count === 1 ? one : many}`;
}

/** The review's score: the sum of the weights of the factors present, with the reasons. */
export function riskScore(input: RiskInput, weights: TargetingWeights, today: IsoDate): RiskScore {
  const reasons: RiskReason[] = [];
  const add = (factor: RiskFactor, text: string, points: number) => {
    if (points > 0) reasons.push({ factor, text, points });
  };
  const concerns = Math.min(Math.max(0, input.openConcerns), COUNTED_AT_MOST);
  if (concerns > 0) add('open_concerns', plural(input.openConcerns, 'open provision concern', 'open provision concerns'), concerns * weights.openConcern);
  if (input.reducedEducation) add('reduced_education', 'Not in full-time education', weights.reducedEducation);
  const exclusions = Math.min(Math.max(0, input.exclusions), COUNTED_AT_MOST);
  if (exclusions > 0) add('exclusions', plural(input.exclusions, 'exclusion this school year', 'exclusions this school year'), exclusions * weights.exclusion);
  if (input.phaseTransfer) add('phase_transfer', 'Moving to a new phase of education', weights.phaseTransfer);
  if (input.placementAtRisk) add('placement_at_risk', 'The placement is at risk of breaking down', weights.placementAtRisk);
  if (input.lastLaAttendanceOn === null) add('no_recent_attendance', 'No LA officer or educational psychologist has been to a review', weights.noRecentAttendance);
  else if (addMonths(input.lastLaAttendanceOn, weights.recentAttendanceMonths) < today) {
    add('no_recent_attendance', `No LA officer or educational psychologist at a review since ${formatDate(input.lastLaAttendanceOn)}`, weights.noRecentAttendance);
  }
  const order: RiskFactor[] = ['placement_at_risk', 'exclusions', 'open_concerns', 'reduced_education', 'phase_transfer', 'no_recent_attendance'];
  reasons.sort((a, b) => b.points - a.points || order.indexOf(a.factor) - order.indexOf(b.factor));
  const score = reasons.reduce((sum, reason) => sum + reason.points, 0);
  return { score, reasons, highRisk: score >= weights.highRiskScore };
}

/** A review to plan for: its score, when it is, and the officer already confirmed for it, if any. */
export interface ReviewToCover {
  reviewId: string;
  score: number;
  highRisk: boolean;
  /** The meeting date, or the date it is due by when no meeting is arranged yet. */
  date: IsoDate;
  /** An LA officer or EP already confirmed to attend (a review_participant). */
  confirmedUserId: string | null;
}

export interface OfficerCapacity {
  userId: string;
  name: string;
  /** Reviews this officer can attend in the term. */
  capacity: number;
}

interface OfficerPlan {
  userId: string;
  name: string;
  capacity: number;
  confirmed: string[];
  proposed: string[];
}

export interface AttendancePlan {
  /** Per officer, in the order given: the reviews confirmed and those proposed. */
  officers: OfficerPlan[];
  /** Review id → who attends, and whether that is confirmed or only proposed. */
  byReview: Map<string, { userId: string; confirmed: boolean }>;
  /** High-risk reviews nobody is confirmed or proposed for, highest score first. */
  uncoveredHighRisk: string[];
}

/** Highest score first; then the earlier review; then by id, so the same input gives the same plan. */
function byPriority(a: ReviewToCover, b: ReviewToCover): number {
  return b.score - a.score || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || (a.reviewId < b.reviewId ? -1 : a.reviewId > b.reviewId ? 1 : 0);
}

/**
 * Proposes who attends which review, greedily and deterministically: confirmed attendances are
 * taken as they are and use up their officer's capacity; then each review with any risk, highest
 * score first, goes to the officer with the most capacity left (ties: by name, then id). Nobody is
 * proposed beyond their capacity, and a review scoring nothing is not proposed. The high-risk
 * reviews left over are named, so the manager knows what the capacity could not cover.
 */
export function planAttendance(reviews: readonly ReviewToCover[], officers: readonly OfficerCapacity[]): AttendancePlan {
  const plans = officers.map((officer): OfficerPlan => ({ userId: officer.userId, name: officer.name, capacity: Math.max(0, officer.capacity), confirmed: [], proposed: [] }));
  const planOf = new Map(plans.map((plan) => [plan.userId, plan]));
  const byReview = new Map<string, { userId: string; confirmed: boolean }>();
  const ordered = [...reviews].sort(byPriority);
  for (const review of ordered) {
    if (review.confirmedUserId === null) continue;
    byReview.set(review.reviewId, { userId: review.confirmedUserId, confirmed: true });
    planOf.get(review.confirmedUserId)?.confirmed.push(review.reviewId);
  }
  const left = (plan: OfficerPlan) => plan.capacity - plan.confirmed.length - plan.proposed.length;
  for (const review of ordered) {
    if (review.confirmedUserId !== null || review.score <= 0) continue;
    let best: OfficerPlan | undefined;
    for (const plan of plans) {
      if (left(plan) <= 0) continue;
      if (!best || left(plan) > left(best) || (left(plan) === left(best) && (plan.name < best.name || (plan.name === best.name && plan.userId < best.userId)))) best = plan;
    }
    if (!best) continue;
    best.proposed.push(review.reviewId);
    byReview.set(review.reviewId, { userId: best.userId, confirmed: false });
  }
  const uncoveredHighRisk = ordered.filter((review) => review.highRisk && !byReview.has(review.reviewId)).map((review) => review.reviewId);
  return { officers: plans, byReview, uncoveredHighRisk };
}

export interface PlanningTerm {
  name: string;
  start: IsoDate;
  end: IsoDate;
}

/** Weeks planned for when the LA's calendar has no term ahead. */
const FALLBACK_PLANNING_WEEKS = 12;

/**
 * The term attendance is planned for: the one today is in, else the next to start (in a holiday,
 * the coming term), else, past the end of the LA's calendar, the next twelve weeks.
 */
export function planningTerm(calendar: SchoolCalendar, today: IsoDate): PlanningTerm {
  const terms = [...calendar.terms].sort((a, b) => (a.start < b.start ? -1 : 1));
  const term = terms.find((candidate) => candidate.start <= today && today <= candidate.end) ?? terms.find((candidate) => candidate.start > today);
  if (term) return { name: term.name, start: term.start, end: term.end };
  return { name: `The next ${String(FALLBACK_PLANNING_WEEKS)} weeks`, start: today, end: addDays(today, FALLBACK_PLANNING_WEEKS * 7 - 1) };
}
