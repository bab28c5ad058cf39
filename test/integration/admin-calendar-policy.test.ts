import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent, laPolicy, schoolClosure, schoolTerm } from '../../src/db/schema/index.js';
import { owedBetween, type ProvisionSchedule } from '../../src/domain/schedule.js';
import { loadSchoolCalendar } from '../../src/modules/calendar/repository.js';
import { loadLaPolicy } from '../../src/modules/policy/repository.js';
import { createTestApp, signedInAs, type Browser, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { paths } from '../../src/http/paths.js';

/** A daily, term-time item: it owes one session on every school day, so the calendar's effect is plain. */
const daily: ProvisionSchedule = { sessionsPerPeriod: 1, minutesPerSession: 30, period: 'day', termTimeOnly: true, startDate: '2025-09-01', endDate: null };

function parts(prefix: string, iso: string): Record<string, string> {
  const [year, month, day] = iso.split('-');
  return { [`${prefix}-day`]: String(Number(day)), [`${prefix}-month`]: String(Number(month)), [`${prefix}-year`]: year ?? '' };
}

/** The version of the row a form edits, which its save must carry (optimistic concurrency). */
const versionOn = (html: string) => /name="_version" value="(\d+)"/.exec(html)?.[1] ?? '';

describe(`LA term dates and alarm thresholds (${testEngine})`, () => {
  let t: TestApp;
  let admin: Browser;

  beforeAll(async () => {
    t = await createTestApp({ plans: 5 });
    admin = await signedInAs(t.app, t.demo, 'la_admin');
  });
  afterAll(async () => {
    await t.close();
  });

  async function owedInWeek(monday: string) {
    const calendar = await loadSchoolCalendar(t.database.db, t.demo.laId);
    const friday = `${monday.slice(0, 8)}${String(Number(monday.slice(8)) + 4).padStart(2, '0')}`;
    return owedBetween(daily, calendar, monday, friday).sessions;
  }

  async function counts() {
    const [row] = await t.database.db
      .select({
        terms: sql<number>`(select count(*)::int from school_term)`,
        closures: sql<number>`(select count(*)::int from school_closure)`,
        audits: sql<number>`(select count(*)::int from audit_event where action in ('MANAGE_SCHOOL_CALENDAR', 'MANAGE_LA_POLICY'))`,
      })
      .from(sql`(select 1) as one`);
    return row;
  }

  it('shows the default English calendar until the LA changes it; the first change copies it, audited', async () => {
    const list = await admin.get(paths.admin.termDates());
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('These are the default term dates for England');
    expect(list.body).toContain('Autumn 2026');
    expect((await counts())?.terms).toBe(0);
    expect(await owedInWeek('2026-11-23')).toBe(5);

    await admin.get(paths.admin.newClosure());
    const response = await admin.post(paths.admin.newClosure(), { ...parts('date', '2026-11-25'), kind: 'closure', description: 'INSET day' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(paths.admin.termDates({ saved: 1 }));
    const after = await counts();
    expect(after?.terms).toBe(6);
    // The default bank holidays came across with the terms, and the new INSET day is added to them.
    const closures = await t.database.db.select().from(schoolClosure).where(eq(schoolClosure.laId, t.demo.laId));
    expect(closures.find((row) => row.closedOn === '2026-12-25')?.kind).toBe('bank_holiday');
    expect(closures.find((row) => row.closedOn === '2026-11-25')).toMatchObject({ kind: 'closure', description: 'INSET day' });
    // What is owed follows: the INSET day owes nothing.
    expect(await owedInWeek('2026-11-23')).toBe(4);
    const [audit] = await t.database.db.select().from(auditEvent).where(eq(auditEvent.action, 'MANAGE_SCHOOL_CALENDAR'));
    expect(audit?.change).toMatchObject({ closure: 'added', copiedDefaultCalendar: true });
    const page = await admin.get(paths.admin.termDates({ saved: 1 }));
    expect(page.body).not.toContain('These are the default term dates for England');
    expect(page.body).toContain('INSET day');
  });

  it('moves a half term, and what is owed moves with it', async () => {
    expect(await owedInWeek('2026-10-26')).toBe(0);
    expect(await owedInWeek('2026-11-02')).toBe(5);
    const form = await admin.get(paths.admin.term({ start: '2026-09-03' }));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Autumn 2026"');
    const response = await admin.post(paths.admin.term({ start: '2026-09-03' }), {
      _version: versionOn(form.body),
      name: 'Autumn 2026',
      ...parts('start', '2026-09-03'),
      ...parts('end', '2026-12-18'),
      ...parts('halfTermStart', '2026-11-02'),
      ...parts('halfTermEnd', '2026-11-06'),
    });
    expect(response.statusCode).toBe(303);
    expect(await owedInWeek('2026-10-26')).toBe(5);
    expect(await owedInWeek('2026-11-02')).toBe(0);
    expect((await counts())?.terms).toBe(6);
  });

  const autumn = { name: 'Autumn 2026', ...parts('start', '2026-09-03'), ...parts('end', '2026-12-18') };
  it.each([
    [{ ...autumn, name: '' }, 'name', 'Enter the name of the term'],
    [{ ...autumn, ...parts('end', '2026-09-01') }, 'end', 'The end date must be after the start date'],
    [{ ...autumn, 'start-day': '31', 'start-month': '2', 'start-year': '2026' }, 'start', 'The start date must be a real date'],
    [{ ...autumn, ...parts('end', '2027-12-18') }, 'end', 'A term cannot be longer than 6 months'],
    [{ ...autumn, ...parts('halfTermStart', '2026-10-26') }, 'halfTermEnd', 'Enter both the first and last days of half term'],
    [{ ...autumn, ...parts('halfTermStart', '2026-12-21'), ...parts('halfTermEnd', '2026-12-24') }, 'halfTermStart', 'Half term must be inside the term'],
    [{ ...autumn, ...parts('halfTermStart', '2026-10-30'), ...parts('halfTermEnd', '2026-10-26') }, 'halfTermEnd', 'on or after its first day'],
    [{ name: 'Extra', ...parts('start', '2026-12-01'), ...parts('end', '2027-01-10') }, 'start', 'The term overlaps Autumn 2026'],
  ])('refuses the term %o with a message on %s, saving nothing', async (form, field, message) => {
    await admin.get(paths.admin.newTerm());
    const before = await counts();
    const response = await admin.post(paths.admin.newTerm(), form);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`href="#${field}"`);
    expect(response.body).toContain(message);
    expect(await counts()).toEqual(before);
  });

  it('adds and removes a term, refuses a second closure on the same day, and removes a closure', async () => {
    await admin.get(paths.admin.newTerm());
    expect((await admin.post(paths.admin.newTerm(), { name: 'Autumn 2027', ...parts('start', '2027-09-02'), ...parts('end', '2027-12-17') })).statusCode).toBe(303);
    expect((await counts())?.terms).toBe(7);
    const added = await admin.get(paths.admin.term({ start: '2027-09-02' }));
    expect((await admin.post(paths.admin.removeTerm({ start: '2027-09-02' }), { _version: versionOn(added.body) })).statusCode).toBe(303);
    expect((await counts())?.terms).toBe(6);

    await admin.get(paths.admin.newClosure());
    const duplicate = await admin.post(paths.admin.newClosure(), { ...parts('date', '2026-11-25'), kind: 'closure' });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.body).toContain('There is already a closure on 25 November 2026');
    const bad = await admin.post(paths.admin.newClosure(), { 'date-day': '32', 'date-month': '1', 'date-year': '2027' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The date must be a real date');
    expect(bad.body).toContain('Select whether it is a bank holiday or a school closure');
    const closure = await admin.get(paths.admin.closure({ date: '2026-11-25' }));
    expect((await admin.post(paths.admin.removeClosure({ date: '2026-11-25' }), { _version: versionOn(closure.body) })).statusCode).toBe(303);
    expect(await owedInWeek('2026-11-23')).toBe(5);
    expect((await admin.get(paths.admin.closure({ date: '2026-11-25' }))).statusCode).toBe(404);
  });

  it('saves the LA thresholds, audited, and the sweep reads them', async () => {
    const form = await admin.get(paths.admin.thresholds());
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="80"');
    // The rules as the sweep applies them: a whole session owed in the window, and the day count reached (>=), not passed.
    expect(form.body).toContain('only to an item that owed at least one whole session over the weeks judged');
    expect(form.body).toContain('for this many school days or more, counting today');
    const response = await admin.post(paths.admin.thresholds(), {
      _version: versionOn(form.body),
      gapMinimumPercent: '75',
      gapWindowWeeks: '6',
      gapSilentWeeks: '2',
      notFullTimeSchoolDays: '10',
      concernStepDays: '5',
      replyWorkingDays: '2',
      familyUpdateDays: '21',
    });
    expect(response.statusCode).toBe(303);
    expect(await loadLaPolicy(t.database.db, t.demo.laId)).toEqual({
      gapMinimumPercent: 75,
      gapWindowWeeks: 6,
      gapSilentWeeks: 2,
      notFullTimeSchoolDays: 10,
      concernStepDays: 5,
      replyWorkingDays: 2,
      familyUpdateDays: 21,
    });
    const [audit] = await t.database.db.select().from(auditEvent).where(eq(auditEvent.action, 'MANAGE_LA_POLICY'));
    expect(audit?.change).toMatchObject({ before: { gapMinimumPercent: 80 }, after: { gapMinimumPercent: 75 } });
    expect((await admin.get(paths.admin.thresholds({ saved: 1 }))).body).toContain('The thresholds have been saved');
  });

  it.each([
    [{ gapMinimumPercent: '0' }, 'gapMinimumPercent', 'The share that must be delivered must be between 1 and 100 per cent'],
    [{ gapMinimumPercent: '101' }, 'gapMinimumPercent', 'between 1 and 100 per cent'],
    [{ gapWindowWeeks: 'four' }, 'gapWindowWeeks', 'must be a whole number, like 4'],
    [{ gapSilentWeeks: '' }, 'gapSilentWeeks', 'Enter the number of weeks with nothing recorded'],
    [{ notFullTimeSchoolDays: '-3' }, 'notFullTimeSchoolDays', 'between 1 and 190 days'],
    [{ concernStepDays: '2.5' }, 'concernStepDays', 'must be a whole number'],
    [{ replyWorkingDays: '0' }, 'replyWorkingDays', 'The working days to reply to a message must be between 1 and 20 working days'],
    [{ familyUpdateDays: '' }, 'familyUpdateDays', 'Enter the days between updates to the family'],
  ])('refuses the thresholds %o with a message on %s, saving nothing', async (change, field, message) => {
    const page = await admin.get(paths.admin.thresholds());
    const before = await t.database.db.select().from(laPolicy);
    const response = await admin.post(paths.admin.thresholds(), {
      _version: versionOn(page.body),
      gapMinimumPercent: '80',
      gapWindowWeeks: '4',
      gapSilentWeeks: '3',
      notFullTimeSchoolDays: '15',
      concernStepDays: '10',
      replyWorkingDays: '3',
      familyUpdateDays: '14',
      ...change,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(`href="#${field}"`);
    expect(response.body).toContain(message);
    expect(await t.database.db.select().from(laPolicy)).toEqual(before);
  });

  it.each(['sen_team_manager', 'sen_caseworker', 'school_senco', 'parent'])('refuses %s the term dates and thresholds (403), changing nothing', async (role) => {
    const browser = await signedInAs(t.app, t.demo, role);
    const before = await counts();
    for (const url of [paths.admin.termDates(), paths.admin.newTerm(), paths.admin.term({ start: '2026-09-03' }), paths.admin.thresholds()]) {
      expect((await browser.get(url)).statusCode).toBe(403);
    }
    expect((await browser.post(paths.admin.newClosure(), { ...parts('date', '2026-11-26'), kind: 'closure' })).statusCode).toBe(403);
    expect((await browser.post(paths.admin.removeTerm({ start: '2026-09-03' }), {})).statusCode).toBe(403);
    expect((await browser.post(paths.admin.thresholds(), { gapMinimumPercent: '10' })).statusCode).toBe(403);
    expect(await counts()).toEqual(before);
    expect(await t.database.db.select().from(schoolTerm).where(eq(schoolTerm.startDate, '2026-09-03'))).toHaveLength(1);
  });
});
