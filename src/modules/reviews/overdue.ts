import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { appUser, reviewStepAlert } from '../../db/schema/index.js';
import type { IsoDate } from '../../domain/dates.js';
import { formatDate } from '../../domain/formatting.js';
import { reviewStepOverdue } from '../../domain/notification-texts.js';
import { reviewSteps, type ReviewStep } from '../../domain/review-clock.js';
import { stepOwner } from '../../domain/review-workflow.js';
import { REVIEW_KINDS, type ReviewKind } from '../../domain/reviews.js';
import { queueNotifications, type NewNotification } from '../notifications/outbox.js';
import { createStepTasks, type StepTask } from '../tasks/service.js';
import * as repository from './repository.js';

export interface OverdueReviewSummary {
  reviews: number;
  /** Overdue steps raised today for the first time. */
  raised: number;
  tasksCreated: number;
  notified: number;
}

/** Steps that stop mattering once the meeting has been held: the notice and the papers were for it. */
const BEFORE_THE_MEETING: readonly ReviewStep['step'][] = ['invitations', 'papers', 'meeting'];

/** Whether an overdue step is still someone's to act on. */
function actionable(step: ReviewStep, held: boolean): boolean {
  if (step.state !== 'overdue' || step.step === 'comments') return false;
  return !(held && BEFORE_THE_MEETING.includes(step.step));
}

/**
 * The daily check of every open review of one LA against the legal clock: each step past its
 * deadline becomes, once (review_step_alert's key is the review, the step and its due date), a
 * task for its owner and a notification: the child's caseworker for the LA's steps, the school's
 * SENCOs for the meeting, papers and report of a review the school runs. Safe to run again.
 */
export async function flagOverdueReviewSteps(db: Database, laId: string, today: IsoDate): Promise<OverdueReviewSummary> {
  const open = await repository.findOpenReviews(db, laId);
  const due = open.flatMap((row) =>
    reviewSteps(row.review, today)
      .filter((step) => actionable(step, row.review.heldOn !== null))
      .map((step) => ({ row, step })),
  );
  if (due.length === 0) return { reviews: open.length, raised: 0, tasksCreated: 0, notified: 0 };
  const settingIds = [...new Set(due.flatMap(({ row }) => (row.review.runBy === 'setting' && row.review.settingId ? [row.review.settingId] : [])))];
  const sencos =
    settingIds.length === 0
      ? []
      : await db
          .select({ id: appUser.id, settingId: appUser.settingId })
          .from(appUser)
          .where(and(eq(appUser.laId, laId), eq(appUser.role, 'school_senco'), eq(appUser.disabled, false), inArray(appUser.settingId, settingIds)));
  return db.transaction(async (tx) => {
    const raised = await tx
      .insert(reviewStepAlert)
      .values(due.map(({ row, step }) => ({ laId, reviewId: row.review.id, step: step.step, dueOn: step.dueOn, raisedOn: today })))
      .onConflictDoNothing()
      .returning({ reviewId: reviewStepAlert.reviewId, step: reviewStepAlert.step });
    const isNew = new Set(raised.map((row) => `${row.reviewId}|${row.step}`));
    const tasks: StepTask[] = [];
    const notifications: NewNotification[] = [];
    for (const { row, step } of due) {
      if (!isNew.has(`${row.review.id}|${step.step}`)) continue;
      const owners =
        stepOwner(step.step, row.review.runBy) === 'setting' ? sencos.filter((senco) => senco.settingId === row.review.settingId).map((senco) => senco.id) : row.caseworkerId ? [row.caseworkerId] : [];
      const kind = row.review.kind in REVIEW_KINDS ? REVIEW_KINDS[row.review.kind as ReviewKind].toLowerCase() : 'review';
      for (const owner of owners) {
        notifications.push({
          laId,
          userId: owner,
          ...reviewStepOverdue({ childId: row.review.childId, forename: row.forename, surname: row.surname, reviewId: row.review.id, stepLabel: step.label, dueOn: step.dueOn }),
        });
      }
      // A task for the LA's owner (a school works from its reviews list, which shows the step as overdue).
      if (stepOwner(step.step, row.review.runBy) === 'la' && row.caseworkerId)
        tasks.push({
          laId,
          childId: row.review.childId,
          title: `Overdue: ${step.label.toLowerCase()} for ${row.forename} (${kind}, due ${formatDate(step.dueOn)})`,
          ownerUserId: row.caseworkerId,
          dueOn: step.dueOn,
          sourceType: 'review_step',
          sourceId: `${row.review.id}:${step.step}:${step.dueOn}`,
        });
    }
    const tasksCreated = await createStepTasks(tx, tasks);
    await queueNotifications(tx, notifications);
    return { reviews: open.length, raised: raised.length, tasksCreated, notified: notifications.length };
  });
}
