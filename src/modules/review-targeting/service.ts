import { and, eq, inArray } from 'drizzle-orm';
import { isUuid } from '../../auth/child-access.js';
import type { Database } from '../../db/client.js';
import { nextEditBy, staleEdit } from '../../db/edited-rows.js';
import { reviewOfficerCapacity, reviewParticipant, reviewPolicy } from '../../db/schema/index.js';
import { planAttendance, planningTerm, riskScore, type PlanningTerm, type RiskScore } from '../../domain/review-targeting.js';
import type { Actor } from '../../http/actor.js';
import { ValidationError } from '../../http/errors.js';
import { readPage } from '../../http/pagination.js';
import { recordAudit } from '../audit/repository.js';
import { loadSchoolCalendar } from '../calendar/repository.js';
import { loadReviewPolicy, loadReviewPolicyForEdit, reviewPolicyColumns, type ReviewPolicy } from './policy.js';
import * as repository from './repository.js';
import { capacitiesFrom, type ConfirmAttendanceInput, type TargetingForm } from './schemas.js';

export const ATTENDANCE_PAGE_SIZE = 25;

/** Stages at which someone can still be confirmed to attend: before the meeting is held. */
const PLANNABLE_STAGES = new Set(['scheduled', 'invited']);

export interface ScoredReview extends repository.TermReviewRow {
  risk: RiskScore;
  /** Who attends: confirmed (a participant) or proposed by the plan. */
  attendance: { userId: string; name: string; confirmed: boolean } | null;
  plannable: boolean;
}

export interface OfficerSummary {
  userId: string;
  name: string;
  role: string;
  capacity: number;
  confirmed: number;
  proposed: number;
  attended: number;
  left: number;
}

async function termOf(db: Database, laId: string, today: string): Promise<PlanningTerm> {
  return planningTerm(await loadSchoolCalendar(db, laId), today);
}

/**
 * This term's reviews scored and planned: every review with its score and reasons, highest risk
 * first; each officer's capacity with what is confirmed, proposed and attended; and the high-risk
 * reviews the capacity cannot cover. The plan is computed over the whole term, then paged.
 */
export async function planTerm(db: Database, laId: string, today: string) {
  const [policy, term, staff] = await Promise.all([loadReviewPolicy(db, laId), termOf(db, laId, today), repository.findAttendingStaff(db, laId)]);
  const rows = await repository.findTermReviews(db, laId, term);
  const officers = staff.filter((row) => row.reviewsPerTerm !== null).map((row) => ({ userId: row.userId, name: row.name, capacity: row.reviewsPerTerm ?? 0 }));
  const scored = rows.map((row) => ({
    row,
    risk: riskScore(
      {
        openConcerns: row.openConcerns,
        reducedEducation: row.reducedEducation,
        // Exclusions are not recorded yet (issue 14 adds them): none counted until then.
        exclusions: 0,
        phaseTransfer: row.kind === 'phase_transfer',
        placementAtRisk: row.placementAtRisk,
        lastLaAttendanceOn: row.lastLaAttendanceOn,
      },
      policy,
      today,
    ),
  }));
  const plan = planAttendance(
    // A review already held is history: only its confirmed officer counts (against their capacity).
    scored
      .filter(({ row }) => row.confirmedUserId !== null || PLANNABLE_STAGES.has(row.stage))
      .map(({ row, risk }) => ({ reviewId: row.id, score: risk.score, highRisk: risk.highRisk, date: row.on, confirmedUserId: row.confirmedUserId })),
    officers,
  );
  const names = new Map(staff.map((row) => [row.userId, row.name]));
  const reviews: ScoredReview[] = scored
    .map(({ row, risk }) => {
      const who = plan.byReview.get(row.id);
      return {
        ...row,
        risk,
        attendance: who ? { userId: who.userId, name: names.get(who.userId) ?? 'Someone who has left', confirmed: who.confirmed } : null,
        plannable: PLANNABLE_STAGES.has(row.stage),
      };
    })
    .sort((a, b) => b.risk.score - a.risk.score || (a.on < b.on ? -1 : a.on > b.on ? 1 : 0) || (a.id < b.id ? -1 : 1));
  const attendedBy = new Map<string, number>();
  for (const row of rows) if (row.confirmedUserId && row.confirmedAttended) attendedBy.set(row.confirmedUserId, (attendedBy.get(row.confirmedUserId) ?? 0) + 1);
  const roles = new Map(staff.map((row) => [row.userId, row.role]));
  const officerSummaries: OfficerSummary[] = plan.officers.map((officer) => ({
    userId: officer.userId,
    name: officer.name,
    role: roles.get(officer.userId) ?? '',
    capacity: officer.capacity,
    confirmed: officer.confirmed.length,
    proposed: officer.proposed.length,
    attended: attendedBy.get(officer.userId) ?? 0,
    left: Math.max(0, officer.capacity - officer.confirmed.length),
  }));
  const uncovered = new Set(plan.uncoveredHighRisk);
  return { term, policy, reviews, officers: officerSummaries, uncovered: reviews.filter((row) => uncovered.has(row.id)) };
}

