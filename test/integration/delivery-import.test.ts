import { and, eq, sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiIdempotency, apiKey, appUser, auditEvent, deliveryImport, ehcPlan, placement, provisionDelivery, provisionDeliveryWeek, provisionItem } from '../../src/db/schema/index.js';
import { parseCsv } from '../../src/domain/csv.js';
import { addDays } from '../../src/domain/dates.js';
import { createTestApp, demoUser, signedInAs, TEST_CLOCK, type Browser, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { paths } from '../../src/http/paths.js';

const HEADER = 'item_id,date,period_end,status,sessions,minutes,missed_reason,made_up,corrects_id';

/** A multipart/form-data body as a browser sends it: the CSRF field first, then the file. */
function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer | string }) {
  const boundary = '----openehcpTestBoundary7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csvFile"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe(`delivery records by CSV and API (${testEngine})`, () => {
  let t: TestApp;
  let senco: Browser;
  /** School-provided items of the demo SENCO's pupils. */
  let schoolItems: { id: string; childId: string }[];
  /** A school-provided item of a child at another school. */
  let otherSchoolItem: string;
  const today = TEST_CLOCK.today();
  const yesterday = addDays(today, -1);

  async function upload(browser: Browser, name: string, content: Buffer | string, options: { csrf?: string } = {}): Promise<LightMyRequestResponse> {
    await browser.get(paths.provision.import());
    const body = multipart({ _csrf: options.csrf ?? browser.csrfToken }, { name, content });
    const response = await t.app.inject({
      method: 'POST',
      url: paths.provision.import(),
      payload: body.payload,
      headers: { 'content-type': body.contentType, accept: 'text/html', cookie: browser.jar.header() },
    });
    browser.jar.store(response);
    return response;
  }

  async function countDeliveries() {
    const [row] = await t.database.db.select({ count: sql<number>`count(*)::int` }).from(provisionDelivery);
    return row?.count ?? 0;
  }

  beforeAll(async () => {
    t = await createTestApp({ plans: 40, deliveryHistory: false, clock: TEST_CLOCK });
    senco = await signedInAs(t.app, t.demo, 'school_senco');
    const template = await senco.get(paths.provision.myImportTemplate());
    expect(template.statusCode).toBe(200);
    const rows = parseCsv(template.body.replace(/^\uFEFF/, ''));
    const ids = rows.slice(1).map((row) => row.fields[0] ?? '');
    expect(ids.length).toBeGreaterThan(1);
    const items = await t.database.db
      .select({ id: provisionItem.id, childId: ehcPlan.childId })
      .from(provisionItem)
      .innerJoin(ehcPlan, eq(ehcPlan.currentVersionId, provisionItem.planVersionId))
      .where(sql`${provisionItem.id} in ${ids}`);
    schoolItems = items;
    const sencoUser = demoUser(t.demo, 'school_senco');
    const [other] = await t.database.db
      .select({ id: provisionItem.id })
      .from(provisionItem)
      .innerJoin(ehcPlan, and(eq(ehcPlan.currentVersionId, provisionItem.planVersionId), eq(ehcPlan.status, 'active')))
      .innerJoin(placement, and(eq(placement.childId, ehcPlan.childId), sql`${placement.endDate} is null`))
      .where(sql`${provisionItem.providerKind} = 'school' and ${placement.settingId} is distinct from (select setting_id from app_user where email = ${sencoUser.email})`)
      .limit(1);
    otherSchoolItem = other?.id ?? '';
    expect(otherSchoolItem).not.toBe('');
  });
  afterAll(async () => {
    await t.close();
  });

  describe('CSV upload', () => {
    it('shows the upload page with both templates to a SENCO, and the template has the columns and an example row', async () => {
      const page = await senco.get(paths.provision.import());
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('enctype="multipart/form-data"');
      expect(page.body).toContain(paths.provision.myImportTemplate());
      const template = await senco.get(paths.provision.importTemplate());
      expect(template.headers['content-type']).toContain('text/csv');
      const [header, example] = parseCsv(template.body);
      expect(header?.fields).toEqual(['item_id', 'child', 'provision', 'date', 'period_end', 'status', 'sessions', 'minutes', 'missed_reason', 'made_up', 'corrects_id', 'session']);
      expect(example?.fields).toHaveLength(12);
    });

    it('audits the pre-filled template as a read of each child it names', async () => {
      const children = new Set(schoolItems.map((item) => item.childId));
      const events = await t.database.db
        .select({ childId: auditEvent.childId })
        .from(auditEvent)
        .where(and(eq(auditEvent.action, 'VIEW_PROVISION'), sql`${auditEvent.change}->>'listed' is not null`));
      expect(new Set(events.map((event) => event.childId))).toEqual(children);
    });

    it('imports a good file once, even when it is sent twice, and says when it was imported', async () => {
      const [first, second] = schoolItems;
      const csv = [
        HEADER,
        `${first?.id ?? ''},${yesterday},,delivered,1,30,,no,`,
        `${first?.id ?? ''},${today},,missed,1,30,staff_vacancy,,`,
        `${second?.id ?? ''},${today},,Delivered,2,60,,yes,`,
        '',
      ].join('\r\n');
      const before = await countDeliveries();
      const response = await upload(senco, 'week.csv', csv);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('Delivery records imported');
      expect(response.body).toMatch(/3 records for [12] child/);
      expect(await countDeliveries()).toBe(before + 3);
      const [imported] = await t.database.db.select().from(deliveryImport).where(eq(deliveryImport.fileName, 'week.csv'));
      expect(imported).toMatchObject({ source: 'csv', recordCount: 3 });
      const stored = await t.database.db
        .select()
        .from(provisionDelivery)
        .where(eq(provisionDelivery.importId, imported?.id ?? ''));
      expect(stored.map((row) => row.source)).toEqual(['csv', 'csv', 'csv']);
      const weeks = await t.database.db
        .select()
        .from(provisionDeliveryWeek)
        .where(eq(provisionDeliveryWeek.provisionItemId, second?.id ?? ''));
      expect(weeks.reduce((sum, week) => sum + week.madeUpMinutes, 0)).toBe(60);
      const audits = await t.database.db
        .select()
        .from(auditEvent)
        .where(and(eq(auditEvent.action, 'IMPORT_PROVISION_DELIVERY'), eq(auditEvent.subjectId, imported?.id ?? '')));
      expect(audits.length).toBeGreaterThanOrEqual(1);

      const again = await upload(senco, 'week-renamed.csv', csv);
      expect(again.statusCode).toBe(200);
      expect(again.body).toContain('This file was imported before');
      expect(again.body).toContain('as week.csv');
      expect(await countDeliveries()).toBe(before + 3);
    });

    it.each([
      [
        'a missing column and an unknown one',
        (id: string) => `item_id,date,status,minuets\r\n${id},${today},delivered,30`,
        [
          ['1', 'minuets', 'is not a column'],
          ['1', 'minutes', 'no minutes column'],
        ],
      ],
      ['a row with an extra value', (id: string) => `${HEADER}\r\n${id},${today},,delivered,1,30,,no,,extra`, [['2', '', 'has 10 values but the header has 9']]],
      ['negative minutes', (id: string) => `${HEADER}\r\n${id},${yesterday},,delivered,1,30,,,\r\n${id},${today},,delivered,1,-5,,,`, [['3', 'minutes', 'Minutes must be 1 or more']]],
      ['a date in the future', (id: string) => `${HEADER}\r\n${id},${addDays(today, 3)},,delivered,1,30,,,`, [['2', 'date', 'today or in the past']]],
      ['a date that is not real', (id: string) => `${HEADER}\r\n${id},2026-02-30,,delivered,1,30,,,`, [['2', 'date', 'Enter a real date']]],
      [
        'a missed session with no reason, and made_up neither yes nor no',
        (id: string) => `${HEADER}\r\n${id},${today},,missed,1,30,,maybe,`,
        [
          ['2', 'made_up', 'yes, no or empty'],
          ['2', 'missed_reason', 'Give the reason'],
        ],
      ],
      [
        'duplicate rows',
        (id: string) => `${HEADER}\r\n${id},${yesterday},,delivered,1,25,,,\r\n${id},${today},,delivered,1,25,,,\r\n${id},${yesterday},,delivered,1,25,,,`,
        [['4', 'item_id', 'repeats line 2']],
      ],
      ['another school’s pupil’s provision', () => `${HEADER}\r\n${otherSchoolItem},${today},,delivered,1,30,,,`, [['2', 'item_id', 'no provision with this id that you may record against']]],
      ['a broken quote', (id: string) => `${HEADER}\r\n${id},"${today},,delivered,1,30,,,`, [['2', '', 'never closed']]],
    ])('rejects a file with %s whole, listing each problem by line and column, storing nothing', async (_name, build, expected) => {
      const id = schoolItems[0]?.id ?? '';
      const before = await countDeliveries();
      const imports = (await t.database.db.select().from(deliveryImport)).length;
      // A good row beside the bad ones must not be stored either.
      const response = await upload(senco, 'bad.csv', build(id));
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('govuk-error-summary');
      expect(response.body).toContain('href="#csvFile"');
      expect(response.body).toContain('Nothing was imported');
      const rows = [
        ...response.body.matchAll(
          /<tr class="govuk-table__row">\s*<td class="govuk-table__cell">([^<]*)<\/td>\s*<td class="govuk-table__cell">([^<]*)<\/td>\s*<td class="govuk-table__cell">([^<]*)<\/td>/g,
        ),
      ].map((match) => [match[1], match[2], match[3]]);
      for (const [line, column, message] of expected) {
        expect(
          rows.some(([l, c, m]) => l === line && c === column && (m ?? '').replace(/&#39;/g, "'").includes(message ?? '')),
          `${String(line)} ${String(column)} ${String(message)} in ${JSON.stringify(rows)}`,
        ).toBe(true);
      }
      expect(await countDeliveries()).toBe(before);
      expect((await t.database.db.select().from(deliveryImport)).length).toBe(imports);
    });

    it('rejects a file that is not UTF-8, saying which line', async () => {
      const id = schoolItems[0]?.id ?? '';
      const content = Buffer.concat([Buffer.from(`${HEADER}\r\n${id},${today},,delivered,1,30,,,\r\n`), Buffer.from([0x5a, 0x6f, 0xeb]), Buffer.from(',x\r\n')]);
      const response = await upload(senco, 'latin1.csv', content);
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('Line 3 is not UTF-8 text');
    });

    it.each([
      ['an empty file', 'empty.csv', '', 'The file is empty'],
      ['a header only', 'header.csv', `${HEADER}\r\n`, 'no records under it'],
      ['a spreadsheet that is not CSV', 'week.xlsx', 'PK', 'must be a CSV'],
    ])('rejects %s', async (_name, fileName, content, message) => {
      const response = await upload(senco, fileName, content);
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain(message);
    });

    it('skips the untouched rows of the pre-filled template', async () => {
      const template = (await senco.get(paths.provision.myImportTemplate())).body.replace(/^\uFEFF/, '');
      const lines = template.split('\r\n');
      // Fill in the first item's row only: date, status, sessions, minutes.
      const cells = parseCsv(lines[1] ?? '')[0]?.fields ?? [];
      lines[1] = [cells[0], `"${cells[1] ?? ''}"`, `"${cells[2] ?? ''}"`, addDays(today, -2), '', 'delivered', '1', '40', '', '', '', ''].join(',');
      const response = await upload(senco, 'prefilled.csv', lines.join('\r\n'));
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('1 record for 1 child');
      expect(response.body).toMatch(/\d+ rows? (was|were) left empty and skipped/);
    });

    it('accepts multipart only on the upload route', async () => {
      await senco.get(paths.provision.import());
      const body = multipart({ _csrf: senco.csrfToken, itemId: schoolItems[0]?.id ?? '' });
      const response = await t.app.inject({
        method: 'POST',
        url: paths.provision.record({ childId: schoolItems[0]?.childId ?? '' }),
        payload: body.payload,
        headers: { 'content-type': body.contentType, accept: 'text/html', cookie: senco.jar.header() },
      });
      expect(response.statusCode).toBe(415);
    });

    it('refuses an upload without the CSRF token, and families the page', async () => {
      const before = await countDeliveries();
      const response = await upload(senco, 'week.csv', `${HEADER}\r\n${schoolItems[0]?.id ?? ''},${addDays(today, -4)},,delivered,1,30,,,`, { csrf: 'forged' });
      expect(response.statusCode).toBe(403);
      expect(await countDeliveries()).toBe(before);
      const parent = await signedInAs(t.app, t.demo, 'parent');
      expect((await parent.get(paths.provision.import())).statusCode).toBe(403);
      expect((await parent.get(paths.provision.myImportTemplate())).statusCode).toBe(403);
    });
  });

  describe('API keys and the JSON API', () => {
    let token: string;
    let keyId: string;

    async function issueKey(role: 'school_senco' | 'professional', name: string): Promise<string> {
      const admin = await signedInAs(t.app, t.demo, 'la_admin');
      const form = await admin.get(paths.admin.newApiKey());
      expect(form.statusCode).toBe(200);
      const [user] = await t.database.db
        .select({ id: appUser.id })
        .from(appUser)
        .where(eq(appUser.email, demoUser(t.demo, role).email));
      const issued = await admin.post(paths.admin.apiKeys(), { userId: user?.id ?? '', name });
      expect(issued.statusCode).toBe(201);
      const match = /<code id="api-key">(oehcp_[0-9a-f]{8}_[A-Za-z0-9_-]{43})<\/code>/.exec(issued.body);
      expect(match).not.toBeNull();
      return match?.[1] ?? '';
    }

    function post(records: unknown[], headers: Record<string, string>) {
      return t.app.inject({ method: 'POST', url: paths.api.deliveries(), payload: { records }, headers: { 'content-type': 'application/json', ...headers } });
    }

    beforeAll(async () => {
      token = await issueKey('school_senco', 'School MIS');
      const [key] = await t.database.db.select({ id: apiKey.id }).from(apiKey).where(eq(apiKey.name, 'School MIS'));
      keyId = key?.id ?? '';
    });

    it('lets an administrator issue a key (stored only as a hash) and lists it, audited', async () => {
      const [stored] = await t.database.db.select().from(apiKey).where(eq(apiKey.id, keyId));
      expect(stored?.secretSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(token).not.toContain(stored?.secretSha256 ?? 'x');
      // oehcp_ + 8 hex + _ : the rest is the secret (base64url, which may itself contain "_").
      const secret = token.slice('oehcp_12345678_'.length);
      expect(secret).toHaveLength(43);
      expect(JSON.stringify(stored)).not.toContain(secret);
      const admin = await signedInAs(t.app, t.demo, 'la_admin');
      const list = await admin.get(paths.admin.apiKeys());
      expect(list.body).toContain('School MIS');
      expect(list.body).not.toContain(token);
      const actions = (
        await t.database.db
          .select({ action: auditEvent.action })
          .from(auditEvent)
          .where(sql`${auditEvent.action} in ('VIEW_API_KEYS', 'MANAGE_API_KEYS')`)
      ).map((row) => row.action);
      expect(actions).toContain('MANAGE_API_KEYS');
      expect(actions).toContain('VIEW_API_KEYS');
    });

    it('refuses to issue a key to LA staff or with no name, and refuses the pages to anyone but administrators', async () => {
      const admin = await signedInAs(t.app, t.demo, 'la_admin');
      await admin.get(paths.admin.newApiKey());
      const [caseworker] = await t.database.db
        .select({ id: appUser.id })
        .from(appUser)
        .where(eq(appUser.email, demoUser(t.demo, 'sen_caseworker').email));
      const refused = await admin.post(paths.admin.apiKeys(), { userId: caseworker?.id ?? '', name: 'Too wide' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('Select a school or provider user of this LA');
      const unnamed = await admin.post(paths.admin.apiKeys(), { userId: caseworker?.id ?? '', name: ' ' });
      expect(unnamed.body).toContain('Enter a name for the key');
      expect((await senco.get(paths.admin.apiKeys())).statusCode).toBe(403);
    });

    it('answers 401 without a key or with a wrong one, and a key never opens an HTML page', async () => {
      const record = { itemId: schoolItems[0]?.id, date: today, status: 'delivered', minutes: 20 };
      const none = await post([record], { 'idempotency-key': 'k-none' });
      expect(none.statusCode).toBe(401);
      expect(none.headers['content-type']).toContain('application/problem+json');
      const wrong = await post([record], { authorization: `Bearer ${token.slice(0, -2)}xx`, 'idempotency-key': 'k-wrong' });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json<{ status: number; detail: string }>().detail).toContain('not valid');
      const page = await t.app.inject({ method: 'GET', url: paths.caseload(), headers: { authorization: `Bearer ${token}`, accept: 'text/html' } });
      expect(page.statusCode).toBe(303);
      expect(page.headers.location).toContain(paths.signIn());
    });

    it('records a batch with 201 and the ids, as the key holder, audited with the key', async () => {
      const records = [
        { itemId: schoolItems[0]?.id, date: addDays(today, -5), status: 'delivered', sessions: 1, minutes: 35 },
        { itemId: schoolItems[1]?.id, date: addDays(today, -5), status: 'missed', minutes: 35, missedReason: 'child_unwell' },
      ];
      const response = await post(records, { authorization: `Bearer ${token}`, 'idempotency-key': 'batch-1' });
      expect(response.statusCode).toBe(201);
      const body = response.json<{ importId: string; recorded: number; records: { id: string; itemId: string }[] }>();
      expect(body.recorded).toBe(2);
      expect(body.records.map((record) => record.itemId)).toEqual(records.map((record) => record.itemId));
      const stored = await t.database.db.select().from(provisionDelivery).where(eq(provisionDelivery.importId, body.importId));
      expect(stored).toHaveLength(2);
      expect(stored.every((row) => row.source === 'api' && row.recordedBy === stored[0]?.recordedBy)).toBe(true);
      const [audit] = await t.database.db
        .select()
        .from(auditEvent)
        .where(and(eq(auditEvent.action, 'IMPORT_PROVISION_DELIVERY'), eq(auditEvent.subjectId, body.importId)));
      expect(audit?.change).toMatchObject({ source: 'api', apiKeyId: keyId });
      const [key] = await t.database.db.select({ lastUsedAt: apiKey.lastUsedAt }).from(apiKey).where(eq(apiKey.id, keyId));
      expect(key?.lastUsedAt).not.toBeNull();
    });

    it.each([
      ['true', true],
      ['[30]', [30]],
      ['"30"', '30'],
      ['30.5', 30.5],
      ['null', null],
    ])('refuses minutes sent as %s: JSON numbers are never coerced', async (_name, minutes) => {
      const before = await countDeliveriesFor(schoolItems[0]?.id ?? '');
      const response = await post([{ itemId: schoolItems[0]?.id, date: addDays(today, -7), status: 'delivered', minutes }], {
        authorization: `Bearer ${token}`,
        'idempotency-key': `strict-${JSON.stringify(minutes)}`,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json<{ errors: { path: string; message: string }[] }>().errors).toEqual([expect.objectContaining({ path: 'records.0.minutes' })]);
      expect(await countDeliveriesFor(schoolItems[0]?.id ?? '')).toBe(before);
    });

    it('refuses sessions sent as a boolean or an array', async () => {
      for (const sessions of [true, [2]]) {
        const response = await post([{ itemId: schoolItems[0]?.id, date: addDays(today, -7), status: 'delivered', sessions, minutes: 30 }], {
          authorization: `Bearer ${token}`,
          'idempotency-key': `strict-sessions-${JSON.stringify(sessions)}`,
        });
        expect(response.statusCode).toBe(400);
      }
    });

    async function countDeliveriesFor(itemId: string): Promise<number> {
      return (await t.database.db.select({ id: provisionDelivery.id }).from(provisionDelivery).where(eq(provisionDelivery.provisionItemId, itemId))).length;
    }

    it('replays the same key and body without storing again; the same key with another body is refused', async () => {
      const records = [{ itemId: schoolItems[0]?.id, date: addDays(today, -6), status: 'delivered', minutes: 15 }];
      const first = await post(records, { authorization: `Bearer ${token}`, 'idempotency-key': 'batch-2' });
      expect(first.statusCode).toBe(201);
      const before = await countDeliveries();
      const replay = await post(records, { authorization: `Bearer ${token}`, 'idempotency-key': 'batch-2' });
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json()).toEqual(first.json());
      expect(await countDeliveries()).toBe(before);
      const conflict = await post([{ ...records[0], minutes: 16 }], { authorization: `Bearer ${token}`, 'idempotency-key': 'batch-2' });
      expect(conflict.statusCode).toBe(422);
      expect(conflict.json<{ detail: string }>().detail).toContain('different request');
      const sameBodyNewKey = await post(records, { authorization: `Bearer ${token}`, 'idempotency-key': 'batch-2b' });
      expect(sameBodyNewKey.statusCode).toBe(409);
      expect(await countDeliveries()).toBe(before);
      expect((await t.database.db.select().from(apiIdempotency).where(eq(apiIdempotency.apiKeyId, keyId))).map((row) => row.idempotencyKey).sort()).toEqual(['batch-1', 'batch-2']);
    });

    it('needs an Idempotency-Key, and rejects a batch with per-record paths, storing nothing', async () => {
      const before = await countDeliveries();
      const missing = await post([{ itemId: schoolItems[0]?.id, date: today, status: 'delivered', minutes: 10 }], { authorization: `Bearer ${token}` });
      expect(missing.statusCode).toBe(400);
      expect(missing.json()).toMatchObject({ errors: [{ path: 'Idempotency-Key' }] });
      const bad = await post(
        [
          { itemId: schoolItems[0]?.id, date: addDays(today, -7), status: 'delivered', minutes: 10 },
          { itemId: schoolItems[0]?.id, date: today, status: 'delivered', minutes: -1 },
        ],
        { authorization: `Bearer ${token}`, 'idempotency-key': 'bad-1' },
      );
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      expect(bad.json()).toMatchObject({ errors: [{ path: 'records.1.minutes', message: 'Minutes must be 1 or more' }] });
      expect(await countDeliveries()).toBe(before);
    });

    it("keeps a school's key to its own pupils: another school's child's provision is refused and not found", async () => {
      const before = await countDeliveries();
      const response = await post([{ itemId: otherSchoolItem, date: today, status: 'delivered', minutes: 30 }], { authorization: `Bearer ${token}`, 'idempotency-key': 'other-school' });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ errors: [{ path: 'records.0.itemId' }] });
      expect(await countDeliveries()).toBe(before);
      const [otherChild] = await t.database.db
        .select({ childId: ehcPlan.childId })
        .from(provisionItem)
        .innerJoin(ehcPlan, eq(ehcPlan.currentVersionId, provisionItem.planVersionId))
        .where(eq(provisionItem.id, otherSchoolItem));
      const read = await t.app.inject({ method: 'GET', url: paths.api.childProvision({ childId: otherChild?.childId ?? '' }), headers: { authorization: `Bearer ${token}` } });
      expect(read.statusCode).toBe(404);
    });

    it('tells a system the item ids of its children', async () => {
      const own = await t.app.inject({ method: 'GET', url: paths.api.childProvision({ childId: schoolItems[0]?.childId ?? '' }), headers: { authorization: `Bearer ${token}` } });
      expect(own.statusCode).toBe(200);
      expect(own.json<{ items: { id: string; recordable: boolean }[] }>().items.some((item) => item.id === schoolItems[0]?.id && item.recordable)).toBe(true);
      const list = await t.app.inject({ method: 'GET', url: paths.api.provisionItems(), headers: { authorization: `Bearer ${token}` } });
      expect(list.statusCode).toBe(200);
      expect(new Set(list.json<{ items: { id: string }[] }>().items.map((item) => item.id))).toEqual(new Set(schoolItems.map((item) => item.id)));
    });

    it('refuses a signed-in session on the recording endpoint (it needs a key), but keeps cookie reads working', async () => {
      await senco.get(paths.provision.import());
      const response = await t.app.inject({
        method: 'POST',
        url: paths.api.deliveries(),
        payload: { records: [] },
        headers: { 'content-type': 'application/json', cookie: senco.jar.header(), 'x-csrf-token': senco.csrfToken, 'idempotency-key': 'cookie' },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json<{ detail: string }>().detail).toContain('needs an API key');
      const read = await t.app.inject({ method: 'GET', url: paths.api.children(), headers: { cookie: senco.jar.header() } });
      expect(read.statusCode).toBe(200);
    });

    it('stops a key once it is revoked, or once its holder is disabled', async () => {
      const record = { itemId: schoolItems[0]?.id, date: addDays(today, -8), status: 'delivered', minutes: 12 };
      const admin = await signedInAs(t.app, t.demo, 'la_admin');
      const confirm = await admin.get(paths.admin.revokeApiKey({ keyId }));
      expect(confirm.statusCode).toBe(200);
      const revoked = await admin.post(paths.admin.revokeApiKey({ keyId }), {});
      expect(revoked.statusCode).toBe(303);
      expect((await admin.get(paths.admin.apiKeys({ revoked: 1 }))).body).toContain('Revoked');
      const refused = await post([record], { authorization: `Bearer ${token}`, 'idempotency-key': 'after-revoke' });
      expect(refused.statusCode).toBe(401);

      const therapistToken = await issueKey('professional', 'Therapy system');
      const list = await t.app.inject({ method: 'GET', url: paths.api.provisionItems(), headers: { authorization: `Bearer ${therapistToken}` } });
      expect(list.statusCode).toBe(200);
      await t.database.db
        .update(appUser)
        .set({ disabled: true })
        .where(eq(appUser.email, demoUser(t.demo, 'professional').email));
      try {
        const disabled = await t.app.inject({ method: 'GET', url: paths.api.provisionItems(), headers: { authorization: `Bearer ${therapistToken}` } });
        expect(disabled.statusCode).toBe(401);
      } finally {
        await t.database.db
          .update(appUser)
          .set({ disabled: false })
          .where(eq(appUser.email, demoUser(t.demo, 'professional').email));
      }
    });
  });
});
