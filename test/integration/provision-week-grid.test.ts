import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUser, auditEvent, child, ehcPlan, placement, provisionDelivery, provisionDeliveryWeek, provisionItem } from '../../src/db/schema/index.js';
import { addDays } from '../../src/domain/dates.js';
import { weekStarting } from '../../src/domain/school-calendar.js';
import { createTestApp, demoUser, signedInAs, TEST_CLOCK, type Browser, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { paths } from '../../src/http/paths.js';

const field = (itemId: string, name: string) => `item-${itemId}-${name}`;

/** The rows of the grid as posted back untouched: every item's "seen" count, and the form's end marker. */
function untouchedForm(html: string): Record<string, string> {
  const form: Record<string, string> = { complete: 'yes' };
  for (const match of html.matchAll(/name="(item-[0-9a-f-]{36}-seen)" value="(\d+)"/g)) form[match[1] ?? ''] = match[2] ?? '';
  const week = /name="week" value="([\d-]+)"/.exec(html)?.[1];
  if (week) form.week = week;
  const page = /name="page" value="(\d+)"/.exec(html)?.[1];
  if (page) form.page = page;
  return form;
}

function itemIdsOn(html: string): string[] {
  return [...html.matchAll(/name="item-([0-9a-f-]{36})-seen"/g)].map((match) => match[1] ?? '');
}

describe(`the week grid (${testEngine})`, () => {
  let t: TestApp;
  let settingId: string;
  const today = TEST_CLOCK.today();
  const lastWeek = addDays(weekStarting(today), -7);

  beforeAll(async () => {
    t = await createTestApp({ plans: 150, deliveryHistory: false, clock: TEST_CLOCK });
    // The school with the most pupils whose plans have school-provided items becomes the demo SENCO's school.
    const [busiest] = await t.database.db
      .select({ settingId: placement.settingId, pupils: sql<number>`count(distinct ${placement.childId})::int` })
      .from(placement)
      .innerJoin(ehcPlan, and(eq(ehcPlan.childId, placement.childId), eq(ehcPlan.status, 'active')))
      .innerJoin(provisionItem, and(eq(provisionItem.planVersionId, ehcPlan.currentVersionId), eq(provisionItem.providerKind, 'school')))
      .where(and(sql`${placement.endDate} is null`, isNotNull(placement.settingId), sql`${placement.startDate} <= current_date`))
      .groupBy(placement.settingId)
      .orderBy(sql`count(distinct ${placement.childId}) desc`)
      .limit(1);
    settingId = busiest?.settingId ?? '';
    expect(busiest?.pupils).toBeGreaterThanOrEqual(20);
    await t.database.db
      .update(appUser)
      .set({ settingId })
      .where(eq(appUser.email, demoUser(t.demo, 'school_senco').email));
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  async function userRow(role: string) {
    const [row] = await t.database.db
      .select()
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, role).email));
    if (!row) throw new Error(`no ${role}`);
    return row;
  }

  async function storedCount() {
    const [row] = await t.database.db.select({ count: sql<number>`count(*)::int` }).from(provisionDelivery);
    return row?.count ?? 0;
  }

  async function gridFor(browser: Browser, week = lastWeek, page?: number) {
    const response = await browser.get(paths.provision.week({ week, page }));
    expect(response.statusCode).toBe(200);
    return response.body;
  }

  /** One item per pupil: the first row of each child on the grid. */
  async function firstItemPerPupil(itemIds: string[]) {
    const rows = await t.database.db
      .select({ itemId: provisionItem.id, childId: ehcPlan.childId })
      .from(provisionItem)
      .innerJoin(ehcPlan, eq(ehcPlan.currentVersionId, provisionItem.planVersionId))
      .where(inArray(provisionItem.id, itemIds));
    const byChild = new Map<string, string>();
    for (const itemId of itemIds) {
      const childId = rows.find((row) => row.itemId === itemId)?.childId ?? '';
      if (!byChild.has(childId)) byChild.set(childId, itemId);
    }
    return [...byChild.values()];
  }

  it('a school logs a week for 20 pupils in one form: every record stored as a weekly total, with the rollup and audit', async () => {
    const senco = await signedInAs(t.app, t.demo, 'school_senco');
    const html = await gridFor(senco);
    expect(html).toContain('Record a week of provision');
    // Each input's (visually hidden) label names the child and the item, for screen reader users.
    expect(html).toMatch(
      /<label class="govuk-label govuk-visually-hidden" for="item-[0-9a-f-]{36}-delivered-sessions">\s*Sessions delivered, [A-Z][a-z'-]+ [A-Z][A-Za-z'-]+, [A-Z][A-Za-z ,'-]+ \(section (F|G|H1|H2)\)/,
    );
    const items = await firstItemPerPupil(itemIdsOn(html));
    expect(items.length).toBeGreaterThanOrEqual(20);
    const chosen = items.slice(0, 20);
    const form = untouchedForm(html);
    for (const itemId of chosen) {
      form[field(itemId, 'delivered-sessions')] = '2';
      form[field(itemId, 'delivered-minutes')] = '60';
    }
    // The 20th pupil also missed a session this week, with a reason.
    const last = chosen[19] ?? '';
    form[field(last, 'missed-sessions')] = '1';
    form[field(last, 'missed-minutes')] = '30';
    form[field(last, 'missed-reason')] = 'staff_vacancy';
    const before = await storedCount();
    const response = await senco.post(paths.provision.week(), form);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(paths.provision.week({ week: lastWeek, recorded: 21, pupils: 20 }));
    expect(await storedCount()).toBe(before + 21);
    const page = await senco.get(String(response.headers.location));
    expect(page.body).toContain('Recorded 21 records for 20 pupils');
    // What is already recorded is shown, so nobody enters the week twice.
    expect(page.body).toContain('This week already has records for 20 items');
    expect(page.body).toContain('2 sessions delivered (60 min)');

    const stored = await t.database.db.select().from(provisionDelivery).where(inArray(provisionDelivery.provisionItemId, chosen));
    expect(stored).toHaveLength(21);
    for (const record of stored) {
      expect(record.deliveredOn >= lastWeek).toBe(true);
      expect(record.periodEnd).toBe(addDays(lastWeek, 4) < today ? addDays(lastWeek, 4) : today);
      expect(record.source).toBe('web');
    }
    const weeks = await t.database.db.select().from(provisionDeliveryWeek).where(inArray(provisionDeliveryWeek.provisionItemId, chosen));
    expect(weeks.every((week) => week.weekStart === lastWeek)).toBe(true);
    expect(weeks.find((week) => week.provisionItemId === last)).toMatchObject({ deliveredSessions: 2, deliveredMinutes: 60, missedSessions: 1, missedMinutes: 30 });
    const audits = await t.database.db
      .select({ childId: auditEvent.childId })
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'RECORD_PROVISION_DELIVERY'), eq(auditEvent.actorUserId, (await userRow('school_senco')).id)));
    expect(new Set(audits.map((row) => row.childId)).size).toBe(20);
  });

  it('a bad row rejects the whole form: the error is shown next to it and in the summary, values are kept, nothing is stored', async () => {
    const senco = await signedInAs(t.app, t.demo, 'school_senco');
    const week = addDays(lastWeek, -7);
    const html = await gridFor(senco, week);
    const items = await firstItemPerPupil(itemIdsOn(html));
    const form = untouchedForm(html);
    for (const itemId of items.slice(0, 5)) form[field(itemId, 'delivered-sessions')] = '3';
    const bad = items[5] ?? '';
    form[field(bad, 'delivered-sessions')] = '1';
    form[field(bad, 'delivered-minutes')] = '-5';
    const missedWithoutReason = items[6] ?? '';
    form[field(missedWithoutReason, 'missed-sessions')] = '1';
    form[field(missedWithoutReason, 'missed-minutes')] = '30';
    const before = await storedCount();
    const response = await senco.post(paths.provision.week(), form);
    expect(response.statusCode).toBe(400);
    expect(await storedCount()).toBe(before);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain(`href="#${field(bad, 'delivered-minutes')}"`);
    expect(response.body).toContain('Minutes delivered cannot be negative');
    expect(response.body).toContain(`href="#${field(missedWithoutReason, 'missed-reason')}"`);
    expect(response.body).toContain('Select why the sessions were missed');
    // The error sits next to its input, and what was typed is still there.
    expect(response.body).toMatch(new RegExp(`id="${field(bad, 'delivered-minutes')}-error"`));
    expect(response.body).toMatch(new RegExp(`name="${field(bad, 'delivered-minutes')}"[^>]*value="-5"`));
    expect(response.body).toMatch(new RegExp(`name="${field(items[0] ?? '', 'delivered-sessions')}"[^>]*value="3"`));
  });

  it.each([
    [{ 'delivered-sessions': 'two' }, 'delivered-sessions', 'Sessions delivered must be a whole number'],
    [{ 'delivered-sessions': '1', 'delivered-minutes': '4000' }, 'delivered-minutes', 'Minutes must be 3000 or fewer for a week'],
    [{ 'made-up': 'yes' }, 'made-up', 'made up'],
    [{ 'missed-reason': 'child_unwell' }, 'missed-sessions', 'Enter the sessions missed, or clear the reason'],
    [{ 'delivered-minutes': '30' }, 'delivered-sessions', 'Enter how many sessions were delivered'],
    [{ 'missed-sessions': '1', 'missed-minutes': '30', 'missed-reason': 'bored' }, 'missed-reason', 'Select a reason from the list'],
  ])('refuses %o on %s', async (change, input, message) => {
    const senco = await signedInAs(t.app, t.demo, 'school_senco');
    const html = await gridFor(senco);
    const [itemId = ''] = itemIdsOn(html);
    const form = untouchedForm(html);
    for (const [name, value] of Object.entries(change)) form[field(itemId, name)] = value;
    const before = await storedCount();
    const response = await senco.post(paths.provision.week(), form);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`href="#${field(itemId, input)}"`);
    expect(response.body).toContain(message);
    expect(await storedCount()).toBe(before);
  });

  it('refuses an item from another school, and stores nothing else from the form', async () => {
    const senco = await signedInAs(t.app, t.demo, 'school_senco');
    const html = await gridFor(senco);
    const [other] = await t.database.db
      .select({ id: provisionItem.id })
      .from(provisionItem)
      .innerJoin(ehcPlan, eq(ehcPlan.currentVersionId, provisionItem.planVersionId))
      .innerJoin(placement, and(eq(placement.childId, ehcPlan.childId), sql`${placement.endDate} is null`))
      .where(and(eq(provisionItem.providerKind, 'school'), sql`${placement.settingId} is distinct from ${settingId}`))
      .limit(1);
    const otherId = other?.id ?? '';
    expect(otherId).not.toBe('');
    const form = untouchedForm(html);
    const [mine = ''] = itemIdsOn(html);
    form[field(mine, 'delivered-sessions')] = '1';
    form[field(mine, 'delivered-minutes')] = '30';
    form[field(otherId, 'delivered-sessions')] = '1';
    form[field(otherId, 'delivered-minutes')] = '30';
    form[field(otherId, 'seen')] = '0';
    const before = await storedCount();
    const response = await senco.post(paths.provision.week(), form);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is no provision with this id that you may record against');
    expect(await storedCount()).toBe(before);
  });

  it('catches the same week sent twice: records added since the page was opened must be looked at first', async () => {
    const senco = await signedInAs(t.app, t.demo, 'school_senco');
    const week = addDays(lastWeek, -14);
    const html = await gridFor(senco, week);
    const [itemId = ''] = itemIdsOn(html);
    const form = { ...untouchedForm(html), [field(itemId, 'delivered-sessions')]: '1', [field(itemId, 'delivered-minutes')]: '20' };
    expect((await senco.post(paths.provision.week(), form)).statusCode).toBe(303);
    const before = await storedCount();
    const again = await senco.post(paths.provision.week(), form);
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('Records for this week were added since you opened the page');
    expect(await storedCount()).toBe(before);
    // Sent again from the page now shown (which says what is recorded), it is added.
    const third = await senco.post(paths.provision.week(), { ...untouchedForm(again.body), [field(itemId, 'delivered-sessions')]: '1', [field(itemId, 'delivered-minutes')]: '20' });
    expect(third.statusCode).toBe(303);
  });

  it('refuses a form cut short, a week in the future and a week that is not a date', async () => {
    const senco = await signedInAs(t.app, t.demo, 'school_senco');
    const html = await gridFor(senco);
    const [itemId = ''] = itemIdsOn(html);
    const form = { ...untouchedForm(html), [field(itemId, 'delivered-sessions')]: '1', [field(itemId, 'delivered-minutes')]: '20' };
    delete form.complete;
    const cut = await senco.post(paths.provision.week(), form);
    expect(cut.statusCode).toBe(400);
    expect(cut.body).toContain('The form arrived incomplete');
    const future = await senco.get(paths.provision.week({ week: addDays(weekStarting(today), 7) }));
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('You cannot record a week that has not started yet');
    expect(future.body).not.toContain('Record this week');
    const nonsense = await senco.get(paths.provision.week({ week: '2026-02-31' }));
    expect(nonsense.statusCode).toBe(400);
    expect(nonsense.body).toContain('The week must be a real date');
    const thisWeek = await senco.get(paths.provision.week());
    expect(thisWeek.body).not.toContain('rel="next"');
    expect(thisWeek.body).toContain(paths.provision.week({ week: lastWeek }));
  });

  it('pages a caseworker’s grid 30 pupils at a time, says which are shown, and keeps the week and page when saving and after an error', async () => {
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const week = addDays(lastWeek, -21);
    const first = await gridFor(caseworker, week);
    const total = Number(/You record for (\d+) pupils this week/.exec(first)?.[1]);
    expect(total).toBeGreaterThan(60);
    const pupilsOn = (html: string) => new Set([...html.matchAll(/scope="rowgroup"[^>]*><a class="govuk-link" href="\/children\/([0-9a-f-]{36})\/provision"/g)].map((match) => match[1]));
    expect(pupilsOn(first).size).toBe(30);
    expect(first).toContain('This page shows pupils 1 to 30 (page 1 of 3)');
    expect(first).toContain('aria-label="Pages of pupils"');
    expect(first).toContain(`href="${paths.provision.week({ week, page: 2 }).replace('&', '&amp;')}"`);
    // Every field of a page fits under the form parser's limit of 2,000.
    expect((first.match(/ name="/g) ?? []).length).toBeLessThan(2000);

    const second = await gridFor(caseworker, week, 2);
    const third = await gridFor(caseworker, week, 3);
    expect(third).toContain(`This page shows pupils 61 to ${String(total)} (page 3 of 3)`);
    // Each pupil on exactly one page.
    const everyone = [...pupilsOn(first), ...pupilsOn(second), ...pupilsOn(third)];
    expect(new Set(everyone).size).toBe(everyone.length);
    expect(everyone.length).toBe(total);

    const [itemId = ''] = itemIdsOn(second);
    expect(itemIdsOn(first)).not.toContain(itemId);
    const form = { ...untouchedForm(second), [field(itemId, 'delivered-sessions')]: '1', [field(itemId, 'delivered-minutes')]: 'an hour' };
    expect(form.page).toBe('2');
    const refused = await caseworker.post(paths.provision.week(), form);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('This page shows pupils 31 to 60 (page 2 of 3)');
    expect(refused.body).toMatch(new RegExp(`name="${field(itemId, 'delivered-minutes')}"[^>]*value="an hour"`));
    const saved = await caseworker.post(paths.provision.week(), { ...untouchedForm(refused.body), [field(itemId, 'delivered-sessions')]: '1', [field(itemId, 'delivered-minutes')]: '45' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(paths.provision.week({ week, page: 2, recorded: 1, pupils: 1 }));
    const after = await caseworker.get(String(saved.headers.location));
    expect(after.body).toContain('Recorded 1 record for 1 pupil');
    expect(after.body).toContain('This page shows pupils 31 to 60');
    expect(after.body).toContain('1 session delivered (45 min)');
    // A page past the end (the caseload may have shrunk since the link was made) shows the last one.
    expect(await gridFor(caseworker, week, 9)).toContain('(page 3 of 3)');
  });

  it('shows a therapist only what their organisation provides, a caseworker their caseload, and nobody else the grid', async () => {
    const therapist = await signedInAs(t.app, t.demo, 'professional');
    const html = await gridFor(therapist);
    const ids = itemIdsOn(html);
    if (ids.length > 0) {
      const rows = await t.database.db.select({ organisationId: provisionItem.organisationId }).from(provisionItem).where(inArray(provisionItem.id, ids));
      expect(new Set(rows.map((row) => row.organisationId))).toEqual(new Set([(await userRow('professional')).organisationId]));
    }
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const caseworkerIds = itemIdsOn(await gridFor(caseworker));
    expect(caseworkerIds.length).toBeGreaterThan(0);
    const owners = await t.database.db
      .selectDistinct({ caseworkerId: child.caseworkerId })
      .from(provisionItem)
      .innerJoin(ehcPlan, eq(ehcPlan.currentVersionId, provisionItem.planVersionId))
      .innerJoin(child, eq(child.id, ehcPlan.childId))
      .where(inArray(provisionItem.id, caseworkerIds));
    expect(owners.map((row) => row.caseworkerId)).toEqual([(await userRow('sen_caseworker')).id]);
    for (const role of ['parent', 'la_admin', 'educational_psychologist']) {
      const browser = await signedInAs(t.app, t.demo, role);
      expect((await browser.get(paths.provision.week())).statusCode).toBe(403);
      expect((await browser.post(paths.provision.week(), { complete: 'yes' })).statusCode).toBe(403);
    }
  });
});
