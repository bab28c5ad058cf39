import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ehcPlan, placement } from '../../src/db/schema/index.js';
import { paths } from '../../src/http/paths.js';
import { createTestApp, signedInAs, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';

describe(`reports add up (${testEngine})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ plans: 30, deliveryHistory: false });
    const [withoutPlacement] = await t.database.db
      .select()
      .from(ehcPlan)
      .where(and(eq(ehcPlan.laId, t.demo.laId), eq(ehcPlan.status, 'active')))
      .limit(1);
    if (!withoutPlacement) throw new Error('The demo LA needs a plan in force');
    // A child with a plan in force whose placement has ended (issued plan content cannot change, so
    // a plan without a primary need is left to the left join in the query).
    await t.database.db
      .update(placement)
      .set({ endDate: '2026-01-01' })
      .where(and(eq(placement.childId, withoutPlacement.childId), isNull(placement.endDate)));
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts every plan in force once in each table, each ending with a total equal to the headline', async () => {
    const [inForce] = await t.database.db
      .select({ count: sql<number>`count(*)::int` })
      .from(ehcPlan)
      .where(and(eq(ehcPlan.laId, t.demo.laId), eq(ehcPlan.status, 'active')));
    const page = (await (await signedInAs(t.app, t.demo, 'insight_analyst')).get(paths.monitoring.reports())).body;
    const headline = Number(/(\d+) EHC plans in force\./.exec(page)?.[1]);
    expect(headline).toBe(inForce?.count);
    for (const caption of ['EHC plans by type of placement', 'EHC plans by primary type of need']) {
      const start = page.indexOf(caption);
      const table = page.slice(start, page.indexOf('</table>', start));
      const rows = [...table.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)]
        .map((row) => [...(row[1] ?? '').matchAll(/<t[dh][^>]*>\s*(?:<strong>)?([^<]*)/g)].map((cell) => cell[1]?.trim() ?? ''))
        .filter((cells) => cells.length > 1 && /^[\d,]+$/.test(cells[1] ?? ''));
      const total = rows.pop() ?? [];
      expect(total[0]).toBe('All plans in force');
      expect(Number(total[1])).toBe(headline);
      expect(rows.reduce((sum, row) => sum + Number((row[1] ?? '').replace(/,/g, '')), 0)).toBe(headline);
      expect(new Set(rows.map((row) => row[0])).size).toBe(rows.length);
    }
    expect(page).toContain('No current placement');
    expect(page).toContain('Plans by the type of the child');
    expect(page).toContain('Plans by the need the plan in force records first');
  });
});
