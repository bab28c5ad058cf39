import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUser, auditEvent, child, ehcPlan, familyLink, notification, placement, provisionConcern, review, task, timelineEntry } from '../../src/db/schema/index.js';
import { paths } from '../../src/http/paths.js';
import { createTestApp, demoUser, signedInAs, TEST_CLOCK, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';

describe(`interim and early reviews (${testEngine})`, () => {
  let t: TestApp;
  /** The parent's child at the SENCO's school. */
  let childId: string;
  let otherChildId: string;
  let ceasedChildId: string;
  let concernChildId: string;
  let parentId: string;
  let caseworkerOf: (id: string) => Promise<string | null>;

  const reviewsOf = (id: string) =>
    t.database.db
      .select()
      .from(review)
      .where(and(eq(review.childId, id), eq(review.kind, 'interim')));

  beforeAll(async () => {
    t = await createTestApp({ plans: 30, deliveryHistory: false, clock: TEST_CLOCK });
    const db = t.database.db;
    const [parent] = await db
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, 'parent').email));
    parentId = parent?.id ?? '';
    const [senco] = await db
      .select({ settingId: appUser.settingId })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, 'school_senco').email));
    const [row] = await db
      .select({ childId: familyLink.childId })
      .from(familyLink)
      .innerJoin(placement, and(eq(placement.childId, familyLink.childId), sql`${placement.endDate} is null`, eq(placement.settingId, senco?.settingId ?? '')))
      .where(eq(familyLink.userId, parentId))
      .limit(1);
    childId = row?.childId ?? '';
    expect(childId).not.toBe('');
    const others = await db
      .select({ id: child.id })
      .from(child)
      // Not the demo parent's, and none the seed has already called an early review for.
      .where(sql`${child.id} not in (select child_id from family_link where user_id = ${parentId}) and ${child.id} not in (select child_id from review where kind = 'interim')`)
      .orderBy(child.id)
      .limit(3);
    otherChildId = others[0]?.id ?? '';
    ceasedChildId = others[1]?.id ?? '';
    concernChildId = others[2]?.id ?? '';
    // A plan that has ended: nothing to review.
    await db.update(ehcPlan).set({ status: 'ceased', ceasedDate: '2026-10-31', ceaseReason: '3' }).where(eq(ehcPlan.childId, ceasedChildId));
    caseworkerOf = async (id) => (await db.select({ caseworkerId: child.caseworkerId }).from(child).where(eq(child.id, id)))[0]?.caseworkerId ?? null;
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets a parent ask for an early review in their own words; refuses an empty reason and a second request', async () => {
    const parent = await signedInAs(t.app, t.demo, 'parent');
    const reviewsTab = await parent.get(paths.child.reviews({ childId }));
    expect(reviewsTab.body).toContain(paths.interimReviews.call({ childId }));
    expect(reviewsTab.body).toContain('Ask for an early review');
    const form = await parent.get(paths.interimReviews.call({ childId }));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Ask for an early review');
    // A family's reason is their own request: nothing to choose.
    expect(form.body).not.toContain('name="reason"');

    const empty = await parent.post(paths.interimReviews.call({ childId }), { detail: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Say why a review is needed now');
    expect(empty.body).toContain('govuk-error-summary');
    expect(await reviewsOf(childId)).toHaveLength(0);

    // A reason the family may not give is ignored: theirs is always their own request.
    const sent = await parent.post(paths.interimReviews.call({ childId }), { reason: 'la_request', detail: 'The new timetable is not working and he is refusing school.' });
    expect(sent.statusCode).toBe(303);
    const [called] = await reviewsOf(childId);
    expect(called).toMatchObject({ kind: 'interim', reason: 'parent_request', stage: 'scheduled', dueBy: '2026-12-23', concernId: null, createdBy: parentId });
    expect(String(sent.headers.location)).toBe(paths.interimReviews.review({ childId, reviewId: called?.id ?? '' }, { called: 1 }));
    const page = await parent.get(String(sent.headers.location));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The early review has been asked for');
    expect(page.body).toContain('The family asked for a review');
    expect(page.body).toContain('23 December 2026');

    const audit = await t.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.childId, childId), eq(auditEvent.action, 'CALL_INTERIM_REVIEW')));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ subjectType: 'review', subjectId: called?.id });
    const [entry] = await t.database.db
      .select()
      .from(timelineEntry)
      .where(and(eq(timelineEntry.childId, childId), eq(timelineEntry.sourceId, called?.id ?? '')));
    expect(entry).toMatchObject({ kind: 'review', audience: 'family', body: 'The new timetable is not working and he is refusing school.' });
    const caseworkerId = await caseworkerOf(childId);
    const [job] = await t.database.db
      .select()
      .from(task)
      .where(and(eq(task.sourceType, 'interim_review'), eq(task.sourceId, called?.id ?? '')));
    expect(job).toMatchObject({ ownerUserId: caseworkerId, dueOn: '2026-12-23', status: 'open', childId });
    const told = await t.database.db
      .select({ kind: notification.kind })
      .from(notification)
      .where(and(eq(notification.userId, caseworkerId ?? ''), eq(notification.kind, 'task_assigned')));
    expect(told.length).toBeGreaterThan(0);

    const again = await parent.post(paths.interimReviews.call({ childId }), { detail: 'Asking again.' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('You have already asked for an early review');
    expect(await reviewsOf(childId)).toHaveLength(1);
  });

  it('answers 404 for another family’s child, and 403 for someone who may not call a review', async () => {
    const parent = await signedInAs(t.app, t.demo, 'parent');
    expect((await parent.get(paths.interimReviews.call({ childId: otherChildId }))).statusCode).toBe(404);
    expect((await parent.post(paths.interimReviews.call({ childId: otherChildId }), { detail: 'Not my child.' })).statusCode).toBe(404);
    const [called] = await reviewsOf(childId);
    expect((await parent.get(paths.interimReviews.review({ childId: otherChildId, reviewId: called?.id ?? '' }))).statusCode).toBe(404);
    expect((await parent.get(paths.interimReviews.review({ childId, reviewId: 'not-a-uuid' }))).statusCode).toBe(404);
    expect(await reviewsOf(otherChildId)).toHaveLength(0);
    const professional = await signedInAs(t.app, t.demo, 'professional');
    expect((await professional.get(paths.interimReviews.call({ childId }))).statusCode).toBe(403);
  });

  it('lets the school ask, for a reason a school gives; the family is told', async () => {
    const senco = await signedInAs(t.app, t.demo, 'school_senco');
    const form = await senco.get(paths.interimReviews.call({ childId }));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('The placement is at risk of breaking down');
    expect(form.body).toContain('Something else');
    expect(form.body).not.toContain('value="la_request"');
    const noReason = await senco.post(paths.interimReviews.call({ childId }), { detail: 'Placement is struggling.' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Select why the review is needed');
    const notTheirs = await senco.post(paths.interimReviews.call({ childId }), { reason: 'la_request', detail: 'Placement is struggling.' });
    expect(notTheirs.statusCode).toBe(400);
    expect(await reviewsOf(childId)).toHaveLength(1);

    const sent = await senco.post(paths.interimReviews.call({ childId }), {
      reason: 'placement_breakdown',
      detail: 'Three incidents this half term; we cannot meet his needs with the current support.',
    });
    expect(sent.statusCode).toBe(303);
    const rows = await reviewsOf(childId);
    expect(rows.map((row) => row.reason).sort()).toEqual(['parent_request', 'placement_breakdown']);
    const news = await t.database.db
      .select({ subject: notification.subject, link: notification.link })
      .from(notification)
      .where(and(eq(notification.userId, parentId), eq(notification.kind, 'interim_review_called'), eq(notification.channel, 'in_app')));
    expect(news).toHaveLength(1);
    expect(news[0]?.subject).toBe('An early review of your child’s plan');
    expect(news[0]?.link).toContain(paths.interimReviews.review({ childId, reviewId: rows.find((row) => row.reason === 'placement_breakdown')?.id ?? '' }));
  });

  it('refuses a review of a plan that has ended, saving nothing', async () => {
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const form = await caseworker.get(paths.interimReviews.call({ childId: ceasedChildId }));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('no EHC plan in force');
    const refused = await caseworker.post(paths.interimReviews.call({ childId: ceasedChildId }), { reason: 'la_request', detail: 'Checking the plan.' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('ended on 31 October 2026: there is no plan to review');
    expect(await reviewsOf(ceasedChildId)).toHaveLength(0);
    const audit = await t.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.childId, ceasedChildId), eq(auditEvent.action, 'CALL_INTERIM_REVIEW')));
    expect(audit).toHaveLength(0);
  });

  it('calls an interim review from a provision concern escalated to the head of service, in one step', async () => {
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    await caseworker.get(paths.concerns.raise({ childId: concernChildId }));
    const raised = await caseworker.post(paths.concerns.raise({ childId: concernChildId }), { itemId: 'whole-plan', description: 'No teaching assistant support since September.' });
    expect(raised.statusCode).toBe(303);
    const [concern] = await t.database.db.select().from(provisionConcern).where(eq(provisionConcern.childId, concernChildId));
    const concernUrl = paths.concerns.concern({ childId: concernChildId, concernId: concern?.id ?? '' });
    const steps = paths.concerns.steps({ childId: concernChildId, concernId: concern?.id ?? '' });
    const manager = await signedInAs(t.app, t.demo, 'sen_team_manager');
    await manager.get(concernUrl);
    expect((await manager.post(steps, { action: 'escalated', note: 'School has not recruited.' })).statusCode).toBe(303);
    // Not yet at the top: no one-step button.
    expect((await manager.get(concernUrl)).body).not.toContain('Call an interim review');
    expect((await manager.post(steps, { action: 'escalated', note: 'Still no support after four weeks.' })).statusCode).toBe(303);
    const atTop = await manager.get(concernUrl);
    expect(atTop.body).toContain('Call an interim review');
    expect(await reviewsOf(concernChildId)).toHaveLength(0);

    const call = await manager.post(steps, { action: 'early_review_called' });
    expect(call.statusCode).toBe(303);
    const [called] = await reviewsOf(concernChildId);
    expect(called).toMatchObject({ reason: 'provision_concern', concernId: concern?.id, stage: 'scheduled', dueBy: '2026-12-23', reasonDetail: 'No teaching assistant support since September.' });
    const [after] = await t.database.db
      .select()
      .from(provisionConcern)
      .where(eq(provisionConcern.id, concern?.id ?? ''));
    expect(after).toMatchObject({ earlyReviewCalled: true, level: 'head_of_service', status: 'open' });
    const page = await manager.get(concernUrl);
    expect(page.body).toContain(paths.interimReviews.review({ childId: concernChildId, reviewId: called?.id ?? '' }));
    expect(page.body).not.toContain('type="hidden" name="action" value="early_review_called"');
    expect(atTop.body).toContain('type="hidden" name="action" value="early_review_called"');
    // The review's own event, written under the step's declared event, in the same request.
    const events = await t.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.childId, concernChildId), eq(auditEvent.subjectId, called?.id ?? '')));
    expect(events.map((event) => event.action)).toEqual(['UPDATE_PROVISION_CONCERN']);
    const [job] = await t.database.db
      .select()
      .from(task)
      .where(eq(task.sourceId, called?.id ?? ''));
    expect(job?.ownerUserId).toBe(await caseworkerOf(concernChildId));

    // A second early review about provision for the same child is refused, the concern unchanged.
    const [second] = await t.database.db
      .insert(provisionConcern)
      .values({
        laId: t.demo.laId,
        childId: concernChildId,
        kind: 'parent_raised',
        reasons: [],
        summary: 'Speech therapy missed.',
        level: 'head_of_service',
        dueOn: '2026-12-01',
        raisedOn: '2026-11-01',
      })
      .returning({ id: provisionConcern.id });
    const secondSteps = paths.concerns.steps({ childId: concernChildId, concernId: second?.id ?? '' });
    await manager.get(paths.concerns.concern({ childId: concernChildId, concernId: second?.id ?? '' }));
    const refused = await manager.post(secondSteps, { action: 'early_review_called' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('An early review for this reason is already open');
    const [unchanged] = await t.database.db
      .select()
      .from(provisionConcern)
      .where(eq(provisionConcern.id, second?.id ?? ''));
    expect(unchanged?.earlyReviewCalled).toBe(false);
    expect(await reviewsOf(concernChildId)).toHaveLength(1);
  });
});
