import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { appUser, child, ehcPlan, placement, review, reviewOfficerCapacity, reviewParticipant, reviewPolicy } from '../db/schema/index.js';
import { addDays, daysBetween, type IsoDate } from '../domain/dates.js';
import { interimReviewDueBy } from '../domain/interim-reviews.js';
import { planningTerm } from '../domain/review-targeting.js';
import type { InterimReviewReason } from '../domain/reviews.js';
import { declaredAudit } from '../http/actor.js';
import { loadSchoolCalendar } from '../modules/calendar/repository.js';
import { findChildInScope } from '../modules/children/service.js';
import { createInterimReview } from '../modules/interim-reviews/service.js';
import { DEFAULT_REVIEW_POLICY, reviewPolicyColumns } from '../modules/review-targeting/policy.js';
import { participantRoleFor } from '../modules/review-targeting/repository.js';
import { planTerm } from '../modules/review-targeting/service.js';
import { Prng, seedFromText } from './prng.js';

/**
 * Reviews a term the demo's people can attend: the caseworker about one a week (they attend the
 * reviews they run as the LA's officer, as src/seed/reviews.ts invites them), the EP six, the
 * inclusion officer some, the manager a couple.
 */
const DEMO_CAPACITY: Partial<Record<string, number>> = { educational_psychologist: 6, sen_caseworker: 15, inclusion_officer: 3, sen_team_manager: 2 };

/** Early reviews the demo shows, each with what the person calling it wrote. */
const DEMO_INTERIM: { reason: InterimReviewReason; detail: string }[] = [
  {
    reason: 'placement_breakdown',
    detail: 'Three fixed-term incidents since half term. The school says it cannot meet his needs with the support in the plan and has asked for the placement to be looked at.',
  },
  { reason: 'exclusion_risk', detail: 'On a reduced timetable since October after incidents at lunchtime; the head teacher has warned of a suspension.' },
  { reason: 'parent_request', detail: 'She is very anxious about going to school and has missed most mornings this half term. We would like the support looked at again.' },
];

/**
 * Targeted attendance in the demo LA: the LA's weights and each officer's capacity a term; this
 * term's annual reviews (one per plan due this term that has none open; phase transfers for the
 * children moving school next September); the reviews of the past year some LA officer or EP
 * attended, so "time since last LA attendance" varies; a few early reviews through the same
 * service a caseworker uses; and the plan's top proposals confirmed. Deterministic for a seed.
 */
