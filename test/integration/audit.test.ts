import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent, child, planNeed, planVersion } from '../../src/db/schema/index.js';
import { createTestApp, signedInAs, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';

describe(`the audit trail (${testEngine})`, () => {
  let t: TestApp;
  let childId: string;
  beforeAll(async () => {
    t = await createTestApp({ plans: 20 });
    const [row] = await t.database.db.select({ id: child.id }).from(child).where(eq(child.laId, t.demo.laId)).limit(1);
    childId = row?.id ?? '';
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['', 'VIEW_CHILD'],
    ['/plan', 'VIEW_PLAN'],
    ['/provision', 'VIEW_PROVISION'],
    ['/reviews', 'VIEW_REVIEWS'],
    ['/timeline', 'VIEW_TIMELINE'],
    ['/funding', 'VIEW_FUNDING'],
    ['/inclusion', 'VIEW_INCLUSION'],
    ['/history', 'VIEW_CHILD_HISTORY'],
  ])('opening /children/:id%s writes %s with who, when and which child', async (page, action) => {
    const browser = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const response = await browser.get(`/children/${childId}${page}`);
    expect(response.statusCode).toBe(200);
    const events = await t.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.childId, childId), eq(auditEvent.action, action)));
    expect(events.length).toBeGreaterThan(0);
    const event = events.at(-1);
    expect(event?.actorRole).toBe('sen_caseworker');
    expect(event?.laId).toBe(t.demo.laId);
    expect(event?.requestId).toBeTruthy();
  });

  it("shows the views on the child's History page", async () => {
    const browser = await signedInAs(t.app, t.demo, 'sen_team_manager');
    await browser.get(`/children/${childId}/funding`);
    const history = await browser.get(`/children/${childId}/history`);
    expect(history.body).toContain('Viewed the child&#39;s funding');
    expect(history.body).toContain('SEN team manager');
  });

  it('shows each provision item with what it has owed this week, term and school year', async () => {
    const browser = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const page = await browser.get(`/children/${childId}/provision`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Owed this term');
    // Some weekly item has owed something this school year, whatever the day the test runs.
    expect(page.body).toMatch(/\d+(\.\d+)? sessions? \(\d+ hours?|\d+( and a half)? hours \(\d+ sessions\)/);
  });

  it("a refused look at someone else's child is not recorded as a view of it", async () => {
    const browser = await signedInAs(t.app, t.demo, 'parent');
    const before = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvent)
      .where(eq(auditEvent.childId, childId));
    const response = await browser.get(`/children/${childId}`);
    if (response.statusCode === 404) {
      const after = await t.database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(auditEvent)
        .where(eq(auditEvent.childId, childId));
      expect(after[0]?.n).toBe(before[0]?.n);
    }
  });

  it('the database refuses to change or delete audit events', async () => {
    await expect(t.database.db.execute(sql`update audit_event set action = 'TAMPERED'`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from audit_event`)).rejects.toThrow();
    const tampered = await t.database.db.select().from(auditEvent).where(eq(auditEvent.action, 'TAMPERED'));
    expect(tampered).toEqual([]);
  });

  it('the database refuses to edit an issued plan version or its content', async () => {
    const [issued] = await t.database.db.select().from(planVersion).where(eq(planVersion.status, 'issued')).limit(1);
    expect(issued).toBeDefined();
    const id = issued?.id ?? '';
    await expect(t.database.db.execute(sql`update plan_version set issued_date = '2020-01-01' where id = ${id}`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`update plan_need set description = 'changed' where plan_version_id = ${id}`)).rejects.toThrow();
    await expect(t.database.db.insert(planNeed).values({ laId: t.demo.laId, planVersionId: id, senType: 'OTH', rank: 9, description: 'added later' })).rejects.toThrow();
  });
});
