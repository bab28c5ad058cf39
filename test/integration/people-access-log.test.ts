import { and, count, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUser, auditEvent, child, childContact, familyLink, placement, professionalAssignment } from '../../src/db/schema/index.js';
import { addDays } from '../../src/domain/dates.js';
import { insertAuditEvents } from '../../src/modules/audit/repository.js';
import { createTestApp, demoUser, signedInAs, TEST_CLOCK, type Browser, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { paths } from '../../src/http/paths.js';

describe(`people involved and the family access log (${testEngine})`, () => {
  let t: TestApp;
  let laId: string;
  /** A pupil at the demo SENCO's school, linked in the test to the demo parent and professional. */
  let childId: string;
  /** A child the parent has nothing to do with. */
  let otherChildId: string;
  let caseworker: Browser;
  let parent: Browser;
  let senco: Browser;
  let professional: Browser;
  const userId = async (role: string) => {
    const [row] = await t.database.db
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, role).email));
    return row?.id ?? '';
  };
  const contactsOf = async () => (await t.database.db.select({ n: count() }).from(childContact).where(eq(childContact.childId, childId)))[0]?.n ?? 0;

  beforeAll(async () => {
    t = await createTestApp({ plans: 40, deliveryHistory: false, clock: TEST_CLOCK });
    laId = t.demo.laId;
    const db = t.database.db;
    const [sencoRow] = await db
      .select({ settingId: appUser.settingId })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, 'school_senco').email));
    const [pupil] = await db
      .select({ id: placement.childId })
      .from(placement)
      .where(and(eq(placement.settingId, sencoRow?.settingId ?? ''), isNull(placement.endDate)))
      .limit(1);
    childId = pupil?.id ?? '';
    await db.insert(familyLink).values({ laId, childId, userId: await userId('parent'), name: 'Sarah Ahmed', relationship: 'Mother', hasParentalResponsibility: true });
    await db.insert(professionalAssignment).values({ laId, childId, userId: await userId('professional'), involvement: 'Speech and language therapy', startDate: addDays(TEST_CLOCK.today(), -100) });
    const parentChildren = new Set(
      (
        await db
          .select({ id: familyLink.childId })
          .from(familyLink)
          .where(eq(familyLink.userId, await userId('parent')))
      ).map((row) => row.id),
    );
    otherChildId = (await db.select({ id: child.id }).from(child).where(eq(child.laId, laId))).map((row) => row.id).find((id) => !parentChildren.has(id)) ?? '';
    caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    parent = await signedInAs(t.app, t.demo, 'parent');
    senco = await signedInAs(t.app, t.demo, 'school_senco');
    professional = await signedInAs(t.app, t.demo, 'professional');
  }, 240_000);

  afterAll(async () => {
    await t.close();
  });

  it('lets LA staff add contacts, validated, audited, and shown to each person by audience', async () => {
    const add = async (form: Record<string, string>) => {
      await caseworker.get(paths.child.newPerson({ childId }));
      return caseworker.post(paths.child.newPerson({ childId }), form);
    };
    const before = await contactsOf();
    const bad = await add({ name: '', role: 'GP', email: 'not-an-email', phone: 'call me', audience: 'everyone' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    for (const message of ['Enter the name of the person or team', 'Enter an email address in the correct format', 'Enter a phone number', 'Select who can see these contact details'])
      expect(bad.body).toContain(message);
    expect(await contactsOf()).toBe(before);

    expect((await add({ name: 'Dr Amy Lowe', organisationName: 'Riverside Surgery', role: 'GP', email: 'amy.lowe@nhs.example', phone: '01632 960 001', audience: 'family' })).statusCode).toBe(303);
    expect((await add({ name: 'Jon Park', organisationName: 'Children’s services', role: 'Social worker', email: 'jon.park@la.example', audience: 'la_internal' })).statusCode).toBe(303);
    expect((await add({ name: 'Kim Shaw', role: 'Occupational therapist', phone: '+44 808 157 0192', audience: 'professionals' })).statusCode).toBe(303);
    expect(await contactsOf()).toBe(before + 3);
    const audits = await t.database.db
      .select({ n: count() })
      .from(auditEvent)
      .where(and(eq(auditEvent.childId, childId), eq(auditEvent.action, 'MANAGE_CONTACTS')));
    expect(audits[0]?.n).toBe(3);

    const parentView = (await parent.get(paths.child.people({ childId }))).body;
    expect(parentView).toContain('Dr Amy Lowe');
    expect(parentView).toContain('01632 960 001');
    expect(parentView).not.toContain('Jon Park');
    expect(parentView).not.toContain('Kim Shaw');
    const sencoView = (await senco.get(paths.child.people({ childId }))).body;
    expect(sencoView).toContain('Kim Shaw');
    expect(sencoView).not.toContain('Jon Park');
    expect((await caseworker.get(paths.child.people({ childId }))).body).toContain('Jon Park');

    expect((await senco.get(paths.child.newPerson({ childId }))).statusCode).toBe(403);
    expect((await parent.get(paths.child.newPerson({ childId }))).statusCode).toBe(403);
  });

  it('shows the family, caseworker, school, SENCO, professionals and providers; family contact details only to the family and the LA', async () => {
    const parentEmail = demoUser(t.demo, 'parent').email;
    const sencoEmail = demoUser(t.demo, 'school_senco').email;
    const professionalEmail = demoUser(t.demo, 'professional').email;
    const [caseworkerRow] = await t.database.db.select({ email: appUser.email }).from(child).innerJoin(appUser, eq(appUser.id, child.caseworkerId)).where(eq(child.id, childId));

    const parentView = await parent.get(paths.child.people({ childId }));
    expect(parentView.statusCode).toBe(200);
    for (const text of ['Sarah Ahmed', parentEmail, sencoEmail, professionalEmail, caseworkerRow?.email ?? '', 'Speech and language therapy']) expect(parentView.body).toContain(text);
    const caseworkerView = await caseworker.get(paths.child.people({ childId }));
    expect(caseworkerView.body).toContain(parentEmail);
    for (const browser of [senco, professional]) {
      const view = await browser.get(paths.child.people({ childId }));
      expect(view.statusCode).toBe(200);
      expect(view.body).toContain('Sarah Ahmed');
      expect(view.body).not.toContain(parentEmail);
      expect(view.body).toContain(caseworkerRow?.email ?? '');
    }
    const audits = await t.database.db
      .select({ n: count() })
      .from(auditEvent)
      .where(and(eq(auditEvent.childId, childId), eq(auditEvent.action, 'VIEW_INVOLVED')));
    expect(audits[0]?.n).toBeGreaterThanOrEqual(4);
    expect((await parent.get(paths.child.people({ childId: otherChildId }))).statusCode).toBe(404);
  });

  it("tells the family in plain words who looked at or changed their child's record, newest first, without their own visits", async () => {
    await caseworker.get(paths.child.plan({ childId }));
    await senco.get(paths.child.timeline({ childId }));
    await parent.get(paths.child.plan({ childId }));
    const log = await parent.get(paths.child.accessLog({ childId }));
    expect(log.statusCode).toBe(200);
    const caseworkerName = demoUser(t.demo, 'sen_caseworker').displayName;
    const sencoName = demoUser(t.demo, 'school_senco').displayName;
    expect(log.body).toMatch(new RegExp(`${caseworkerName}, SEN caseworker, looked at the plan on \\d{1,2} \\w+ \\d{4} at \\d{1,2}:\\d{2}(am|pm)`));
    expect(log.body).toMatch(new RegExp(`${sencoName}, School SENCO, [^,]+, looked at the timeline on`));
    expect(log.body).not.toContain('Sarah Ahmed,');
    // Newest first: the SENCO looked after the caseworker.
    expect(log.body.indexOf(`${sencoName}, School SENCO`)).toBeLessThan(log.body.indexOf(`${caseworkerName}, SEN caseworker, looked at the plan`));
    const audits = await t.database.db
      .select({ n: count() })
      .from(auditEvent)
      .where(and(eq(auditEvent.childId, childId), eq(auditEvent.action, 'VIEW_ACCESS_LOG')));
    expect(audits[0]?.n).toBe(1);
  });

  it('pages the access log', async () => {
    const managerId = await userId('sen_team_manager');
    await insertAuditEvents(
      t.database.db,
      Array.from({ length: 60 }, () => ({
        laId,
        actorUserId: managerId,
        actorRole: 'sen_team_manager',
        action: 'VIEW_FUNDING' as const,
        subjectType: 'child',
        subjectId: childId,
        childId,
        requestId: 'test',
      })),
    );
    const first = await parent.get(paths.child.accessLog({ childId }));
    expect(first.body).toContain('govuk-pagination__next');
    const second = await parent.get(paths.child.accessLog({ childId }, { page: 2 }));
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('govuk-pagination__prev');
    expect(second.body).toContain('looked at');
  });

  it('keeps the access log to the family: another child is not found, a caseworker is forbidden', async () => {
    expect((await parent.get(paths.child.accessLog({ childId: otherChildId }))).statusCode).toBe(404);
    expect((await caseworker.get(paths.child.accessLog({ childId }))).statusCode).toBe(403);
    expect((await senco.get(paths.child.accessLog({ childId }))).statusCode).toBe(403);
  });
});
