import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { appUser, child, ehcPlan, provisionItem } from '../../src/db/schema/index.js';
import { seedDemoLa, type DemoLaSummary } from '../../src/seed/generator.js';
import { childIdsOn, demoUser, signedInAs, TEST_CLOCK, testConfig, type Browser } from '../helpers/app.js';
import { openTestDatabase, testEngine } from '../helpers/database.js';

// Personal data as people type it into the service. Each holds "Zqx", which no demo data does,
// so a trigger can refuse exactly these rows to force the database errors below.
const NAME = 'Zebedee Zqxcanary';
const EMAIL = 'zqx.canary@example.net';
const PHONE = '07700 900461';
const DATE_OF_BIRTH = '17/03/2013';
const MESSAGE_BODY = 'Zqx: the taxi never came and my son missed his therapy';
const PASSWORD = 'Zqx-not-the-password';
const CANARIES = [NAME, 'Zqxcanary', EMAIL, PHONE, DATE_OF_BIRTH, MESSAGE_BODY, PASSWORD, 'Zqx'];

function dateParts(prefix: string, iso: string): Record<string, string> {
  const [year, month, day] = iso.split('-');
  return { [`${prefix}-day`]: String(Number(day)), [`${prefix}-month`]: String(Number(month)), [`${prefix}-year`]: year ?? '' };
}

describe(`no personal data in the logs (${testEngine})`, () => {
  const lines: string[] = [];
  let database: DatabaseHandle;
  let demo: DemoLaSummary;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let caseworker: Browser;
  let childId: string;
  let itemId: string;
  let caseworkerId: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    demo = await seedDemoLa(database.db, { plans: 20, seed: 20261128, deliveryHistory: false, clock: TEST_CLOCK });
    // The most talkative level: whatever any level would log is here.
    app = await buildApp({ config: testConfig({ logLevel: 'trace' }), database, logDestination: { write: (line) => lines.push(line) }, clock: TEST_CLOCK });
    await app.ready();
    caseworker = await signedInAs(app, demo, 'sen_caseworker');
    childId = childIdsOn((await caseworker.get('/children')).body)[0] ?? '';
    const [item] = await database.db
      .select({ id: provisionItem.id })
      .from(ehcPlan)
      .innerJoin(provisionItem, eq(provisionItem.planVersionId, ehcPlan.currentVersionId))
      .where(and(eq(ehcPlan.childId, childId), eq(ehcPlan.status, 'active')))
      .limit(1);
    itemId = item?.id ?? '';
    const [user] = await database.db
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.email, demoUser(demo, 'sen_caseworker').email));
    caseworkerId = user?.id ?? '';
  }, 240_000);

  afterAll(async () => {
    await app.close();
    await database.close();
  });

  /** Every form that stores personal data, the caseload search and a failed sign-in; the statuses they answered. */
  async function driveEveryForm(): Promise<Record<string, number>> {
    const statuses: Record<string, number> = {};
    const today = TEST_CLOCK.today();
    await caseworker.get(`/children/${childId}/people/new`);
    statuses.contact = (await caseworker.post(`/children/${childId}/people/new`, { name: NAME, role: 'GP', email: EMAIL, phone: PHONE, audience: 'family' })).statusCode;
    statuses.invalidContact = (await caseworker.post(`/children/${childId}/people/new`, { name: NAME, role: 'GP', email: EMAIL, phone: 'call me', audience: 'family' })).statusCode;
    await caseworker.get(`/children/${childId}/timeline/new`);
    statuses.timelineNote = (
      await caseworker.post(`/children/${childId}/timeline/new`, {
        kind: 'note',
        ...dateParts('when', today),
        title: `Call about ${NAME}`,
        details: `Date of birth ${DATE_OF_BIRTH}. ${MESSAGE_BODY}`,
        audience: 'family',
      })
    ).statusCode;
    await caseworker.get(`/children/${childId}/messages/new`);
    statuses.message = (await caseworker.post(`/children/${childId}/messages`, { subject: `About ${NAME}`, audience: 'family', body: MESSAGE_BODY })).statusCode;
    await caseworker.get(`/children/${childId}/concerns/new`);
    statuses.concern = (await caseworker.post(`/children/${childId}/concerns/new`, { itemId, description: MESSAGE_BODY })).statusCode;
    await caseworker.get(`/children/${childId}/tasks/new`);
    const due = (() => {
      const date = new Date(`${today}T12:00:00Z`);
      date.setUTCDate(date.getUTCDate() + 7);
      return date.toISOString().slice(0, 10);
    })();
    statuses.task = (await caseworker.post(`/children/${childId}/tasks/new`, { title: `Ring ${NAME} on ${PHONE}`, ownerUserId: caseworkerId, ...dateParts('dueOn', due) })).statusCode;
    statuses.search = (await caseworker.get(`/children?q=${encodeURIComponent(NAME)}`)).statusCode;
    const stranger = await signedInAs(app, demo, 'parent');
    await stranger.get('/sign-in');
    statuses.wrongPassword = (await stranger.post('/sign-in', { email: EMAIL, password: PASSWORD })).statusCode;
    return statuses;
  }

  it('logs no name, date of birth, email, phone, message or password from any form, even when the database refuses them', async () => {
    const stored = await driveEveryForm();
    expect(stored).toEqual({ contact: 303, invalidContact: 400, timelineNote: 303, message: 303, concern: 303, task: 303, search: 200, wrongPassword: 401 });

    // Now every row carrying a canary is refused, the way a constraint refuses a bad value: the
    // driver's error then holds the values twice (Drizzle's "params:" and PostgreSQL's row text).
    await database.db.execute(
      sql.raw(`
      create function refuse_canary() returns trigger language plpgsql as $$
      begin
        if new::text like '%Zqx%' or new::text like '%zqx%' then
          raise exception 'refused row %', new::text using errcode = '23514', constraint = 'canary_refused', detail = 'Failing row contains ' || new::text;
        end if;
        return new;
      end $$`),
    );
    await database.db.execute(
      sql.raw(`
      do $$ declare t text; begin
        for t in select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' loop
          execute format('create trigger refuse_canary before insert or update on %I for each row execute function refuse_canary()', t);
        end loop;
      end $$;`),
    );
    const refused = await driveEveryForm();
    for (const form of ['contact', 'timelineNote', 'message', 'concern', 'task', 'wrongPassword'] as const) expect(refused[form], form).toBe(500);

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(50);
    for (const canary of CANARIES) expect(log, `the log holds ${canary}`).not.toContain(canary);
    // …and still says what failed: the constraint, the SQLSTATE and the request.
    const failures = lines
      .map((line) => JSON.parse(line) as { msg?: string; reqId?: string; err?: { database?: { code?: string; constraint?: string } } })
      .filter((entry) => entry.msg === 'request failed');
    expect(failures.length).toBeGreaterThanOrEqual(6);
    for (const failure of failures) {
      expect(failure.reqId).toMatch(/^[0-9a-f-]{36}$/);
      expect(failure.err?.database).toMatchObject({ code: '23514', constraint: 'canary_refused' });
    }
    // The search was logged by its route, not its URL.
    expect(log).toContain('"route":"/children"');
    expect(await database.db.select({ id: child.id }).from(child).limit(1)).toHaveLength(1);
  }, 240_000);
});
