import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { reviewPolicy } from '../../db/schema/index.js';
import { DEFAULT_INTERIM_DUE_WEEKS } from '../../domain/interim-reviews.js';
import { DEFAULT_TARGETING_WEIGHTS, type TargetingWeights } from '../../domain/review-targeting.js';

/** What the LA has set for its reviews: the interim review's weeks and the targeting weights. */
export interface ReviewPolicy extends TargetingWeights {
  interimDueWeeks: number;
}

export const DEFAULT_REVIEW_POLICY: ReviewPolicy = { interimDueWeeks: DEFAULT_INTERIM_DUE_WEEKS, ...DEFAULT_TARGETING_WEIGHTS };

/** The policy with the version the settings form saves over (0: the LA has not saved its own yet). */
export async function loadReviewPolicyForEdit(db: Database, laId: string, forUpdate = false) {
  const query = db.select().from(reviewPolicy).where(eq(reviewPolicy.laId, laId));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) return { policy: DEFAULT_REVIEW_POLICY, version: 0, row: undefined };
  const policy: ReviewPolicy = {
    interimDueWeeks: row.interimDueWeeks,
    openConcern: row.weightOpenConcern,
    reducedEducation: row.weightReducedEducation,
    exclusion: row.weightExclusion,
    phaseTransfer: row.weightPhaseTransfer,
    placementAtRisk: row.weightPlacementAtRisk,
    noRecentAttendance: row.weightNoRecentAttendance,
    recentAttendanceMonths: row.recentAttendanceMonths,
    highRiskScore: row.highRiskScore,
  };
  return { policy, version: row.version, row };
}

export async function loadReviewPolicy(db: Database, laId: string): Promise<ReviewPolicy> {
  return (await loadReviewPolicyForEdit(db, laId)).policy;
}

/** The policy as table columns, for a save. */
export function reviewPolicyColumns(policy: ReviewPolicy) {
  return {
    interimDueWeeks: policy.interimDueWeeks,
    weightOpenConcern: policy.openConcern,
    weightReducedEducation: policy.reducedEducation,
    weightExclusion: policy.exclusion,
    weightPhaseTransfer: policy.phaseTransfer,
    weightPlacementAtRisk: policy.placementAtRisk,
    weightNoRecentAttendance: policy.noRecentAttendance,
    recentAttendanceMonths: policy.recentAttendanceMonths,
    highRiskScore: policy.highRiskScore,
  };
}
