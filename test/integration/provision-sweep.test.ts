import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUser, concernStep, ehcPlan, jobRun, planVersion, provisionConcern, provisionItem, provisionItemLedger } from '../../src/db/schema/index.js';
import { addDays } from '../../src/domain/dates.js';
import { gapWindows } from '../../src/domain/delivery.js';
import { owedBetween } from '../../src/domain/schedule.js';
import { DEFAULT_ENGLISH_CALENDAR, eachDay, weekStarting } from '../../src/domain/school-calendar.js';
import { recordDeliveries } from '../../src/modules/provision/recording.js';
import { runDailySweep } from '../../src/jobs/provision-sweep.js';
import { sweepLa } from '../../src/modules/concerns/service.js';
import { createTestApp, TEST_CLOCK, type TestApp } from '../helpers/app.js';
import { refusalOf, testEngine } from '../helpers/database.js';
import { declaredAudit } from '../../src/http/actor.js';

describe(`the daily provision sweep (${testEngine})`, () => {
  let t: TestApp;
  const today = TEST_CLOCK.today();
  const { window } = gapWindows(today, { windowWeeks: 4, silentWeeks: 3 });

  beforeAll(async () => {
    // An empty ledger, so every total below is what this test recorded.
    t = await createTestApp({ plans: 30, deliveryHistory: false, clock: TEST_CLOCK });
  });
  afterAll(async () => {
    await t.close();
  });

  /** School-delivered weekly items in force since before the gap window, so all of it was owed. */
  async function weeklySchoolItems() {
    return t.database.db
      .select({
        id: provisionItem.id,
        childId: ehcPlan.childId,
        sessionsPerPeriod: provisionItem.sessionsPerPeriod,
        minutesPerSession: provisionItem.minutesPerSession,
        issuedDate: planVersion.issuedDate,
      })
      .from(provisionItem)
      .innerJoin(planVersion, eq(planVersion.id, provisionItem.planVersionId))
      .innerJoin(ehcPlan, eq(ehcPlan.currentVersionId, planVersion.id))
      .where(and(eq(ehcPlan.status, 'active'), eq(provisionItem.period, 'week'), eq(provisionItem.providerKind, 'school'), sql`${planVersion.issuedDate} < ${addDays(window.from, -7)}`))
      .orderBy(provisionItem.id);
  }

  it('records every week owed for one item, then sweeps: the silent items get a concern, the delivered one does not', async () => {
    const [delivered, silent] = await weeklySchoolItems();
    expect(delivered).toBeDefined();
    expect(silent).toBeDefined();
    if (!delivered || !silent) return;
    // Deliver exactly what each week of the window owed, as weekly totals.
    const mondays = [...new Set(eachDay(window.from, window.to).map(weekStarting))];
    const schedule = {
      sessionsPerPeriod: delivered.sessionsPerPeriod ?? 0,
      minutesPerSession: delivered.minutesPerSession,
      period: 'week' as const,
      termTimeOnly: true,
      startDate: delivered.issuedDate ?? '',
      endDate: null,
    };
    const records = mondays
      .map((monday) => ({ monday, owed: owedBetween(schedule, DEFAULT_ENGLISH_CALENDAR, monday, addDays(monday, 6)) }))
      .filter(({ owed }) => owed.sessions > 0)
      .map(({ monday, owed }) => ({
        itemId: delivered.id,
        date: monday,
        periodEnd: addDays(monday, 4),
        status: 'delivered' as const,
        sessions: owed.sessions,
        minutes: owed.minutes ?? 0,
        madeUp: false,
      }));
    expect(records.length).toBeGreaterThan(0);
    const caseworker = t.demo.users.find((user) => user.role === 'sen_caseworker');
    const [actor] = await t.database.db
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.email, caseworker?.email ?? ''));
    await recordDeliveries(
      t.database.db,
      {
        principal: { userId: actor?.id ?? '', laId: t.demo.laId, role: 'sen_caseworker', displayName: 'C', email: '', settingId: null, organisationId: null, childId: null },
        requestId: 'test',
        audit: declaredAudit('RECORD_PROVISION_DELIVERY'),
        clock: TEST_CLOCK,
      },
      records,
      { source: 'api' },
    );

    const ran = await runDailySweep(t.database.db, today);
    expect(ran.get(t.demo.laId)?.concernsRaised).toBeGreaterThan(0);

    const concernFor = async (itemId: string) => t.database.db.select().from(provisionConcern).where(eq(provisionConcern.provisionItemId, itemId));
    expect(await concernFor(delivered.id)).toHaveLength(0);
    const [raised] = await concernFor(silent.id);
    expect(raised).toMatchObject({ kind: 'delivery_gap', level: 'caseworker', status: 'open', raisedOn: today, dueOn: addDays(today, 10), raisedBy: null });
    expect(raised?.reasons).toContain('nothing_recorded');
    const steps = await t.database.db
      .select()
      .from(concernStep)
      .where(eq(concernStep.concernId, raised?.id ?? ''));
    expect(steps.map((step) => step.action)).toEqual(['raised']);

    const [ledger] = await t.database.db.select().from(provisionItemLedger).where(eq(provisionItemLedger.provisionItemId, delivered.id));
    expect(ledger?.deliveredWindowMinutes).toBe(ledger?.owedWindowMinutes);
  });

  it('runs exactly once a day, even when two processes start it together', async () => {
    const before = await t.database.db.select({ count: sql<number>`count(*)::int` }).from(provisionConcern);
    const [first, second] = await Promise.all([runDailySweep(t.database.db, today), runDailySweep(t.database.db, today)]);
    expect(first.size + second.size).toBe(0);
    const runs = await t.database.db.select().from(jobRun).where(eq(jobRun.laId, t.demo.laId));
    expect(runs).toHaveLength(1);
    expect(runs[0]?.finishedAt).not.toBeNull();
    // Running the LA's sweep again by hand raises nothing new: one open concern per item.
    await sweepLa(t.database.db, t.demo.laId, today);
    const after = await t.database.db.select({ count: sql<number>`count(*)::int` }).from(provisionConcern);
    expect(after[0]?.count).toBe(before[0]?.count);
  });

  it('escalates an unresolved concern on its due date, to the team manager and then the head of service', async () => {
    const [concern] = await t.database.db.select().from(provisionConcern).where(eq(provisionConcern.status, 'open')).limit(1);
    if (!concern) throw new Error('no concern');
    await sweepLa(t.database.db, t.demo.laId, addDays(concern.dueOn, -1));
    const [notYet] = await t.database.db.select().from(provisionConcern).where(eq(provisionConcern.id, concern.id));
    expect(notYet?.level).toBe('caseworker');

    await sweepLa(t.database.db, t.demo.laId, concern.dueOn);
    const [escalated] = await t.database.db.select().from(provisionConcern).where(eq(provisionConcern.id, concern.id));
    expect(escalated).toMatchObject({ level: 'team_manager', dueOn: addDays(concern.dueOn, 10) });
    expect(escalated?.ownerUserId).not.toBeNull();

    await sweepLa(t.database.db, t.demo.laId, addDays(concern.dueOn, 10));
    const [top] = await t.database.db.select().from(provisionConcern).where(eq(provisionConcern.id, concern.id));
    expect(top?.level).toBe('head_of_service');
    const steps = await t.database.db.select().from(concernStep).where(eq(concernStep.concernId, concern.id)).orderBy(concernStep.occurredAt);
    expect(steps.map((step) => `${step.action}:${step.levelAfter}`)).toEqual(['raised:caseworker', 'escalated:team_manager', 'escalated:head_of_service']);
  });

  it('never lets a step on a concern be rewritten', async () => {
    expect(await refusalOf(t.database.db.execute(sql`update concern_step set note = 'changed'`))).toMatch(/append-only/);
    expect(await refusalOf(t.database.db.execute(sql`delete from concern_step`))).toMatch(/append-only/);
  });
});
