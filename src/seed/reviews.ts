import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Principal } from '../auth/child-scope.js';
import { fixedClock } from '../clock.js';
import type { Database } from '../db/client.js';
import { appUser, child, ehcPlan, familyLink, placement, planOutcome, review, reviewParticipant } from '../db/schema/index.js';
import { addDays, type IsoDate } from '../domain/dates.js';
import { declaredAudit, type Actor } from '../http/actor.js';
import type { AuditAction } from '../modules/audit/actions.js';
import * as reviews from '../modules/reviews/service.js';
import { Prng, seedFromText } from './prng.js';

/**
 * Reviews at every stage for the demo LA, made through the review service a caseworker, a SENCO
 * and a parent use, each step on the day it happened (the actor's clock is set to that day):
 * arranged, invited with the family's and the school's views, held with ratings and the ledger
 * frozen, the report sent, decided (maintain, amend, cease), one overdue and one run by the
 * SENCO's school. The children are chosen in id order, so the same seed makes the same reviews.
 */

type Stage = 'scheduled' | 'invited' | 'held' | 'report_sent' | 'maintain' | 'amend' | 'cease';

/** Where each review is and how long ago its meeting was (negative: still to come). */
const SCRIPT: { stage: Stage; meetingDaysAgo: number; runBy: 'la' | 'setting' }[] = [
  { stage: 'scheduled', meetingDaysAgo: -35, runBy: 'la' },
  { stage: 'invited', meetingDaysAgo: -16, runBy: 'la' },
  { stage: 'held', meetingDaysAgo: 5, runBy: 'la' },
  { stage: 'report_sent', meetingDaysAgo: 20, runBy: 'la' },
  { stage: 'maintain', meetingDaysAgo: 45, runBy: 'la' },
  { stage: 'amend', meetingDaysAgo: 30, runBy: 'la' },
  { stage: 'cease', meetingDaysAgo: 60, runBy: 'la' },
  // Held weeks ago and no report: overdue on the calendar and in the daily check.
  { stage: 'held', meetingDaysAgo: 24, runBy: 'la' },
  { stage: 'invited', meetingDaysAgo: -20, runBy: 'la' },
];

const PARENT_VIEWS = [
  'She is much happier at school this year and has made a friend in her class. Reading at home is still hard work. We would like the speech and language sessions to happen every week as the plan says.',
  'He finds lunchtimes very difficult and comes home exhausted. The small group work is helping. We are worried about moving to secondary school and want to start planning now.',
  'Things have been better since the new teaching assistant started. We would like more help with his handwriting and to know what will happen about the therapy that was missed in the autumn.',
];
const SETTING_REPORTS = [
  'Attendance this year is 94%. Progress in reading is steady: now reading at book band 7. Works well in small groups; finds unstructured times hard. The 1:1 support is in place every morning.',
  'Good progress in maths and in communicating needs to adults. Social interaction with peers is still an area of need. Two speech and language sessions were missed in November when the therapist was ill.',
];
const RECOMMENDATIONS = [
  'Keep the plan as it is. Continue the small group literacy sessions and the weekly speech and language therapy; the school to share a termly update with the family.',
  'Amend section F to add a social skills group each week and update the outcomes for the move to secondary school.',
  'The outcomes have been met and needs can be met from the school’s own resources; the meeting recommends the plan stops at the end of the school year.',
];

function actorFor(principal: Principal, day: IsoDate, action: AuditAction): Actor {
  return { principal, requestId: 'demo-seed', clock: fixedClock(`${day}T10:00:00Z`), audit: declaredAudit(action) };
}

async function principalOf(db: Database, userId: string): Promise<Principal | undefined> {
  const [row] = await db.select().from(appUser).where(eq(appUser.id, userId));
  if (!row) return undefined;
  return {
    userId: row.id,
    laId: row.laId,
    role: row.role as Principal['role'],
    displayName: row.displayName,
    email: row.email,
    settingId: row.settingId,
    organisationId: row.organisationId,
    childId: row.childId,
  };
}

