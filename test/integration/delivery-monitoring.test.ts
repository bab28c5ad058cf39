import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent, childDeliveryLedger, deliveryRateRollup, provisionItemLedger, provisionItemName } from '../../src/db/schema/index.js';
import { runDailySweep } from '../../src/jobs/provision-sweep.js';
import { createTestApp, signedInAs, TEST_CLOCK, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { paths } from '../../src/http/paths.js';

describe(`the LA's provision delivery view (${testEngine})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ plans: 40, clock: TEST_CLOCK });
  });
  afterAll(async () => {
    await t.close();
  });

  it('says plainly when the daily check has not run yet', async () => {
    const manager = await signedInAs(t.app, t.demo, 'sen_team_manager');
    const page = await manager.get(paths.monitoring.delivery());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The daily delivery check has not run yet');
  });

  it('shows the overall share delivered, shortfalls and rates by provider, setting, type and need once it has', async () => {
    await runDailySweep(t.database.db, TEST_CLOCK.today());
    const [totals] = await t.database.db
      .select({ owed: sql<number>`sum(owed_term_minutes)::int`, delivered: sql<number>`sum(least(delivered_term_minutes, owed_term_minutes))::int` })
      .from(provisionItemLedger)
      .where(eq(provisionItemLedger.laId, t.demo.laId));
    const expectedRate = Math.round(((totals?.delivered ?? 0) / (totals?.owed ?? 1)) * 100);

    const inclusion = await signedInAs(t.app, t.demo, 'inclusion_officer');
    const page = await inclusion.get(paths.monitoring.delivery());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`${String(expectedRate)}%</span>of provision delivered`);
    for (const caption of ['Items of provision furthest behind this term', 'By provider', 'By the child', 'By type of provision', 'By primary need', 'Open provision concerns by how long']) {
      expect(page.body).toContain(caption);
    }
    expect(page.body).toMatch(/href="\/children\/[0-9a-f-]{36}\/provision"/);
    // Each item furthest behind links to its own ledger, named in a few words with the plan's wording beneath.
    const firstItem = /href="\/children\/[0-9a-f-]{36}\/provision\/([0-9a-f-]{36})">([^<]*)<\/a><br><span[^>]*>In the plan: /.exec(page.body);
    expect(firstItem).not.toBeNull();
    expect(firstItem?.[2]).not.toMatch(/^[A-K]\d?: /);
    // The name an officer gave the item is the one shown.
    await t.database.db.insert(provisionItemName).values({ provisionItemId: firstItem?.[1] ?? '', laId: t.demo.laId, shortName: 'Named by the caseworker' });
    expect((await inclusion.get(paths.monitoring.delivery())).body).toContain(`/${firstItem?.[1] ?? ''}">Named by the caseworker</a>`);
    const events = await t.database.db.select().from(auditEvent).where(eq(auditEvent.action, 'VIEW_DELIVERY_MONITORING'));
    expect(events.length).toBeGreaterThan(0);

    const year = await inclusion.get(paths.monitoring.delivery({ period: 'year' }));
    expect(year.body).toContain('this school year');
    const bad = await inclusion.get(paths.monitoring.delivery({ period: 'decade' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose this term or this school year');
  });

  it('adds every breakdown table up to the headline, counting each item of provision once, and says what each figure counts', async () => {
    await runDailySweep(t.database.db, TEST_CLOCK.today());
    const [ledger] = await t.database.db
      .select({ items: sql<number>`count(*) filter (where owed_term_minutes > 0)::int` })
      .from(provisionItemLedger)
      .where(eq(provisionItemLedger.laId, t.demo.laId));
    const page = (await (await signedInAs(t.app, t.demo, 'sen_team_manager')).get(paths.monitoring.delivery())).body;
    const overall = /of provision delivered: ([\d,]+) h delivered of ([\d,]+) h owed this term/.exec(page);
    expect(overall).not.toBeNull();
    const number = (text: string | undefined) => Number((text ?? '').replace(/[^\d]/g, ''));
    const tableRows = (caption: string) => {
      const start = page.indexOf(caption);
      const table = page.slice(start, page.indexOf('</table>', start));
      return [...table.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)]
        .map((row) => [...(row[1] ?? '').matchAll(/<t[dh][^>]*>\s*(?:<strong>)?([^<]*)/g)].map((cell) => cell[1]?.trim() ?? ''))
        .filter((cells) => cells.length > 1);
    };
    for (const [caption, allText] of [
      ['By provider', 'All providers'],
      ['By the child', 'All settings'],
      ['By type of provision', 'All types of provision'],
      ['By primary need', 'All needs'],
    ] as const) {
      const rows = tableRows(caption);
      const total = rows.pop() ?? [];
      expect(total[0]).toBe(allText);
      expect(number(total[1])).toBe(ledger?.items);
      expect(rows.reduce((sum, row) => sum + number(row[1]), 0)).toBe(number(total[1]));
      expect([total[2], total[3]].map(number)).toEqual([number(overall?.[2]), number(overall?.[1])]);
    }
    const concernRows = tableRows('Open provision concerns by how long');
    const concernTotal = concernRows.pop() ?? [];
    expect(concernTotal[0]).toBe('All open concerns');
    const openConcerns = /govuk-heading-xl govuk-!-margin-bottom-1">(\d+)<\/span>open provision concerns/.exec(page)?.[1];
    expect(concernTotal.at(-1)).toBe(openConcerns);
    expect(concernRows.reduce((sum, row) => sum + number(row.at(-1)), 0)).toBe(Number(openConcerns));
    expect(page).toContain('is in exactly one row of each table');
    expect(page).toContain('each item counted up to what it owed');
  });

  it('reads rates and children furthest behind from rollups the sweep keeps equal to the item ledger', async () => {
    const laId = t.demo.laId;
    const ledger = (column: string) => sql.raw(column);
    for (const period of ['term', 'year'] as const) {
      const [fromItems] = await t.database.db
        .select({
          owed: sql<number>`sum(${ledger(`owed_${period}_minutes`)})::int`,
          delivered: sql<number>`sum(least(${ledger(`delivered_${period}_minutes`)}, ${ledger(`owed_${period}_minutes`)}))::int`,
        })
        .from(provisionItemLedger)
        .where(and(eq(provisionItemLedger.laId, laId), sql`${ledger(`owed_${period}_minutes`)} > 0`));
      for (const dimension of ['provider', 'setting', 'provisionType', 'need']) {
        const [fromRollup] = await t.database.db
          .select({ owed: sql<number>`sum(${deliveryRateRollup.owedMinutes})::int`, delivered: sql<number>`sum(${deliveryRateRollup.deliveredMinutes})::int` })
          .from(deliveryRateRollup)
          .where(and(eq(deliveryRateRollup.laId, laId), eq(deliveryRateRollup.period, period), eq(deliveryRateRollup.dimension, dimension)));
        expect({ period, dimension, ...fromRollup }).toEqual({ period, dimension, ...fromItems });
      }
    }
    // The child furthest behind this term, worked out from the items, heads the view's table.
    const [furthest] = await t.database.db
      .select({ childId: provisionItemLedger.childId, shortfall: sql<number>`sum(greatest(owed_term_minutes - delivered_term_minutes, 0))::int` })
      .from(provisionItemLedger)
      .where(eq(provisionItemLedger.laId, laId))
      .groupBy(provisionItemLedger.childId)
      .orderBy(sql`2 desc`)
      .limit(1);
    const [stored] = await t.database.db
      .select()
      .from(childDeliveryLedger)
      .where(eq(childDeliveryLedger.childId, furthest?.childId ?? ''));
    expect(stored?.shortfallTermMinutes).toBe(furthest?.shortfall);
    const page = await (await signedInAs(t.app, t.demo, 'sen_team_manager')).get(paths.monitoring.delivery());
    const childrenTable = page.body.slice(page.body.indexOf('Children furthest behind'));
    expect(/href="\/children\/([0-9a-f-]{36})\/provision"/.exec(childrenTable)?.[1]).toBe(furthest?.childId);
  });

  it('is not for schools, families, professionals or the FOI analyst (it names children)', async () => {
    for (const role of ['school_senco', 'parent', 'professional', 'insight_analyst']) {
      const browser = await signedInAs(t.app, t.demo, role);
      expect((await browser.get(paths.monitoring.delivery())).statusCode).toBe(403);
    }
  });
});
