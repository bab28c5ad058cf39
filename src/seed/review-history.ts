import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { child, ehcPlan, placement, review, reviewParticipant } from '../db/schema/index.js';
import { addDays, daysBetween, type IsoDate } from '../domain/dates.js';
import { ageOn } from '../domain/formatting.js';
import type { PhaseTransfer } from '../domain/review-clock.js';
import { schoolYearOf } from '../domain/review-kpis.js';
import type { ReviewParticipantRole } from '../domain/reviews.js';
import { FORENAMES_FEMALE, FORENAMES_MALE, SURNAMES } from './content.js';
import { Prng, seedFromText } from './prng.js';

const ROWS_PER_INSERT = 500;

/** Age on 31 August before a school year → the phase transfer at its end (reg 2(1)); the rest move at no phase boundary. */
const TRANSFER_BY_AGE: Record<number, PhaseTransfer> = { 3: 'early_years_to_school', 10: 'primary_to_secondary', 15: 'secondary_to_post16' };

/** The LA's decision, weighted as England's outcomes in 2024 (annual_reviews.csv: amend 219,538, maintain 135,264, cease 4,087). */
const DECISION_WEIGHTS = { amend: 219_538, maintain: 135_264, cease: 4_087 } as const;

/** Who is invited (reg 20(2)) and how often they come, as LAs report it: the EP and health least often. */
const PARTICIPANTS: { role: ReviewParticipantRole; invited: number; attends: number; organisation: string | null; title: string }[] = [
  { role: 'parent', invited: 1, attends: 0.9, organisation: null, title: '' },
  { role: 'setting', invited: 1, attends: 0.97, organisation: 'School or setting', title: 'SENCO' },
  { role: 'la_officer', invited: 0.8, attends: 0.7, organisation: 'SEN team', title: 'SEN officer' },
  { role: 'educational_psychologist', invited: 0.45, attends: 0.75, organisation: 'Educational psychology service', title: 'Educational psychologist' },
  { role: 'health', invited: 0.5, attends: 0.4, organisation: 'NHS community health', title: 'Speech and language therapist' },
  { role: 'social_care', invited: 0.2, attends: 0.6, organisation: 'Children’s social care', title: 'Social worker' },
];

type ReviewRow = typeof review.$inferInsert;
type ParticipantRow = typeof reviewParticipant.$inferInsert;

const earlier = (a: IsoDate, b: IsoDate) => (a < b ? a : b);

/**
 * Demo reviews: for each plan in force, the review held on its last review date (annual, or
 * phase transfer for a child moving phase that September) with its invitations, report, decision
 * and, after "amend", the amended plan, about as prompt as LAs are (DfE 2024: 44% of decisions
 * within 4 weeks); and, for plans due a review in the next two months or overdue, the review
 * being arranged; a few interim reviews. Participants with who attended. Deterministic from the seed.
 */
