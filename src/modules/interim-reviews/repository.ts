import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { appUser, ehcPlan, review } from '../../db/schema/index.js';
import { OPEN_REVIEW_STAGES } from '../../domain/reviews.js';

/** The child's most recently ended plan, when they have no plan in force: what a refusal names. */
export async function findCeasedPlan(db: Database, laId: string, childId: string) {
  const [row] = await db
    .select({ id: ehcPlan.id, ceasedDate: ehcPlan.ceasedDate })
    .from(ehcPlan)
    .where(and(eq(ehcPlan.laId, laId), eq(ehcPlan.childId, childId), eq(ehcPlan.status, 'ceased')))
    .orderBy(desc(ehcPlan.ceasedDate))
    .limit(1);
  return row;
}

const interimColumns = {
  id: review.id,
  childId: review.childId,
  planId: review.planId,
  reason: review.reason,
  reasonDetail: review.reasonDetail,
  concernId: review.concernId,
  dueBy: review.dueBy,
  stage: review.stage,
  meetingDate: review.meetingDate,
  createdAt: review.createdAt,
  createdBy: review.createdBy,
  calledByName: appUser.displayName,
  calledByRole: appUser.role,
};

/** The child's open interim reviews, soonest due first. */
export async function findOpenInterimReviews(db: Database, laId: string, childId: string) {
  return db
    .select(interimColumns)
    .from(review)
    .leftJoin(appUser, eq(appUser.id, review.createdBy))
    .where(and(eq(review.laId, laId), eq(review.childId, childId), eq(review.kind, 'interim'), inArray(review.stage, [...OPEN_REVIEW_STAGES])))
    .orderBy(review.dueBy, review.id);
}

export type InterimReviewRow = Awaited<ReturnType<typeof findOpenInterimReviews>>[number];

/** One interim review of this child, or undefined (another child's, or not an interim review). */
export async function findInterimReview(db: Database, laId: string, childId: string, reviewId: string): Promise<InterimReviewRow | undefined> {
  const [row] = await db
    .select(interimColumns)
    .from(review)
    .leftJoin(appUser, eq(appUser.id, review.createdBy))
    .where(and(eq(review.laId, laId), eq(review.childId, childId), eq(review.id, reviewId), eq(review.kind, 'interim')));
  return row;
}
