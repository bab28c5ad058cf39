import { and, count, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appUser,
  auditEvent,
  localAuthority,
  notification,
  placement,
  resourceBase,
  resourceBaseSurveyAnswer,
  resourceBaseSurveyRespondent,
  resourceBaseVisit,
  resourceBaseVisitPupil,
  setting,
  task,
} from '../../src/db/schema/index.js';
import { addDays } from '../../src/domain/dates.js';
import { paths } from '../../src/http/paths.js';
import { createTestApp, demoUser, signedInAs, TEST_CLOCK, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';

/** The page's words, tags stripped. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');
}

describe(`resource bases (${testEngine})`, () => {
  let t: TestApp;
  const today = TEST_CLOCK.today();
  let willowId: string;
  let otherBaseId: string;
  let sencoSettingId: string;

  const userId = async (role: string) => {
    const [row] = await t.database.db
      .select({ id: appUser.id, settingId: appUser.settingId })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, role).email));
    return row ?? { id: '', settingId: null };
  };

  /** Places filled, counted by hand from the placement rows: children with a placement in the base that has started and not ended. */
  const handCount = async (baseId: string) => {
    const rows = await t.database.db.select({ childId: placement.childId, startDate: placement.startDate, endDate: placement.endDate }).from(placement).where(eq(placement.resourceBaseId, baseId));
    return new Set(rows.filter((row) => row.startDate <= today && (row.endDate === null || row.endDate >= today)).map((row) => row.childId)).size;
  };

  const rowsIn = async (table: typeof resourceBaseVisit | typeof resourceBaseVisitPupil | typeof resourceBaseSurveyAnswer | typeof resourceBaseSurveyRespondent | typeof resourceBase) => {
    const [row] = await t.database.db.select({ n: count() }).from(table);
    return row?.n ?? 0;
  };

  beforeAll(async () => {
    t = await createTestApp({ plans: 40, deliveryHistory: false, clock: TEST_CLOCK });
    sencoSettingId = (await userId('school_senco')).settingId ?? '';
    const bases = await t.database.db.select({ id: resourceBase.id, settingId: resourceBase.settingId, name: resourceBase.name }).from(resourceBase).where(eq(resourceBase.laId, t.demo.laId));
    willowId = bases.find((base) => base.settingId === sencoSettingId)?.id ?? '';
    otherBaseId = bases.find((base) => base.settingId !== sencoSettingId)?.id ?? '';
    expect(willowId).not.toBe('');
    expect(otherBaseId).not.toBe('');
  });

  afterAll(async () => {
    await t.close();
  });

  it('shows places filled equal to a hand count of current placements, on the list and the base page', async () => {
    const officer = await signedInAs(t.app, t.demo, 'inclusion_officer');
    const bases = await t.database.db.select().from(resourceBase).where(eq(resourceBase.laId, t.demo.laId));
    const page = textOf((await officer.get(paths.resourceBases.list())).body);
    let filledTotal = 0;
    let commissionedTotal = 0;
    for (const base of bases) {
      const filled = await handCount(base.id);
      filledTotal += filled;
      commissionedTotal += base.commissionedPlaces;
      const percent = Math.round((filled * 100) / base.commissionedPlaces);
      expect(page).toContain(`${base.name} `);
      expect(page).toMatch(new RegExp(`${base.name} .*? ${String(base.commissionedPlaces)} ${String(filled)} ${String(percent)}%`));
      const basePage = textOf((await officer.get(paths.resourceBases.base({ baseId: base.id }))).body);
      expect(basePage).toContain(`Places filled today ${String(filled)} of ${String(base.commissionedPlaces)} (${String(percent)}%)`);
    }
    expect(page).toContain(`${String(filledTotal)} of ${String(commissionedTotal)}`);

    // A placement that ended yesterday no longer fills a place; one that starts tomorrow does not yet.
    const before = await handCount(willowId);
    const [leaving] = await t.database.db
      .select({ id: placement.id, childId: placement.childId })
      .from(placement)
      .where(eq(placement.resourceBaseId, willowId))
      .orderBy(desc(placement.childId))
      .limit(1);
    await t.database.db
      .update(placement)
      .set({ endDate: addDays(today, -1) })
      .where(eq(placement.id, leaving?.id ?? ''));
    const [future] = await t.database.db
      .insert(placement)
      .values({ laId: t.demo.laId, childId: leaving?.childId ?? '', settingId: sencoSettingId, rank: 2, startDate: addDays(today, 1), resourceBaseId: willowId, resourcedProvision: true })
      .returning({ id: placement.id });
    expect(await handCount(willowId)).toBe(before - 1);
    const after = textOf((await officer.get(paths.resourceBases.base({ baseId: willowId }))).body);
    expect(after).toContain(`Places filled today ${String(before - 1)} of 8`);
    await t.database.db.delete(placement).where(eq(placement.id, future?.id ?? ''));
    await t.database.db
      .update(placement)
      .set({ endDate: null })
      .where(eq(placement.id, leaving?.id ?? ''));
  });

  it('shows a school only the bases it hosts; another base, or another LA’s, is not found', async () => {
    const senco = await signedInAs(t.app, t.demo, 'school_senco');
    const list = textOf((await senco.get(paths.resourceBases.list())).body);
    const [willow] = await t.database.db.select({ name: resourceBase.name }).from(resourceBase).where(eq(resourceBase.id, willowId));
    const [other] = await t.database.db.select({ name: resourceBase.name }).from(resourceBase).where(eq(resourceBase.id, otherBaseId));
    expect(list).toContain(willow?.name ?? '?');
    expect(list).not.toContain(other?.name ?? '?');
    expect((await senco.get(paths.resourceBases.base({ baseId: willowId }))).statusCode).toBe(200);
    expect((await senco.get(paths.resourceBases.results({ baseId: willowId }))).statusCode).toBe(200);
    expect((await senco.get(paths.resourceBases.base({ baseId: otherBaseId }))).statusCode).toBe(404);
    expect((await senco.get(paths.resourceBases.results({ baseId: otherBaseId }))).statusCode).toBe(404);
    const [visit] = await t.database.db.select({ id: resourceBaseVisit.id }).from(resourceBaseVisit).where(eq(resourceBaseVisit.resourceBaseId, otherBaseId)).limit(1);
    expect((await senco.get(paths.resourceBases.visit({ baseId: otherBaseId, visitId: visit?.id ?? '' }))).statusCode).toBe(404);

    // Another LA's base, at its own school: the officer of this LA cannot find it.
    const [otherLa] = await t.database.db.insert(localAuthority).values({ dfeCode: '998', name: 'Elsewhere Council', region: 'North West' }).returning({ id: localAuthority.id });
    const [school] = await t.database.db
      .insert(setting)
      .values({ laId: otherLa?.id ?? '', name: 'Elsewhere Primary', settingType: 'mainstream_academy', phase: 'primary' })
      .returning({ id: setting.id });
    const [theirs] = await t.database.db
      .insert(resourceBase)
      .values({
        laId: otherLa?.id ?? '',
        settingId: school?.id ?? '',
        name: 'Their Base',
        kind: 'resource_base',
        designation: 'ASD',
        ageFrom: 4,
        ageTo: 11,
        commissionedPlaces: 6,
        openedOn: '2024-09-01',
      })
      .returning({ id: resourceBase.id });
    const officer = await signedInAs(t.app, t.demo, 'inclusion_officer');
    expect((await officer.get(paths.resourceBases.base({ baseId: theirs?.id ?? '' }))).statusCode).toBe(404);
    expect((await officer.get(paths.resourceBases.newVisit({ baseId: theirs?.id ?? '' }))).statusCode).toBe(404);
    expect(textOf((await officer.get(paths.resourceBases.list())).body)).not.toContain('Their Base');
    // Nor can its school be chosen as a host here.
    await officer.get(paths.resourceBases.new());
    const refused = await officer.post(paths.resourceBases.new(), baseFields({ settingId: school?.id ?? '' }));
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain('Select the school that hosts the base');
  });

  it('lets only the roles it is for open each page', async () => {
    const parent = await signedInAs(t.app, t.demo, 'parent');
    expect((await parent.get(paths.resourceBases.list())).statusCode).toBe(403);
    expect((await parent.get(paths.resourceBases.base({ baseId: willowId }))).statusCode).toBe(403);
    expect((await parent.get(paths.resourceBases.results({ baseId: willowId }))).statusCode).toBe(403);
    const ep = await signedInAs(t.app, t.demo, 'educational_psychologist');
    expect((await ep.get(paths.resourceBases.new())).statusCode).toBe(403);
    expect((await ep.get(paths.resourceBases.newVisit({ baseId: willowId }))).statusCode).toBe(200);
    const senco = await signedInAs(t.app, t.demo, 'school_senco');
    expect((await senco.get(paths.resourceBases.newVisit({ baseId: willowId }))).statusCode).toBe(403);
    expect((await senco.get(paths.resourceBases.edit({ baseId: willowId }))).statusCode).toBe(403);
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    expect((await caseworker.get(paths.resourceBases.survey({ baseId: willowId }))).statusCode).toBe(403);
  });

  function baseFields(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      name: 'The Maple Room',
      settingId: sencoSettingId,
      kind: 'sen_unit',
      designation: 'SLCN',
      ageFrom: '5',
      ageTo: '11',
      commissionedPlaces: '10',
      'openedOn-day': '1',
      'openedOn-month': '9',
      'openedOn-year': '2025',
      ...overrides,
    };
  }

  it('adds and changes a base, refusing bad input and a stale save with nothing saved', async () => {
    const officer = await signedInAs(t.app, t.demo, 'inclusion_officer');
    await officer.get(paths.resourceBases.new());
    const before = await rowsIn(resourceBase);
    const bad = await officer.post(
      paths.resourceBases.new(),
      baseFields({ name: '', 'openedOn-day': '31', 'openedOn-month': '2', 'openedOn-year': '2026', ageFrom: '11', ageTo: '5', commissionedPlaces: 'ten', kind: 'other', designation: 'XYZ' }),
    );
    expect(bad.statusCode).toBe(400);
    const text = textOf(bad.body);
    expect(text).toContain('There is a problem');
    for (const message of [
      'Enter the name of the base',
      'The date it opened must be a real date',
      'The oldest age must be the same as or more than the youngest',
      'The number of places commissioned must be a whole number from 0 to 500',
      'Select whether it is a resource base or an SEN unit',
      'Select the need the base is for',
    ]) {
      expect(text).toContain(message);
    }
    const closedFirst = await officer.post(paths.resourceBases.new(), baseFields({ 'closedOn-day': '1', 'closedOn-month': '8', 'closedOn-year': '2025' }));
    expect(closedFirst.statusCode).toBe(400);
    expect(textOf(closedFirst.body)).toContain('The date it closed must be on or after the date it opened');
    expect(await rowsIn(resourceBase)).toBe(before);

    const created = await officer.post(paths.resourceBases.new(), baseFields());
    expect(created.statusCode).toBe(303);
    const baseId = /\/resource-bases\/([0-9a-f-]{36})/.exec(created.headers.location ?? '')?.[1] ?? '';
    const shown = textOf((await officer.get(created.headers.location ?? '')).body);
    expect(shown).toContain("The base's details have been saved");
    expect(shown).toContain('The Maple Room');
    expect(shown).toContain('SEN unit');
    expect(shown).toContain('Speech, language and communication needs');
    expect(shown).toContain('Places filled today 0 of 10 (0%)');
    expect(shown).toContain('The base has not been visited yet');

    // Two people open the edit form; the second save is refused, naming who saved first.
    const manager = await signedInAs(t.app, t.demo, 'sen_team_manager');
    const editPath = paths.resourceBases.edit({ baseId });
    await officer.get(editPath);
    const officerToken = officer.csrfToken;
    await manager.get(editPath);
    expect((await manager.post(editPath, { ...baseFields({ commissionedPlaces: '12' }), _version: '1' })).statusCode).toBe(303);
    officer.csrfToken = officerToken;
    const stale = await officer.post(editPath, { ...baseFields({ commissionedPlaces: '14' }), _version: '1' });
    expect(stale.statusCode).toBe(409);
    expect(textOf(stale.body)).toContain('This was changed by Marcus Green');
    const [saved] = await t.database.db.select({ places: resourceBase.commissionedPlaces, version: resourceBase.version }).from(resourceBase).where(eq(resourceBase.id, baseId));
    expect(saved).toEqual({ places: 12, version: 2 });
    const [event] = await t.database.db.select({ change: auditEvent.change }).from(auditEvent).where(eq(auditEvent.action, 'MANAGE_RESOURCE_BASE')).orderBy(desc(auditEvent.id)).limit(1);
    expect(event?.change).toEqual({ changed: { commissionedPlaces: { from: 10, to: 12 } } });
  });

  it('records a monitoring visit with every pupil, its findings and actions as tasks; bad input saves nothing', async () => {
    const officer = await signedInAs(t.app, t.demo, 'inclusion_officer');
    const caseworker = await userId('sen_caseworker');
    const form = await officer.get(paths.resourceBases.newVisit({ baseId: willowId }));
    const pupilIds = [...new Set([...form.body.matchAll(/name="pupil-([0-9a-f-]{36})-progress"/g)].map((match) => match[1] ?? ''))];
    expect(pupilIds.length).toBe(await handCount(willowId));
    const counts = async () => [
      await rowsIn(resourceBaseVisit),
      await rowsIn(resourceBaseVisitPupil),
      (await t.database.db.select({ n: count() }).from(task).where(eq(task.sourceType, 'base_visit')))[0]?.n,
    ];
    const before = await counts();

    const [first, second, ...rest] = pupilIds;
    const refused = await officer.post(paths.resourceBases.newVisit({ baseId: willowId }), {
      'visitedOn-day': '26',
      'visitedOn-month': '11',
      'visitedOn-year': '2026',
      findings: '',
      [`pupil-${first ?? ''}-progress`]: 'expected',
      [`pupil-${first ?? ''}-provision`]: 'partly',
      action1Text: 'Chase the therapy timetable',
    });
    expect(refused.statusCode).toBe(400);
    const text = textOf(refused.body);
    expect(text).toContain('Enter what the visit found');
    expect(text).toContain('Select who will do action 1');
    expect(text).toContain('Enter the date action 1 is due');
    expect(await counts()).toEqual(before);

    const dateRefused = await officer.post(paths.resourceBases.newVisit({ baseId: willowId }), {
      'visitedOn-day': '26',
      'visitedOn-month': '11',
      'visitedOn-year': '2026',
      findings: 'Settled and well run.',
      [`pupil-${first ?? ''}-progress`]: 'expected',
      [`pupil-${first ?? ''}-provision`]: 'partly',
    });
    expect(dateRefused.statusCode).toBe(400);
    const dateText = textOf(dateRefused.body);
    expect(dateText).toContain('The date of the visit must be today or in the past');
    expect(dateText).toMatch(/Say what of .+'s provision is not in place/);
    expect(dateText).toMatch(/Select how .+ is getting on/);
    expect(await counts()).toEqual(before);

    const fields: Record<string, string> = {
      'visitedOn-day': '24',
      'visitedOn-month': '11',
      'visitedOn-year': '2026',
      findings: 'Settled and well run.\nTwo pupils found lunchtime hard.',
      [`pupil-${first ?? ''}-progress`]: 'expected',
      [`pupil-${first ?? ''}-provision`]: 'partly',
      [`pupil-${first ?? ''}-provisionNote`]: 'Speech therapy missed for three weeks',
      [`pupil-${second ?? ''}-progress`]: 'not_seen',
      action1Text: 'Chase the therapy timetable',
      action1Owner: caseworker.id,
      'action1Due-day': '9',
      'action1Due-month': '12',
      'action1Due-year': '2026',
    };
    for (const id of rest) {
      fields[`pupil-${id}-progress`] = 'better';
      fields[`pupil-${id}-provision`] = 'yes';
    }
    const saved = await officer.post(paths.resourceBases.newVisit({ baseId: willowId }), fields);
    expect(saved.statusCode).toBe(303);
    const after = await counts();
    expect(after).toEqual([(before[0] ?? 0) + 1, (before[1] ?? 0) + pupilIds.length, (before[2] ?? 0) + 1]);
    const [visit] = await t.database.db.select().from(resourceBaseVisit).where(eq(resourceBaseVisit.resourceBaseId, willowId)).orderBy(desc(resourceBaseVisit.createdAt)).limit(1);
    expect(visit?.visitedOn).toBe('2026-11-24');
    const records = await t.database.db
      .select()
      .from(resourceBaseVisitPupil)
      .where(eq(resourceBaseVisitPupil.visitId, visit?.id ?? ''));
    expect(records.find((record) => record.childId === second)).toMatchObject({ progress: 'not_seen', provisionInPlace: null });
    expect(records.find((record) => record.childId === first)).toMatchObject({ progress: 'expected', provisionInPlace: 'partly', provisionNote: 'Speech therapy missed for three weeks' });
    const [action] = await t.database.db
      .select()
      .from(task)
      .where(and(eq(task.sourceType, 'base_visit'), eq(task.ownerUserId, caseworker.id)));
    expect(action).toMatchObject({ title: 'The Willow Centre: Chase the therapy timetable', dueOn: '2026-12-09', status: 'open', childId: null, sourceId: `${willowId}:${visit?.id ?? ''}:1` });
    const [told] = await t.database.db
      .select({ n: count() })
      .from(notification)
      .where(and(eq(notification.userId, caseworker.id), eq(notification.kind, 'task_assigned')));
    expect(told?.n).toBeGreaterThan(0);

    // The owner's tray links the task to the visit, which shows what was found.
    const owner = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const tray = (await owner.get(paths.tasks.tray())).body;
    const visitPath = paths.resourceBases.visit({ baseId: willowId, visitId: visit?.id ?? '' });
    expect(tray).toContain(`href="${visitPath}"`);
    const visitPage = textOf((await owner.get(visitPath)).body);
    expect(visitPage).toContain('Monitoring visit on 24 November 2026');
    expect(visitPage).toContain('Speech therapy missed for three weeks');
    expect(visitPage).toContain('Not seen on this visit');
    expect(visitPage).toContain('Chase the therapy timetable');
    const basePage = textOf((await officer.get(paths.resourceBases.base({ baseId: willowId }))).body);
    expect(basePage).toContain('Last monitoring visit 24 November 2026');
    expect(basePage).toContain('Visited this term');
  });

  it('takes a parent’s survey once a term, anonymously, and only from a parent whose child is in the base', async () => {
    const parent = await signedInAs(t.app, t.demo, 'parent');
    // The child's record asks the parent.
    const childIds = [...(await parent.get(paths.caseload())).body.matchAll(/href="\/children\/([0-9a-f-]{36})"/g)].map((match) => match[1] ?? '');
    const pages = await Promise.all([...new Set(childIds)].map(async (childId) => (await parent.get(paths.child.overview({ childId }))).body));
    expect(pages.filter((body) => body.includes('data-testid="base-survey-invitation"')).length).toBe(1);

    const surveyPath = paths.resourceBases.survey({ baseId: willowId });
    const form = await parent.get(surveyPath);
    expect(form.statusCode).toBe(200);
    expect(textOf(form.body)).toContain('Your answers are anonymous');
    const [answersBefore, respondentsBefore] = [await rowsIn(resourceBaseSurveyAnswer), await rowsIn(resourceBaseSurveyRespondent)];

    const missing = await parent.post(surveyPath, { happy: '5', progress: '4', support: '6', comment: 'x'.repeat(1001) });
    expect(missing.statusCode).toBe(400);
    const missingText = textOf(missing.body);
    expect(missingText).toContain('Select an answer for “My child gets the support in their plan”');
    expect(missingText).toContain('Select an answer for “Staff listen to me”');
    expect(missingText).toContain('Your comment must be 1000 characters or fewer');
    expect([await rowsIn(resourceBaseSurveyAnswer), await rowsIn(resourceBaseSurveyRespondent)]).toEqual([answersBefore, respondentsBefore]);

    const answered = await parent.post(surveyPath, { happy: '5', progress: '4', support: '4', informed: '2', listened: '3', comment: 'Lovely staff.' });
    expect(answered.statusCode).toBe(303);
    expect(textOf((await parent.get(answered.headers.location ?? '')).body)).toContain('Thank you');
    expect([await rowsIn(resourceBaseSurveyAnswer), await rowsIn(resourceBaseSurveyRespondent)]).toEqual([answersBefore + 1, respondentsBefore + 1]);
    // Anonymous: the answers carry no person, and the event says only which term.
    expect(Object.keys(resourceBaseSurveyAnswer)).not.toContain('userId');
    const [event] = await t.database.db
      .select({ change: auditEvent.change, childId: auditEvent.childId })
      .from(auditEvent)
      .where(eq(auditEvent.action, 'ANSWER_BASE_SURVEY'))
      .orderBy(desc(auditEvent.id))
      .limit(1);
    expect(event).toEqual({ change: { termStart: '2026-09-03' }, childId: null });

    // Once a term: the page says so, and a second answer saves nothing.
    expect(textOf((await parent.get(surveyPath)).body)).toContain('You have already answered this term');
    const again = await parent.post(surveyPath, { happy: '1', progress: '1', support: '1', informed: '1', listened: '1' });
    expect(again.statusCode).toBe(400);
    expect([await rowsIn(resourceBaseSurveyAnswer), await rowsIn(resourceBaseSurveyRespondent)]).toEqual([answersBefore + 1, respondentsBefore + 1]);
    const after = await Promise.all([...new Set(childIds)].map(async (childId) => (await parent.get(paths.child.overview({ childId }))).body));
    expect(after.some((body) => body.includes('data-testid="base-survey-invitation"'))).toBe(false);

    // A base none of their children is placed in is not found, to read or to answer.
    expect((await parent.get(paths.resourceBases.survey({ baseId: otherBaseId }))).statusCode).toBe(404);
    expect((await parent.post(paths.resourceBases.survey({ baseId: otherBaseId }), { happy: '5', progress: '5', support: '5', informed: '5', listened: '5' })).statusCode).toBe(404);
    expect((await parent.get(paths.resourceBases.survey({ baseId: 'not-a-base' }))).statusCode).toBe(404);
    expect([await rowsIn(resourceBaseSurveyAnswer), await rowsIn(resourceBaseSurveyRespondent)]).toEqual([answersBefore + 1, respondentsBefore + 1]);
  });

  it('shows each term’s averages equal to a hand computation, and hides a term with too few answers', async () => {
    const [base] = await t.database.db
      .insert(resourceBase)
      .values({
        laId: t.demo.laId,
        settingId: sencoSettingId,
        name: 'Survey Check Base',
        kind: 'resource_base',
        designation: 'ASD',
        ageFrom: 4,
        ageTo: 11,
        commissionedPlaces: 6,
        openedOn: '2024-09-01',
      })
      .returning({ id: resourceBase.id });
    const baseId = base?.id ?? '';
    const answer = (termStart: string, termName: string, scores: [number, number, number, number, number], comment: string | null = null) => ({
      laId: t.demo.laId,
      resourceBaseId: baseId,
      termStart,
      termName,
      happy: scores[0],
      progress: scores[1],
      support: scores[2],
      informed: scores[3],
      listened: scores[4],
      comment,
    });
    await t.database.db
      .insert(resourceBaseSurveyAnswer)
      .values([
        answer('2026-04-13', 'Summer 2026', [5, 4, 3, 2, 1], 'Only two answered this term.'),
        answer('2026-04-13', 'Summer 2026', [5, 4, 3, 2, 1]),
        answer('2026-09-03', 'Autumn 2026', [5, 4, 4, 2, 3], 'Much better this term.'),
        answer('2026-09-03', 'Autumn 2026', [4, 4, 3, 2, 5]),
        answer('2026-09-03', 'Autumn 2026', [4, 3, 4, 1, 4]),
      ]);
    const officer = await signedInAs(t.app, t.demo, 'inclusion_officer');
    const page = textOf((await officer.get(paths.resourceBases.results({ baseId }))).body);
    // Autumn: happy 13/3 = 4.3, progress 11/3 = 3.7, support 11/3 = 3.7, informed 5/3 = 1.7, listened 12/3 = 4.0; all 52/15 = 3.5.
    expect(page).toContain('Autumn 2026 3 4.3 3.7 3.7 1.7 4.0 3.5');
    expect(page).toContain('Summer 2026 2 Fewer than 3 answers: not shown');
    expect(page.indexOf('Summer 2026 2')).toBeLessThan(page.indexOf('Autumn 2026 3'));
    expect(page).toContain('Much better this term.');
    expect(page).not.toContain('Only two answered this term.');
  });

  it('says when each base is next due a visit', async () => {
    const officer = await signedInAs(t.app, t.demo, 'inclusion_officer');
    const page = textOf((await officer.get(paths.resourceBases.list())).body);
    // The demo has one base not visited since three terms ago and one not yet this term.
    expect(page).toContain('Overdue No visit in Summer 2026');
    expect(page).toContain('Due this term By 18 December 2026');
  });
});
