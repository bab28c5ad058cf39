import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { appUser, child, review, reviewOfficerCapacity, reviewParticipant, setting } from '../../db/schema/index.js';
import type { IsoDate } from '../../domain/dates.js';

/** The roles that attend reviews for the LA, and the participant role each attends as. */
const ATTENDING_ROLES = ['sen_caseworker', 'sen_team_manager', 'inclusion_officer', 'educational_psychologist'] as const;
const LA_ATTENDANCE_ROLES = ['la_officer', 'educational_psychologist'] as const;

export function participantRoleFor(userRole: string): 'educational_psychologist' | 'la_officer' {
  return userRole === 'educational_psychologist' ? 'educational_psychologist' : 'la_officer';
}

const LA_ROLES = sql.raw(`('la_officer', 'educational_psychologist')`);

/**
 * This term's reviews (the meeting date, or the date due by while no meeting is arranged, within
 * the term), not cancelled, with what the risk score reads about each child: open concerns,
 * whether their education is full-time, whether a placement-breakdown interim review is open,
 * when an LA officer or EP last attended one of their reviews, and who from the LA is confirmed
 * for this one. Exclusions are not recorded yet (issue 14): the score takes 0.
 */
export async function findTermReviews(db: Database, laId: string, term: { start: IsoDate; end: IsoDate }) {
  const on = sql<string>`coalesce(${review.meetingDate}, ${review.dueBy})`;
  return db
    .select({
      id: review.id,
      childId: review.childId,
      forename: child.forename,
      surname: child.surname,
      kind: review.kind,
      reason: review.reason,
      stage: review.stage,
      dueBy: review.dueBy,
      meetingDate: review.meetingDate,
      on: sql<string>`${on}::text`,
      settingName: setting.name,
      openConcerns: sql<number>`(select count(*)::int from provision_concern pc where pc.la_id = ${review.laId} and pc.child_id = ${review.childId} and pc.status = 'open')`,
      reducedEducation: sql<boolean>`exists (select 1 from education_arrangement ea where ea.la_id = ${review.laId} and ea.child_id = ${review.childId} and ea.end_date is null and ea.kind <> 'full_time')`,
      placementAtRisk: sql<boolean>`exists (select 1 from review ir where ir.la_id = ${review.laId} and ir.child_id = ${review.childId} and ir.kind = 'interim'
        and ir.reason = 'placement_breakdown' and ir.stage not in ('closed', 'cancelled'))`,
      lastLaAttendanceOn: sql<string | null>`(select max(coalesce(pr.held_on, pr.meeting_date))::text from review pr join review_participant pp on pp.review_id = pr.id
        where pr.la_id = ${review.laId} and pr.child_id = ${review.childId} and pp.attended and pp.role in ${LA_ROLES})`,
      confirmedUserId: sql<
        string | null
      >`(select cp.user_id from review_participant cp where cp.review_id = ${review.id} and cp.role in ${LA_ROLES} and cp.user_id is not null order by cp.id limit 1)`,
      confirmedAttended: sql<
        boolean | null
      >`(select cp.attended from review_participant cp where cp.review_id = ${review.id} and cp.role in ${LA_ROLES} and cp.user_id is not null order by cp.id limit 1)`,
    })
    .from(review)
    .innerJoin(child, eq(child.id, review.childId))
    .leftJoin(setting, eq(setting.id, review.settingId))
    .where(and(eq(review.laId, laId), sql`${review.stage} <> 'cancelled'`, sql`${on} between ${term.start}::date and ${term.end}::date`))
    .orderBy(asc(on), asc(review.id));
}

export type TermReviewRow = Awaited<ReturnType<typeof findTermReviews>>[number];

/** The LA's people who may attend reviews, with the capacity a term set for each (null: none set). */
export async function findAttendingStaff(db: Database, laId: string) {
  return db
    .select({ userId: appUser.id, name: appUser.displayName, role: appUser.role, jobTitle: appUser.jobTitle, reviewsPerTerm: reviewOfficerCapacity.reviewsPerTerm })
    .from(appUser)
    .leftJoin(reviewOfficerCapacity, and(eq(reviewOfficerCapacity.laId, appUser.laId), eq(reviewOfficerCapacity.userId, appUser.id)))
    .where(and(eq(appUser.laId, laId), eq(appUser.disabled, false), inArray(appUser.role, [...ATTENDING_ROLES])))
    .orderBy(asc(appUser.displayName), asc(appUser.id));
}

export type AttendingStaffRow = Awaited<ReturnType<typeof findAttendingStaff>>[number];

/** One review of the LA, locked for the confirmation that is adding someone to it. */
export async function findReviewForUpdate(db: Database, laId: string, reviewId: string) {
  const [row] = await db
    .select({ id: review.id, childId: review.childId, stage: review.stage, dueBy: review.dueBy, meetingDate: review.meetingDate })
    .from(review)
    .where(and(eq(review.laId, laId), eq(review.id, reviewId)))
    .for('update');
  return row;
}

/** Who from the LA is already down to attend a review. */
export async function findLaParticipant(db: Database, laId: string, reviewId: string) {
  const [row] = await db
    .select({ id: reviewParticipant.id, name: reviewParticipant.name })
    .from(reviewParticipant)
    .where(and(eq(reviewParticipant.laId, laId), eq(reviewParticipant.reviewId, reviewId), inArray(reviewParticipant.role, [...LA_ATTENDANCE_ROLES]), sql`${reviewParticipant.userId} is not null`))
    .limit(1);
  return row;
}

/** The officer's capacity row, locked so two confirmations at once cannot both take the last place. */
export async function findCapacityForUpdate(db: Database, laId: string, userId: string) {
  const [row] = await db
    .select({ reviewsPerTerm: reviewOfficerCapacity.reviewsPerTerm })
    .from(reviewOfficerCapacity)
    .where(and(eq(reviewOfficerCapacity.laId, laId), eq(reviewOfficerCapacity.userId, userId)))
    .for('update');
  return row;
}

/** How many of this term's reviews an officer is confirmed for. */
export async function countConfirmedInTerm(db: Database, laId: string, userId: string, term: { start: IsoDate; end: IsoDate }): Promise<number> {
  const result = await db
    .select({ count: sql<number>`count(distinct ${review.id})::int` })
    .from(reviewParticipant)
    .innerJoin(review, eq(review.id, reviewParticipant.reviewId))
    .where(
      and(
        eq(reviewParticipant.laId, laId),
        eq(reviewParticipant.userId, userId),
        inArray(reviewParticipant.role, [...LA_ATTENDANCE_ROLES]),
        sql`${review.stage} <> 'cancelled'`,
        sql`coalesce(${review.meetingDate}, ${review.dueBy}) between ${term.start}::date and ${term.end}::date`,
      ),
    );
  return result[0]?.count ?? 0;
}
