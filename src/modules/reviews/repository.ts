import { and, asc, count, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.js';
import {
  appUser,
  child,
  document,
  familyLink,
  planOutcome,
  provisionConcern,
  provisionItem,
  provisionItemName,
  review,
  reviewContribution,
  reviewOutcomeRating,
  reviewParticipant,
  reviewProvisionRecord,
  setting,
} from '../../db/schema/index.js';
import type { IsoDate } from '../../domain/dates.js';
import { OPEN_REVIEW_STAGES } from '../../domain/reviews.js';

export type ReviewRow = typeof review.$inferSelect;

/** One review of a child's plan, scoped by LA and child: a review of another child is not found. */
export async function findReview(db: Database, laId: string, childId: string, reviewId: string): Promise<ReviewRow | undefined> {
  const [row] = await db
    .select()
    .from(review)
    .where(and(eq(review.laId, laId), eq(review.childId, childId), eq(review.id, reviewId)));
  return row;
}

/** A child's reviews, newest due first. */
export async function findChildReviews(db: Database, laId: string, childId: string): Promise<ReviewRow[]> {
  return db
    .select()
    .from(review)
    .where(and(eq(review.laId, laId), eq(review.childId, childId)))
    .orderBy(desc(review.dueBy), desc(review.createdAt));
}

export async function findParticipants(db: Database, laId: string, reviewId: string) {
  return db
    .select()
    .from(reviewParticipant)
    .where(and(eq(reviewParticipant.laId, laId), eq(reviewParticipant.reviewId, reviewId)))
    .orderBy(asc(reviewParticipant.role), asc(reviewParticipant.name));
}

export type ParticipantRow = Awaited<ReturnType<typeof findParticipants>>[number];

const submitter = alias(appUser, 'submitter');
const assistant = alias(appUser, 'assistant');

/** The views and advice gathered for a review, with the document each is and who gave it. */
export async function findContributions(db: Database, laId: string, reviewId: string) {
  return db
    .select({
      id: reviewContribution.id,
      kind: reviewContribution.kind,
      documentId: reviewContribution.documentId,
      submittedOn: reviewContribution.submittedOn,
      submittedBy: reviewContribution.submittedBy,
      submittedByName: submitter.displayName,
      submittedByRole: submitter.role,
      assistedByName: assistant.displayName,
      title: document.title,
      audience: document.audience,
      createdBy: document.createdBy,
    })
    .from(reviewContribution)
    .innerJoin(document, eq(document.id, reviewContribution.documentId))
    .innerJoin(submitter, eq(submitter.id, reviewContribution.submittedBy))
    .leftJoin(assistant, eq(assistant.id, reviewContribution.assistedBy))
    .where(and(eq(reviewContribution.laId, laId), eq(reviewContribution.reviewId, reviewId)))
    .orderBy(asc(reviewContribution.submittedOn), asc(reviewContribution.id));
}

export type ContributionRow = Awaited<ReturnType<typeof findContributions>>[number];

/** The section E outcomes of a plan version, in order. */
export async function findOutcomes(db: Database, laId: string, planVersionId: string) {
  return db
    .select({ id: planOutcome.id, area: planOutcome.area, description: planOutcome.description, position: planOutcome.position })
    .from(planOutcome)
    .where(and(eq(planOutcome.laId, laId), eq(planOutcome.planVersionId, planVersionId)))
    .orderBy(asc(planOutcome.position));
}

/** The ratings given at the meeting, with the outcome each is about. */
export async function findRatings(db: Database, laId: string, reviewId: string) {
  return db
    .select({ outcomeId: reviewOutcomeRating.outcomeId, rating: reviewOutcomeRating.rating, evidence: reviewOutcomeRating.evidence, area: planOutcome.area, description: planOutcome.description })
    .from(reviewOutcomeRating)
    .innerJoin(planOutcome, eq(planOutcome.id, reviewOutcomeRating.outcomeId))
    .where(and(eq(reviewOutcomeRating.laId, laId), eq(reviewOutcomeRating.reviewId, reviewId)))
    .orderBy(asc(planOutcome.position));
}

/** The ledger frozen at the meeting, a row per line of provision, in the plan's order. */
export async function findProvisionRecords(db: Database, laId: string, reviewId: string) {
  return db
    .select({
      provisionItemId: reviewProvisionRecord.provisionItemId,
      fromDate: reviewProvisionRecord.fromDate,
      toDate: reviewProvisionRecord.toDate,
      owedMinutes: reviewProvisionRecord.owedMinutes,
      deliveredMinutes: reviewProvisionRecord.deliveredMinutes,
      missedMinutes: reviewProvisionRecord.missedMinutes,
      openConcerns: reviewProvisionRecord.openConcerns,
      closedConcerns: reviewProvisionRecord.closedConcerns,
      description: provisionItem.description,
      provisionType: provisionItem.provisionType,
      shortName: provisionItemName.shortName,
    })
    .from(reviewProvisionRecord)
    .innerJoin(provisionItem, eq(provisionItem.id, reviewProvisionRecord.provisionItemId))
    .leftJoin(provisionItemName, eq(provisionItemName.provisionItemId, reviewProvisionRecord.provisionItemId))
    .where(and(eq(reviewProvisionRecord.laId, laId), eq(reviewProvisionRecord.reviewId, reviewId)))
    .orderBy(asc(provisionItem.section), asc(provisionItem.position));
}

export type ProvisionRecordRow = Awaited<ReturnType<typeof findProvisionRecords>>[number];

/** Concerns about some lines raised by a day, and whether each was still open on it. */
export async function findConcernsAbout(db: Database, laId: string, itemIds: string[], asOf: IsoDate) {
  if (itemIds.length === 0) return [];
  return db
    .select({ provisionItemId: provisionConcern.provisionItemId, raisedOn: provisionConcern.raisedOn, resolvedOn: provisionConcern.resolvedOn, status: provisionConcern.status })
    .from(provisionConcern)
    .where(and(eq(provisionConcern.laId, laId), inArray(provisionConcern.provisionItemId, itemIds), sql`${provisionConcern.raisedOn} <= ${asOf}::date`));
}

/** The people the invitation form offers: the family members who sign in, and the school's SENCOs. */
export async function findInviteeCandidates(db: Database, laId: string, childId: string, settingId: string | null) {
  const [family, youngPerson, school] = await Promise.all([
    db
      .select({ userId: familyLink.userId, name: familyLink.name, relationship: familyLink.relationship })
      .from(familyLink)
      .where(and(eq(familyLink.laId, laId), eq(familyLink.childId, childId), eq(familyLink.hasParentalResponsibility, true)))
      .orderBy(asc(familyLink.name)),
    db
      .select({ userId: appUser.id, name: appUser.displayName })
      .from(appUser)
      .where(and(eq(appUser.laId, laId), eq(appUser.childId, childId), eq(appUser.role, 'young_person'), eq(appUser.disabled, false))),
    settingId
      ? db
          .select({ userId: appUser.id, name: appUser.displayName, settingName: setting.name })
          .from(appUser)
          .innerJoin(setting, eq(setting.id, appUser.settingId))
          .where(and(eq(appUser.laId, laId), eq(appUser.settingId, settingId), eq(appUser.role, 'school_senco'), eq(appUser.disabled, false)))
          .orderBy(asc(appUser.displayName))
      : Promise.resolve([]),
  ]);
  return { family, youngPerson, school };
}

/** LA staff who may be invited as officers, psychologists and the like. */
export async function findLaStaff(db: Database, laId: string) {
  return db
    .select({ userId: appUser.id, name: appUser.displayName, role: appUser.role })
    .from(appUser)
    .where(and(eq(appUser.laId, laId), inArray(appUser.role, ['sen_caseworker', 'sen_team_manager', 'educational_psychologist']), eq(appUser.disabled, false)))
    .orderBy(asc(appUser.displayName));
}

export interface CalendarFilter {
  laId: string;
  stage?: string;
  kind?: string;
  /** Only reviews whose meeting deadline has passed without the meeting. */
  overdueOn?: IsoDate;
  caseworkerId?: string;
  settingId?: string;
  /** A school's own work tray: only reviews it runs. */
  runBy?: string;
}

function calendarCondition(filter: CalendarFilter): SQL | undefined {
  const stages = filter.stage ? [filter.stage] : [...OPEN_REVIEW_STAGES];
  return and(
    eq(review.laId, filter.laId),
    inArray(review.stage, stages),
    filter.kind ? eq(review.kind, filter.kind) : undefined,
    filter.overdueOn ? and(lt(review.dueBy, filter.overdueOn), sql`${review.heldOn} is null`) : undefined,
    filter.settingId ? eq(review.settingId, filter.settingId) : undefined,
    filter.runBy ? eq(review.runBy, filter.runBy) : undefined,
    filter.caseworkerId ? eq(child.caseworkerId, filter.caseworkerId) : undefined,
  );
}

const caseworker = alias(appUser, 'caseworker');

/**
 * Open reviews by date due, a page at a time. The LA's index (la, stage, due) answers the stage
 * range and the order; the count reads the same range.
 */
export async function findCalendar(db: Database, filter: CalendarFilter, limit: number, offset: number) {
  const where = calendarCondition(filter);
  const needsChild = filter.caseworkerId !== undefined;
  const countQuery = needsChild ? db.select({ count: count() }).from(review).innerJoin(child, eq(child.id, review.childId)).where(where) : db.select({ count: count() }).from(review).where(where);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        review,
        forename: child.forename,
        surname: child.surname,
        caseworkerName: caseworker.displayName,
        settingName: setting.name,
      })
      .from(review)
      .innerJoin(child, eq(child.id, review.childId))
      .leftJoin(caseworker, eq(caseworker.id, child.caseworkerId))
      .leftJoin(setting, eq(setting.id, review.settingId))
      .where(where)
      .orderBy(asc(review.dueBy), asc(review.id))
      .limit(limit)
      .offset(offset),
    countQuery,
  ]);
  return { rows, total: total?.count ?? 0 };
}

export type CalendarRow = Awaited<ReturnType<typeof findCalendar>>['rows'][number];

/** The LA's caseworkers, for the calendar's officer filter. */
export async function findCaseworkers(db: Database, laId: string) {
  return db
    .select({ id: appUser.id, name: appUser.displayName })
    .from(appUser)
    .where(and(eq(appUser.laId, laId), inArray(appUser.role, ['sen_caseworker', 'sen_team_manager']), eq(appUser.disabled, false)))
    .orderBy(asc(appUser.displayName));
}

export async function findSetting(db: Database, laId: string, settingId: string) {
  const [row] = await db
    .select({ id: setting.id, name: setting.name })
    .from(setting)
    .where(and(eq(setting.laId, laId), eq(setting.id, settingId)));
  return row;
}

/** Every open review of an LA, for the daily overdue check. */
export async function findOpenReviews(db: Database, laId: string) {
  return db
    .select({ review, forename: child.forename, surname: child.surname, caseworkerId: child.caseworkerId })
    .from(review)
    .innerJoin(child, eq(child.id, review.childId))
    .where(and(eq(review.laId, laId), inArray(review.stage, [...OPEN_REVIEW_STAGES])));
}
