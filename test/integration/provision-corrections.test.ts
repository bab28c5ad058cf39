import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUser, auditEvent, ehcPlan, familyLink, provisionDelivery, provisionDeliveryWeek, provisionItem } from '../../src/db/schema/index.js';
import { addDays } from '../../src/domain/dates.js';
import { weekStarting } from '../../src/domain/school-calendar.js';
import { ValidationError } from '../../src/http/errors.js';
import { recordDeliveries } from '../../src/modules/provision/recording.js';
import { deliveredSince } from '../../src/modules/provision/service.js';
import { lineageOf } from '../../src/modules/provision/lineage.js';
import { createTestApp, demoUser, signedInAs, TEST_CLOCK, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { declaredAudit } from '../../src/http/actor.js';
import { paths } from '../../src/http/paths.js';

describe(`correcting delivery records (${testEngine})`, () => {
  let t: TestApp;
  let childId: string;
  let schoolItemId: string;
  const today = TEST_CLOCK.today();
  // A weekday in the past within the item's life: last week's Wednesday.
  const day = addDays(weekStarting(today), -5);

  beforeAll(async () => {
    t = await createTestApp({ plans: 30, deliveryHistory: false, clock: TEST_CLOCK });
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
    const [item] = await t.database.db
      .select({ id: provisionItem.id })
      .from(provisionItem)
      .innerJoin(ehcPlan, eq(ehcPlan.currentVersionId, provisionItem.planVersionId))
      .where(and(eq(ehcPlan.childId, childId), eq(provisionItem.providerKind, 'school')))
      .limit(1);
    schoolItemId = item?.id ?? '';
    expect(schoolItemId).not.toBe('');
  });
  afterAll(async () => {
    await t.close();
  });

  async function week() {
    const [row] = await t.database.db
      .select()
      .from(provisionDeliveryWeek)
      .where(and(eq(provisionDeliveryWeek.provisionItemId, schoolItemId), eq(provisionDeliveryWeek.weekStart, weekStarting(day))));
    return row;
  }

  async function recordOne(minutes: string, status = 'delivered', missedReason = '') {
    const senco = await signedInAs(t.app, t.demo, 'school_senco');
    await senco.get(paths.provision.record({ childId }));
    const [year, month, date] = day.split('-');
    const response = await senco.post(paths.provision.record({ childId }), {
      itemId: schoolItemId,
      'date-day': String(Number(date)),
      'date-month': String(Number(month)),
      'date-year': year ?? '',
      status,
      minutes,
      missedReason,
    });
    expect(response.statusCode).toBe(303);
    const [latest] = await t.database.db
      .select()
      .from(provisionDelivery)
      .where(eq(provisionDelivery.provisionItemId, schoolItemId))
      .orderBy(sql`${provisionDelivery.recordedAt} desc`)
      .limit(1);
    return latest?.id ?? '';
  }

  it('corrects a record by a new one: the original is kept and marked superseded, and the ledger counts the correction', async () => {
    const original = await recordOne('45');
    expect(await week()).toMatchObject({ deliveredSessions: 1, deliveredMinutes: 45 });
    const senco = await signedInAs(t.app, t.demo, 'school_senco');
    const records = await senco.get(paths.provision.itemRecords({ childId, itemId: schoolItemId }));
    expect(records.statusCode).toBe(200);
    expect(records.body).toContain(paths.provision.correctRecord({ childId, recordId: original }));
    const form = await senco.get(paths.provision.correctRecord({ childId, recordId: original }));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('The record as it was made');
    const response = await senco.post(paths.provision.correctRecord({ childId, recordId: original }), { action: 'correct', status: 'delivered', sessions: '1', minutes: '30', missedReason: '' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(paths.provision.itemRecords({ childId, itemId: schoolItemId }, { corrected: 1 }));

    const [kept] = await t.database.db.select().from(provisionDelivery).where(eq(provisionDelivery.id, original));
    expect(kept).toMatchObject({ minutes: 45, status: 'delivered' });
    const [correction] = await t.database.db.select().from(provisionDelivery).where(eq(provisionDelivery.correctsId, original));
    expect(correction).toMatchObject({ minutes: 30, status: 'delivered', deliveredOn: day });
    expect(await week()).toMatchObject({ deliveredSessions: 1, deliveredMinutes: 30 });

    const page = await senco.get(String(response.headers.location));
    expect(page.body).toContain('The correction has been recorded');
    expect(page.body).toContain('Superseded');
    expect(page.body).toContain(`href="#record-${correction?.id ?? ''}"`);
    // The superseded record can no longer be corrected: only the latest version.
    expect(page.body).not.toContain(`/records/${original}/correct`);
    const again = await senco.post(paths.provision.correctRecord({ childId, recordId: original }), { action: 'correct', status: 'delivered', sessions: '1', minutes: '20' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('This record has already been corrected');
    expect(await week()).toMatchObject({ deliveredMinutes: 30 });

    const audit = await t.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.childId, childId), eq(auditEvent.action, 'CORRECT_PROVISION_DELIVERY')));
    expect(audit).toHaveLength(1);
  });

  it('turns a delivered record into a missed one with its reason, and the missed reasons follow the correction', async () => {
    const original = await recordOne('40', 'missed', 'child_unwell');
    const before = (await deliveredSince(t.database.db, t.demo.laId, [lineageOf(new Map(), schoolItemId, null)], weekStarting(day))).get(schoolItemId);
    const unwellBefore = before?.missedByReason.find((row) => row.reason === 'Child unwell')?.sessions ?? 0;
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    await caseworker.get(paths.provision.correctRecord({ childId, recordId: original }));
    const response = await caseworker.post(paths.provision.correctRecord({ childId, recordId: original }), {
      action: 'correct',
      status: 'missed',
      sessions: '1',
      minutes: '40',
      missedReason: 'staff_vacancy',
    });
    expect(response.statusCode).toBe(303);
    const after = (await deliveredSince(t.database.db, t.demo.laId, [lineageOf(new Map(), schoolItemId, null)], weekStarting(day))).get(schoolItemId);
    expect(after?.missedByReason.find((row) => row.reason === 'Child unwell')?.sessions ?? 0).toBe(unwellBefore - 1);
    expect(after?.missedByReason.find((row) => row.reason === 'Staff vacancy')?.sessions).toBe(1);
    expect(after?.missedSessions).toBe(before?.missedSessions);
  });

  it('withdraws a record made in error: it no longer counts, and the withdrawal is itself a record', async () => {
    const before = await week();
    const original = await recordOne('25');
    expect((await week())?.deliveredMinutes).toBe((before?.deliveredMinutes ?? 0) + 25);
    const senco = await signedInAs(t.app, t.demo, 'school_senco');
    await senco.get(paths.provision.correctRecord({ childId, recordId: original }));
    const response = await senco.post(paths.provision.correctRecord({ childId, recordId: original }), { action: 'withdraw' });
    expect(response.statusCode).toBe(303);
    expect(await week()).toMatchObject({ deliveredMinutes: before?.deliveredMinutes, deliveredSessions: before?.deliveredSessions });
    const [withdrawal] = await t.database.db.select().from(provisionDelivery).where(eq(provisionDelivery.correctsId, original));
    expect(withdrawal).toMatchObject({ status: 'withdrawn', minutes: 25 });
    const page = await senco.get(paths.provision.itemRecords({ childId, itemId: schoolItemId }));
    expect(page.body).toContain('Withdrawn');
  });

  let refusedCases = 0;
  it.each([
    [{ action: 'correct', status: 'delivered', sessions: '1', minutes: '-3' }, 'minutes', 'Minutes must be 1 or more'],
    [{ action: 'correct', status: 'missed', sessions: '1', minutes: '30', missedReason: '' }, 'missedReason', 'Select why the provision was missed'],
    [{ action: 'correct', status: 'delivered', sessions: '1', minutes: '900' }, 'minutes', 'Minutes must be 600 or fewer for a day'],
    [{ action: 'sideways' }, 'status', 'Choose whether to correct or withdraw'],
  ])('refuses %o with a message on %s, storing nothing', async (form, field, message) => {
    // A session of its own each time: the same day and minutes again would be the same session.
    const original = await recordOne(String(15 + (refusedCases += 1)));
    const senco = await signedInAs(t.app, t.demo, 'school_senco');
    await senco.get(paths.provision.correctRecord({ childId, recordId: original }));
    const [{ count: before } = { count: 0 }] = await t.database.db.select({ count: sql<number>`count(*)::int` }).from(provisionDelivery);
    const response = await senco.post(paths.provision.correctRecord({ childId, recordId: original }), form);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`href="#${field}"`);
    expect(response.body).toContain(message);
    const [{ count: after } = { count: 0 }] = await t.database.db.select({ count: sql<number>`count(*)::int` }).from(provisionDelivery);
    expect(after).toBe(before);
  });

  it('lets only people who may record against the item correct it; families see the records but cannot correct', async () => {
    const original = await recordOne('35');
    const parent = await signedInAs(t.app, t.demo, 'parent');
    const records = await parent.get(paths.provision.itemRecords({ childId, itemId: schoolItemId }));
    expect(records.statusCode).toBe(200);
    expect(records.body).not.toContain('/correct');
    expect((await parent.get(paths.provision.correctRecord({ childId, recordId: original }))).statusCode).toBe(403);
    // The therapist's organisation does not provide the school's item: refused even for a child they are assigned.
    const therapistUser = await t.database.db
      .select()
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, 'professional').email));
    await t.database.db.execute(
      sql`insert into professional_assignment (id, la_id, child_id, user_id, involvement, start_date) values (gen_random_uuid(), ${t.demo.laId}, ${childId}, ${therapistUser[0]?.id ?? ''}, 'Test', ${addDays(today, -400)})`,
    );
    const therapist = await signedInAs(t.app, t.demo, 'professional');
    expect((await therapist.get(paths.provision.correctRecord({ childId, recordId: original }))).statusCode).toBe(403);
    await therapist.get(paths.provision.itemRecords({ childId, itemId: schoolItemId }));
    expect((await therapist.post(paths.provision.correctRecord({ childId, recordId: original }), { action: 'withdraw' })).statusCode).toBe(403);
    // A record named under another child is not found.
    const [otherChild] = await t.database.db
      .select({ id: ehcPlan.childId })
      .from(ehcPlan)
      .where(sql`${ehcPlan.childId} <> ${childId}`)
      .limit(1);
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    expect((await caseworker.get(paths.provision.correctRecord({ childId: otherChild?.id ?? '', recordId: original }))).statusCode).toBe(404);
    expect((await caseworker.get(paths.provision.itemRecords({ childId: otherChild?.id ?? '', itemId: schoolItemId }))).statusCode).toBe(404);
  });

  it('refuses a withdrawal that does not name the record it withdraws, from any way in', async () => {
    const [user] = await t.database.db
      .select()
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, 'sen_caseworker').email));
    const actor = {
      principal: { userId: user?.id ?? '', laId: t.demo.laId, role: 'sen_caseworker' as const, displayName: '', email: '', settingId: null, organisationId: null, childId: null },
      requestId: 'test',
      audit: declaredAudit('RECORD_PROVISION_DELIVERY'),
      clock: TEST_CLOCK,
    };
    const { deliveryRecordSchema } = await import('../../src/modules/provision/recording.js');
    const parsed = deliveryRecordSchema.safeParse({ itemId: schoolItemId, date: day, status: 'withdrawn', sessions: 1, minutes: 30 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/Only a correction can withdraw a record/);
    await expect(
      recordDeliveries(t.database.db, actor, [{ itemId: schoolItemId, date: day, status: 'withdrawn', sessions: 1, minutes: 30, madeUp: false, correctsId: '00000000-0000-4000-8000-000000000000' }], {
        source: 'api',
      }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
  it('a missed session corrected to another reason leaves the item ledger under the new reason only', async () => {
    // The reasons must add up to the sessions missed: a corrected record counts once, as corrected.
    const original = await recordOne('35', 'missed', 'provider_absent');
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const before = await caseworker.get(paths.provision.item({ childId, itemId: schoolItemId }));
    expect(before.body).toContain('provider absent 1');
    await caseworker.get(paths.provision.correctRecord({ childId, recordId: original }));
    const corrected = await caseworker.post(paths.provision.correctRecord({ childId, recordId: original }), {
      action: 'correct',
      status: 'missed',
      sessions: '1',
      minutes: '35',
      missedReason: 'setting_closed',
    });
    expect(corrected.statusCode).toBe(303);
    const after = await caseworker.get(paths.provision.item({ childId, itemId: schoolItemId }));
    expect(after.body).toContain('setting closed 1');
    expect(after.body).not.toContain('provider absent');
  });
});
