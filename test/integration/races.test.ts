import { and, count, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conflictFrom } from '../../src/db/unique-violations.js';
import { appUser, document, documentVersion, ehcPlan, familyLink, formSubmission, laPolicy, messageThread, provisionDelivery, provisionItem, timelineEntry } from '../../src/db/schema/index.js';
import { parseCsv } from '../../src/domain/csv.js';
import { addDays } from '../../src/domain/dates.js';
import { weekStarting } from '../../src/domain/school-calendar.js';
import { ConflictError } from '../../src/http/errors.js';
import { minimalPdf } from '../../src/seed/documents.js';
import { createTestApp, demoUser, signedInAs, TEST_CLOCK, type Browser, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { multipartBody } from '../helpers/files.js';
import { paths } from '../../src/http/paths.js';

/**
 * Races and repeats: two people (or two systems, or one double click) doing the same thing at
 * once. On PostgreSQL the requests really run at the same time; on PGlite (one connection) they
 * interleave at every query, which is enough for the check-then-write races these tests catch.
 */

const submissionKeyOn = (html: string) => /name="_submission" value="([^"]+)"/.exec(html)?.[1] ?? '';
const versionOn = (html: string) => /name="_version" value="(\d+)"/.exec(html)?.[1] ?? '';

function dateParts(prefix: string, iso: string): Record<string, string> {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { [`${prefix}-day`]: String(Number(day)), [`${prefix}-month`]: String(Number(month)), [`${prefix}-year`]: year };
}

