import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent, ehcPlan, familyLink, provisionDelivery, provisionDeliveryWeek, provisionItem } from '../../src/db/schema/index.js';
import { addDays } from '../../src/domain/dates.js';
import { createTestApp, demoUser, signedInAs, TEST_CLOCK, type TestApp } from '../helpers/app.js';
import { refusalOf, testEngine } from '../helpers/database.js';
import { paths } from '../../src/http/paths.js';

function dateParts(iso: string) {
  const [year, month, day] = iso.split('-');
  return { 'date-day': String(Number(day)), 'date-month': String(Number(month)), 'date-year': year ?? '' };
}

describe(`recording provision delivered and missed (${testEngine})`, () => {
  let t: TestApp;
  let childId: string;
  let schoolItemId: string;
  let nhsItemId: string | undefined;
  const today = TEST_CLOCK.today();

  beforeAll(async () => {
    // An empty ledger, so every total below is what this test recorded.
    t = await createTestApp({ plans: 30, deliveryHistory: false, clock: TEST_CLOCK });
    // A child of the demo parent who is a pupil at the demo SENCO's school: both can open the record.
    const parent = demoUser(t.demo, 'parent');
    const senco = demoUser(t.demo, 'school_senco');
    const [link] = await t.database.db
      .select({ childId: familyLink.childId })
      .from(familyLink)
      .where(
        sql`${familyLink.userId} = (select id from app_user where email = ${parent.email})
            and exists (select 1 from placement p where p.child_id = ${familyLink.childId} and p.end_date is null
                        and p.setting_id = (select setting_id from app_user where email = ${senco.email}))`,
      )
      .limit(1);
    childId = link?.childId ?? '';
    expect(childId).not.toBe('');
    const items = await t.database.db
      .select({ id: provisionItem.id, providerKind: provisionItem.providerKind })
      .from(provisionItem)
      .innerJoin(ehcPlan, eq(ehcPlan.currentVersionId, provisionItem.planVersionId))
      .where(eq(ehcPlan.childId, childId));
    schoolItemId = items.find((item) => item.providerKind === 'school')?.id ?? '';
    nhsItemId = items.find((item) => item.providerKind !== 'school')?.id;
    expect(schoolItemId).not.toBe('');
  });
  afterAll(async () => {
    await t.close();
  });

  async function deliveries() {
    return t.database.db.select().from(provisionDelivery).where(eq(provisionDelivery.childId, childId));
  }

  it('records a delivered session: the ledger, the weekly totals and the audit trail all show it', async () => {
    const browser = await signedInAs(t.app, t.demo, 'school_senco');
    const form = await browser.get(paths.provision.record({ childId }));
    expect(form.statusCode).toBe(200);
    const response = await browser.post(paths.provision.record({ childId }), { itemId: schoolItemId, ...dateParts(today), status: 'delivered', minutes: '45' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(paths.child.provision({ childId }, { recorded: 1 }));
    const page = await browser.get(String(response.headers.location));
    expect(page.body).toContain('The session has been recorded.');
    expect(page.body).toContain('45 minutes (1 session)');
    const [week] = await t.database.db.select().from(provisionDeliveryWeek).where(eq(provisionDeliveryWeek.provisionItemId, schoolItemId));
    expect(week).toMatchObject({ deliveredSessions: 1, deliveredMinutes: 45, missedSessions: 0 });
    const events = await t.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.childId, childId), eq(auditEvent.action, 'RECORD_PROVISION_DELIVERY')));
    expect(events).toHaveLength(1);
  });

  it('records a missed session with its reason, and tells the parent in plain words', async () => {
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    await caseworker.get(paths.provision.record({ childId }));
    const response = await caseworker.post(paths.provision.record({ childId }), {
      itemId: schoolItemId,
      ...dateParts(today),
      status: 'missed',
      missedReason: 'staff_vacancy',
      minutes: '45',
    });
    expect(response.statusCode).toBe(303);
    const parent = await signedInAs(t.app, t.demo, 'parent');
    const page = await parent.get(paths.child.provision({ childId }));
    expect(page.body).toMatch(/delivered so far this term, of [^<;]+ owed; 1 session missed \(staff vacancy: 1\)\./);
    expect(page.body).not.toContain('Record a session');
  });

  it.each([
    [{ minutes: '-5' }, 'minutes', 'Minutes must be 1 or more'],
    [{ minutes: 'lots' }, 'minutes', 'Enter the minutes as a number'],
    [{ 'date-day': '31', 'date-month': '2', 'date-year': '2026' }, 'date', 'must be a real date'],
    [{ 'date-day': '', 'date-month': '', 'date-year': '' }, 'date', 'Enter the date of the session'],
    [{ ...dateParts(addDays(today, 1)) }, 'date', 'must be today or in the past'],
    [{ ...dateParts('2000-01-03') }, 'date', 'when this provision started'],
    [{ status: 'missed' }, 'missedReason', 'Select why the session was missed'],
    // The API refuses these; the form once stored them, silently dropping the reason or the tick.
    [{ missedReason: 'child_unwell' }, 'missedReason', 'Only a missed session has a reason'],
    [{ status: 'missed', missedReason: 'child_unwell', madeUp: 'yes' }, 'madeUp', 'Only a delivered session can make up missed time'],
    [{ status: 'sideways' }, 'status', 'Select whether the session was delivered or missed'],
    [{ itemId: '00000000-0000-4000-8000-000000000000' }, 'itemId', 'Select provision from the list'],
  ])('refuses %o with a message on %s, keeping what was typed and storing nothing', async (change, field, message) => {
    const browser = await signedInAs(t.app, t.demo, 'sen_caseworker');
    await browser.get(paths.provision.record({ childId }));
    const before = (await deliveries()).length;
    const response = await browser.post(paths.provision.record({ childId }), {
      itemId: schoolItemId,
      ...dateParts(today),
      status: 'delivered',
      minutes: '30',
      ...change,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain(`href="#${field}"`);
    expect(response.body).toContain(message);
    expect((await deliveries()).length).toBe(before);
  });

  it('lets a school record only what the school provides', async () => {
    expect(nhsItemId).toBeDefined();
    const senco = await signedInAs(t.app, t.demo, 'school_senco');
    await senco.get(paths.provision.record({ childId }));
    const response = await senco.post(paths.provision.record({ childId }), { itemId: nhsItemId ?? '', ...dateParts(today), status: 'delivered', minutes: '30' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Select provision from the list');
  });

  it("refuses families the form, and answers 404 for a child outside the recorder's scope", async () => {
    const parent = await signedInAs(t.app, t.demo, 'parent');
    expect((await parent.get(paths.provision.record({ childId }))).statusCode).toBe(403);
    const therapist = await signedInAs(t.app, t.demo, 'professional');
    const [unassigned] = await t.database.db
      .select({ id: ehcPlan.childId })
      .from(ehcPlan)
      .where(sql`not exists (select 1 from professional_assignment pa where pa.child_id = ${ehcPlan.childId})`)
      .limit(1);
    expect((await therapist.get(paths.provision.record({ childId: unassigned?.id ?? '' }))).statusCode).toBe(404);
  });

  it('never lets a delivery record be rewritten', async () => {
    expect(await refusalOf(t.database.db.execute(sql`update provision_delivery set minutes = 999`))).toMatch(/append-only/);
    expect(await refusalOf(t.database.db.execute(sql`delete from provision_delivery`))).toMatch(/append-only/);
  });
});
