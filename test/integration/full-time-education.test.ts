import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUser, auditEvent, child, concernStep, educationArrangement, familyLink, placement, provisionConcern } from '../../src/db/schema/index.js';
import { addDays } from '../../src/domain/dates.js';
import { spellStartForSchoolDays } from '../../src/domain/full-time.js';
import type { SchoolCalendar } from '../../src/domain/school-calendar.js';
import { loadSchoolCalendar } from '../../src/modules/calendar/repository.js';
import { sweepLa } from '../../src/modules/concerns/service.js';
import { findChildrenNotFullTimeSince, findNotFullTimePage, insertArrangement, type NewArrangement } from '../../src/modules/education/repository.js';
import { createTestApp, demoUser, signedInAs, TEST_CLOCK, type Browser, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { paths } from '../../src/http/paths.js';

function dateParts(prefix: string, iso: string): Record<string, string> {
  const [year, month, day] = iso.split('-');
  return { [`${prefix}-day`]: String(Number(day)), [`${prefix}-month`]: String(Number(month)), [`${prefix}-year`]: year ?? '' };
}

/** The rows of the list, every page: child id and school days counted, in the order shown. */
async function notFullTimeList(browser: Browser): Promise<{ childId: string; schoolDays: number }[]> {
  const rows: { childId: string; schoolDays: number }[] = [];
  for (let page = 1; page <= 20; page += 1) {
    const response = await browser.get(paths.monitoring.notFullTime({ page }));
    expect(response.statusCode).toBe(200);
    const tableRows = response.body.split('<tr class="govuk-table__row">').slice(2);
    for (const row of tableRows) {
      const match = /href="\/children\/([0-9a-f-]{36})"[\s\S]*?([\d,]+) school days?/.exec(row);
      if (match) rows.push({ childId: match[1] ?? '', schoolDays: Number((match[2] ?? '').replace(',', '')) });
    }
    if (!response.body.includes('govuk-pagination__next')) break;
  }
  return rows;
}

describe(`full-time education (${testEngine})`, () => {
  let t: TestApp;
  let laId: string;
  let calendar: SchoolCalendar;
  let recorderId: string;
  /** Children with nothing recorded, not at the SENCO's school, handed out one per test. */
  let spareChildren: string[];
  let sencoPupil: string;
  const today = TEST_CLOCK.today();
  const schoolDaysAgo = (days: number) => {
    const date = spellStartForSchoolDays(calendar, today, days);
    if (!date) throw new Error(`The calendar does not reach ${String(days)} school days back`);
    return date;
  };
  const nextChild = () => {
    const id = spareChildren.shift();
    if (!id) throw new Error('No spare children left');
    return id;
  };
  const arrangementsOf = (childId: string) => t.database.db.select().from(educationArrangement).where(eq(educationArrangement.childId, childId)).orderBy(asc(educationArrangement.startDate));
  const insert = (row: Partial<NewArrangement> & Pick<NewArrangement, 'childId' | 'kind' | 'startDate'>, endDate: string | null = null) =>
    t.database.db.transaction(async (tx) => {
      const id = await insertArrangement(tx, {
        laId,
        offeredMinutesPerWeek: row.kind === 'no_setting' ? 0 : 900,
        fullTimeMinutesPerWeek: 1950,
        reason: row.kind === 'no_setting' ? 'awaiting_placement' : 'Phased return',
        reviewDate: null,
        agreedBy: row.kind === 'part_time' ? 'Parent and headteacher' : null,
        recordedBy: recorderId,
        ...row,
      });
      if (endDate) await tx.update(educationArrangement).set({ endDate }).where(eq(educationArrangement.id, id));
    });

  beforeAll(async () => {
    t = await createTestApp({ plans: 60, clock: TEST_CLOCK });
    laId = t.demo.laId;
    calendar = await loadSchoolCalendar(t.database.db, laId);
    const [recorder] = await t.database.db
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, 'sen_caseworker').email));
    recorderId = recorder?.id ?? '';
    const sencoSetting = sql`(select setting_id from app_user where email = ${demoUser(t.demo, 'school_senco').email})`;
    const atSencoSchool = sql`exists (select 1 from placement p where p.child_id = ${child.id} and p.end_date is null and p.setting_id = ${sencoSetting})`;
    const nothingRecorded = sql`not exists (select 1 from education_arrangement a where a.child_id = ${child.id})`;
    const notTheParents = sql`not exists (select 1 from family_link f where f.child_id = ${child.id} and f.user_id is not null)`;
    spareChildren = (
      await t.database.db
        .select({ id: child.id })
        .from(child)
        .where(and(eq(child.laId, laId), sql`not ${atSencoSchool}`, nothingRecorded, notTheParents))
        .orderBy(asc(child.id))
    ).map((row) => row.id);
    const [pupil] = await t.database.db
      .select({ id: child.id })
      .from(child)
      .where(and(atSencoSchool, nothingRecorded, notTheParents))
      .limit(1);
    sencoPupil = pupil?.id ?? '';
    expect(sencoPupil).not.toBe('');
    expect(spareChildren.length).toBeGreaterThan(12);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('recording a part-time timetable that started 30 school days ago', () => {
    let childId: string;
    let start: string;

    beforeAll(() => {
      childId = nextChild();
      start = schoolDaysAgo(30);
    });

    it('saves it, with its audit event, and shows it on the child’s record with the review overdue', async () => {
      const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
      const form = await caseworker.get(paths.child.recordEducation({ childId }));
      expect(form.statusCode).toBe(200);
      // The default full-time week for a school is the DfE's 32.5 hours.
      expect(form.body).toMatch(/name="fullTimeHours" type="text" inputmode="numeric" spellcheck="false" value="32"/);
      const response = await caseworker.post(paths.child.recordEducation({ childId }), {
        kind: 'part_time',
        offeredHours: '15',
        offeredMinutes: '0',
        fullTimeHours: '32',
        fullTimeMinutes: '30',
        partTimeReason: 'Phased return after a period of anxiety-related absence',
        ...dateParts('startDate', start),
        ...dateParts('reviewDate', addDays(start, 7)),
        agreedBy: 'Mother and headteacher',
      });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(paths.child.inclusion({ childId }, { educationRecorded: 1 }));

      const rows = await arrangementsOf(childId);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: 'part_time', offeredMinutesPerWeek: 900, fullTimeMinutesPerWeek: 1950, startDate: start, endDate: null, agreedBy: 'Mother and headteacher' });
      const events = await t.database.db
        .select()
        .from(auditEvent)
        .where(and(eq(auditEvent.childId, childId), eq(auditEvent.action, 'RECORD_EDUCATION_ARRANGEMENT')));
      expect(events).toHaveLength(1);
      expect(events[0]?.subjectId).toBe(rows[0]?.id);

      const page = await caseworker.get(String(response.headers.location));
      expect(page.body).toContain('The education offered has been recorded.');
      expect(page.body).toContain('15 hours of 32 hours 30 minutes a week (46%)');
      expect(page.body).toContain('30 school days, since');
      expect(page.body).toContain('Review overdue');
    });

    it('appears on the LA list with 30 school days counted', async () => {
      const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
      const list = await notFullTimeList(caseworker);
      expect(list).toContainEqual({ childId, schoolDays: 30 });
      const viewed = await t.database.db.select().from(auditEvent).where(eq(auditEvent.action, 'VIEW_NOT_FULL_TIME'));
      expect(viewed.length).toBeGreaterThan(0);
    });

    it('is found by the sweep’s query at 15 and at 30 school days, not at 31', async () => {
      const at = async (days: number) => (await findChildrenNotFullTimeSince(t.database.db, laId, schoolDaysAgo(days))).find((row) => row.childId === childId);
      expect(await at(15)).toEqual({ childId, kind: 'part_time', spellStart: start, offeredMinutesPerWeek: 900, fullTimeMinutesPerWeek: 1950 });
      expect(await at(30)).toBeDefined();
      expect(await at(31)).toBeUndefined();
    });

    it('has a concern raised by the daily sweep (15 school days by default), once, owned by the caseworker and shown on the Inclusion tab', async () => {
      // A part-time timetable that began 10 school days ago is not yet past the LA's limit.
      const recent = nextChild();
      await insert({ childId: recent, kind: 'part_time', startDate: schoolDaysAgo(10) });
      const notFullTimeConcernsOf = (id: string) =>
        t.database.db
          .select()
          .from(provisionConcern)
          .where(and(eq(provisionConcern.childId, id), eq(provisionConcern.kind, 'not_full_time')));

      const first = await sweepLa(t.database.db, laId, today);
      expect(first.notFullTimeConcernsRaised).toBeGreaterThanOrEqual(1);
      const concerns = await notFullTimeConcernsOf(childId);
      expect(concerns).toHaveLength(1);
      const [caseworkerOfChild] = await t.database.db.select({ id: child.caseworkerId }).from(child).where(eq(child.id, childId));
      expect(concerns[0]).toMatchObject({ status: 'open', level: 'caseworker', provisionItemId: null, reasons: ['part_time'], raisedOn: today, ownerUserId: caseworkerOfChild?.id ?? null });
      expect(concerns[0]?.summary).toContain('Part-time timetable of 15 hours a week (full-time is 32 hours 30 minutes): 30 school days without full-time education');
      const steps = await t.database.db
        .select()
        .from(concernStep)
        .where(eq(concernStep.concernId, concerns[0]?.id ?? ''));
      expect(steps.map((step) => step.action)).toEqual(['raised']);
      expect(await notFullTimeConcernsOf(recent)).toHaveLength(0);

      // A second run the same day (another process, a rerun) raises nothing more.
      const second = await sweepLa(t.database.db, laId, today);
      expect(second.notFullTimeConcernsRaised).toBe(0);
      expect(await notFullTimeConcernsOf(childId)).toHaveLength(1);

      const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
      const inclusion = await caseworker.get(paths.child.inclusion({ childId }));
      expect(inclusion.body).toContain('Full-time education concerns');
      expect(inclusion.body).toContain(paths.concerns.concern({ childId, concernId: concerns[0]?.id ?? '' }));
      const concernPage = await caseworker.get(paths.concerns.concern({ childId, concernId: concerns[0]?.id ?? '' }));
      expect(concernPage.statusCode).toBe(200);
      expect(concernPage.body).toContain('(not in full-time education)');
      // The concern's entry on the timeline links to it.
      expect((await caseworker.get(paths.child.timeline({ childId }))).body).toContain(`<a class="govuk-link" href="${paths.concerns.concern({ childId, concernId: concerns[0]?.id ?? '' })}">`);
    });

    it('ends when full-time education is recorded: the timetable ends the day before, and the child leaves the list', async () => {
      const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
      await caseworker.get(paths.child.recordEducation({ childId }));
      const response = await caseworker.post(paths.child.recordEducation({ childId }), {
        kind: 'full_time',
        fullTimeHours: '32',
        fullTimeMinutes: '30',
        ...dateParts('startDate', today),
      });
      expect(response.statusCode).toBe(303);
      const rows = await arrangementsOf(childId);
      expect(rows.map((row) => [row.kind, row.startDate, row.endDate])).toEqual([
        ['part_time', start, addDays(today, -1)],
        ['full_time', today, null],
      ]);
      expect(rows[1]).toMatchObject({ offeredMinutesPerWeek: 1950, reason: null, reviewDate: null, agreedBy: null });
      expect((await notFullTimeList(caseworker)).map((row) => row.childId)).not.toContain(childId);
      expect((await findChildrenNotFullTimeSince(t.database.db, laId, today)).map((row) => row.childId)).not.toContain(childId);
      const page = await caseworker.get(paths.child.inclusion({ childId }));
      expect(page.body).toContain('Education offered over time');
      expect(page.body).not.toContain('Review overdue');
    });
  });

  describe('the list of children without full-time education', () => {
    let chain: string;
    let forty: string;
    let twenty: string;

    beforeAll(async () => {
      [chain, forty, twenty] = [nextChild(), nextChild(), nextChild()];
      // Excluded 60 school days ago, then a part-time timetable at a new school from 10 days ago: one spell of 60.
      const partTimeStart = schoolDaysAgo(10);
      await insert({ childId: chain, kind: 'no_setting', reason: 'permanently_excluded', startDate: schoolDaysAgo(60) }, addDays(partTimeStart, -1));
      await insert({ childId: chain, kind: 'part_time', startDate: partTimeStart });
      await insert({ childId: forty, kind: 'part_time', startDate: schoolDaysAgo(40), offeredMinutesPerWeek: 600 });
      await insert({ childId: twenty, kind: 'no_setting', startDate: schoolDaysAgo(20) });
    });

    it('puts the longest spell first, counting a spell across consecutive arrangements, in school days', async () => {
      const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
      const list = await notFullTimeList(caseworker);
      const ours = list.filter((row) => [chain, forty, twenty].includes(row.childId));
      expect(ours).toEqual([
        { childId: chain, schoolDays: 60 },
        { childId: forty, schoolDays: 40 },
        { childId: twenty, schoolDays: 20 },
      ]);
      // The whole list, demo children included, never has a shorter spell before a longer one.
      const days = list.map((row) => row.schoolDays);
      expect(days).toEqual([...days].sort((a, b) => b - a));
      const [count] = await t.database.db
        .select({ total: sql<number>`count(*)::int` })
        .from(educationArrangement)
        .where(and(eq(educationArrangement.laId, laId), sql`end_date is null and kind <> 'full_time'`));
      expect(list).toHaveLength(count?.total ?? -1);
    });

    it('gives the sweep each child’s spell start and current arrangement', async () => {
      const found = await findChildrenNotFullTimeSince(t.database.db, laId, schoolDaysAgo(30));
      const ours = found.filter((row) => [chain, forty, twenty].includes(row.childId));
      expect(ours).toEqual([
        { childId: chain, kind: 'part_time', spellStart: schoolDaysAgo(60), offeredMinutesPerWeek: 900, fullTimeMinutesPerWeek: 1950 },
        { childId: forty, kind: 'part_time', spellStart: schoolDaysAgo(40), offeredMinutesPerWeek: 600, fullTimeMinutesPerWeek: 1950 },
      ]);
      const starts = found.map((row) => row.spellStart);
      expect(starts).toEqual([...starts].sort());
      expect(starts.every((start) => start <= schoolDaysAgo(30))).toBe(true);
    });

    it('shows the parent’s own child’s part-time timetable to the parent, with no way to change it', async () => {
      const parent = await signedInAs(t.app, t.demo, 'parent');
      const [link] = await t.database.db
        .select({ childId: familyLink.childId })
        .from(familyLink)
        .innerJoin(educationArrangement, eq(educationArrangement.childId, familyLink.childId))
        .where(sql`${familyLink.userId} = (select id from app_user where email = ${demoUser(t.demo, 'parent').email})`);
      expect(link).toBeDefined();
      const page = await parent.get(paths.child.inclusion({ childId: link?.childId ?? '' }));
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Part-time timetable');
      expect(page.body).toContain('Sarah Ahmed (mother) and the headteacher');
      expect(page.body).not.toContain('Record a change to the education offered');
    });
  });

  describe('bad input gets a precise message and saves nothing', () => {
    let childId: string;
    let currentStart: string;
    const valid = () => ({
      kind: 'part_time',
      offeredHours: '10',
      offeredMinutes: '0',
      fullTimeHours: '32',
      fullTimeMinutes: '30',
      partTimeReason: 'Medical needs',
      ...dateParts('startDate', today),
      ...dateParts('reviewDate', addDays(today, 28)),
      agreedBy: 'Parent and headteacher',
    });

    beforeAll(async () => {
      childId = nextChild();
      currentStart = schoolDaysAgo(5);
      await insert({ childId, kind: 'no_setting', startDate: currentStart });
    });

    it.each([
      ['nothing chosen', { kind: '' }, ['Select the education the child is offered']],
      ['negative hours', { offeredHours: '-3' }, ['Hours offered cannot be negative']],
      ['decimal hours', { offeredHours: '12.5' }, ['Enter hours offered as whole hours and minutes, like 15 hours and 30 minutes']],
      ['75 minutes', { offeredMinutes: '75' }, ['Minutes must be between 0 and 59']],
      ['more than full-time', { offeredHours: '40' }, ['Hours offered cannot be more than full-time (32 hours 30 minutes a week)']],
      [
        'part-time for the whole week',
        { offeredHours: '32', offeredMinutes: '30' },
        ['A part-time timetable offers fewer hours than full-time (32 hours 30 minutes a week): if it is the full week, select full-time'],
      ],
      ['part-time with no hours', { offeredHours: '', offeredMinutes: '' }, ['Enter the hours a week the part-time timetable offers']],
      ['no full-time week', { fullTimeHours: '', fullTimeMinutes: '' }, ['Enter what full-time means at this setting, in hours and minutes a week']],
      [
        'part-time without reason, review date or agreement',
        { partTimeReason: '', 'reviewDate-day': '', 'reviewDate-month': '', 'reviewDate-year': '', agreedBy: '' },
        ['Enter why the child is on a part-time timetable', 'Enter the date the part-time timetable will be reviewed', 'Enter who agreed the part-time timetable, like the parent and the headteacher'],
      ],
      ['review date before the start', dateParts('reviewDate', addDays(today, -1)), ['The review date must be after the start date']],
      ['not a real start date', { 'startDate-day': '31', 'startDate-month': '2', 'startDate-year': '2026' }, ['The start date must be a real date, like 7 9 2026']],
      [
        'no setting but hours offered',
        { kind: 'no_setting', noSettingReason: 'medical_needs' },
        ['A child with no school or setting is offered 0 hours: record tuition or a part-time place as a part-time timetable'],
      ],
      ['no setting without a reason', { kind: 'no_setting', offeredHours: '', offeredMinutes: '', noSettingReason: '' }, ['Select why the child has no school or setting']],
      ['full-time with fewer hours', { kind: 'full_time' }, ['Full-time education offers the full week: leave hours offered blank, or select a part-time timetable']],
      ['a start date in the future', { ...dateParts('startDate', addDays(today, 1)), ...dateParts('reviewDate', addDays(today, 30)) }, ['The start date must be today or in the past']],
    ])('%s', async (_label, change, messages) => {
      const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
      await caseworker.get(paths.child.recordEducation({ childId }));
      const form: Record<string, string> = { ...valid(), ...change };
      const response = await caseworker.post(paths.child.recordEducation({ childId }), form);
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('There is a problem');
      for (const message of messages) expect(response.body).toContain(message.replaceAll("'", '&#39;'));
      // What was typed is shown again.
      if (form.agreedBy) expect(response.body).toContain(`value="${form.agreedBy}"`);
    });

    it('refuses a start on or before the current arrangement’s start', async () => {
      const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
      await caseworker.get(paths.child.recordEducation({ childId }));
      const response = await caseworker.post(paths.child.recordEducation({ childId }), {
        ...valid(),
        ...dateParts('startDate', currentStart),
        ...dateParts('reviewDate', addDays(today, 28)),
      });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('The start date must be after');
      expect(response.body).toContain('when the current arrangement started');
    });

    it('records only one of two arrangements posted at the same moment; the other is told why', async () => {
      const fresh = nextChild();
      const [first, second] = [await signedInAs(t.app, t.demo, 'sen_caseworker'), await signedInAs(t.app, t.demo, 'inclusion_officer')];
      await first.get(paths.child.recordEducation({ childId: fresh }));
      await second.get(paths.child.recordEducation({ childId: fresh }));
      const responses = await Promise.all([first, second].map((browser) => browser.post(paths.child.recordEducation({ childId: fresh }), valid())));
      expect(responses.map((response) => response.statusCode).sort()).toEqual([303, 400]);
      expect(await arrangementsOf(fresh)).toHaveLength(1);
    });

    it('left the child’s arrangements and audit trail as they were', async () => {
      const rows = await arrangementsOf(childId);
      expect(rows.map((row) => [row.kind, row.startDate, row.endDate])).toEqual([['no_setting', currentStart, null]]);
      const events = await t.database.db
        .select()
        .from(auditEvent)
        .where(and(eq(auditEvent.childId, childId), eq(auditEvent.action, 'RECORD_EDUCATION_ARRANGEMENT')));
      expect(events).toHaveLength(0);
    });
  });

  describe('who may record and who may see the list', () => {
    const partTime = () => ({
      kind: 'part_time',
      offeredHours: '20',
      offeredMinutes: '0',
      fullTimeHours: '32',
      fullTimeMinutes: '30',
      partTimeReason: 'Reintegration after a suspension',
      ...dateParts('startDate', today),
      ...dateParts('reviewDate', addDays(today, 21)),
      agreedBy: 'Parent and headteacher',
    });

    it('a SENCO records a part-time timetable for their own pupil', async () => {
      const senco = await signedInAs(t.app, t.demo, 'school_senco');
      expect((await senco.get(paths.child.recordEducation({ childId: sencoPupil }))).statusCode).toBe(200);
      const response = await senco.post(paths.child.recordEducation({ childId: sencoPupil }), partTime());
      expect(response.statusCode).toBe(303);
      expect(await arrangementsOf(sencoPupil)).toHaveLength(1);
    });

    it('narrows the list to a scope narrower than the LA (only the school’s pupils for a school scope)', async () => {
      const [senco] = await t.database.db
        .select({ settingId: appUser.settingId })
        .from(appUser)
        .where(eq(appUser.email, demoUser(t.demo, 'school_senco').email));
      const scope = { kind: 'placed-at-setting' as const, laId, settingId: senco?.settingId ?? '', today };
      const result = await findNotFullTimePage(t.database.db, { laId, scope, limit: 100, offset: 0 });
      expect(result.rows.map((row) => row.childId)).toContain(sencoPupil);
      const placedThere = await t.database.db
        .select({ childId: placement.childId })
        .from(placement)
        .where(and(eq(placement.settingId, scope.settingId), sql`${placement.endDate} is null`));
      const pupils = new Set(placedThere.map((row) => row.childId));
      expect(result.rows.every((row) => pupils.has(row.childId))).toBe(true);
      expect(result.total).toBe(result.rows.length);
      const everyone = await findNotFullTimePage(t.database.db, { laId, scope: { kind: 'whole-la', laId }, limit: 100, offset: 0 });
      expect(everyone.total).toBeGreaterThan(result.total);
    });

    it('a SENCO cannot open or post the form for a child not at their school (404), and nothing is saved', async () => {
      const senco = await signedInAs(t.app, t.demo, 'school_senco');
      const elsewhere = nextChild();
      expect((await senco.get(paths.child.recordEducation({ childId: elsewhere }))).statusCode).toBe(404);
      await senco.get(paths.child.recordEducation({ childId: sencoPupil }));
      expect((await senco.post(paths.child.recordEducation({ childId: elsewhere }), partTime())).statusCode).toBe(404);
      expect((await senco.post(paths.child.recordEducation({ childId: elsewhere }), { kind: 'part_time' })).statusCode).toBe(404);
      expect(await arrangementsOf(elsewhere)).toHaveLength(0);
    });

    it.each(['parent', 'professional', 'school_senco', 'finance_officer', 'insight_analyst'])('a %s cannot open the LA list (403)', async (role) => {
      const browser = await signedInAs(t.app, t.demo, role);
      expect((await browser.get(paths.monitoring.notFullTime())).statusCode).toBe(403);
    });

    it.each(['parent', 'professional', 'educational_psychologist', 'finance_officer'])('a %s cannot record an arrangement (403)', async (role) => {
      const browser = await signedInAs(t.app, t.demo, role);
      const childId = nextChild();
      expect((await browser.get(paths.child.recordEducation({ childId }))).statusCode).toBe(403);
      expect((await browser.post(paths.child.recordEducation({ childId }), partTime())).statusCode).toBe(403);
      expect(await arrangementsOf(childId)).toHaveLength(0);
    });

    it('shows the list in the navigation only to roles that may see it', async () => {
      const inclusion = await signedInAs(t.app, t.demo, 'inclusion_officer');
      const page = await inclusion.get(paths.monitoring.notFullTime());
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`href="${paths.monitoring.notFullTime()}"`);
      const parent = await signedInAs(t.app, t.demo, 'parent');
      expect((await parent.get(paths.caseload())).body).not.toContain(`href="${paths.monitoring.notFullTime()}"`);
    });
  });
});
