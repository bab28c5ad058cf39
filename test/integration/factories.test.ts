import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/auth/roles.js';
import { appUser, child, ehcPlan, familyLink, placement, planVersion, provisionDeliveryWeek, provisionItem, timelineEntry } from '../../src/db/schema/index.js';
import { parseCsv } from '../../src/domain/csv.js';
import { addDays } from '../../src/domain/dates.js';
import { weekStarting } from '../../src/domain/school-calendar.js';
import { todayInLondon } from '../../src/domain/formatting.js';
import {
  aChild,
  aFamilyLink,
  aLocalAuthority,
  aParentOf,
  aPlacement,
  aPlanWithProvision,
  aProfessionalAssignment,
  aPupil,
  aSchool,
  aSchoolWithSenco,
  aUser,
  anOrganisation,
  deliveredSessions,
  SCHOOL_SESSIONS,
  therapyFrom,
  type TestChild,
  type TestLa,
  type TestUser,
} from '../factories/index.js';
import { childIdsOn, createFreshTestApp, signedInAsUser, type FreshTestApp } from '../helpers/app.js';
import { refusalOf, testEngine } from '../helpers/database.js';

/**
 * The factories must build records the app's own rules accept: each row builds one situation in
 * its own LA, and the person's view of the child is read through the app, as they would.
 */
