import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent, provisionItemLedger } from '../../src/db/schema/index.js';
import { todayInLondon } from '../../src/domain/formatting.js';
import { runDailySweep } from '../../src/modules/concerns/sweep.js';
import { createTestApp, signedInAs, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';

describe(`the LA's provision delivery view (${testEngine})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ plans: 40 });
  });
  afterAll(async () => {
    await t.close();
  });

  it('says plainly when the daily check has not run yet', async () => {
    const manager = await signedInAs(t.app, t.demo, 'sen_team_manager');
    const page = await manager.get('/delivery');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The daily delivery check has not run yet');
  });

  it('shows the overall share delivered, shortfalls and rates by provider, setting, type and need once it has', async () => {
    await runDailySweep(t.database.db, todayInLondon());
    const [totals] = await t.database.db
      .select({ owed: sql<number>`sum(owed_term_minutes)::int`, delivered: sql<number>`sum(least(delivered_term_minutes, owed_term_minutes))::int` })
      .from(provisionItemLedger)
      .where(eq(provisionItemLedger.laId, t.demo.laId));
    const expectedRate = Math.round(((totals?.delivered ?? 0) / (totals?.owed ?? 1)) * 100);

    const inclusion = await signedInAs(t.app, t.demo, 'inclusion_officer');
    const page = await inclusion.get('/delivery');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`${String(expectedRate)}%</span>of provision delivered`);
    for (const caption of ['Items of provision furthest behind this term', 'By provider', 'By the child', 'By type of provision', 'By primary need', 'Open provision concerns by how long']) {
      expect(page.body).toContain(caption);
    }
    expect(page.body).toMatch(/href="\/children\/[0-9a-f-]{36}\/provision"/);
    const events = await t.database.db.select().from(auditEvent).where(eq(auditEvent.action, 'VIEW_DELIVERY_MONITORING'));
    expect(events.length).toBeGreaterThan(0);

    const year = await inclusion.get('/delivery?period=year');
    expect(year.body).toContain('this school year');
    const bad = await inclusion.get('/delivery?period=decade');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose this term or this school year');
  });

  it('is not for schools, families, professionals or the FOI analyst (it names children)', async () => {
    for (const role of ['school_senco', 'parent', 'professional', 'insight_analyst']) {
      const browser = await signedInAs(t.app, t.demo, role);
      expect((await browser.get('/delivery')).statusCode).toBe(403);
    }
  });
});
