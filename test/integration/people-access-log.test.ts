import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent, childContact } from '../../src/db/schema/index.js';
import { insertAuditEvents } from '../../src/modules/audit/repository.js';
import { aChild, aLocalAuthority, aParentOf, aPlanWithProvision, aProfessionalAssignment, aPupil, aSchoolWithSenco, aUser, anOrganisation, SCHOOL_SESSIONS, therapyFrom, type TestUser } from '../factories/index.js';
import { createFreshTestApp, signedInAsUser, type Browser, type FreshTestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';

describe(`people involved and the family access log (${testEngine})`, () => {
  let t: FreshTestApp;
  let laId: string;
  let users: Record<'sen_caseworker' | 'sen_team_manager' | 'parent' | 'school_senco' | 'professional', TestUser>;
  /** A pupil at the SENCO's school, whose parent and therapist are on the record too. */
  let childId: string;
  /** A child the parent has nothing to do with. */
  let otherChildId: string;
  let caseworker: Browser;
  let parent: Browser;
  let senco: Browser;
  let professional: Browser;
  const contactsOf = async () => (await t.database.db.select({ n: count() }).from(childContact).where(eq(childContact.childId, childId)))[0]?.n ?? 0;

  beforeAll(async () => {
    t = await createFreshTestApp();
    const la = await aLocalAuthority(t.database.db);
    laId = la.laId;
    const { school, senco: sencoUser } = await aSchoolWithSenco(la);
    const trust = await anOrganisation(la);
    const caseworkerUser = await aUser(la, 'sen_caseworker');
    const pupil = await aPupil(la, school, { caseworker: caseworkerUser });
    await aPlanWithProvision(la, pupil, { provision: [SCHOOL_SESSIONS, therapyFrom(trust)] });
    const therapist = await aUser(la, 'professional', { organisation: trust });
    await aProfessionalAssignment(la, pupil, therapist, { involvement: 'Speech and language therapy' });
    users = {
      sen_caseworker: caseworkerUser,
      sen_team_manager: await aUser(la, 'sen_team_manager'),
      parent: await aParentOf(la, pupil, { user: { displayName: 'Sarah Ahmed' } }),
      school_senco: sencoUser,
      professional: therapist,
    };
    childId = pupil.id;
    otherChildId = (await aChild(la)).id;
    caseworker = await signedInAsUser(t.app, users.sen_caseworker);
    parent = await signedInAsUser(t.app, users.parent);
    senco = await signedInAsUser(t.app, users.school_senco);
    professional = await signedInAsUser(t.app, users.professional);
  });

  afterAll(async () => {
    await t.close();
  });

  it('lets LA staff add contacts, validated, audited, and shown to each person by audience', async () => {
    const add = async (form: Record<string, string>) => {
      await caseworker.get(`/children/${childId}/people/new`);
      return caseworker.post(`/children/${childId}/people/new`, form);
    };
    const before = await contactsOf();
    const bad = await add({ name: '', role: 'GP', email: 'not-an-email', phone: 'call me', audience: 'everyone' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    for (const message of ['Enter the name of the person or team', 'Enter an email address in the correct format', 'Enter a phone number', 'Select who can see these contact details']) expect(bad.body).toContain(message);
    expect(await contactsOf()).toBe(before);

    expect((await add({ name: 'Dr Amy Lowe', organisationName: 'Riverside Surgery', role: 'GP', email: 'amy.lowe@nhs.example', phone: '01632 960 001', audience: 'family' })).statusCode).toBe(303);
    expect((await add({ name: 'Jon Park', organisationName: 'Children’s services', role: 'Social worker', email: 'jon.park@la.example', audience: 'la_internal' })).statusCode).toBe(303);
    expect((await add({ name: 'Kim Shaw', role: 'Occupational therapist', phone: '+44 808 157 0192', audience: 'professionals' })).statusCode).toBe(303);
    expect(await contactsOf()).toBe(before + 3);
    const audits = await t.database.db.select({ n: count() }).from(auditEvent).where(and(eq(auditEvent.childId, childId), eq(auditEvent.action, 'MANAGE_CONTACTS')));
    expect(audits[0]?.n).toBe(3);

    const parentView = (await parent.get(`/children/${childId}/people`)).body;
    expect(parentView).toContain('Dr Amy Lowe');
    expect(parentView).toContain('01632 960 001');
    expect(parentView).not.toContain('Jon Park');
    expect(parentView).not.toContain('Kim Shaw');
    const sencoView = (await senco.get(`/children/${childId}/people`)).body;
    expect(sencoView).toContain('Kim Shaw');
    expect(sencoView).not.toContain('Jon Park');
    expect((await caseworker.get(`/children/${childId}/people`)).body).toContain('Jon Park');

    expect((await senco.get(`/children/${childId}/people/new`)).statusCode).toBe(403);
    expect((await parent.get(`/children/${childId}/people/new`)).statusCode).toBe(403);
  });

  it('shows the family, caseworker, school, SENCO, professionals and providers; family contact details only to the family and the LA', async () => {
    const parentEmail = users.parent.email;
    const sencoEmail = users.school_senco.email;
    const professionalEmail = users.professional.email;
    const caseworkerEmail = users.sen_caseworker.email;

    const parentView = await parent.get(`/children/${childId}/people`);
    expect(parentView.statusCode).toBe(200);
    for (const text of ['Sarah Ahmed', parentEmail, sencoEmail, professionalEmail, caseworkerEmail, 'Speech and language therapy']) expect(parentView.body).toContain(text);
    const caseworkerView = await caseworker.get(`/children/${childId}/people`);
    expect(caseworkerView.body).toContain(parentEmail);
    for (const browser of [senco, professional]) {
      const view = await browser.get(`/children/${childId}/people`);
      expect(view.statusCode).toBe(200);
      expect(view.body).toContain('Sarah Ahmed');
      expect(view.body).not.toContain(parentEmail);
      expect(view.body).toContain(caseworkerEmail);
    }
    const audits = await t.database.db.select({ n: count() }).from(auditEvent).where(and(eq(auditEvent.childId, childId), eq(auditEvent.action, 'VIEW_INVOLVED')));
    expect(audits[0]?.n).toBeGreaterThanOrEqual(4);
    expect((await parent.get(`/children/${otherChildId}/people`)).statusCode).toBe(404);
  });

  it("tells the family in plain words who looked at or changed their child's record, newest first, without their own visits", async () => {
    await caseworker.get(`/children/${childId}/plan`);
    await senco.get(`/children/${childId}/timeline`);
    await parent.get(`/children/${childId}/plan`);
    const log = await parent.get(`/children/${childId}/access-log`);
    expect(log.statusCode).toBe(200);
    const caseworkerName = users.sen_caseworker.displayName;
    const sencoName = users.school_senco.displayName;
    expect(log.body).toMatch(new RegExp(`${caseworkerName}, SEN caseworker, looked at the plan on \\d{1,2} \\w+ \\d{4} at \\d{1,2}:\\d{2}(am|pm)`));
    expect(log.body).toMatch(new RegExp(`${sencoName}, School SENCO, [^,]+, looked at the timeline on`));
    expect(log.body).not.toContain('Sarah Ahmed,');
    // Newest first: the SENCO looked after the caseworker.
    expect(log.body.indexOf(`${sencoName}, School SENCO`)).toBeLessThan(log.body.indexOf(`${caseworkerName}, SEN caseworker, looked at the plan`));
    const audits = await t.database.db.select({ n: count() }).from(auditEvent).where(and(eq(auditEvent.childId, childId), eq(auditEvent.action, 'VIEW_ACCESS_LOG')));
    expect(audits[0]?.n).toBe(1);
  });

  it('pages the access log', async () => {
    const managerId = users.sen_team_manager.id;
    await insertAuditEvents(t.database.db, Array.from({ length: 60 }, () => ({ laId, actorUserId: managerId, actorRole: 'sen_team_manager', action: 'VIEW_FUNDING' as const, subjectType: 'child', subjectId: childId, childId, requestId: 'test' })));
    const first = await parent.get(`/children/${childId}/access-log`);
    expect(first.body).toContain('govuk-pagination__next');
    const second = await parent.get(`/children/${childId}/access-log?page=2`);
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('govuk-pagination__prev');
    expect(second.body).toContain('looked at');
  });

  it('keeps the access log to the family: another child is not found, a caseworker is forbidden', async () => {
    expect((await parent.get(`/children/${otherChildId}/access-log`)).statusCode).toBe(404);
    expect((await caseworker.get(`/children/${childId}/access-log`)).statusCode).toBe(403);
    expect((await senco.get(`/children/${childId}/access-log`)).statusCode).toBe(403);
  });
});
