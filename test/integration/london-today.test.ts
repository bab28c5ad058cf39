import { and, eq, notExists, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { appUser, child, placement, professionalAssignment } from '../../src/db/schema/index.js';
import { childIdsOn, createTestApp, demoUser, signedInAs, type Browser, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';

/**
 * "Today" in the child scope is London's date from the app's clock, never the database server's
 * current_date. At 23:30 UTC on 30 June it is already 1 July in London (BST), while a server
 * keeping UTC, and the real date whenever the test runs, say otherwise: a placement or assignment
 * that ends on 1 July is still in force, one that ended on 30 June is not.
 */
const CLOCK = fixedClock('2026-06-30T23:30:00Z');
const TODAY = '2026-07-01';
const YESTERDAY = '2026-06-30';
const TOMORROW = '2026-07-02';

describe(`the child scope honours today in London from the app's clock (${testEngine})`, () => {
  let t: TestApp;
  /** Children with no placement at the SENCO's school and no professional assigned, to give each a known one. */
  let free: string[];

  async function caseload(browser: Browser): Promise<string[]> {
    const ids: string[] = [];
    for (let page = 1; page <= 10; page += 1) {
      const found = childIdsOn((await browser.get(`/children?page=${String(page)}`)).body);
      ids.push(...found);
      if (found.length < 25) break;
    }
    return ids;
  }

  beforeAll(async () => {
    t = await createTestApp({ plans: 30, deliveryHistory: false, clock: CLOCK });
    const { db } = t.database;
    const [senco] = await db
      .select({ settingId: appUser.settingId })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, 'school_senco').email));
    const settingId = senco?.settingId ?? '';
    const rows = await db
      .select({ id: child.id })
      .from(child)
      .where(
        and(
          eq(child.laId, t.demo.laId),
          notExists(
            db
              .select({ one: sql`1` })
              .from(placement)
              .where(and(eq(placement.childId, child.id), eq(placement.settingId, settingId))),
          ),
          notExists(
            db
              .select({ one: sql`1` })
              .from(professionalAssignment)
              .where(eq(professionalAssignment.childId, child.id)),
          ),
        ),
      )
      .orderBy(child.id)
      .limit(6);
    free = rows.map((row) => row.id);
    expect(free).toHaveLength(6);
    const [placedUntilToday = '', placedUntilYesterday = '', placedFromToday = '', placedFromTomorrow = ''] = free;
    // Secondary placements (rank 2), so each child's main placement stays as seeded.
    const at = (childId: string, startDate: string, endDate: string | null) => ({ laId: t.demo.laId, childId, settingId, rank: 2, startDate, endDate });
    await db
      .insert(placement)
      .values([at(placedUntilToday, '2026-01-05', TODAY), at(placedUntilYesterday, '2026-01-05', YESTERDAY), at(placedFromToday, TODAY, null), at(placedFromTomorrow, TOMORROW, null)]);
    const [professional] = await db
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, 'professional').email));
    const [assignedUntilToday = '', assignedUntilYesterday = ''] = free.slice(4);
    await db.insert(professionalAssignment).values([
      { laId: t.demo.laId, childId: assignedUntilToday, userId: professional?.id ?? '', involvement: 'Ends today in London', startDate: '2026-01-05', endDate: TODAY },
      { laId: t.demo.laId, childId: assignedUntilYesterday, userId: professional?.id ?? '', involvement: 'Ended yesterday in London', startDate: '2026-01-05', endDate: YESTERDAY },
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('the app and its seed read the fixed clock', () => {
    expect(t.app.clock.today()).toBe(TODAY);
    expect(t.clock.today()).toBe(TODAY);
  });

  it('a SENCO sees a pupil whose placement ends or starts today in London, and not one that ended yesterday or starts tomorrow', async () => {
    const [placedUntilToday = '', placedUntilYesterday = '', placedFromToday = '', placedFromTomorrow = ''] = free;
    const senco = await signedInAs(t.app, t.demo, 'school_senco');
    const ids = await caseload(senco);
    expect(ids).toContain(placedUntilToday);
    expect(ids).toContain(placedFromToday);
    expect(ids).not.toContain(placedUntilYesterday);
    expect(ids).not.toContain(placedFromTomorrow);
    expect((await senco.get(`/children/${placedUntilToday}`)).statusCode).toBe(200);
    expect((await senco.get(`/children/${placedFromToday}/provision`)).statusCode).toBe(200);
    expect((await senco.get(`/children/${placedUntilYesterday}`)).statusCode).toBe(404);
    expect((await senco.get(`/children/${placedFromTomorrow}`)).statusCode).toBe(404);
  });

  it('a professional sees a child whose assignment ends today in London, and not one whose assignment ended yesterday', async () => {
    const [assignedUntilToday = '', assignedUntilYesterday = ''] = free.slice(4);
    const professional = await signedInAs(t.app, t.demo, 'professional');
    const ids = await caseload(professional);
    expect(ids).toContain(assignedUntilToday);
    expect(ids).not.toContain(assignedUntilYesterday);
    expect((await professional.get(`/children/${assignedUntilToday}`)).statusCode).toBe(200);
    expect((await professional.get(`/children/${assignedUntilYesterday}`)).statusCode).toBe(404);
  });

  it("the record's people lists name a professional assigned until today in London, and not one whose assignment ended yesterday", async () => {
    const [assignedUntilToday = '', assignedUntilYesterday = ''] = free.slice(4);
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const name = demoUser(t.demo, 'professional').displayName;
    expect((await caseworker.get(`/children/${assignedUntilToday}/people`)).body).toContain('Ends today in London');
    expect((await caseworker.get(`/children/${assignedUntilYesterday}/people`)).body).not.toContain('Ended yesterday in London');
    expect((await caseworker.get(`/children/${assignedUntilToday}`)).body).toContain(name);
    expect((await caseworker.get(`/children/${assignedUntilYesterday}`)).body).toContain('No professionals are assigned to this child.');
  });
});