describe(`test-data factories (${testEngine})`, () => {
  let t: FreshTestApp;
  const today = todayInLondon(new Date());
  const newLa = () => aLocalAuthority(t.database.db);

  beforeAll(async () => {
    t = await createFreshTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(ROLES)('makes a %s who can sign in, with the link the role needs', async (role) => {
    const la = await newLa();
    const user = await aUser(la, role);
    const browser = await signedInAsUser(t.app, user);
    expect((await browser.get('/')).statusCode).toBeLessThan(400);
    const [row] = await t.database.db.select().from(appUser).where(eq(appUser.id, user.id));
    expect(row).toMatchObject({ laId: la.laId, role, email: user.email, displayName: user.displayName });
    expect(row?.settingId !== null).toBe(role === 'school_senco');
    expect(row?.organisationId !== null).toBe(role === 'professional');
    expect(row?.childId !== null).toBe(role === 'young_person');
  });

  type Situation = { viewer: TestUser; child: TestChild };
  const situations: [string, (la: TestLa) => Promise<Situation>, 200 | 404][] = [
    [
      'a SENCO sees the pupil placed at her school',
      async (la) => {
        const { school, senco } = await aSchoolWithSenco(la);
        return { viewer: senco, child: await aPupil(la, school) };
      },
      200,
    ],
    [
      'a SENCO does not see a pupil placed at another school',
      async (la) => {
        const { senco } = await aSchoolWithSenco(la);
        return { viewer: senco, child: await aPupil(la, await aSchool(la)) };
      },
      404,
    ],
    [
      'a SENCO does not see a pupil who has left her school',
      async (la) => {
        const { school, senco } = await aSchoolWithSenco(la);
        const pupil = await aChild(la);
        await aPlacement(la, pupil, { at: school, startDate: addDays(today, -400), endDate: addDays(today, -1) });
        await aPlacement(la, pupil, { at: await aSchool(la), startDate: today });
        return { viewer: senco, child: pupil };
      },
      404,
    ],
    [
      'a SENCO does not yet see a pupil who starts at her school tomorrow',
      async (la) => {
        const { school, senco } = await aSchoolWithSenco(la);
        return { viewer: senco, child: await aPupil(la, school, { placement: { startDate: addDays(today, 1) } }) };
      },
      404,
    ],
    [
      'a parent sees their child',
      async (la) => {
        const child = await aChild(la);
        return { viewer: await aParentOf(la, child), child };
      },
      200,
    ],
    [
      'a parent does not see another child',
      async (la) => {
        await aParentOf(la, await aChild(la));
        const parent = await aParentOf(la, await aChild(la));
        const other = await aChild(la);
        await aFamilyLink(la, other, null);
        return { viewer: parent, child: other };
      },
      404,
    ],
    [
      'a family member without parental responsibility does not see the child',
      async (la) => {
        const child = await aChild(la);
        return { viewer: await aParentOf(la, child, { link: { relationship: 'Father', hasParentalResponsibility: false } }), child };
      },
      404,
    ],
    [
      'a professional sees a child assigned to them',
      async (la) => {
        const child = await aChild(la);
        const therapist = await aUser(la, 'professional');
        await aProfessionalAssignment(la, child, therapist);
        return { viewer: therapist, child };
      },
      200,
    ],
    [
      'a professional does not see a child after their work with them ended',
      async (la) => {
        const child = await aChild(la);
        const therapist = await aUser(la, 'professional');
        await aProfessionalAssignment(la, child, therapist, { startDate: addDays(today, -200), endDate: addDays(today, -1) });
        return { viewer: therapist, child };
      },
      404,
    ],
    [
      'a young person sees their own record',
      async (la) => {
        const own = await aChild(la, { age: 17 });
        return { viewer: await aUser(la, 'young_person', { child: own }), child: own };
      },
      200,
    ],
    ['a young person does not see another record', async (la) => ({ viewer: await aUser(la, 'young_person'), child: await aChild(la, { age: 17 }) }), 404],
    ['a caseworker sees a child of her LA with nothing else recorded', async (la) => ({ viewer: await aUser(la, 'sen_caseworker'), child: await aChild(la) }), 200],
    ['a caseworker does not see a child of another LA', async (la) => ({ viewer: await aUser(la, 'sen_caseworker'), child: await aChild(await newLa()) }), 404],
  ];

  it.each(situations)('%s', async (_name, build, expected) => {
    const la = await newLa();
    const { viewer, child: target } = await build(la);
    const browser = await signedInAsUser(t.app, viewer);
    const record = await browser.get(`/children/${target.id}`);
    expect(record.statusCode).toBe(expected);
    if (expected === 200) expect(record.body).toContain(target.name);
    // The caseload applies the same rule as the record.
    const caseload = await browser.get('/children');
    expect(caseload.statusCode).toBe(200);
    expect(childIdsOn(caseload.body).includes(target.id)).toBe(expected === 200);
  });

  it('gives a parent of two children exactly those two on their caseload', async () => {
    const la = await newLa();
    const [first, second] = [await aChild(la), await aChild(la)];
    const parent = await aParentOf(la, first, { user: { displayName: 'Sarah Ahmed' } });
    await aParentOf(la, second, { parent });
    await aParentOf(la, await aChild(la));
    const links = await t.database.db.select().from(familyLink).where(eq(familyLink.userId, parent.id));
    expect(links.map((link) => [link.name, link.relationship, link.hasParentalResponsibility])).toEqual([
      ['Sarah Ahmed', 'Mother', true],
      ['Sarah Ahmed', 'Mother', true],
    ]);
    const caseload = await (await signedInAsUser(t.app, parent)).get('/children');
    expect(new Set(childIdsOn(caseload.body))).toEqual(new Set([first.id, second.id]));
  });

  it('builds a plan in force whose lines each person may record against as the rules say', async () => {
    const la = await newLa();
    const { school, senco } = await aSchoolWithSenco(la);
    const trust = await anOrganisation(la);
    const therapist = await aUser(la, 'professional', { organisation: trust });
    const pupil = await aPupil(la, school, { caseworker: await aUser(la, 'sen_caseworker') });
    await aProfessionalAssignment(la, pupil, therapist);
    const plan = await aPlanWithProvision(la, pupil, { provision: [SCHOOL_SESSIONS, therapyFrom(trust)] });

    const [stored] = await t.database.db.select().from(ehcPlan).where(eq(ehcPlan.id, plan.planId));
    expect(stored).toMatchObject({ childId: pupil.id, status: 'active', currentVersionId: plan.versionId, firstIssuedDate: plan.issuedDate });
    const [version] = await t.database.db.select().from(planVersion).where(eq(planVersion.id, plan.versionId));
    expect(version).toMatchObject({ status: 'issued', kind: 'final', versionNumber: 1 });
    const [entry] = await t.database.db.select().from(timelineEntry).where(eq(timelineEntry.sourceId, plan.versionId));
    expect(entry).toMatchObject({ childId: pupil.id, kind: 'plan_issued', audience: 'family' });
    // Issued through the real path: the database freezes its lines.
    expect(
      await refusalOf(
        t.database.db
          .update(provisionItem)
          .set({ minutesPerSession: 1 })
          .where(eq(provisionItem.id, plan.itemIds[0] ?? '')),
      ),
    ).toContain('plan version has been issued');

    const caseworker = await signedInAsUser(t.app, await aUser(la, 'sen_caseworker'));
    const provision = await caseworker.get(`/children/${pupil.id}/provision`);
    expect(provision.statusCode).toBe(200);
    expect(provision.body).toContain('Small-group literacy support with a teaching assistant');
    expect(provision.body).toContain('Speech and language therapy, direct 1:1 sessions');
    expect((await caseworker.get(`/children/${pupil.id}/plan`)).body).toContain('Speech, language and communication needs');

    // The SENCO's template lists the school's line only; the therapist's, the trust's line only.
    const template = await (await signedInAsUser(t.app, senco)).get('/provision/import/my-template.csv');
    expect(
      parseCsv(template.body.replace(/^\uFEFF/, ''))
        .slice(1)
        .map((row) => row.fields[0]),
    ).toEqual([plan.itemIds[0]]);
    const therapistBrowser = await signedInAsUser(t.app, therapist);
    const theirs = await therapistBrowser.get('/provision/import/my-template.csv');
    expect(
      parseCsv(theirs.body.replace(/^\uFEFF/, ''))
        .slice(1)
        .map((row) => row.fields[0]),
    ).toEqual([plan.itemIds[1]]);
  });

  it('records delivery through the recording service, so the week totals and the Provision tab follow', async () => {
    const la = await newLa();
    const { school, senco } = await aSchoolWithSenco(la);
    const pupil = await aPupil(la, school);
    const plan = await aPlanWithProvision(la, pupil);
    const monday = addDays(weekStarting(today), -7);
    const ids = await deliveredSessions(la, senco, plan.itemIds[0] ?? '', [monday, addDays(monday, 2)], { minutes: 25 });
    expect(ids).toHaveLength(2);
    const [week] = await t.database.db
      .select()
      .from(provisionDeliveryWeek)
      .where(eq(provisionDeliveryWeek.provisionItemId, plan.itemIds[0] ?? ''));
    expect(week).toMatchObject({ weekStart: monday, deliveredSessions: 2, deliveredMinutes: 50 });
    // Only someone who may record against the line can: a therapist of no organisation named cannot.
    await expect(deliveredSessions(la, await aUser(la, 'professional'), plan.itemIds[0] ?? '', [monday])).rejects.toThrow();
  });

  it('writes every row into the LA it was given, with the defaults a test can rely on', async () => {
    const la = await newLa();
    const other = await newLa();
    const pupil = await aPupil(la, await aSchool(la), { age: 12 });
    const [row] = await t.database.db.select().from(child).where(eq(child.id, pupil.id));
    expect(row).toMatchObject({ laId: la.laId, forename: pupil.forename, surname: pupil.surname, dateOfBirth: pupil.dateOfBirth });
    expect(Number(today.slice(0, 4)) - Number(pupil.dateOfBirth.slice(0, 4))).toBeGreaterThanOrEqual(12);
    const [where] = await t.database.db.select().from(placement).where(eq(placement.childId, pupil.id));
    expect(where).toMatchObject({ laId: la.laId, rank: 1, endDate: null });
    expect(la.laId).not.toBe(other.laId);
    expect(la.dfeCode).not.toBe(other.dfeCode);
  });
});