export async function seedDemoReviews(db: Database, options: { laId: string; seed: string; today: IsoDate; caseworkerId: string; parentUserId: string; sencoUserId: string | null }): Promise<number> {
  const { laId, today } = options;
  const prng = new Prng(seedFromText(`${options.seed}:reviews`));
  const caseworker = await principalOf(db, options.caseworkerId);
  const parent = await principalOf(db, options.parentUserId);
  const senco = options.sencoUserId ? await principalOf(db, options.sencoUserId) : undefined;
  if (!caseworker || !parent) return 0;
  // Children with a plan in force, a school place and outcomes to rate, in id order.
  const candidates = await db
    .select({ childId: ehcPlan.childId, settingId: placement.settingId, planId: ehcPlan.id })
    .from(ehcPlan)
    .innerJoin(child, eq(child.id, ehcPlan.childId))
    .innerJoin(placement, and(eq(placement.childId, ehcPlan.childId), sql`${placement.endDate} is null`, isNotNull(placement.settingId)))
    .where(and(eq(ehcPlan.laId, laId), eq(ehcPlan.status, 'active'), sql`exists (select 1 from ${planOutcome} o where o.plan_version_id = ${ehcPlan.currentVersionId})`))
    .orderBy(asc(ehcPlan.childId));
  const parentChildren = new Set((await db.select({ childId: familyLink.childId }).from(familyLink).where(eq(familyLink.userId, options.parentUserId))).map((row) => row.childId));
  // The demo parent's children are left for the visitor to arrange, bar one invited review they can add views to.
  const theirs = candidates.filter((row) => parentChildren.has(row.childId) && row.settingId !== senco?.settingId);
  const others = candidates.filter((row) => !parentChildren.has(row.childId));
  const sencoPupil = senco ? others.find((row) => row.settingId === senco.settingId) : undefined;
  const chosen: { childId: string; stage: Stage; meetingDaysAgo: number; runBy: 'la' | 'setting'; parentsOwn?: boolean }[] = [];
  const pool = others.filter((row) => row !== sencoPupil);
  SCRIPT.forEach((entry, index) => {
    const row = pool[index * 3];
    if (row) chosen.push({ childId: row.childId, ...entry });
  });
  if (theirs[0]) chosen.push({ childId: theirs[0].childId, stage: 'invited', meetingDaysAgo: -18, runBy: 'la', parentsOwn: true });
  if (sencoPupil && senco) chosen.push({ childId: sencoPupil.childId, stage: 'invited', meetingDaysAgo: -15, runBy: 'setting' });

  let made = 0;
  for (const [index, entry] of chosen.entries()) {
    const meetingDate = addDays(today, -entry.meetingDaysAgo);
    const arrangedOn = addDays(meetingDate, -(21 + prng.int(0, 10)));
    const runner = entry.runBy === 'setting' && senco ? senco : caseworker;
    const act = (day: IsoDate, action: AuditAction, who: Principal = runner) => actorFor(who, day < today ? day : today, action);
    const reviewId = await reviews.createReview(db, act(arrangedOn, 'CREATE_REVIEW'), entry.childId, {
      kind: 'annual',
      runBy: entry.runBy,
      meetingDate,
      meetingTime: ['09:30', '10:00', '13:30', '15:15'][index % 4] ?? '10:00',
      meetingPlace: entry.runBy === 'setting' ? 'The SENCO’s office' : (['The school meeting room', 'Online (Microsoft Teams)', 'The family centre'][index % 3] ?? 'The school'),
    });
    made += 1;
    if (entry.stage === 'scheduled') continue;
    const version = async () => String((await db.select({ version: review.version }).from(review).where(eq(review.id, reviewId)))[0]?.version ?? 1);
    const inviteOn = addDays(arrangedOn, 2);
    const form = await reviews.loadInvitationsForm(db, act(inviteOn, 'VIEW_REVIEW'), entry.childId, reviewId);
    const invitees = [
      ...form.candidates.family.flatMap((person) => (person.userId ? [reviews.inviteeKey('parent', person.userId)] : [])),
      ...form.candidates.school.map((person) => reviews.inviteeKey('setting', person.userId)),
      reviews.inviteeKey('la_officer', caseworker.userId),
    ];
    await reviews.sendInvitations(db, act(inviteOn, 'SEND_REVIEW_INVITATIONS'), entry.childId, reviewId, {
      invitees,
      otherName: ['Dr Amira Khan', 'Jo Patel', 'Sam Okafor'][index % 3] ?? 'Dr Amira Khan',
      otherOrganisation: ['Community paediatrics', 'Children’s social care', 'Speech and language therapy service'][index % 3] ?? '',
      otherRole: ['health', 'social_care', 'health'][index % 3] ?? 'health',
      _version: await version(),
    });
    // The family's views, online or (every third) entered by the caseworker for them; the school's report.
    const viewsOn = addDays(inviteOn, 5);
    const familyOnline = entry.parentsOwn !== true && form.candidates.family.some((person) => person.userId === parent.userId);
    if (index % 3 === 2 || !familyOnline) {
      if (!entry.parentsOwn)
        await reviews.addContribution(db, act(viewsOn, 'ADD_REVIEW_CONTRIBUTION', caseworker), entry.childId, reviewId, { kind: 'parent_views', content: prng.pick(PARENT_VIEWS), audience: 'family' });
    } else await reviews.addContribution(db, act(viewsOn, 'ADD_REVIEW_CONTRIBUTION', parent), entry.childId, reviewId, { kind: 'parent_views', content: prng.pick(PARENT_VIEWS), audience: 'family' });
    if (senco && form.candidates.school.some((person) => person.userId === senco.userId))
      await reviews.addContribution(db, act(addDays(viewsOn, 1), 'ADD_REVIEW_CONTRIBUTION', senco), entry.childId, reviewId, {
        kind: 'setting_report',
        content: prng.pick(SETTING_REPORTS),
        audience: 'family',
      });
    else
      await reviews.addContribution(db, act(addDays(viewsOn, 1), 'ADD_REVIEW_CONTRIBUTION', caseworker), entry.childId, reviewId, {
        kind: 'setting_report',
        content: prng.pick(SETTING_REPORTS),
        audience: 'family',
      });
    if (entry.stage === 'invited') continue;
    await reviews.circulatePapers(db, act(addDays(meetingDate, -14), 'SEND_REVIEW_PAPERS'), entry.childId, reviewId, await version());

    const meeting = await reviews.loadMeetingForm(db, act(meetingDate, 'VIEW_REVIEW'), entry.childId, reviewId);
    const people = await db.select().from(reviewParticipant).where(eq(reviewParticipant.reviewId, reviewId));
    const attendance = Object.fromEntries(people.map((person, position) => [person.id, person.role === 'health' ? 'written_only' : position % 4 === 3 ? 'online' : 'in_person']));
    const recommendation = entry.stage === 'amend' ? RECOMMENDATIONS[1] : entry.stage === 'cease' ? RECOMMENDATIONS[2] : RECOMMENDATIONS[0];
    await reviews.recordMeeting(db, act(meetingDate, 'RECORD_REVIEW_MEETING'), entry.childId, reviewId, {
      heldOn: meetingDate,
      attendance,
      ratings: Object.fromEntries(meeting.outcomes.map((outcome) => [outcome.id, String(entry.stage === 'cease' ? 4 : prng.int(1, 4))])),
      evidence: Object.fromEntries(
        meeting.outcomes.map((outcome) => [
          outcome.id,
          prng.pick(['Teacher assessment this term', 'Speech and language therapist’s report', 'Observed in class by the SENCO', 'Parent’s account at the meeting']),
        ]),
      ),
      recommendations: recommendation ?? '',
      differencesOfView: entry.stage === 'amend' ? 'The family would like the therapy to be delivered in school rather than at the clinic.' : '',
      _version: await version(),
    });
    if (entry.stage === 'held') continue;
    await reviews.sendReport(db, act(addDays(meetingDate, 9), 'SEND_REVIEW_REPORT'), entry.childId, reviewId, await version());
    if (entry.stage === 'report_sent') continue;
    const decidedOn = addDays(meetingDate, 18);
    await reviews.recordDecision(db, act(decidedOn, 'RECORD_REVIEW_DECISION', caseworker), entry.childId, reviewId, {
      decision: entry.stage,
      decisionOn: decidedOn < today ? decidedOn : today,
      reasons:
        entry.stage === 'maintain'
          ? 'Good progress towards the outcomes; the provision is right and is being delivered.'
          : entry.stage === 'amend'
            ? 'The outcomes need updating for the move to secondary school and a social skills group is needed.'
            : 'The outcomes in the plan have been achieved and the school can meet the remaining needs from its own resources.',
      ceaseReason: entry.stage === 'cease' ? '2' : null,
      appealRightsGivenOn: entry.stage === 'cease' ? (decidedOn < today ? decidedOn : today) : null,
      _version: await version(),
    });
  }
  return made;
}