describe(`races and repeats (${testEngine})`, () => {
  let t: TestApp;
  let senco: Browser;
  let token: string;
  /** School-provided items of the demo SENCO's pupils. */
  let schoolItems: { id: string; childId: string }[];
  let parentsChild: string;
  const today = TEST_CLOCK.today();

  async function upload(browser: Browser, url: string, fields: Record<string, string>, file: { field?: string; name: string; content: Buffer; type?: string }): Promise<LightMyRequestResponse> {
    const { payload, contentType } = multipartBody({ _csrf: browser.csrfToken, ...fields }, file);
    const response = await t.app.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType, accept: 'text/html', cookie: browser.jar.header() } });
    browser.jar.store(response);
    return response;
  }

  function uploadCsv(browser: Browser, name: string, rows: string[]) {
    const content = Buffer.from(['item_id,date,status,minutes', ...rows].join('\r\n'));
    return upload(browser, paths.provision.import(), {}, { field: 'csvFile', name, content, type: 'text/csv' });
  }

  function postApi(records: unknown[], idempotencyKey: string) {
    return t.app.inject({
      method: 'POST',
      url: paths.api.deliveries(),
      payload: { records },
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': idempotencyKey },
    });
  }

  async function recordsOf(itemId: string, day: string) {
    return t.database.db
      .select()
      .from(provisionDelivery)
      .where(and(eq(provisionDelivery.provisionItemId, itemId), eq(provisionDelivery.deliveredOn, day)));
  }

  beforeAll(async () => {
    t = await createTestApp({ plans: 40, deliveryHistory: false, clock: TEST_CLOCK });
    senco = await signedInAs(t.app, t.demo, 'school_senco');
    const template = await senco.get(paths.provision.myImportTemplate());
    const ids = parseCsv(template.body.replace(/^\uFEFF/, ''))
      .slice(1)
      .map((row) => row.fields[0] ?? '');
    schoolItems = await t.database.db
      .select({ id: provisionItem.id, childId: ehcPlan.childId })
      .from(provisionItem)
      .innerJoin(ehcPlan, eq(ehcPlan.currentVersionId, provisionItem.planVersionId))
      .where(sql`${provisionItem.id} in ${ids}`);
    expect(schoolItems.length).toBeGreaterThan(3);

    const admin = await signedInAs(t.app, t.demo, 'la_admin');
    await admin.get(paths.admin.newApiKey());
    const [user] = await t.database.db
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, 'school_senco').email));
    const issued = await admin.post(paths.admin.apiKeys(), { userId: user?.id ?? '', name: 'School MIS' });
    token = /<code id="api-key">(oehcp_[^<]+)<\/code>/.exec(issued.body)?.[1] ?? '';
    expect(token).not.toBe('');

    const parentEmail = demoUser(t.demo, 'parent').email;
    const [link] = await t.database.db
      .select({ childId: familyLink.childId })
      .from(familyLink)
      .where(sql`${familyLink.userId} = (select id from app_user where email = ${parentEmail})`);
    parentsChild = link?.childId ?? '';
  });
  afterAll(async () => {
    await t.close();
  });

  describe('the loser of a race is told, never a 500', () => {
    it('two corrections of the same record at once by the form: one is saved, the other sees the form again with why (409)', async () => {
      const item = schoolItems[0];
      const day = addDays(today, -3);
      const sent = await postApi([{ itemId: item?.id, date: day, status: 'delivered', minutes: 30 }], 'correct-me-form');
      expect(sent.statusCode).toBe(201);
      const original = sent.json<{ records: { id: string }[] }>().records[0]?.id ?? '';
      const url = paths.provision.correctRecord({ childId: item?.childId ?? '', recordId: original });
      await senco.get(url);
      const answers = await Promise.all([31, 32].map((minutes) => senco.post(url, { action: 'correct', status: 'delivered', sessions: '1', minutes: String(minutes), missedReason: '' })));
      // The loser is refused by the check (it ran after the winner committed: 400) or, at the same moment, by the unique index (409).
      const [winner, loser] = [...answers].sort((a, b) => a.statusCode - b.statusCode);
      expect(winner?.statusCode).toBe(303);
      expect([400, 409]).toContain(loser?.statusCode);
      expect(loser?.body).toContain('govuk-error-summary');
      expect(loser?.body).toMatch(/This record has already been corrected|Someone else corrected this record at the same moment/);
      const corrections = (await recordsOf(item?.id ?? '', day)).filter((record) => record.correctsId === original);
      expect(corrections).toHaveLength(1);
    });

    it('two corrections of the same record at once by the API: one is stored, the other is a 409 problem', async () => {
      const item = schoolItems[0];
      const day = addDays(today, -4);
      const sent = await postApi([{ itemId: item?.id, date: day, status: 'delivered', minutes: 30 }], 'correct-me-api');
      const original = sent.json<{ records: { id: string }[] }>().records[0]?.id ?? '';
      const answers = await Promise.all([41, 42].map((minutes) => postApi([{ itemId: item?.id, date: day, status: 'delivered', minutes, correctsId: original }], `correction-${String(minutes)}`)));
      const [winner, loser] = [...answers].sort((a, b) => a.statusCode - b.statusCode);
      expect(winner?.statusCode).toBe(201);
      expect([400, 409]).toContain(loser?.statusCode);
      expect(loser?.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(loser?.json())).toMatch(/This record has already been corrected|Someone else corrected this record at the same moment/);
      expect((await recordsOf(item?.id ?? '', day)).filter((record) => record.correctsId === original)).toHaveLength(1);
    });

    it('two new versions of one document at once: each is saved or refused with a 409 form error, none lost or doubled', async () => {
      const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
      await caseworker.get(paths.documents.list({ childId: parentsChild }));
      const created = await upload(
        caseworker,
        paths.documents.list({ childId: parentsChild }),
        { title: 'Speech advice', audience: 'family', linkType: 'none' },
        { name: 'advice.pdf', content: minimalPdf(['v1']) },
      );
      expect(created.statusCode).toBe(303);
      const [doc] = await t.database.db.select({ id: document.id }).from(document).where(eq(document.title, 'Speech advice'));
      await caseworker.get(paths.documents.document({ childId: parentsChild, documentId: doc?.id ?? '' }));
      const answers = await Promise.all(
        ['v2a', 'v2b'].map((text) => upload(caseworker, paths.documents.versions({ childId: parentsChild, documentId: doc?.id ?? '' }), {}, { name: `${text}.pdf`, content: minimalPdf([text]) })),
      );
      for (const answer of answers) expect([303, 409]).toContain(answer.statusCode);
      for (const answer of answers.filter((candidate) => candidate.statusCode === 409)) expect(answer.body).toContain('Someone else added a version of this document at the same moment');
      const [{ n: versions } = { n: 0 }] = await t.database.db
        .select({ n: count() })
        .from(documentVersion)
        .where(eq(documentVersion.documentId, doc?.id ?? ''));
      expect(versions).toBe(1 + answers.filter((answer) => answer.statusCode === 303).length);
    });

    it('a unique violation from either engine becomes the conflict named by its constraint', async () => {
      const [version] = await t.database.db.select().from(documentVersion).limit(1);
      if (!version) throw new Error('No document version to copy');
      const error: unknown = await t.database.db
        .insert(documentVersion)
        .values({ ...version, id: undefined })
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      const conflict = conflictFrom(error);
      expect(conflict).toBeInstanceOf(ConflictError);
      expect(conflict?.fieldErrors[0]).toMatchObject({ path: 'file', message: expect.stringContaining('Someone else added a version') as string });
    });
  });

  describe('a stale save is refused, naming who changed it and when', () => {
    it('two administrators save the thresholds from the same page: the second is shown the first one’s change, keeps what they typed, and can save again', async () => {
      const first = await signedInAs(t.app, t.demo, 'la_admin');
      const second = await signedInAs(t.app, t.demo, 'la_admin');
      const adminName = demoUser(t.demo, 'la_admin').displayName;
      const pageA = await first.get(paths.admin.thresholds());
      const pageB = await second.get(paths.admin.thresholds());
      const form = (html: string, gapMinimumPercent: string) => ({
        _version: versionOn(html),
        gapMinimumPercent,
        gapWindowWeeks: '4',
        gapSilentWeeks: '3',
        notFullTimeSchoolDays: '15',
        concernStepDays: '10',
        replyWorkingDays: '3',
        familyUpdateDays: '14',
      });
      expect(versionOn(pageA.body)).toBe(versionOn(pageB.body));
      expect((await second.post(paths.admin.thresholds(), form(pageB.body, '70'))).statusCode).toBe(303);
      const stale = await first.post(paths.admin.thresholds(), form(pageA.body, '90'));
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toContain('govuk-error-summary');
      expect(stale.body).toMatch(new RegExp(`This was changed by ${adminName} at \\d\\d:\\d\\d after you opened the page`));
      // What they typed is still in the form.
      expect(stale.body).toMatch(/id="gapMinimumPercent" name="gapMinimumPercent" type="text"[^>]*value="90"/);
      const [saved] = await t.database.db.select().from(laPolicy).where(eq(laPolicy.laId, t.demo.laId));
      expect(saved?.gapMinimumPercent).toBe(70);
      // Saving again from the page shown is a deliberate save over the newer version.
      expect((await first.post(paths.admin.thresholds(), form(stale.body, '90'))).statusCode).toBe(303);
      const [after] = await t.database.db.select().from(laPolicy).where(eq(laPolicy.laId, t.demo.laId));
      expect(after?.gapMinimumPercent).toBe(90);
    });

    it('a term changed by someone else since the page was opened is not saved over, nor removed', async () => {
      const first = await signedInAs(t.app, t.demo, 'la_admin');
      const second = await signedInAs(t.app, t.demo, 'la_admin');
      const calendar = await first.get(paths.admin.termDates());
      const termUrl = /href="(\/admin\/term-dates\/terms\/[\d-]+)"/.exec(calendar.body)?.[1] ?? '';
      const pageA = await first.get(termUrl);
      const pageB = await second.get(termUrl);
      const fields = (html: string, name: string) => {
        const form: Record<string, string> = { _version: versionOn(html), name };
        for (const match of html.matchAll(/name="((?:start|end|halfTermStart|halfTermEnd)-(?:day|month|year))"[^>]*value="(\d*)"/g)) form[match[1] ?? ''] = match[2] ?? '';
        return form;
      };
      expect((await second.post(termUrl, fields(pageB.body, 'Autumn term (renamed)'))).statusCode).toBe(303);
      const stale = await first.post(termUrl, fields(pageA.body, 'Autumn term (mine)'));
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toMatch(/This was changed by .+ at \d\d:\d\d/);
      expect(stale.body).toContain('value="Autumn term (mine)"');
      expect((await first.post(`${termUrl}/remove`, { _version: versionOn(pageA.body) })).statusCode).toBe(409);
      expect((await first.get(paths.admin.termDates())).body).toContain('Autumn term (renamed)');
    });

    it('two saves from the same version at the same moment: exactly one wins', async () => {
      const first = await signedInAs(t.app, t.demo, 'la_admin');
      const page = await first.get(paths.admin.thresholds());
      const base = { _version: versionOn(page.body), gapWindowWeeks: '4', gapSilentWeeks: '3', notFullTimeSchoolDays: '15', concernStepDays: '10', replyWorkingDays: '3', familyUpdateDays: '14' };
      const answers = await Promise.all(['61', '62'].map((gapMinimumPercent) => first.post(paths.admin.thresholds(), { ...base, gapMinimumPercent })));
      expect(answers.map((answer) => answer.statusCode).sort()).toEqual([303, 409]);
    });
  });

  describe('nothing counted twice', () => {
    it('the same session sent by CSV and by the API at the same moment is stored once, and the loser says it was already recorded', async () => {
      const item = schoolItems[1];
      const day = addDays(today, -5);
      const [csv, api] = await Promise.all([
        uploadCsv(senco, 'this-week.csv', [`${item?.id ?? ''},${day},delivered,35`]),
        postApi([{ itemId: item?.id, date: day, status: 'delivered', minutes: 35 }], 'at-once'),
      ]);
      expect(csv.statusCode).toBe(200);
      expect(api.statusCode).toBe(201);
      expect(await recordsOf(item?.id ?? '', day)).toHaveLength(1);
      const apiSaysAlready = api.json<{ alreadyRecorded: number }>().alreadyRecorded === 1;
      const csvSaysAlready = csv.body.includes('Already recorded');
      expect([apiSaysAlready, csvSaysAlready].sort()).toEqual([false, true]);
    });

    it('a second CSV file repeating a record of an earlier one stores only what is new, and reports the repeat as already recorded', async () => {
      const item = schoolItems[2];
      const [monday, tuesday, wednesday] = [addDays(today, -9), addDays(today, -8), addDays(today, -7)];
      const row = (day: string) => `${item?.id ?? ''},${day},delivered,25`;
      expect((await uploadCsv(senco, 'week-1.csv', [row(monday), row(tuesday)])).statusCode).toBe(200);
      const second = await uploadCsv(senco, 'week-2.csv', [row(tuesday), row(wednesday)]);
      expect(second.statusCode).toBe(200);
      expect(second.body).toContain('Already recorded');
      expect(second.body).toContain('line 2');
      for (const day of [monday, tuesday, wednesday]) expect(await recordsOf(item?.id ?? '', day)).toHaveLength(1);
    });

    it('a record that says it is another session is stored beside the first', async () => {
      const item = schoolItems[2];
      const day = addDays(today, -10);
      const first = await postApi([{ itemId: item?.id, date: day, status: 'delivered', minutes: 20 }], 'morning');
      const second = await postApi([{ itemId: item?.id, date: day, status: 'delivered', minutes: 20, session: 'afternoon' }], 'afternoon');
      expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
      expect(second.json<{ alreadyRecorded: number }>().alreadyRecorded).toBe(0);
      expect(await recordsOf(item?.id ?? '', day)).toHaveLength(2);
    });

    it('the week grid sent twice at once stores its records once; the other is asked to look at what was added', async () => {
      const monday = addDays(weekStarting(today), -21);
      const page = await senco.get(paths.provision.week({ week: monday }));
      expect(page.statusCode).toBe(200);
      const itemId = /name="item-([0-9a-f-]{36})-seen" value="0"/.exec(page.body)?.[1] ?? '';
      expect(itemId).not.toBe('');
      const form: Record<string, string> = { complete: 'yes', week: monday, [`item-${itemId}-seen`]: '0', [`item-${itemId}-delivered-sessions`]: '2', [`item-${itemId}-delivered-minutes`]: '50' };
      const answers = await Promise.all([senco.post(paths.provision.week(), form), senco.post(paths.provision.week(), form)]);
      expect(answers.map((answer) => answer.statusCode).sort()).toEqual([303, 400]);
      expect(answers.find((answer) => answer.statusCode === 400)?.body).toContain('Records for this week were added since you opened the page');
      expect(await recordsOf(itemId, monday)).toHaveLength(1);
    });
  });

  describe('a form sent twice is stored once (its one-time submission key)', () => {
    async function timelineEntries(title: string) {
      return (await t.database.db.select({ n: count() }).from(timelineEntry).where(eq(timelineEntry.title, title)))[0]?.n ?? 0;
    }

    it('every form carries a key, new each time it is shown', async () => {
      const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
      const first = submissionKeyOn((await caseworker.get(paths.child.newTimelineEntry({ childId: parentsChild }))).body);
      const second = submissionKeyOn((await caseworker.get(paths.child.newTimelineEntry({ childId: parentsChild }))).body);
      expect(first).toMatch(/^[0-9a-f-]{36}$/);
      expect(second).not.toBe(first);
    });

    it('a timeline note sent again with the same key (a resend after a lost answer) is stored once and answered with the same redirect', async () => {
      const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
      const page = await caseworker.get(paths.child.newTimelineEntry({ childId: parentsChild }));
      const form = { _submission: submissionKeyOn(page.body), kind: 'note', ...dateParts('when', today), title: 'Called the school about transport', details: '', audience: 'professionals' };
      const first = await caseworker.post(paths.child.newTimelineEntry({ childId: parentsChild }), form);
      const again = await caseworker.post(paths.child.newTimelineEntry({ childId: parentsChild }), form);
      expect([first.statusCode, again.statusCode]).toEqual([303, 303]);
      expect(again.headers.location).toBe(first.headers.location);
      expect(await timelineEntries('Called the school about transport')).toBe(1);
    });

    it('a double click (the same key twice at once) stores one note, and both answers go to the same page', async () => {
      const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
      const page = await caseworker.get(paths.child.newTimelineEntry({ childId: parentsChild }));
      const form = { _submission: submissionKeyOn(page.body), kind: 'note', ...dateParts('when', today), title: 'Double-clicked note', details: '', audience: 'professionals' };
      const answers = await Promise.all([
        caseworker.post(paths.child.newTimelineEntry({ childId: parentsChild }), form),
        caseworker.post(paths.child.newTimelineEntry({ childId: parentsChild }), form),
      ]);
      expect(answers.map((answer) => answer.statusCode)).toEqual([303, 303]);
      expect(answers[1].headers.location).toBe(answers[0].headers.location);
      expect(await timelineEntries('Double-clicked note')).toBe(1);
    });

    it('a message sent twice with the same key starts one conversation', async () => {
      const parent = await signedInAs(t.app, t.demo, 'parent');
      const page = await parent.get(paths.messages.new({ childId: parentsChild }));
      const form = { _submission: submissionKeyOn(page.body), subject: 'Sent twice by mistake', audience: 'family', body: 'Is the review still on Tuesday?' };
      const first = await parent.post(paths.messages.list({ childId: parentsChild }), form);
      const again = await parent.post(paths.messages.list({ childId: parentsChild }), form);
      expect([first.statusCode, again.statusCode]).toEqual([303, 303]);
      expect(again.headers.location).toBe(first.headers.location);
      const threads = await t.database.db.select({ id: messageThread.id }).from(messageThread).where(eq(messageThread.subject, 'Sent twice by mistake'));
      expect(threads).toHaveLength(1);
    });

    it('a document uploaded twice with the same key (multipart) is stored once', async () => {
      const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
      const page = await caseworker.get(paths.documents.list({ childId: parentsChild }));
      const fields = { _submission: submissionKeyOn(page.body), title: 'Uploaded twice', audience: 'family', linkType: 'none' };
      const answers = [];
      for (let attempt = 0; attempt < 2; attempt += 1)
        answers.push(await upload(caseworker, paths.documents.list({ childId: parentsChild }), fields, { name: 'twice.pdf', content: minimalPdf(['twice']) }));
      expect(answers.map((answer) => answer.statusCode)).toEqual([303, 303]);
      expect(await t.database.db.select({ id: document.id }).from(document).where(eq(document.title, 'Uploaded twice'))).toHaveLength(1);
    });

    it('a form shown again with errors releases its key, so the corrected form is stored', async () => {
      const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
      const page = await caseworker.get(paths.child.newTimelineEntry({ childId: parentsChild }));
      const key = submissionKeyOn(page.body);
      const form = { _submission: key, kind: 'note', ...dateParts('when', today), details: '', audience: 'professionals' };
      expect((await caseworker.post(paths.child.newTimelineEntry({ childId: parentsChild }), { ...form, title: '' })).statusCode).toBe(400);
      expect(await t.database.db.select().from(formSubmission).where(eq(formSubmission.submissionKey, key))).toHaveLength(0);
      expect((await caseworker.post(paths.child.newTimelineEntry({ childId: parentsChild }), { ...form, title: 'Corrected note' })).statusCode).toBe(303);
      expect(await timelineEntries('Corrected note')).toBe(1);
    });
  });
});
