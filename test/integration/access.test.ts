import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUser, child, familyLink, placement, professionalAssignment } from '../../src/db/schema/index.js';
import { seedDemoLa } from '../../src/seed/generator.js';
import { childIdsOn, createTestApp, demoUser, signedInAs, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { paths } from '../../src/http/paths.js';

// Funding is not among them: families, schools and providers may not open it for any child (403, which says nothing about the child).
const CHILD_PAGES = [paths.child.overview, paths.child.plan, paths.child.provision, paths.child.reviews, paths.child.timeline, paths.child.inclusion];

describe(`who can see which child (${testEngine})`, () => {
  let t: TestApp;
  let otherLaChildId: string;
  let allChildIds: string[];

  beforeAll(async () => {
    t = await createTestApp({ plans: 80 });
    const other = await seedDemoLa(t.database.db, {
      plans: 10,
      seed: 7,
      la: { dfeCode: '998', name: 'Other Borough Council', region: 'North West' },
      emailDomain: 'other-borough.example.org',
    });
    const [row] = await t.database.db.select({ id: child.id }).from(child).where(eq(child.laId, other.laId)).limit(1);
    otherLaChildId = row?.id ?? '';
    allChildIds = (await t.database.db.select({ id: child.id }).from(child).where(eq(child.laId, t.demo.laId))).map((r) => r.id);
  });
  afterAll(async () => {
    await t.close();
  });

  async function caseloadIds(role: string): Promise<{ ids: string[]; body: string }> {
    const browser = await signedInAs(t.app, t.demo, role);
    const ids: string[] = [];
    let body = '';
    for (let page = 1; page <= 10; page += 1) {
      const response = await browser.get(paths.caseload({ page }));
      expect(response.statusCode).toBe(200);
      body = page === 1 ? response.body : body;
      const found = childIdsOn(response.body);
      ids.push(...found);
      if (found.length < 25) break;
    }
    return { ids, body };
  }

  it('a caseworker sees every child in their LA and none from another', async () => {
    const { ids, body } = await caseloadIds('sen_caseworker');
    expect(new Set(ids)).toEqual(new Set(allChildIds));
    expect(body).toContain(`of ${String(allChildIds.length)} children`);
    expect(ids).not.toContain(otherLaChildId);
  });

  it('a parent sees exactly the children they hold parental responsibility for', async () => {
    const parent = demoUser(t.demo, 'parent');
    const links = await t.database.db
      .select({ childId: familyLink.childId })
      .from(familyLink)
      .innerJoin(appUser, eq(appUser.id, familyLink.userId))
      .where(and(eq(appUser.email, parent.email), eq(familyLink.hasParentalResponsibility, true)));
    const { ids } = await caseloadIds('parent');
    expect(ids.length).toBe(2);
    expect(new Set(ids)).toEqual(new Set(links.map((link) => link.childId)));
  });

  it('a SENCO sees exactly the pupils currently placed at their school', async () => {
    const browser = await signedInAs(t.app, t.demo, 'school_senco');
    const [me] = await t.database.db
      .select({ settingId: appUser.settingId })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, 'school_senco').email));
    const settingId = me?.settingId ?? '';
    const pupils = await t.database.db
      .selectDistinct({ childId: placement.childId })
      .from(placement)
      .where(and(eq(placement.settingId, settingId), isNull(placement.endDate)));
    const { ids } = await caseloadIds('school_senco');
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ids)).toEqual(new Set(pupils.map((pupil) => pupil.childId)));
    expect((await browser.get(paths.caseload())).body).toContain('Pupils');
  });

  it('a professional sees exactly the children assigned to them', async () => {
    const [me] = await t.database.db
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, 'professional').email));
    const assigned = await t.database.db
      .selectDistinct({ childId: professionalAssignment.childId })
      .from(professionalAssignment)
      .where(eq(professionalAssignment.userId, me?.id ?? ''));
    const { ids } = await caseloadIds('professional');
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ids)).toEqual(new Set(assigned.map((row) => row.childId)));
  });

  it('a young person sees only their own record', async () => {
    const { ids } = await caseloadIds('young_person');
    expect(ids.length).toBe(1);
  });

  it.each(['parent', 'school_senco', 'professional', 'young_person'])('a %s gets 404, never 403, for every page of a child who is not theirs', async (role) => {
    const browser = await signedInAs(t.app, t.demo, role);
    const { ids: mine } = await caseloadIds(role);
    const notMine = allChildIds.find((id) => !mine.includes(id)) ?? '';
    for (const page of CHILD_PAGES) {
      const response = await browser.get(page({ childId: notMine }));
      expect(response.statusCode, `${page.pattern} (not theirs)`).toBe(404);
      expect(response.body).not.toContain(notMine);
    }
    const api = await browser.get(paths.api.child({ childId: notMine }), { accept: 'application/json' });
    expect(api.statusCode).toBe(404);
    // Their own child opens.
    expect((await browser.get(paths.child.overview({ childId: mine[0] ?? '' }))).statusCode).toBe(200);
  });

  it.each(['parent', 'school_senco', 'professional', 'young_person'])('a %s cannot open the Funding tab of their own child: the LA’s rates are not theirs to see', async (role) => {
    const browser = await signedInAs(t.app, t.demo, role);
    const { ids: mine } = await caseloadIds(role);
    const childId = mine[0] ?? '';
    expect((await browser.get(paths.child.funding({ childId }))).statusCode).toBe(403);
    expect((await browser.get(paths.child.overview({ childId }))).body).not.toContain(paths.child.funding({ childId }));
  });

  it.each(['sen_caseworker', 'sen_team_manager', 'finance_officer'])('a %s opens a child’s Funding tab', async (role) => {
    const browser = await signedInAs(t.app, t.demo, role);
    expect((await browser.get(paths.child.funding({ childId: allChildIds[0] ?? '' }))).statusCode).toBe(200);
  });

  it('LA staff get 404 for a child in another LA', async () => {
    const browser = await signedInAs(t.app, t.demo, 'sen_caseworker');
    expect((await browser.get(paths.child.overview({ childId: otherLaChildId }))).statusCode).toBe(404);
    expect((await browser.get(paths.child.plan({ childId: otherLaChildId }))).statusCode).toBe(404);
  });

  it('an unknown or malformed child id is simply not found', async () => {
    const browser = await signedInAs(t.app, t.demo, 'sen_caseworker');
    expect((await browser.get(paths.child.overview({ childId: '00000000-0000-4000-8000-000000000000' }))).statusCode).toBe(404);
    expect((await browser.get(paths.child.overview({ childId: 'not-a-uuid' }))).statusCode).toBe(404);
    expect((await browser.get("/children/1'%20or%201=1--")).statusCode).toBe(404);
  });

  it('an insight analyst sees aggregates and no child records', async () => {
    const browser = await signedInAs(t.app, t.demo, 'insight_analyst');
    expect((await browser.get(paths.caseload())).statusCode).toBe(403);
    expect((await browser.get(paths.child.overview({ childId: allChildIds[0] ?? '' }))).statusCode).toBe(403);
    const reports = await browser.get(paths.monitoring.reports());
    expect(reports.statusCode).toBe(200);
    expect(reports.body).toContain('Average cost a year');
    expect(childIdsOn(reports.body)).toEqual([]);
  });

  it('an LA administrator manages users and does not open children', async () => {
    const browser = await signedInAs(t.app, t.demo, 'la_admin');
    expect((await browser.get(paths.admin.users())).statusCode).toBe(200);
    expect((await browser.get(paths.caseload())).statusCode).toBe(403);
  });

  it("only LA casework roles see a child's history", async () => {
    const childId = allChildIds[0] ?? '';
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    expect((await caseworker.get(paths.child.history({ childId }))).statusCode).toBe(200);
    const finance = await signedInAs(t.app, t.demo, 'finance_officer');
    expect((await finance.get(paths.child.history({ childId }))).statusCode).toBe(403);
  });

  it('nobody signed out reaches a child: pages redirect to sign-in and the API answers 401', async () => {
    const childId = allChildIds[0] ?? '';
    const page = await t.app.inject({ method: 'GET', url: paths.child.overview({ childId }) });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(`/sign-in?${new URLSearchParams({ returnTo: paths.child.overview({ childId }) }).toString()}`);
    const api = await t.app.inject({ method: 'GET', url: paths.api.children() });
    expect(api.statusCode).toBe(401);
    expect(api.headers['content-type']).toContain('application/problem+json');
  });
});
