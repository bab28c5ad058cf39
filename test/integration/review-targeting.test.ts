import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUser, auditEvent, ehcPlan, provisionConcern, review, reviewOfficerCapacity, reviewParticipant, reviewPolicy } from '../../src/db/schema/index.js';
import { paths } from '../../src/http/paths.js';
import { planTerm } from '../../src/modules/review-targeting/service.js';
import { createTestApp, demoUser, signedInAs, TEST_CLOCK, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';

describe(`targeted attendance at reviews (${testEngine})`, () => {
  let t: TestApp;
  let laId: string;
  let staff: { id: string; role: string; displayName: string }[];
  const idOf = (role: string) => staff.find((row) => row.role === role && !row.displayName.startsWith('caseworker'))?.id ?? '';
  const today = TEST_CLOCK.today();

  beforeAll(async () => {
    t = await createTestApp({ plans: 80, deliveryHistory: false, clock: TEST_CLOCK });
    laId = t.demo.laId;
    const emails = ['sen_caseworker', 'sen_team_manager', 'educational_psychologist', 'inclusion_officer', 'parent'].map((role) => demoUser(t.demo, role).email);
    staff = await t.database.db.select({ id: appUser.id, role: appUser.role, displayName: appUser.displayName }).from(appUser).where(inArray(appUser.email, emails));
  });
  afterAll(async () => {
    await t.close();
  });

  it('seeds the demo LA with weights, capacities, this term’s reviews and a few confirmed attendances', async () => {
    const [policy] = await t.database.db.select().from(reviewPolicy).where(eq(reviewPolicy.laId, laId));
    expect(policy).toMatchObject({ interimDueWeeks: 4, highRiskScore: 40 });
    const capacities = await t.database.db.select().from(reviewOfficerCapacity).where(eq(reviewOfficerCapacity.laId, laId));
    expect(capacities.find((row) => row.userId === idOf('educational_psychologist'))?.reviewsPerTerm).toBe(6);
    const plan = await planTerm(t.database.db, laId, today);
    expect(plan.term.name).toBe('Autumn 2026');
    expect(plan.reviews.length).toBeGreaterThan(5);
    expect(plan.reviews.some((row) => row.attendance?.confirmed)).toBe(true);
    expect(plan.reviews.some((row) => row.kind === 'interim' && row.reason === 'placement_breakdown')).toBe(true);
    // Highest risk first, and every reason's points add up to the score.
    for (const [index, row] of plan.reviews.entries()) {
      expect(row.risk.reasons.reduce((sum, reason) => sum + reason.points, 0)).toBe(row.risk.score);
      if (index > 0) expect(row.risk.score).toBeLessThanOrEqual(plan.reviews[index - 1]?.risk.score ?? 0);
    }
    // Nobody is proposed beyond their capacity.
    for (const officer of plan.officers) if (officer.proposed > 0) expect(officer.confirmed + officer.proposed).toBeLessThanOrEqual(officer.capacity);
  });

  it('shows the team manager the term’s reviews, their scores and reasons, the proposal per officer; audited', async () => {
    const manager = await signedInAs(t.app, t.demo, 'sen_team_manager');
    const page = await manager.get(paths.reviewAttendance.plan());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Autumn 2026 (3 September 2026 to 18 December 2026)');
    expect(page.body).toContain('Dr Helen Ward');
    expect(page.body).toContain('The placement is at risk of breaking down');
    expect(page.body).toContain('Confirmed');
    expect(page.body).toContain(paths.reviewAttendance.settings());
    const [event] = await t.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'VIEW_REVIEW_ATTENDANCE'), eq(auditEvent.actorUserId, idOf('sen_team_manager'))));
    expect((event?.change as { shown: string[] }).shown.length).toBeGreaterThan(0);
    for (const role of ['sen_caseworker', 'parent', 'school_senco', 'la_admin']) {
      const other = await signedInAs(t.app, t.demo, role);
      expect((await other.get(paths.reviewAttendance.plan())).statusCode, role).toBe(403);
    }
  });

  it('confirms who attends a review, within capacity; refuses a second, a full officer and bad input, saving nothing', async () => {
    const manager = await signedInAs(t.app, t.demo, 'sen_team_manager');
    await manager.get(paths.reviewAttendance.plan());
    // Two of the term's reviews nobody is going to get an open concern each, so they score and are
    // proposed whatever else the demo LA's reviews hold.
    const quiet = (await planTerm(t.database.db, laId, today)).reviews.filter((row) => row.plannable && !row.attendance && row.risk.score === 0).slice(0, 2);
    expect(quiet).toHaveLength(2);
    await t.database.db
      .insert(provisionConcern)
      .values(
        quiet.map((row) => ({ laId, childId: row.childId, kind: 'parent_raised', reasons: [], summary: 'Sessions not happening', level: 'caseworker', dueOn: '2026-12-05', raisedOn: '2026-11-20' })),
      );
    const plan = await planTerm(t.database.db, laId, today);
    const proposed = plan.reviews.find((row) => row.attendance && !row.attendance.confirmed && row.plannable);
    expect(proposed).toBeDefined();
    const userId = proposed?.attendance?.userId ?? '';
    const reviewId = proposed?.id ?? '';
    const before = (await t.database.db.select().from(reviewParticipant).where(eq(reviewParticipant.laId, laId))).length;

    for (const [body, message] of [
      [{ reviewId: 'nope', userId }, 'Select a review from the list'],
      [{ reviewId, userId: idOf('parent') }, 'Select someone who has a number of reviews a term set'],
      [{ reviewId: '00000000-0000-4000-8000-000000000000', userId }, 'Select a review from the list'],
    ] as const) {
      const refused = await manager.post(paths.reviewAttendance.assignments(), body);
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain(message);
    }
    expect(await t.database.db.select().from(reviewParticipant).where(eq(reviewParticipant.laId, laId))).toHaveLength(before);

    const confirmed = await manager.post(paths.reviewAttendance.assignments(), { reviewId, userId });
    expect(confirmed.statusCode).toBe(303);
    const [participant] = await t.database.db
      .select()
      .from(reviewParticipant)
      .where(and(eq(reviewParticipant.reviewId, reviewId), eq(reviewParticipant.userId, userId)));
    const officer = staff.find((row) => row.id === userId);
    expect(participant).toMatchObject({ role: officer?.role === 'educational_psychologist' ? 'educational_psychologist' : 'la_officer', invitedOn: null, attended: null, name: officer?.displayName });
    const [event] = await t.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'ASSIGN_REVIEW_ATTENDANCE'), eq(auditEvent.subjectId, reviewId)));
    expect(event?.childId).toBe(proposed?.childId);
    const page = await manager.get(String(confirmed.headers.location));
    expect(page.body).toContain('The attendance has been confirmed');

    const again = await manager.post(paths.reviewAttendance.assignments(), { reviewId, userId });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('is already attending this review');

    // An officer whose term is full is refused.
    const full = plan.reviews.find((row) => row.plannable && !row.attendance?.confirmed && row.id !== reviewId);
    const used = (await planTerm(t.database.db, laId, today)).officers.find((row) => row.userId === userId)?.confirmed ?? 0;
    await t.database.db.update(reviewOfficerCapacity).set({ reviewsPerTerm: used }).where(eq(reviewOfficerCapacity.userId, userId));
    const over = await manager.post(paths.reviewAttendance.assignments(), { reviewId: full?.id ?? '', userId });
    expect(over.statusCode).toBe(400);
    expect(over.body).toContain(`has no reviews left this term (${String(used)} of ${String(used)} confirmed)`);
    expect(
      await t.database.db
        .select()
        .from(reviewParticipant)
        .where(and(eq(reviewParticipant.reviewId, full?.id ?? ''), eq(reviewParticipant.userId, userId))),
    ).toHaveLength(0);
  });

  it('chooses within capacity: the highest-risk reviews go to the one officer with room, and the rest are named', async () => {
    const db = t.database.db;
    // Only the EP attends, with room for two more this term; every review with a concern is high risk (15 points).
    await db.delete(reviewOfficerCapacity).where(and(eq(reviewOfficerCapacity.laId, laId), sql`${reviewOfficerCapacity.userId} <> ${idOf('educational_psychologist')}`));
    const epConfirmed = (await planTerm(db, laId, today)).officers.find((row) => row.userId === idOf('educational_psychologist'))?.confirmed ?? 0;
    await db
      .update(reviewOfficerCapacity)
      .set({ reviewsPerTerm: epConfirmed + 2 })
      .where(eq(reviewOfficerCapacity.userId, idOf('educational_psychologist')));
    await db.update(reviewPolicy).set({ highRiskScore: 15 }).where(eq(reviewPolicy.laId, laId));
    // Three of the term's unplanned reviews that score nothing get open concerns: 2, 1 and 1 (30, 15 and 15 points).
    const open = (await planTerm(db, laId, today)).reviews.filter((row) => row.plannable && !row.attendance && row.risk.score === 0).slice(0, 3);
    expect(open).toHaveLength(3);
    const concern = (childId: string, summary: string) => ({ laId, childId, kind: 'parent_raised', reasons: [], summary, level: 'caseworker', dueOn: '2026-12-05', raisedOn: '2026-11-20' });
    await db
      .insert(provisionConcern)
      .values([
        concern(open[0]?.childId ?? '', 'Speech therapy missed'),
        concern(open[0]?.childId ?? '', 'No teaching assistant'),
        concern(open[1]?.childId ?? '', 'Sessions cut'),
        concern(open[2]?.childId ?? '', 'Late start'),
      ]);

    const plan = await planTerm(db, laId, today);
    const ep = plan.officers.find((row) => row.userId === idOf('educational_psychologist'));
    expect(plan.officers).toHaveLength(1);
    expect(ep?.proposed).toBe(2);
    expect((ep?.confirmed ?? 0) + (ep?.proposed ?? 0)).toBe(ep?.capacity);
    const proposedIds = plan.reviews.filter((row) => row.attendance && !row.attendance.confirmed).map((row) => row.id);
    const unconfirmed = plan.reviews.filter((row) => row.plannable && !row.attendance?.confirmed);
    // The two proposed are the two highest-scoring reviews nobody was confirmed for.
    expect(proposedIds).toEqual(unconfirmed.slice(0, 2).map((row) => row.id));
    expect(plan.reviews.find((row) => row.id === open[0]?.id)?.risk.reasons[0]?.text).toBe('2 open provision concerns');
    // Every high-risk review not proposed or confirmed is named as not covered.
    const notCovered = plan.reviews.filter((row) => row.risk.highRisk && !row.attendance && (row.plannable || row.confirmedUserId !== null));
    expect(plan.uncovered.map((row) => row.id)).toEqual(notCovered.map((row) => row.id));
    expect(plan.uncovered.length).toBeGreaterThan(0);
    const manager = await signedInAs(t.app, t.demo, 'sen_team_manager');
    const page = await manager.get(paths.reviewAttendance.plan());
    expect(page.body).toContain('cannot be covered within this term');
    expect(page.body).toContain('2 open provision concerns (30)');
  });

  it('lets a manager or administrator set the weights and capacities; bad and stale input is refused', async () => {
    const admin = await signedInAs(t.app, t.demo, 'la_admin');
    const form = await admin.get(paths.reviewAttendance.settings());
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Dr Helen Ward');
    const version = /name="_version" value="(\d+)"/.exec(form.body)?.[1] ?? '';
    const fields = (overrides: Record<string, string> = {}) => ({
      _version: version,
      interimDueWeeks: '3',
      openConcern: '20',
      reducedEducation: '20',
      exclusion: '15',
      phaseTransfer: '25',
      placementAtRisk: '30',
      noRecentAttendance: '10',
      recentAttendanceMonths: '18',
      highRiskScore: '45',
      [`capacity-${idOf('inclusion_officer')}`]: '5',
      [`capacity-${idOf('educational_psychologist')}`]: '',
      ...overrides,
    });
    const bad = await admin.post(paths.reviewAttendance.settings(), fields({ openConcern: 'lots', [`capacity-${idOf('inclusion_officer')}`]: '-1' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The points for each open provision concern must be a whole number, like 15');
    const badCapacity = await admin.post(paths.reviewAttendance.settings(), fields({ [`capacity-${idOf('inclusion_officer')}`]: 'many' }));
    expect(badCapacity.statusCode).toBe(400);
    expect(badCapacity.body).toContain('Reviews a term for Tom Okafor must be a whole number');
    const [unchanged] = await t.database.db.select().from(reviewPolicy).where(eq(reviewPolicy.laId, laId));
    expect(unchanged?.interimDueWeeks).toBe(4);

    const saved = await admin.post(paths.reviewAttendance.settings(), fields());
    expect(saved.statusCode).toBe(303);
    const [policy] = await t.database.db.select().from(reviewPolicy).where(eq(reviewPolicy.laId, laId));
    expect(policy).toMatchObject({ interimDueWeeks: 3, weightOpenConcern: 20, weightPhaseTransfer: 25, recentAttendanceMonths: 18, highRiskScore: 45 });
    const capacities = await t.database.db.select().from(reviewOfficerCapacity).where(eq(reviewOfficerCapacity.laId, laId));
    expect(capacities.map((row) => [row.userId, row.reviewsPerTerm])).toEqual([[idOf('inclusion_officer'), 5]]);
    expect(await t.database.db.select().from(auditEvent).where(eq(auditEvent.action, 'MANAGE_REVIEW_TARGETING'))).toHaveLength(1);

    const stale = await admin.post(paths.reviewAttendance.settings(), fields({ interimDueWeeks: '6' }));
    expect(stale.statusCode).toBe(409);
    const manager = await signedInAs(t.app, t.demo, 'sen_team_manager');
    expect((await manager.get(paths.reviewAttendance.settings())).statusCode).toBe(200);
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    expect((await caseworker.get(paths.reviewAttendance.settings())).statusCode).toBe(403);

    // An interim review called now is due in the LA's three weeks.
    const [withPlan] = await t.database.db
      .select({ child_id: ehcPlan.childId })
      .from(ehcPlan)
      .where(and(eq(ehcPlan.laId, laId), eq(ehcPlan.status, 'active'), sql`${ehcPlan.childId} not in (select child_id from review where kind = 'interim')`))
      .orderBy(desc(ehcPlan.childId))
      .limit(1);
    await caseworker.get(paths.interimReviews.call({ childId: withPlan?.child_id ?? '' }));
    const called = await caseworker.post(paths.interimReviews.call({ childId: withPlan?.child_id ?? '' }), { reason: 'la_request', detail: 'Checking the new placement.' });
    expect(called.statusCode).toBe(303);
    const [row] = await t.database.db
      .select()
      .from(review)
      .where(and(eq(review.childId, withPlan?.child_id ?? ''), eq(review.reason, 'la_request')));
    expect(row?.dueBy).toBe('2026-12-16');
  });
});