export async function seedReviewTargeting(db: Database, options: { laId: string; seed: string; today: IsoDate; clock: Clock }): Promise<{ reviews: number; confirmed: number }> {
  const { laId, today } = options;
  const prng = new Prng(seedFromText(`${options.seed}:review-targeting`));
  const staff = await db
    .select({ id: appUser.id, role: appUser.role, displayName: appUser.displayName, email: appUser.email, jobTitle: appUser.jobTitle })
    .from(appUser)
    .where(and(eq(appUser.laId, laId), inArray(appUser.role, Object.keys(DEMO_CAPACITY)), sql`${appUser.email} not like 'caseworker.%'`))
    .orderBy(asc(appUser.displayName));
  const manager = staff.find((row) => row.role === 'sen_team_manager');
  const caseworker = staff.find((row) => row.role === 'sen_caseworker');
  const ep = staff.find((row) => row.role === 'educational_psychologist');
  await db
    .insert(reviewPolicy)
    .values({ laId, ...reviewPolicyColumns(DEFAULT_REVIEW_POLICY), updatedBy: manager?.id ?? null })
    .onConflictDoNothing();
  const capacities = staff.flatMap((row) => {
    const reviewsPerTerm = DEMO_CAPACITY[row.role];
    return reviewsPerTerm === undefined ? [] : [{ laId, userId: row.id, reviewsPerTerm, updatedBy: manager?.id ?? null }];
  });
  if (capacities.length > 0) await db.insert(reviewOfficerCapacity).values(capacities).onConflictDoNothing();

  // This term's annual reviews: every plan due in the term with no review open yet.
  const term = planningTerm(await loadSchoolCalendar(db, laId), today);
  const due = await db
    .select({ planId: ehcPlan.id, childId: ehcPlan.childId, dueBy: ehcPlan.nextReviewDue, lastReview: ehcPlan.lastReviewDate, dateOfBirth: child.dateOfBirth, settingId: placement.settingId })
    .from(ehcPlan)
    .innerJoin(child, eq(child.id, ehcPlan.childId))
    .leftJoin(placement, and(eq(placement.childId, ehcPlan.childId), eq(placement.rank, 1), isNull(placement.endDate)))
    .where(and(eq(ehcPlan.laId, laId), eq(ehcPlan.status, 'active'), sql`${ehcPlan.nextReviewDue} between ${term.start}::date and ${term.end}::date`))
    .orderBy(asc(ehcPlan.childId));
  // Children in year 6 or 11 next September move phase: about ages 10 and 15 now.
  const ageOf = (dateOfBirth: string) => Math.floor(daysBetween(dateOfBirth, today) / 365.25);
  let reviews = 0;
  for (let start = 0; start < due.length; start += 500) {
    const chunk = due.slice(start, start + 500);
    const inserted = await db
      .insert(review)
      .values(
        chunk.map((row) => {
          const age = ageOf(row.dateOfBirth);
          const transfer = age === 10 ? 'primary_to_secondary' : age === 15 ? 'secondary_to_post16' : null;
          return {
            laId,
            planId: row.planId,
            childId: row.childId,
            kind: transfer ? 'phase_transfer' : 'annual',
            transferTo: transfer,
            settingId: row.settingId,
            dueBy: row.dueBy ?? term.end,
            stage: 'scheduled',
            createdBy: caseworker?.id ?? null,
          };
        }),
      )
      // Another part of the seed may have scheduled a review for the plan already.
      .onConflictDoNothing()
      .returning({ id: review.id });
    reviews += inserted.length;
  }

  // The last year's reviews: held, with an LA officer or EP there for about a third of them.
  const held = await db
    .select({ planId: ehcPlan.id, childId: ehcPlan.childId, heldOn: ehcPlan.lastReviewDate })
    .from(ehcPlan)
    .where(and(eq(ehcPlan.laId, laId), eq(ehcPlan.status, 'active'), sql`${ehcPlan.lastReviewDate} is not null`))
    .orderBy(asc(ehcPlan.childId));
  const attendedRows: { reviewId: string; heldOn: string; officer: (typeof staff)[number] }[] = [];
  // As many as one person could have attended: about sixty in earlier terms, two so far this term.
  const attendedBy = new Map<string, { before: number; inTerm: number }>();
  const mayAttend = (officer: (typeof staff)[number] | undefined, heldOn: string) => {
    if (!officer) return undefined;
    const count = attendedBy.get(officer.id) ?? { before: 0, inTerm: 0 };
    const inTerm = heldOn >= term.start;
    if (inTerm ? count.inTerm >= 2 : count.before >= 60) return undefined;
    attendedBy.set(officer.id, inTerm ? { ...count, inTerm: count.inTerm + 1 } : { ...count, before: count.before + 1 });
    return officer;
  };
  const heldRows = held.flatMap((row) => {
    const chosen = prng.chance(0.35) ? (prng.chance(0.6) ? ep : caseworker) : undefined;
    if (!row.heldOn) return [];
    const officer = mayAttend(chosen, row.heldOn);
    const id = prng.uuid();
    if (officer) attendedRows.push({ reviewId: id, heldOn: row.heldOn, officer });
    return [
      {
        id,
        laId,
        planId: row.planId,
        childId: row.childId,
        kind: 'annual',
        dueBy: row.heldOn,
        stage: 'closed',
        meetingDate: row.heldOn,
        heldOn: row.heldOn,
        decision: 'maintain',
        decisionOn: addDays(row.heldOn, 21),
        closedOn: addDays(row.heldOn, 21),
        createdBy: caseworker?.id ?? null,
      },
    ];
  });
  for (let start = 0; start < heldRows.length; start += 500) await db.insert(review).values(heldRows.slice(start, start + 500));
  const participants = attendedRows.map((row) => ({
    laId,
    reviewId: row.reviewId,
    role: participantRoleFor(row.officer.role),
    userId: row.officer.id,
    name: row.officer.displayName,
    organisation: row.officer.jobTitle,
    invitedOn: addDays(row.heldOn, -21),
    attended: true,
    attendedHow: 'in_person',
  }));
  for (let start = 0; start < participants.length; start += 500) await db.insert(reviewParticipant).values(participants.slice(start, start + 500));

  // Early reviews, through the service: the audit, timeline, task and family's notification with them.
  if (caseworker) {
    const actor = {
      principal: { userId: caseworker.id, laId, role: 'sen_caseworker' as const, displayName: caseworker.displayName, email: caseworker.email, settingId: null, organisationId: null, childId: null },
      requestId: 'demo-seed',
      clock: options.clock,
      audit: declaredAudit('CALL_INTERIM_REVIEW'),
    };
    // Children the demo's family and school accounts do not see, so their own pages start clean.
    const others = await db
      .select({ planId: ehcPlan.id, childId: ehcPlan.childId })
      .from(ehcPlan)
      .where(
        and(
          eq(ehcPlan.laId, laId),
          eq(ehcPlan.status, 'active'),
          sql`not exists (select 1 from family_link f where f.child_id = ${ehcPlan.childId} and f.user_id is not null)`,
          sql`not exists (select 1 from placement p join app_user u on u.setting_id = p.setting_id where p.child_id = ${ehcPlan.childId} and p.end_date is null and u.role = 'school_senco')`,
        ),
      )
      .orderBy(asc(ehcPlan.childId));
    const dueIds = new Set(due.map((row) => row.childId));
    // Due this term first, so the early review also raises their annual review's score.
    const candidates = [...others.filter((row) => dueIds.has(row.childId)), ...others.filter((row) => !dueIds.has(row.childId))].filter((_row, index) => index % 2 === 1).slice(0, DEMO_INTERIM.length);
    for (const [index, row] of candidates.entries()) {
      const interim = DEMO_INTERIM[index];
      if (!interim) continue;
      const summary = await findChildInScope(db, actor, row.childId);
      const calledOn = addDays(today, -prng.int(2, 10));
      await db.transaction((tx) =>
        createInterimReview(tx, actor, {
          summary,
          planId: row.planId,
          reason: interim.reason,
          detail: interim.detail,
          concernId: null,
          dueBy: interimReviewDueBy(calledOn, DEFAULT_REVIEW_POLICY.interimDueWeeks),
          errorPath: 'reason',
        }),
      );
      reviews += 1;
    }
  }

  // The manager has confirmed the plan's top few proposals.
  const plan = await planTerm(db, laId, today);
  const toConfirm = plan.reviews.filter((row) => row.attendance && !row.attendance.confirmed).slice(0, 4);
  const byId = new Map(staff.map((row) => [row.id, row]));
  const confirmed = toConfirm.flatMap((row) => {
    const officer = row.attendance ? byId.get(row.attendance.userId) : undefined;
    return officer ? [{ laId, reviewId: row.id, role: participantRoleFor(officer.role), userId: officer.id, name: officer.displayName, organisation: officer.jobTitle, invitedOn: null }] : [];
  });
  if (confirmed.length > 0) await db.insert(reviewParticipant).values(confirmed);
  return { reviews, confirmed: confirmed.length };
}
