import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUser, ehcPlan, familyLink, provisionItem } from '../../src/db/schema/index.js';
import { addDays } from '../../src/domain/dates.js';
import { weekStarting } from '../../src/domain/school-calendar.js';
import { recordDeliveries } from '../../src/modules/provision/recording.js';
import { createTestApp, demoUser, signedInAs, TEST_CLOCK, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { declaredAudit } from '../../src/http/actor.js';
import { paths } from '../../src/http/paths.js';

describe(`an item's ledger for the week, term, year and plan (${testEngine})`, () => {
  let t: TestApp;
  let childId: string;
  let itemId: string;
  let otherChildItemId: string;
  const today = TEST_CLOCK.today();

  beforeAll(async () => {
    t = await createTestApp({ plans: 30, deliveryHistory: false, clock: TEST_CLOCK });
    const parent = demoUser(t.demo, 'parent');
    const [row] = await t.database.db
      .select({ childId: familyLink.childId, itemId: provisionItem.id })
      .from(familyLink)
      .innerJoin(ehcPlan, and(eq(ehcPlan.childId, familyLink.childId), eq(ehcPlan.status, 'active')))
      .innerJoin(provisionItem, and(eq(provisionItem.planVersionId, ehcPlan.currentVersionId), eq(provisionItem.period, 'week')))
      .where(sql`${familyLink.userId} = (select id from app_user where email = ${parent.email})`)
      .limit(1);
    childId = row?.childId ?? '';
    itemId = row?.itemId ?? '';
    const [other] = await t.database.db
      .select({ itemId: provisionItem.id })
      .from(provisionItem)
      .innerJoin(ehcPlan, eq(ehcPlan.currentVersionId, provisionItem.planVersionId))
      .where(sql`${ehcPlan.childId} <> ${childId}`)
      .limit(1);
    otherChildItemId = other?.itemId ?? '';
    const [caseworker] = await t.database.db
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, 'sen_caseworker').email));
    // Two sessions early this week (or last, if today is Monday): one delivered, one missed for a vacancy.
    const day = weekStarting(today) === today ? addDays(today, -7) : weekStarting(today);
    await recordDeliveries(
      t.database.db,
      {
        principal: { userId: caseworker?.id ?? '', laId: t.demo.laId, role: 'sen_caseworker', displayName: 'C', email: '', settingId: null, organisationId: null, childId: null },
        requestId: 'test',
        audit: declaredAudit('RECORD_PROVISION_DELIVERY'),
        clock: TEST_CLOCK,
      },
      [
        { itemId, date: day, status: 'delivered', sessions: 1, minutes: 30, madeUp: false },
        { itemId, date: day, status: 'missed', sessions: 1, minutes: 30, missedReason: 'staff_vacancy', madeUp: false },
      ],
      { source: 'api' },
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows owed, delivered, missed by reason, balance and share for each period', async () => {
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const page = await caseworker.get(paths.provision.item({ childId, itemId }));
    expect(page.statusCode).toBe(200);
    for (const text of ['This school year', 'Since the plan started', 'Owed', 'Delivered', 'staff vacancy 1', 'Balance', 'Share delivered']) expect(page.body).toContain(text);
  });

  it('tells the parent in plain words, and keeps other children’s items and children out of reach', async () => {
    const parent = await signedInAs(t.app, t.demo, 'parent');
    const page = await parent.get(paths.provision.item({ childId, itemId }));
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/delivered so far this term, of [^<;]+ owed; 1 session missed \(staff vacancy: 1\)\./);
    // Another child's item under this child's address, and a malformed id: not found.
    expect((await parent.get(paths.provision.item({ childId, itemId: otherChildItemId }))).statusCode).toBe(404);
    expect((await parent.get(paths.provision.item({ childId, itemId: 'not-an-id' }))).statusCode).toBe(404);
    const youngPerson = await signedInAs(t.app, t.demo, 'young_person');
    expect((await youngPerson.get(paths.provision.item({ childId, itemId }))).statusCode).toBe(404);
  });

  it('is linked from the Provision tab, from the item’s records and from a concern about the item', async () => {
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const ledgerLink = `href="${paths.provision.item({ childId, itemId })}"`;
    expect((await caseworker.get(paths.child.provision({ childId }))).body).toContain(ledgerLink);
    expect((await caseworker.get(paths.provision.itemRecords({ childId, itemId }))).body).toContain(ledgerLink);
    const parent = await signedInAs(t.app, t.demo, 'parent');
    const raise = await parent.get(paths.concerns.raise({ childId }));
    expect(raise.statusCode).toBe(200);
    const raised = await parent.post(paths.concerns.raise({ childId }), { ...formFieldsOf(raise.body), itemId, description: 'The sessions are not happening' });
    expect(raised.statusCode).toBe(303);
    const concern = await caseworker.get(raised.headers.location ?? '');
    expect(concern.body).toContain(ledgerLink);
  });
});

/** The hidden fields a page's form carries (its one-time submission key), to send back with it. */
function formFieldsOf(html: string): Record<string, string> {
  return Object.fromEntries([...html.matchAll(/<input type="hidden" name="(_submission|_version)" value="([^"]*)"/g)].map((match) => [match[1] ?? '', match[2] ?? '']));
}
