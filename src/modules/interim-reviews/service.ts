import { and, eq } from 'drizzle-orm';
import { isUuid } from '../../auth/child-access.js';
import { isFamilyRole } from '../../auth/roles.js';
import type { Database } from '../../db/client.js';
import { review, task } from '../../db/schema/index.js';
import type { IsoDate } from '../../domain/dates.js';
import { formatDate } from '../../domain/formatting.js';
import { interimReviewDueBy, reasonsFor } from '../../domain/interim-reviews.js';
import { interimReviewCalled, taskAssigned } from '../../domain/notification-texts.js';
import { INTERIM_REVIEW_REASONS, type InterimReviewReason } from '../../domain/reviews.js';
import type { Actor } from '../../http/actor.js';
import { NotFoundError, ValidationError } from '../../http/errors.js';
import { paths } from '../../http/paths.js';
import { recordAudit } from '../audit/repository.js';
import type { ChildSummary } from '../children/repository.js';
import { findChildInScope, openChildRecord } from '../children/service.js';
import { findFamilyAccounts, findYoungPersonAccounts } from '../messages/repository.js';
import { queueNotifications, type NewNotification } from '../notifications/outbox.js';
import { loadReviewPolicy } from '../review-targeting/policy.js';
import { addTimelineEntries } from '../timeline/repository.js';
import * as repository from './repository.js';
import type { InterimReviewInput } from './schemas.js';

/** The form: the child (an audited read), the reasons this person may give, and what is already open. */
export async function loadCallForm(db: Database, actor: Actor, childId: string) {
  const summary = await openChildRecord(db, actor, childId);
  const open = await repository.findOpenInterimReviews(db, actor.principal.laId, childId);
  return { summary, reasons: reasonsFor(actor.principal.role), open };
}

/** One interim review of the child, for anyone who may open the child's record; another child's is not found. */
export async function loadInterimReview(db: Database, actor: Actor, childId: string, reviewId: string) {
  const summary = await openChildRecord(db, actor, childId);
  if (!isUuid(reviewId)) throw new NotFoundError();
  const row = await repository.findInterimReview(db, actor.principal.laId, childId, reviewId);
  if (!row) throw new NotFoundError();
  return { summary, review: row };
}

/**
 * The plan in force, or a refusal naming why there is none: a review is of a plan (CFA 2014 s44),
 * so a child whose plan has ceased has nothing to review.
 */
export async function planToReview(db: Database, laId: string, summary: ChildSummary, errorPath: string): Promise<string> {
  if (summary.plan?.id) return summary.plan.id;
  const ceased = await repository.findCeasedPlan(db, laId, summary.child.id);
  const message = ceased
    ? `This child’s EHC plan ended${ceased.ceasedDate ? ` on ${formatDate(ceased.ceasedDate)}` : ''}: there is no plan to review`
    : 'This child has no EHC plan in force: there is no plan to review';
  throw new ValidationError([{ path: errorPath, message }]);
}

/**
 * Calls an interim review (the LA), or asks for an early one (the family, the school). The reason
 * must be one this person may give (a family's is always their own request); the child must have
 * a plan in force. One interim review per reason is open at a time: a second is refused, naming
 * the first. Audited (CALL_INTERIM_REVIEW) with the review, its timeline entry, the caseworker's
 * task and the family's notification, in one transaction.
 */
export async function callInterimReview(db: Database, actor: Actor, childId: string, input: InterimReviewInput): Promise<string> {
  const { principal } = actor;
  // A change: its own event names the child, so the record is not opened (audited) too.
  const summary = await findChildInScope(db, actor, childId);
  const allowed = reasonsFor(principal.role);
  const reason = allowed.length === 1 ? allowed[0] : allowed.find((candidate) => candidate === input.reason);
  if (!reason) throw new ValidationError([{ path: 'reason', message: 'Select why the review is needed' }]);
  const planId = await planToReview(db, principal.laId, summary, allowed.length === 1 ? 'detail' : 'reason');
  const policy = await loadReviewPolicy(db, principal.laId);
  return db.transaction((tx) =>
    createInterimReview(tx, actor, {
      summary,
      planId,
      reason,
      detail: input.detail,
      concernId: null,
      dueBy: interimReviewDueBy(actor.clock.today(), policy.interimDueWeeks),
      errorPath: allowed.length === 1 ? 'detail' : 'reason',
    }),
  );
}

export interface NewInterimReview {
  summary: ChildSummary;
  planId: string;
  reason: InterimReviewReason;
  detail: string;
  /** The provision concern that called it. */
  concernId: string | null;
  dueBy: IsoDate;
  /** The form field a refusal points at. */
  errorPath: string;
}