/** The planning page: the term's plan, one page of its reviews, audited with the reviews shown. */
export async function loadAttendancePlan(db: Database, actor: Actor, page: number) {
  const { laId } = actor.principal;
  const today = actor.clock.today();
  const planned = await planTerm(db, laId, today);
  const result = await readPage(page, ATTENDANCE_PAGE_SIZE, (window) => Promise.resolve({ rows: planned.reviews.slice(window.offset, window.offset + window.limit), total: planned.reviews.length }));
  await recordAudit(db, actor, {
    subjectType: 'review_attendance',
    change: { term: planned.term.name, page: result.page, shown: result.rows.map((row) => row.id), uncovered: planned.uncovered.map((row) => row.id) },
  });
  return { ...planned, page: result.page, rows: result.rows, total: result.total, today };
}

/**
 * Confirms that an officer attends a review: a review_participant in their role (la_officer or
 * educational_psychologist), not yet invited (the review workflow's invitation step sends it).
 * Refused, with nothing saved, for a review held or closed, one an LA officer already attends,
 * someone without a capacity, or an officer whose term is full: the plan never goes over capacity.
 */
export async function confirmAttendance(db: Database, actor: Actor, input: ConfirmAttendanceInput): Promise<void> {
  const { laId } = actor.principal;
  if (!isUuid(input.reviewId)) throw new ValidationError([{ path: 'reviewId', message: 'Select a review from the list' }]);
  const staff = await repository.findAttendingStaff(db, laId);
  const officer = isUuid(input.userId) ? staff.find((row) => row.userId === input.userId && row.reviewsPerTerm !== null) : undefined;
  if (!officer) throw new ValidationError([{ path: 'userId', message: 'Select someone who has a number of reviews a term set' }]);
  const term = await termOf(db, laId, actor.clock.today());
  await db.transaction(async (tx) => {
    const row = await repository.findReviewForUpdate(tx, laId, input.reviewId);
    if (!row) throw new ValidationError([{ path: 'reviewId', message: 'Select a review from the list' }]);
    if (!PLANNABLE_STAGES.has(row.stage)) throw new ValidationError([{ path: 'reviewId', message: 'This review’s meeting has been held or the review has finished: nobody can be added to it now' }]);
    const already = await repository.findLaParticipant(tx, laId, row.id);
    if (already) throw new ValidationError([{ path: 'reviewId', message: `${already.name} is already attending this review` }]);
    const capacity = await repository.findCapacityForUpdate(tx, laId, officer.userId);
    const used = await repository.countConfirmedInTerm(tx, laId, officer.userId, term);
    if (!capacity || used >= capacity.reviewsPerTerm) {
      throw new ValidationError([{ path: 'userId', message: `${officer.name} has no reviews left this term (${String(used)} of ${String(capacity?.reviewsPerTerm ?? 0)} confirmed)` }]);
    }
    const [participant] = await tx
      .insert(reviewParticipant)
      .values({ laId, reviewId: row.id, role: repository.participantRoleFor(officer.role), userId: officer.userId, name: officer.name, organisation: officer.jobTitle, invitedOn: null })
      .returning({ id: reviewParticipant.id });
    await recordAudit(tx, actor, {
      subjectType: 'review',
      subjectId: row.id,
      childId: row.childId,
      change: { participantId: participant?.id, userId: officer.userId, role: repository.participantRoleFor(officer.role), term: term.name },
    });
  });
}

