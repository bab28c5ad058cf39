import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/http/paths.js';
import { eq, inArray } from 'drizzle-orm';
import { planVersion, provisionItem } from '../../src/db/schema/index.js';
import { declaredAudit } from '../../src/http/actor.js';
import { sweepLa } from '../../src/modules/concerns/service.js';
import { amendPlan } from '../../src/modules/plans/service.js';
import { costsBy, countFlatCostLines } from '../../src/modules/provision-costs/repository.js';
import { childProvisionCosts } from '../../src/modules/provision-costs/service.js';
import {
  aChild,
  aLocalAuthority,
  aParentOf,
  aPlacement,
  aPlanWithProvision,
  aSchoolWithSenco,
  aUser,
  actorFor,
  anOrganisation,
  deliveredSessions,
  therapyFrom,
  type TestChild,
  type TestLa,
  type TestUser,
} from '../factories/index.js';
import { createFreshTestApp, signedInAsUser, type FreshTestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';

/** The same weekday for `count` weeks from `first`. */
function mondays(first: string, count: number): string[] {
  return Array.from({ length: count }, (_, week) => new Date(Date.parse(`${first}T00:00:00Z`) + week * 7 * 86_400_000).toISOString().slice(0, 10));
}

/**
 * A child whose plan was first issued on Monday 1 June 2026, costed three ways, read on Friday 27
 * November 2026. The LA has no term dates or bank holidays and the lines run all year, so every
 * Monday-to-Friday week owes in full (the week of 31 August owes 4/5 of a week from 1 September).
 *   A. Speech and language therapy, 1 × 60 min a week at £65 an hour.
 *      Since 1 June: 26 weeks = 26 h = £1,690. This school year: 1 (4/5 rounded) + 12 weeks = 13 h = £845.
 *      Delivered: 6 July (since the plan only) and six autumn Mondays; two autumn Mondays missed.
 *   B. Small-group support, 2 × 30 min a week at £40 a session.
 *      Since 1 June: 52 sessions = £2,080. This school year: 2 (1.6 rounded) + 24 = 26 = £1,040.
 *      Delivered: 14 sessions of 30 min (autumn Mondays, and three Tuesdays) and one of 15 min (half a session, half the cost): 14.5 × £40 = £580.
 *   C. A flat £1,200 a year (the line's annual cost, no unit cost), whatever is delivered.
 *      Since 1 June: 92 days of 2025/26 and 88 of 2026/27 (both 365 days): 120000 × 180 / 365 = 59178.08p.
 *      This school year: 120000 × 88 / 365 = 28931.51p.
 */
describe(`planned against delivered provision cost (${testEngine})`, () => {
  let t: FreshTestApp;
  let la: TestLa;
  let pupil: TestChild;
  let caseworker: TestUser;
  let senco: TestUser;
  let itemIds: string[];
  let schoolName: string;
  const TODAY = '2026-11-27';

  beforeAll(async () => {
    t = await createFreshTestApp();
    la = await aLocalAuthority(t.database.db);
    caseworker = await aUser(la, 'sen_caseworker');
    const school = await aSchoolWithSenco(la);
    senco = school.senco;
    schoolName = school.school.name;
    pupil = await aChild(la);
    await aPlacement(la, pupil, { at: school.school, startDate: '2025-09-01' });
    const nhs = await anOrganisation(la, { name: 'Riverside Community NHS Trust' });
    const plan = await aPlanWithProvision(la, pupil, {
      issuedDate: '2026-06-01',
      provision: [
        therapyFrom(nhs, { sessionsPerPeriod: 1, minutesPerSession: 60, termTimeOnly: false, unitCostPence: 6500, costUnit: 'hour' }),
        {
          description: 'Small-group language support with a teaching assistant',
          sessionsPerPeriod: 2,
          minutesPerSession: 30,
          period: 'week',
          termTimeOnly: false,
          unitCostPence: 4000,
          costUnit: 'session',
        },
        { description: 'A place in the school’s nurture group', sessionsPerPeriod: null, minutesPerSession: null, period: null, annualCostPence: 120_000, provisionType: 'emotional_support' },
      ],
    });
    itemIds = plan.itemIds;
    const [therapy = '', groups = ''] = itemIds;
    await deliveredSessions(la, caseworker, therapy, ['2026-07-06', '2026-10-05', '2026-10-12', '2026-10-19', '2026-11-02', '2026-11-09', '2026-11-16'], { minutes: 60 });
    await deliveredSessions(la, caseworker, therapy, ['2026-10-26', '2026-11-23'], { status: 'missed', minutes: 60, missedReason: 'staff_vacancy' });
    const autumn = mondays('2026-09-07', 12);
    await deliveredSessions(la, caseworker, groups, autumn.slice(0, 11), { minutes: 30 });
    await deliveredSessions(la, caseworker, groups, mondays('2026-09-08', 3), { minutes: 30 });
    await deliveredSessions(la, caseworker, groups, autumn.slice(11), { minutes: 15 });

    // A second child, for the LA's figures: occupational therapy, 1 × 45 min a week at £70 an hour from 7 September:
    // owed 12 weeks × 45 min = 540 min = £630; delivered ten sessions, 450 min = £525.
    const second = await aChild(la);
    const therapists = await anOrganisation(la, { name: 'Therapy Partners Ltd', kind: 'independent' });
    const ot = await aPlanWithProvision(la, second, {
      issuedDate: '2026-09-07',
      provision: [
        therapyFrom(therapists, {
          description: 'Occupational therapy, 1:1',
          provisionType: 'occupational_therapy',
          providerKind: 'independent',
          minutesPerSession: 45,
          termTimeOnly: false,
          unitCostPence: 7000,
          costUnit: 'hour',
        }),
      ],
    });
    await deliveredSessions(la, caseworker, ot.itemIds[0] ?? '', mondays('2026-09-07', 10), { minutes: 45 });
  });
  afterAll(async () => {
    await t.close();
  });

  it('costs each line this school year and since the plan was first issued, to the penny', async () => {
    const costs = await childProvisionCosts(t.database.db, la.laId, pupil.id, TODAY);
    expect(costs).toMatchObject({ yearFrom: '2026-09-01', planFrom: '2026-06-01', today: TODAY });
    expect(costs.items.map((item) => [item.item.id, item.cost, item.thisYear, item.sincePlanStarted])).toEqual([
      [itemIds[0], { pence: 6500, unit: 'hour' }, { plannedPence: 84_500, actualPence: 39_000, differencePence: -45_500 }, { plannedPence: 169_000, actualPence: 45_500, differencePence: -123_500 }],
      [
        itemIds[1],
        { pence: 4000, unit: 'session' },
        { plannedPence: 104_000, actualPence: 58_000, differencePence: -46_000 },
        { plannedPence: 208_000, actualPence: 58_000, differencePence: -150_000 },
      ],
      [itemIds[2], { pence: 120_000, unit: 'year' }, { plannedPence: 28_932, actualPence: 28_932, differencePence: 0 }, { plannedPence: 59_178, actualPence: 59_178, differencePence: 0 }],
    ]);
  });

  it('shows finance the Funding tab with each line’s rate in words and totals that are the sum of the rows', async () => {
    const finance = await signedInAsUser(t.app, await aUser(la, 'finance_officer'));
    const page = await finance.get(paths.child.funding({ childId: pupil.id }));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Provision: planned and delivered cost');
    expect(page.body).toContain('£65 an hour');
    expect(page.body).toContain('£40 a session');
    expect(page.body).toContain('£1,200 a year');
    // Every row and the total of each table, read off the page, whatever day the test runs.
    const tables = [...page.body.matchAll(/<caption[^>]*>\s*(This school year|Since the plan)[\s\S]*?<tbody[^>]*>([\s\S]*?)<\/tbody>/g)].map((match) =>
      [...(match[2] ?? '').matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
        [...(row[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) =>
          (c[1] ?? '')
            .replace(/<[^>]+>/g, ' ')
            .replace(/\s+/g, ' ')
            .trim(),
        ),
      ),
    );
    expect(tables).toHaveLength(2);
    const pence = (text: string) => Math.round(Number(text.replace(/[£,]/g, '').split(' ')[0]) * 100);
    for (const rows of tables) {
      const total = rows.at(-1) ?? [];
      const items = rows.slice(0, -1);
      expect(items).toHaveLength(3);
      expect(total[0]).toBe('Total');
      expect(pence(total[1] ?? '')).toBe(items.reduce((sum, row) => sum + pence(row[2] ?? ''), 0));
      expect(pence(total[2] ?? '')).toBe(items.reduce((sum, row) => sum + pence(row[3] ?? ''), 0));
    }
  });

  it('keeps the LA’s rates from the family and the school: no Funding tab, and no rate on the pages they see', async () => {
    const parent = await aParentOf(la, pupil);
    for (const viewer of [parent, senco]) {
      const browser = await signedInAsUser(t.app, viewer);
      const funding = await browser.get(paths.child.funding({ childId: pupil.id }));
      expect(funding.statusCode, viewer.role).toBe(403);
      expect(funding.body).not.toContain('£65');
      for (const url of [paths.child.overview({ childId: pupil.id }), paths.child.provision({ childId: pupil.id }), paths.child.plan({ childId: pupil.id })]) {
        const page = await browser.get(url);
        expect(page.statusCode, `${viewer.role} ${url}`).toBe(200);
        expect(page.body).not.toContain(paths.child.funding({ childId: pupil.id }));
        expect(page.body).not.toMatch(/£65|£40|£1,200/);
      }
    }
  });

  it('adds up the LA’s planned and delivered cost by type of provision and by provider from the daily ledger, each table’s rows summing to the whole', async () => {
    await sweepLa(t.database.db, la.laId, TODAY);
    const byType = await costsBy(t.database.db, la.laId, 'provisionType', 'year');
    expect(byType).toEqual([
      { key: 'teaching_assistant', items: 1, plannedPence: 104_000, actualPence: 58_000 },
      { key: 'speech_and_language_therapy', items: 1, plannedPence: 84_500, actualPence: 39_000 },
      { key: 'occupational_therapy', items: 1, plannedPence: 63_000, actualPence: 52_500 },
    ]);
    const byProvider = await costsBy(t.database.db, la.laId, 'provider', 'year');
    expect(new Map(byProvider.map((row) => [row.key, [row.plannedPence, row.actualPence]]))).toEqual(
      new Map([
        [schoolName, [104_000, 58_000]],
        ['Riverside Community NHS Trust', [84_500, 39_000]],
        ['Therapy Partners Ltd', [63_000, 52_500]],
      ]),
    );
    for (const rows of [byType, byProvider]) {
      expect(rows.reduce((sum, row) => sum + row.plannedPence, 0)).toBe(251_500);
      expect(rows.reduce((sum, row) => sum + row.actualPence, 0)).toBe(149_500);
    }
    // The flat £1,200 a year is paid whatever is delivered: counted apart, not in the tables.
    expect(await countFlatCostLines(t.database.db, la.laId)).toBe(1);

    const finance = await signedInAsUser(t.app, await aUser(la, 'finance_officer'));
    const page = await finance.get(paths.monitoring.provisionCosts({ period: 'year' }));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Occupational therapy');
    expect(page.body).toContain('Therapy Partners Ltd');
    expect(page.body).toMatch(/All provision paid for as delivered[\s\S]*?£2,515[\s\S]*?£1,495[\s\S]*?£1,020 less/);
    expect(page.body).not.toContain(pupil.surname);
    for (const role of ['insight_analyst', 'sen_team_manager'] as const) {
      expect((await (await signedInAsUser(t.app, await aUser(la, role))).get(paths.monitoring.provisionCosts())).statusCode, role).toBe(200);
    }
    // Linked from the reports and the Monitoring menu for those who may open it, and for nobody else.
    expect((await finance.get(paths.monitoring.reports())).body).toContain(`href="${paths.monitoring.provisionCosts()}"`);
    expect((await (await signedInAsUser(t.app, caseworker)).get(paths.monitoring.reports())).body).not.toContain(paths.monitoring.provisionCosts());
    for (const viewer of [await aParentOf(la, pupil), senco, caseworker]) {
      expect((await (await signedInAsUser(t.app, viewer)).get(paths.monitoring.provisionCosts())).statusCode, viewer.role).toBe(403);
    }
  });

  it('an amendment carries each line’s unit cost on (or the new rate it gives), and refuses a unit cost without its unit, saving nothing', async () => {
    const actor = { ...actorFor(caseworker), audit: declaredAudit('AMEND_PLAN') };
    const versions = async () => (await t.database.db.select({ id: planVersion.id }).from(planVersion).where(eq(planVersion.laId, la.laId))).length;
    const before = await versions();
    await expect(amendPlan(t.database.db, actor, pupil.id, { issuedDate: TODAY, provision: [{ previousItemId: itemIds[0] ?? '', unitCostPence: 7000, costUnit: null }] }, TODAY)).rejects.toMatchObject(
      { statusCode: 400, fieldErrors: [{ path: 'provision.0.unitCostPence' }] },
    );
    await expect(
      amendPlan(
        t.database.db,
        actor,
        pupil.id,
        { issuedDate: TODAY, provision: [{ section: 'F', description: 'Art therapy', providerKind: 'independent', provisionType: 'other', unitCostPence: 5000 }] },
        TODAY,
      ),
    ).rejects.toMatchObject({ statusCode: 400, fieldErrors: [{ path: 'provision.0.unitCostPence' }] });
    expect(await versions()).toBe(before);

    const amended = await amendPlan(
      t.database.db,
      actor,
      pupil.id,
      { issuedDate: TODAY, provision: itemIds.map((id, index) => (index === 0 ? { previousItemId: id, unitCostPence: 7000 } : { previousItemId: id })) },
      TODAY,
    );
    expect(amended).toMatchObject({ carriedOn: 3, changed: 0 });
    const stored = await t.database.db
      .select({ id: provisionItem.id, unitCostPence: provisionItem.unitCostPence, costUnit: provisionItem.costUnit, annualCostPence: provisionItem.annualCostPence })
      .from(provisionItem)
      .where(inArray(provisionItem.id, amended.itemIds));
    expect(amended.itemIds.map((id) => stored.find((row) => row.id === id))).toMatchObject([
      { unitCostPence: 7000, costUnit: 'hour', annualCostPence: null },
      { unitCostPence: 4000, costUnit: 'session', annualCostPence: null },
      { unitCostPence: null, costUnit: null, annualCostPence: 120_000 },
    ]);
  });
});