export async function seedReviewHistory(db: Database, options: { laId: string; seed: string; today: IsoDate; officerId: string }): Promise<number> {
  const { laId, today } = options;
  const prng = new Prng(seedFromText(`${options.seed}:reviews`));
  const plans = await db
    .select({
      planId: ehcPlan.id,
      childId: ehcPlan.childId,
      firstIssued: ehcPlan.firstIssuedDate,
      lastReview: ehcPlan.lastReviewDate,
      nextDue: ehcPlan.nextReviewDue,
      dateOfBirth: child.dateOfBirth,
      settingId: placement.settingId,
    })
    .from(ehcPlan)
    .innerJoin(child, eq(child.id, ehcPlan.childId))
    .leftJoin(placement, and(eq(placement.childId, ehcPlan.childId), eq(placement.rank, 1), isNull(placement.endDate)))
    // Plans the workflow's demo reviews (seed/reviews.ts) already follow are left to them.
    .where(and(eq(ehcPlan.laId, laId), eq(ehcPlan.status, 'active'), sql`not exists (select 1 from review r where r.plan_id = ${ehcPlan.id})`))
    .orderBy(asc(ehcPlan.id));

  const reviews: ReviewRow[] = [];
  const participants: ParticipantRow[] = [];
  const person = () => `${prng.pick(prng.chance(0.5) ? FORENAMES_FEMALE : FORENAMES_MALE)} ${prng.pick(SURNAMES)}`;
  const addParticipants = (reviewId: string, invitedOn: IsoDate | null, held: boolean) => {
    for (const who of PARTICIPANTS) {
      if (!prng.chance(who.invited)) continue;
      const attended = held ? prng.chance(who.attends) : null;
      participants.push({
        laId,
        reviewId,
        role: who.role,
        name: who.title ? `${person()}, ${who.title}` : person(),
        organisation: who.organisation,
        invitedOn,
        attended,
        attendedHow: attended ? (prng.chance(0.3) ? 'online' : 'in_person') : attended === false && prng.chance(0.4) ? 'written_only' : null,
      });
    }
  };
  const transferFor = (dateOfBirth: IsoDate, day: IsoDate): { transferTo: PhaseTransfer; transferDate: IsoDate } | null => {
    const year = schoolYearOf(day);
    const transfer = TRANSFER_BY_AGE[ageOn(dateOfBirth, addDays(year.start, -1))];
    return transfer ? { transferTo: transfer, transferDate: `${String(year.startYear + 1)}-09-0${String(prng.int(1, 5))}` } : null;
  };

  for (const plan of plans) {
    let lastOpen = false;
    // The review held on the last review date.
    if (plan.lastReview !== null) {
      const heldOn = plan.lastReview;
      const id = prng.uuid();
      const invitationsSentOn = addDays(heldOn, -prng.int(10, 35));
      const reportSentOn = prng.chance(0.9) ? addDays(heldOn, prng.chance(0.7) ? prng.int(2, 14) : prng.int(15, 30)) : null;
      let decisionOn: IsoDate | null = addDays(heldOn, prng.chance(0.45) ? prng.int(3, 28) : prng.int(29, 80));
      if (decisionOn > today) decisionOn = null;
      const decision = decisionOn ? prng.weighted(DECISION_WEIGHTS) : null;
      const proposedOn = decision === 'amend' ? decisionOn : null;
      let issuedOn: IsoDate | null = proposedOn ? addDays(proposedOn, prng.chance(0.6) ? prng.int(16, 56) : prng.int(57, 120)) : null;
      if (issuedOn && issuedOn > today) issuedOn = null;
      const closed = decision === 'maintain' || decision === 'cease' || issuedOn !== null;
      const transfer = transferFor(plan.dateOfBirth, heldOn);
      reviews.push({
        id,
        laId,
        planId: plan.planId,
        childId: plan.childId,
        kind: transfer ? 'phase_transfer' : 'annual',
        settingId: plan.settingId,
        dueBy: addDays(heldOn, prng.int(-25, 45)),
        ...(transfer ?? {}),
        stage: closed ? 'closed' : proposedOn ? 'amendment_proposed' : reportSentOn && reportSentOn <= today ? 'report_sent' : 'held',
        meetingDate: heldOn,
        meetingTime: prng.pick(['09:30', '10:00', '13:30', '14:00', '15:30']),
        meetingPlace: prng.chance(0.25) ? 'Online' : 'At school',
        invitationsSentOn,
        papersCirculatedOn: addDays(heldOn, -prng.int(7, 21)),
        heldOn,
        recommendations: 'Keep the current support; update the outcomes for the next year.',
        reportSentOn: reportSentOn && reportSentOn <= today ? reportSentOn : null,
        decision,
        decisionOn,
        decidedBy: decisionOn ? options.officerId : null,
        decisionReasons: decision ? 'Agreed at the review meeting and by the SEN panel.' : null,
        ceaseReason: decision === 'cease' ? '2' : null,
        appealRightsGivenOn: decision === 'cease' || decision === 'maintain' ? decisionOn : null,
        amendmentProposedOn: proposedOn,
        amendedPlanIssuedOn: issuedOn,
        closedOn: closed ? (issuedOn ?? decisionOn) : null,
        createdBy: options.officerId,
      });
      addParticipants(id, invitationsSentOn, true);
      lastOpen = !closed;
    }

    // The next review, being arranged when it is due within two months or overdue.
    const due = plan.nextDue;
    if (due !== null && !lastOpen && daysBetween(today, due) <= 56 && daysBetween(due, today) <= 120) {
      const id = prng.uuid();
      const meetingDate = prng.chance(0.85) ? addDays(due, -prng.int(0, 21) + (due < today ? prng.int(0, 60) : 0)) : null;
      const invitationsSentOn = meetingDate && addDays(meetingDate, -14) <= today ? earlier(addDays(meetingDate, -prng.int(10, 28)), today) : null;
      const heldOn = meetingDate && meetingDate <= today && prng.chance(0.8) ? meetingDate : null;
      const transfer = transferFor(plan.dateOfBirth, due);
      reviews.push({
        id,
        laId,
        planId: plan.planId,
        childId: plan.childId,
        kind: transfer ? 'phase_transfer' : 'annual',
        settingId: plan.settingId,
        dueBy: due,
        ...(transfer ?? {}),
        stage: heldOn ? 'held' : invitationsSentOn ? 'invited' : 'scheduled',
        meetingDate,
        meetingTime: meetingDate ? prng.pick(['09:30', '10:00', '13:30', '14:00']) : null,
        meetingPlace: meetingDate ? 'At school' : null,
        invitationsSentOn,
        papersCirculatedOn: heldOn ? addDays(heldOn, -prng.int(5, 16)) : null,
        heldOn,
        createdBy: options.officerId,
      });
      addParticipants(id, invitationsSentOn, heldOn !== null);
    }

    // Now and then an interim review, called by the family or the school, held in the last six months.
    if (prng.chance(0.02) && plan.firstIssued !== null && daysBetween(plan.firstIssued, today) > 200) {
      const id = prng.uuid();
      const heldOn = addDays(today, -prng.int(10, 180));
      const decisionOn = addDays(heldOn, prng.int(5, 40));
      const decided = decisionOn <= today;
      reviews.push({
        id,
        laId,
        planId: plan.planId,
        childId: plan.childId,
        kind: 'interim',
        reason: prng.pick(['parent_request', 'setting_request', 'placement_breakdown', 'exclusion_risk'] as const),
        settingId: plan.settingId,
        dueBy: addDays(heldOn, prng.int(0, 10)),
        stage: decided ? 'closed' : 'held',
        meetingDate: heldOn,
        invitationsSentOn: addDays(heldOn, -prng.int(5, 15)),
        heldOn,
        decision: decided ? 'maintain' : null,
        decisionOn: decided ? decisionOn : null,
        decidedBy: decided ? options.officerId : null,
        appealRightsGivenOn: decided ? decisionOn : null,
        closedOn: decided ? decisionOn : null,
        createdBy: options.officerId,
      });
      addParticipants(id, addDays(heldOn, -10), true);
    }
  }

  for (let start = 0; start < reviews.length; start += ROWS_PER_INSERT) await db.insert(review).values(reviews.slice(start, start + ROWS_PER_INSERT));
  for (let start = 0; start < participants.length; start += ROWS_PER_INSERT) await db.insert(reviewParticipant).values(participants.slice(start, start + ROWS_PER_INSERT));
  return reviews.length;
}
