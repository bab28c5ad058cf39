import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appUser,
  auditEvent,
  child,
  document,
  ehcPlan,
  familyLink,
  notification,
  planOutcome,
  review,
  reviewContribution,
  reviewOutcomeRating,
  reviewParticipant,
  reviewProvisionRecord,
  task,
  timelineEntry,
} from '../../src/db/schema/index.js';
import { addDays } from '../../src/domain/dates.js';
import { paths } from '../../src/http/paths.js';
import { flagOverdueReviewSteps } from '../../src/modules/reviews/overdue.js';
import { createTestApp, demoUser, signedInAs, TEST_CLOCK, type Browser, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';

/** A GOV.UK date input's three fields for an IsoDate. */
function dateFields(name: string, iso: string): Record<string, string> {
  const [year, month, day] = iso.split('-');
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year ?? '' };
}

/** The hidden version field of the last form on a page. */
function versionOn(body: string): string {
  const found = [...body.matchAll(/name="_version" value="(\d+)"/g)].at(-1)?.[1];
  if (!found) throw new Error('No version field on the page');
  return found;
}

describe(`the review workflow, from arranging the meeting to the LA's decision (${testEngine})`, () => {
  let t: TestApp;
  let childId: string;
  let otherChildId: string;
  let reviewId: string;
  let reviewUrl: string;
  let parentId: string;
  let sencoId: string;
  let caseworkerId: string;
  let today: string;
  let caseworker: Browser;

  beforeAll(async () => {
    t = await createTestApp({ plans: 30, clock: TEST_CLOCK });
    today = t.clock.today();
    const parent = demoUser(t.demo, 'parent');
    const senco = demoUser(t.demo, 'school_senco');
    const ids = async (email: string) => (await t.database.db.select({ id: appUser.id }).from(appUser).where(eq(appUser.email, email)))[0]?.id ?? '';
    parentId = await ids(parent.email);
    sencoId = await ids(senco.email);
    caseworkerId = await ids(demoUser(t.demo, 'sen_caseworker').email);
    // The parent's child who is at the SENCO's school, with a plan in force that has outcomes.
    const [row] = await t.database.db
      .select({ childId: familyLink.childId })
      .from(familyLink)
      .innerJoin(ehcPlan, and(eq(ehcPlan.childId, familyLink.childId), eq(ehcPlan.status, 'active')))
      .where(
        sql`${familyLink.userId} = ${parentId}
            and exists (select 1 from placement p where p.child_id = ${familyLink.childId} and p.end_date is null
                        and p.setting_id = (select setting_id from app_user where id = ${sencoId}))
            and exists (select 1 from plan_outcome o where o.plan_version_id = ${ehcPlan.currentVersionId})`,
      )
      .limit(1);
    childId = row?.childId ?? '';
    expect(childId).not.toBe('');
    // The test arranges this child's review itself: one the demo seed left open is set aside.
    await t.database.db
      .update(review)
      .set({ stage: 'cancelled', cancelledReason: 'Set aside by the test' })
      .where(and(eq(review.childId, childId), sql`${review.stage} not in ('closed', 'cancelled')`));
    const [other] = await t.database.db
      .select({ childId: ehcPlan.childId })
      .from(ehcPlan)
      .where(
        sql`${ehcPlan.status} = 'active' and ${ehcPlan.childId} not in (select child_id from family_link where user_id = ${parentId})
            and not exists (select 1 from placement p where p.child_id = ${ehcPlan.childId} and p.end_date is null and p.setting_id = (select setting_id from app_user where id = ${sencoId}))`,
      )
      .limit(1);
    otherChildId = other?.childId ?? '';
    caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
  });
  afterAll(async () => {
    await t.close();
  });

  const reviewsOfChild = () =>
    t.database.db
      .select()
      .from(review)
      .where(and(eq(review.childId, childId), sql`${review.stage} not in ('closed', 'cancelled')`));

  it('finds reviews at every stage in the demo LA, one run by a school, with the ledger frozen for those held', async () => {
    const rows = await t.database.db.select({ stage: review.stage, decision: review.decision, runBy: review.runBy, id: review.id }).from(review).where(eq(review.laId, t.demo.laId));
    const stages = new Set(rows.map((row) => row.stage));
    for (const stage of ['scheduled', 'invited', 'held', 'report_sent', 'decided', 'closed']) expect(stages).toContain(stage);
    expect(new Set(rows.map((row) => row.decision))).toEqual(new Set([null, 'maintain', 'amend', 'cease']));
    expect(rows.some((row) => row.runBy === 'setting')).toBe(true);
    expect(await t.database.db.select().from(reviewProvisionRecord).limit(1)).toHaveLength(1);
    expect(await t.database.db.select().from(reviewContribution).limit(1)).toHaveLength(1);
  });

  it('arranges a review: a meeting date in the past is refused and nothing is saved', async () => {
    const form = await caseworker.get(paths.reviews.new({ childId }));
    expect(form.statusCode).toBe(200);
    const before = (await reviewsOfChild()).length;
    const past = await caseworker.post(paths.reviews.new({ childId }), { kind: 'annual', runBy: 'la', ...dateFields('meetingDate', addDays(today, -1)), meetingPlace: 'School' });
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain('The meeting date must be today or in the future');
    const notADate = await caseworker.post(paths.reviews.new({ childId }), {
      kind: 'annual',
      runBy: 'la',
      'meetingDate-day': '31',
      'meetingDate-month': '2',
      'meetingDate-year': '2027',
      meetingPlace: 'School',
    });
    expect(notADate.statusCode).toBe(400);
    expect(notADate.body).toContain('The meeting date must be a real date');
    expect(await reviewsOfChild()).toHaveLength(before);

    await caseworker.get(paths.reviews.new({ childId }));
    const made = await caseworker.post(paths.reviews.new({ childId }), {
      kind: 'annual',
      runBy: 'la',
      ...dateFields('meetingDate', today),
      meetingTime: '10:00',
      meetingPlace: 'The school meeting room',
    });
    expect(made.statusCode).toBe(303);
    reviewUrl = String(made.headers.location).split('?')[0] ?? '';
    reviewId = reviewUrl.split('/').at(-1) ?? '';
    const page = await caseworker.get(String(made.headers.location));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The review has been arranged.');
    expect(page.body).toContain('Send the invitations');
    // A second annual review of the same plan while this one is open is refused.
    await caseworker.get(paths.reviews.new({ childId }));
    const second = await caseworker.post(paths.reviews.new({ childId }), { kind: 'annual', runBy: 'la', ...dateFields('meetingDate', today), meetingPlace: 'School' });
    expect(second.statusCode).toBe(400);
    expect(second.body).toContain('already has a review under way');
    const tasks = await t.database.db
      .select()
      .from(task)
      .where(and(eq(task.sourceType, 'review_step'), sql`${task.sourceId} like ${`${reviewId}:invitations:%`}`));
    expect(tasks).toHaveLength(1);
  });

  it('sends the invitations to the family, the school and the caseworker, each told', async () => {
    const form = await caseworker.get(paths.reviews.invitations({ childId, reviewId }));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`parent:${parentId}`);
    expect(form.body).toContain(`setting:${sencoId}`);
    const none = await caseworker.post(paths.reviews.invitations({ childId, reviewId }), { _version: versionOn(form.body) });
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Select at least one person to invite');
    const body = new URLSearchParams({ _csrf: caseworker.csrfToken, _version: versionOn(form.body), otherName: 'Dr Priya Shah', otherOrganisation: 'Community paediatrics', otherRole: 'health' });
    for (const key of [`parent:${parentId}`, `setting:${sencoId}`, `la_officer:${caseworkerId}`]) body.append('invitees', key);
    const sent = await t.app.inject({
      method: 'POST',
      url: paths.reviews.invitations({ childId, reviewId }),
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: caseworker.jar.header() },
    });
    expect(sent.statusCode).toBe(303);
    const people = await t.database.db.select().from(reviewParticipant).where(eq(reviewParticipant.reviewId, reviewId));
    expect(people.map((person) => person.role).sort()).toEqual(['health', 'la_officer', 'parent', 'setting']);
    const [row] = await t.database.db.select().from(review).where(eq(review.id, reviewId));
    expect(row).toMatchObject({ stage: 'invited', invitationsSentOn: today });
    const told = await t.database.db
      .select()
      .from(notification)
      .where(and(eq(notification.kind, 'review_invitation'), eq(notification.channel, 'in_app'), eq(notification.link, paths.reviews.review({ childId, reviewId }))));
    expect(told.map((n) => n.userId).sort()).toEqual([parentId, sencoId].sort());
    expect(told.find((n) => n.userId === parentId)?.subject).toBe('A review meeting for your child');
  });

  it('refuses a meeting moved to before the invitations, and a stale edit', async () => {
    const form = await caseworker.get(paths.reviews.schedule({ childId, reviewId }));
    const version = versionOn(form.body);
    const before = await caseworker.post(paths.reviews.schedule({ childId, reviewId }), { _version: version, ...dateFields('meetingDate', addDays(today, -3)), meetingPlace: 'School' });
    expect(before.statusCode).toBe(400);
    expect(before.body).toContain('The meeting date must be on or after the day the invitations were sent');
    const stale = await caseworker.post(paths.reviews.schedule({ childId, reviewId }), { _version: String(Number(version) - 1), ...dateFields('meetingDate', today), meetingPlace: 'School' });
    expect(stale.statusCode).toBe(409);
    const [row] = await t.database.db.select().from(review).where(eq(review.id, reviewId));
    expect(row?.meetingDate).toBe(today);
  });

  it("takes the parent's views online and the school's report, each a document with its audience", async () => {
    const parent = await signedInAs(t.app, t.demo, 'parent');
    const page = await parent.get(reviewUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Add your views');
    expect(page.body).not.toContain('reg 20');
    await parent.get(paths.reviews.contribute({ childId, reviewId }));
    const empty = await parent.post(paths.reviews.contribute({ childId, reviewId }), { kind: 'parent_views', content: '  ' });
    expect(empty.statusCode).toBe(400);
    const setting = await parent.post(paths.reviews.contribute({ childId, reviewId }), { kind: 'setting_report', content: 'Pretending to be the school' });
    expect(setting.statusCode).toBe(400);
    const sent = await parent.post(paths.reviews.contribute({ childId, reviewId }), { kind: 'parent_views', content: 'Reading is much better; the speech therapy stopped in October.' });
    expect(sent.statusCode).toBe(303);

    const senco = await signedInAs(t.app, t.demo, 'school_senco');
    await senco.get(paths.reviews.contribute({ childId, reviewId }));
    expect(
      (await senco.post(paths.reviews.contribute({ childId, reviewId }), { kind: 'setting_report', content: 'Attendance 96%. Working towards the expected standard.', audience: 'family' })).statusCode,
    ).toBe(303);

    const rows = await t.database.db.select().from(reviewContribution).innerJoin(document, eq(document.id, reviewContribution.documentId)).where(eq(reviewContribution.reviewId, reviewId));
    expect(rows.map((row) => row.review_contribution.kind).sort()).toEqual(['parent_views', 'setting_report']);
    expect(rows.every((row) => row.document.audience === 'family' && row.document.linkType === 'plan_review' && row.document.linkId === reviewId)).toBe(true);
    const parentRow = rows.find((row) => row.review_contribution.kind === 'parent_views');
    expect(parentRow?.review_contribution).toMatchObject({ submittedBy: parentId, assistedBy: null });
  });

  it('refuses a decision before the meeting, with nothing saved', async () => {
    const form = await caseworker.get(paths.reviews.decision({ childId, reviewId }));
    expect(form.statusCode).toBe(200);
    const early = await caseworker.post(paths.reviews.decision({ childId, reviewId }), {
      _version: versionOn(form.body),
      decision: 'maintain',
      ...dateFields('decisionOn', today),
      reasons: 'Going well',
    });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('Record the meeting before making a decision');
    const [row] = await t.database.db.select().from(review).where(eq(review.id, reviewId));
    expect(row?.decision).toBeNull();
  });

  it('records the meeting: attendance, a rating for every outcome, and the ledger frozen; a rating off the scale is refused', async () => {
    const form = await caseworker.get(paths.reviews.record({ childId, reviewId }));
    expect(form.statusCode).toBe(200);
    const [row] = await t.database.db.select().from(review).where(eq(review.id, reviewId));
    const [plan] = await t.database.db
      .select()
      .from(ehcPlan)
      .where(eq(ehcPlan.id, row?.planId ?? ''));
    const outcomes = await t.database.db
      .select()
      .from(planOutcome)
      .where(eq(planOutcome.planVersionId, plan?.currentVersionId ?? ''));
    const people = await t.database.db.select().from(reviewParticipant).where(eq(reviewParticipant.reviewId, reviewId));
    const fields: Record<string, string> = {
      _version: versionOn(form.body),
      ...dateFields('heldOn', today),
      recommendations: 'Keep the plan; restart speech therapy.',
      differencesOfView: 'The family want more therapy than the school thinks is needed.',
    };
    for (const person of people) fields[`attended-${person.id}`] = person.role === 'health' ? 'written_only' : 'in_person';
    for (const outcome of outcomes) {
      fields[`rating-${outcome.id}`] = '3';
      fields[`evidence-${outcome.id}`] = 'Teacher assessment, summer term.';
    }
    const first = outcomes[0]?.id ?? '';
    const offScale = await caseworker.post(paths.reviews.record({ childId, reviewId }), { ...fields, [`rating-${first}`]: '5' });
    expect(offScale.statusCode).toBe(400);
    expect(offScale.body).toContain('from 1 (no progress yet) to 4 (achieved)');
    const future = await caseworker.post(paths.reviews.record({ childId, reviewId }), { ...fields, ...dateFields('heldOn', addDays(today, 2)) });
    expect(future.statusCode).toBe(400);
    expect(await t.database.db.select().from(reviewOutcomeRating).where(eq(reviewOutcomeRating.reviewId, reviewId))).toHaveLength(0);

    const held = await caseworker.post(paths.reviews.record({ childId, reviewId }), fields);
    expect(held.statusCode).toBe(303);
    expect(await t.database.db.select().from(reviewOutcomeRating).where(eq(reviewOutcomeRating.reviewId, reviewId))).toHaveLength(outcomes.length);
    const ledger = await t.database.db.select().from(reviewProvisionRecord).where(eq(reviewProvisionRecord.reviewId, reviewId));
    expect(ledger.length).toBeGreaterThan(0);
    expect(ledger.every((line) => line.toDate === today && line.owedMinutes >= 0)).toBe(true);
    const attended = await t.database.db.select().from(reviewParticipant).where(eq(reviewParticipant.reviewId, reviewId));
    expect(attended.find((person) => person.role === 'health')).toMatchObject({ attended: true, attendedHow: 'written_only' });
  });

  it('sends the report; the parent reads it and the frozen ledger in plain words', async () => {
    const parent = await signedInAs(t.app, t.demo, 'parent');
    const early = await parent.get(paths.reviews.report({ childId, reviewId }));
    expect(early.body).toContain('The report will be here once it has been sent to you');
    const report = await caseworker.get(paths.reviews.report({ childId, reviewId }));
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('Support in the plan since');
    const sent = await caseworker.post(paths.reviews.sendReport({ childId, reviewId }), { _version: versionOn(report.body) });
    expect(sent.statusCode).toBe(303);
    const read = await parent.get(paths.reviews.report({ childId, reviewId }));
    expect(read.body).toContain('Keep the plan; restart speech therapy.');
    expect(read.body).toContain('Good progress');
    expect(read.body).toContain('Support in the plan since');
    expect(
      await t.database.db
        .select()
        .from(notification)
        .where(and(eq(notification.userId, parentId), eq(notification.kind, 'review_report'))),
    ).not.toHaveLength(0);
  });

  it('lets only the LA decide; cease without its grounds is refused; maintain moves the plan on', async () => {
    const senco = await signedInAs(t.app, t.demo, 'school_senco');
    expect((await senco.get(paths.reviews.decision({ childId, reviewId }))).statusCode).toBe(403);
    expect((await senco.post(paths.reviews.decision({ childId, reviewId }), { decision: 'maintain' })).statusCode).toBe(403);

    const form = await caseworker.get(paths.reviews.decision({ childId, reviewId }));
    const cease = await caseworker.post(paths.reviews.decision({ childId, reviewId }), { _version: versionOn(form.body), decision: 'cease', ...dateFields('decisionOn', today), reasons: 'Needs met' });
    expect(cease.statusCode).toBe(400);
    expect(cease.body).toContain('Select why the plan is to stop');
    expect(cease.body).toContain('Enter the date the family was told of their right to appeal');

    const decided = await caseworker.post(paths.reviews.decision({ childId, reviewId }), {
      _version: versionOn(form.body),
      decision: 'maintain',
      ...dateFields('decisionOn', today),
      reasons: 'Good progress; the provision stays.',
    });
    expect(decided.statusCode).toBe(303);
    const [row] = await t.database.db.select().from(review).where(eq(review.id, reviewId));
    expect(row).toMatchObject({ stage: 'closed', decision: 'maintain', decisionOn: today, decidedBy: caseworkerId });
    const [plan] = await t.database.db
      .select()
      .from(ehcPlan)
      .where(eq(ehcPlan.id, row?.planId ?? ''));
    expect(plan?.lastReviewDate).toBe(today);
    expect(plan?.nextReviewDue && plan.nextReviewDue > today).toBe(true);

    const parent = await signedInAs(t.app, t.demo, 'parent');
    const read = await parent.get(paths.reviews.report({ childId, reviewId }));
    expect(read.body).toContain('The plan stays as it is.');
    const timeline = await t.database.db
      .select()
      .from(timelineEntry)
      .where(and(eq(timelineEntry.sourceType, 'review'), eq(timelineEntry.sourceId, reviewId)));
    expect(timeline.map((entry) => entry.title).some((title) => title.includes('decision made'))).toBe(true);
    expect(timeline.every((entry) => entry.audience === 'family')).toBe(true);
    const events = await t.database.db
      .select({ action: auditEvent.action })
      .from(auditEvent)
      .where(and(eq(auditEvent.childId, childId), eq(auditEvent.subjectId, reviewId)));
    expect(new Set(events.map((event) => event.action))).toEqual(new Set(['CREATE_REVIEW', 'SEND_REVIEW_INVITATIONS', 'RECORD_REVIEW_MEETING', 'SEND_REVIEW_REPORT', 'RECORD_REVIEW_DECISION']));
    const openTasks = await t.database.db
      .select()
      .from(task)
      .where(and(eq(task.sourceType, 'review_step'), eq(task.status, 'open'), sql`${task.sourceId} like ${`${reviewId}:%`}`));
    expect(openTasks).toHaveLength(0);
  });

  it("keeps a review from another family and another school's SENCO: 404", async () => {
    const parent = await signedInAs(t.app, t.demo, 'parent');
    const senco = await signedInAs(t.app, t.demo, 'school_senco');
    const [otherReview] = await t.database.db.select({ id: review.id }).from(review).where(eq(review.childId, otherChildId)).limit(1);
    const otherId = otherReview?.id ?? reviewId;
    expect((await parent.get(paths.reviews.review({ childId: otherChildId, reviewId: otherId }))).statusCode).toBe(404);
    expect((await senco.get(paths.reviews.review({ childId: otherChildId, reviewId: otherId }))).statusCode).toBe(404);
    // The review exists, but not under another child's path.
    expect((await caseworker.get(paths.reviews.review({ childId: otherChildId, reviewId }))).statusCode).toBe(404);
    expect((await parent.get(paths.reviews.contribute({ childId: otherChildId, reviewId: otherId }))).statusCode).toBe(404);
    // The SENCO's pupil's review run by the LA is theirs to read, not to run.
    expect((await senco.get(reviewUrl)).statusCode).toBe(200);
    expect((await senco.get(paths.reviews.record({ childId, reviewId }))).statusCode).toBe(404);
  });

  it('shows the calendar and the overdue list to the LA, and a school its own pupils', async () => {
    const calendar = await caseworker.get(paths.reviews.calendar());
    expect(calendar.statusCode).toBe(200);
    expect(calendar.body).toContain('Review calendar');
    const overdue = await caseworker.get(paths.reviews.calendar({ overdue: true }));
    expect(overdue.statusCode).toBe(200);
    const bad = await caseworker.get(`${paths.reviews.calendar()}?stage=nonsense`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select a stage from the list');
    const senco = await signedInAs(t.app, t.demo, 'school_senco');
    const tray = await senco.get(paths.reviews.calendar());
    expect(tray.statusCode).toBe(200);
    expect(tray.body).toContain('Reviews of your pupils');
    const parent = await signedInAs(t.app, t.demo, 'parent');
    expect((await parent.get(paths.reviews.calendar())).statusCode).toBe(403);
  });

  it('raises each overdue step once, as a task and a notification for its owner', async () => {
    const [candidate] = await t.database.db
      .select({ planId: ehcPlan.id, childId: ehcPlan.childId, caseworkerId: child.caseworkerId })
      .from(ehcPlan)
      .innerJoin(child, eq(child.id, ehcPlan.childId))
      .where(
        sql`${ehcPlan.status} = 'active' and ${child.caseworkerId} is not null and ${ehcPlan.childId} <> ${childId}
            and not exists (select 1 from review r where r.plan_id = ${ehcPlan.id} and r.kind <> 'interim' and r.stage not in ('closed', 'cancelled'))`,
      )
      .limit(1);
    expect(candidate).toBeDefined();
    const [late] = await t.database.db
      .insert(review)
      .values({ laId: t.demo.laId, planId: candidate?.planId ?? '', childId: candidate?.childId ?? '', kind: 'annual', dueBy: addDays(today, -10), stage: 'scheduled' })
      .returning({ id: review.id });
    const first = await flagOverdueReviewSteps(t.database.db, t.demo.laId, today);
    expect(first.raised).toBeGreaterThan(0);
    const tasks = await t.database.db
      .select()
      .from(task)
      .where(and(eq(task.sourceType, 'review_step'), sql`${task.sourceId} like ${`${late?.id ?? ''}:%`}`));
    expect(tasks.map((row) => row.sourceId?.split(':')[1]).sort()).toEqual(['invitations', 'meeting', 'papers']);
    expect(tasks.every((row) => row.ownerUserId === candidate?.caseworkerId)).toBe(true);
    const told = await t.database.db
      .select()
      .from(notification)
      .where(
        and(
          eq(notification.kind, 'review_step_overdue'),
          eq(notification.channel, 'in_app'),
          eq(notification.link, paths.reviews.review({ childId: candidate?.childId ?? '', reviewId: late?.id ?? '' })),
        ),
      );
    expect(told).toHaveLength(3);
    const again = await flagOverdueReviewSteps(t.database.db, t.demo.laId, today);
    expect(again.raised).toBe(0);
    expect(again.notified).toBe(0);
    const calendar = await caseworker.get(paths.reviews.calendar({ overdue: true }));
    expect(calendar.body).toContain(paths.reviews.review({ childId: candidate?.childId ?? '', reviewId: late?.id ?? '' }));
  });

  it('refuses a review of a child whose plan has ceased', async () => {
    await t.database.db
      .update(ehcPlan)
      .set({ status: 'ceased', ceasedDate: today })
      .where(and(eq(ehcPlan.childId, otherChildId), eq(ehcPlan.status, 'active')));
    await caseworker.get(paths.reviews.new({ childId: otherChildId }));
    const refused = await caseworker.post(paths.reviews.new({ childId: otherChildId }), { kind: 'annual', runBy: 'la', ...dateFields('meetingDate', today), meetingPlace: 'School' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('no EHC plan in force');
  });
  it('an "amend" decision leads to the plan editor, and the draft it starts keeps the review in step', async () => {
    const [decided] = await t.database.db
      .select({ id: review.id, childId: review.childId })
      .from(review)
      .innerJoin(ehcPlan, and(eq(ehcPlan.id, review.planId), eq(ehcPlan.status, 'active')))
      .where(
        and(
          eq(review.laId, t.demo.laId),
          eq(review.decision, 'amend'),
          sql`${review.draftVersionId} is null and ${review.amendedVersionId} is null`,
          sql`not exists (select 1 from plan_version v where v.plan_id = ${review.planId} and v.status = 'draft')`,
        ),
      )
      .limit(1);
    expect(decided).toBeDefined();
    const ids = { childId: decided?.childId ?? '', reviewId: decided?.id ?? '' };
    const start = paths.planEditor.start({ childId: ids.childId }, { review: ids.reviewId });
    const page = await caseworker.get(paths.reviews.review(ids));
    expect(page.body).toContain(start.replaceAll('&', '&amp;'));
    const form = await caseworker.get(start);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`name="reviewId" value="${ids.reviewId}"`);
    const started = await caseworker.post(paths.planEditor.start({ childId: ids.childId }), { reviewId: ids.reviewId });
    expect(started.statusCode).toBe(303);
    const [after] = await t.database.db.select({ draftVersionId: review.draftVersionId }).from(review).where(eq(review.id, ids.reviewId));
    expect(after?.draftVersionId).toBeTruthy();
    expect(String(started.headers.location)).toContain(after?.draftVersionId ?? 'no draft');
    const again = await caseworker.get(paths.reviews.review(ids));
    expect(again.body).toContain(paths.planEditor.draft({ childId: ids.childId, versionId: after?.draftVersionId ?? '' }));
  });
});