/** The settings page: the LA's weights (with the version saved over) and everyone who may attend, with their capacity. */
export async function loadTargetingSettings(db: Database, laId: string) {
  const [{ policy, version }, staff] = await Promise.all([loadReviewPolicyForEdit(db, laId), repository.findAttendingStaff(db, laId)]);
  return { policy, version, staff };
}

/**
 * Saves the weights over the version the form was opened at, and each officer's capacity (blank
 * removes it), in one transaction, audited with before and after. Another manager's save since
 * the form was opened is not overwritten.
 */
export async function saveTargetingSettings(db: Database, actor: Actor, input: TargetingForm, openedAtVersion: number): Promise<void> {
  const { laId, userId } = actor.principal;
  const staff = await repository.findAttendingStaff(db, laId);
  const { capacities, errors } = capacitiesFrom(input, staff);
  if (errors.length > 0) throw new ValidationError(errors);
  const policy: ReviewPolicy = {
    interimDueWeeks: input.interimDueWeeks,
    openConcern: input.openConcern,
    reducedEducation: input.reducedEducation,
    exclusion: input.exclusion,
    phaseTransfer: input.phaseTransfer,
    placementAtRisk: input.placementAtRisk,
    noRecentAttendance: input.noRecentAttendance,
    recentAttendanceMonths: input.recentAttendanceMonths,
    highRiskScore: input.highRiskScore,
  };
  const now = actor.clock.now();
  await db.transaction(async (tx) => {
    const current = await loadReviewPolicyForEdit(tx, laId, true);
    if (current.row && current.version !== openedAtVersion) throw await staleEdit(tx, current.row, now);
    if (current.row) {
      await tx
        .update(reviewPolicy)
        .set({ ...reviewPolicyColumns(policy), ...nextEditBy(userId, now) })
        .where(eq(reviewPolicy.laId, laId));
    } else {
      const created = await tx
        .insert(reviewPolicy)
        .values({ laId, ...reviewPolicyColumns(policy), updatedBy: userId, updatedAt: now })
        .onConflictDoNothing()
        .returning({ laId: reviewPolicy.laId });
      if (created.length === 0) {
        const other = await loadReviewPolicyForEdit(tx, laId);
        if (other.row) throw await staleEdit(tx, other.row, now);
      }
    }
    const before = Object.fromEntries(staff.map((row) => [row.userId, row.reviewsPerTerm]));
    const cleared = [...capacities].filter(([, value]) => value === null).map(([id]) => id);
    if (cleared.length > 0) await tx.delete(reviewOfficerCapacity).where(and(eq(reviewOfficerCapacity.laId, laId), inArray(reviewOfficerCapacity.userId, cleared)));
    for (const [officerId, value] of capacities) {
      if (value === null) continue;
      await tx
        .insert(reviewOfficerCapacity)
        .values({ laId, userId: officerId, reviewsPerTerm: value, updatedBy: userId, updatedAt: now })
        .onConflictDoUpdate({ target: [reviewOfficerCapacity.laId, reviewOfficerCapacity.userId], set: { reviewsPerTerm: value, updatedBy: userId, updatedAt: now } });
    }
    await recordAudit(tx, actor, {
      subjectType: 'review_policy',
      subjectId: laId,
      change: { before: { policy: current.policy, capacities: before }, after: { policy, capacities: Object.fromEntries(capacities) } },
    });
  });
}