/**
 * Writes an interim review, in the caller's transaction, at stage 'scheduled' for the review
 * workflow to run: its audit event (the route's), a timeline entry the family and everyone
 * working with the child read, a task for the child's caseworker to arrange it, and a
 * notification to the family. The provision concerns module calls it when a concern calls an
 * early review, so the concern's step and the review commit together.
 */
export async function createInterimReview(tx: Database, actor: Actor, params: NewInterimReview): Promise<string> {
  const { principal } = actor;
  const { summary, reason } = params;
  const childId = summary.child.id;
  const [created] = await tx
    .insert(review)
    .values({
      laId: principal.laId,
      planId: params.planId,
      childId,
      kind: 'interim',
      reason,
      reasonDetail: params.detail,
      concernId: params.concernId,
      settingId: summary.setting?.id ?? null,
      dueBy: params.dueBy,
      stage: 'scheduled',
      createdBy: principal.userId,
      updatedBy: principal.userId,
    })
    // One open per child and reason (review_one_open_interim_per_reason): a second is refused below.
    .onConflictDoNothing()
    .returning({ id: review.id });
  if (!created) {
    const open = (await repository.findOpenInterimReviews(tx, principal.laId, childId)).find((row) => row.reason === reason);
    const when = open ? ` on ${formatDate(open.createdAt)}, to be held by ${formatDate(open.dueBy)}` : '';
    const message = isFamilyRole(principal.role) ? `You have already asked for an early review${when}` : `An early review for this reason is already open${when}`;
    throw new ValidationError([{ path: params.errorPath, message }]);
  }
  const reviewId = created.id;
  await recordAudit(tx, actor, {
    subjectType: 'review',
    subjectId: reviewId,
    childId,
    change: { kind: 'interim', reason, detail: params.detail, concernId: params.concernId, dueBy: params.dueBy },
  });
  await addTimelineEntries(tx, [
    {
      laId: principal.laId,
      childId,
      occurredAt: actor.clock.now(),
      kind: 'review',
      title: `Early review of the plan: ${INTERIM_REVIEW_REASONS[reason]} (to be held by ${formatDate(params.dueBy)})`,
      body: params.detail,
      audience: 'family',
      authorUserId: principal.userId,
      authorRole: principal.role,
      sourceType: 'review',
      sourceId: reviewId,
    },
  ]);
  const notifications: NewNotification[] = [];
  const caseworkerId = summary.child.caseworkerId;
  if (caseworkerId) {
    await tx.insert(task).values({
      laId: principal.laId,
      childId,
      title: `Arrange the early review for ${summary.child.forename}: ${INTERIM_REVIEW_REASONS[reason].toLowerCase()} (by ${formatDate(params.dueBy)})`.slice(0, 200),
      ownerUserId: caseworkerId,
      teamId: summary.child.teamId,
      dueOn: params.dueBy,
      sourceType: 'interim_review',
      sourceId: reviewId,
      createdBy: principal.userId,
    });
    if (caseworkerId !== principal.userId) notifications.push({ laId: principal.laId, userId: caseworkerId, ...taskAssigned({ child: null, dueOn: params.dueBy }) });
  }
  const family = [...(await findFamilyAccounts(tx, principal.laId, childId)), ...(await findYoungPersonAccounts(tx, principal.laId, childId))];
  const text = interimReviewCalled({ childId, reviewId, dueBy: params.dueBy, askedByFamily: isFamilyRole(principal.role) });
  for (const member of new Map(family.map((row) => [row.userId, row])).values()) {
    if (member.userId === principal.userId) continue;
    notifications.push({ laId: principal.laId, userId: member.userId, ...text, ...(member.role === 'young_person' ? youngPersonWording(text) : {}) });
  }
  await queueNotifications(tx, notifications);
  return reviewId;
}

/** A young person reads about their own plan, not "your child's". */
function youngPersonWording(text: { subject: string; body: string }) {
  return { subject: text.subject.replace('your child’s', 'your'), body: text.body.replaceAll('your child’s', 'your') };
}

/** The interim review the concern called, for its link. */
export async function findReviewCalledBy(db: Database, laId: string, concernId: string) {
  const [row] = await db
    .select({ id: review.id, childId: review.childId })
    .from(review)
    .where(and(eq(review.laId, laId), eq(review.concernId, concernId)))
    .limit(1);
  return row ? paths.interimReviews.review({ childId: row.childId, reviewId: row.id }) : null;
}
