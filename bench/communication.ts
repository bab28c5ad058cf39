/**
 * `npm run bench:communication` (and part of `npm run bench`): a T2 LA (26,000 plans, no delivery
 * history, which this workload does not read) on PGlite (on disk) and PostgreSQL, with
 * - a timeline of 2,000 entries of every audience on the demo parent's child, and 5 on every other
 *   child (about 130,000 in all), so the index is the size a large LA would have;
 * - a message thread on one child in five, some answered in time, some late, some unanswered.
 * Measures, in one run against the one-row route: a child's timeline first page (as the
 * caseworker, and as the parent, who sees the family entries only) and the communication promise
 * dashboard for the LA. The issue asks ≤ 150 ms and ≤ 1 s.
 *
 * Environment: BENCH_DATABASE_URL (as bench/run.ts), BENCH_ENGINES (default "pglite,postgres"),
 * BENCH_PLANS (default 26,000), BENCH_REQUESTS (default 200).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { demoEmail } from '../src/cli/demo-sign-ins.js';
import { loadConfig } from '../src/config.js';
import type { DatabaseHandle } from '../src/db/client.js';
import { appUser, familyLink, localAuthority } from '../src/db/schema/index.js';
import { seedDemoLa } from '../src/seed/generator.js';
import { runLoad } from './load.js';
import { describeMachine, enginesToMeasure, openBenchDatabase, signIn, withRatioToOneRow, measurementColumns, type Measurement } from './support.js';

const PLANS = Number(process.env.BENCH_PLANS ?? 26_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const EMAIL_DOMAIN = 't2-communication.bench.example.org';
const ENTRIES_ON_ONE_CHILD = 2000;

/** Timeline entries and messages written in SQL, so hundreds of thousands take seconds. */
async function addCommunication(handle: DatabaseHandle, laId: string, busyChildId: string, authorId: string): Promise<{ entries: number; messages: number }> {
  const db = handle.db;
  // 2,000 entries on one child over two years, a third each family, professionals and LA-only.
  await db.execute(sql`
    insert into timeline_entry (id, la_id, child_id, occurred_at, kind, title, body, audience, author_user_id, author_role)
    select gen_random_uuid(), ${laId}::uuid, ${busyChildId}::uuid, now() - (g || ' hours')::interval * 8,
           (array['note','phone_call','meeting','letter'])[1 + g % 4], 'Entry ' || g, 'Details of entry ' || g,
           (array['family','professionals','la_internal'])[1 + g % 3], ${authorId}::uuid, 'sen_caseworker'
      from generate_series(1, ${ENTRIES_ON_ONE_CHILD}) g`);
  await db.execute(sql`
    insert into timeline_entry (id, la_id, child_id, occurred_at, kind, title, audience, author_user_id, author_role)
    select gen_random_uuid(), c.la_id, c.id, now() - (g * 17 || ' days')::interval, 'note', 'Entry ' || g,
           case when g % 2 = 0 then 'family' else 'professionals' end, ${authorId}::uuid, 'sen_caseworker'
      from child c cross join generate_series(1, 5) g
     where c.la_id = ${laId}::uuid and c.id <> ${busyChildId}::uuid`);
  // A thread on one child in five, its first message from the family owed a reply in 3 working
  // days (roughly: the bench needs the shape, not the calendar); two in three answered.
  await db.execute(sql`
    insert into message_thread (id, la_id, child_id, subject, audience, owner_user_id, started_by, started_at, last_message_at)
    select gen_random_uuid(), c.la_id, c.id, 'Question about provision', 'family', c.caseworker_id, ${authorId}::uuid,
           now() - ((abs(hashtext(c.id::text)) % 90) || ' days')::interval, now()
      from child c where c.la_id = ${laId}::uuid and abs(hashtext(c.id::text)) % 5 = 0`);
  await db.execute(sql`
    insert into message (id, la_id, thread_id, child_id, kind, body, author_user_id, author_role, sent_at, reply_due_on, replied_at, replied_by)
    select gen_random_uuid(), t.la_id, t.id, t.child_id, 'message', 'When will the therapy start?', ${authorId}::uuid, 'parent', t.started_at,
           (t.started_at + interval '5 days')::date,
           case when abs(hashtext(t.id::text)) % 3 < 2 then t.started_at + ((abs(hashtext(t.id::text)) % 7) || ' days')::interval end,
           case when abs(hashtext(t.id::text)) % 3 < 2 then t.owner_user_id end
      from message_thread t where t.la_id = ${laId}::uuid`);
  await db.execute(sql`analyze`);
  const [counts] = await db
    .select({
      entries: sql<number>`(select count(*)::int from timeline_entry where la_id = ${laId}::uuid)`,
      messages: sql<number>`(select count(*)::int from message where la_id = ${laId}::uuid)`,
    })
    .from(localAuthority)
    .where(eq(localAuthority.id, laId));
  return counts ?? { entries: 0, messages: 0 };
}

interface EngineResult {
  engine: string;
  seedSeconds: number;
  entries: number;
  messages: number;
  measurements: Measurement[];
}

async function benchEngine(engine: 'pglite' | 'postgres'): Promise<EngineResult> {
  const pgliteDir = engine === 'pglite' ? mkdtempSync(path.join(os.tmpdir(), 'openehcp-bench-')) : undefined;
  const { handle, drop } = await openBenchDatabase(engine, pgliteDir);
  try {
    await handle.migrate();
    const started = performance.now();
    const demo = await seedDemoLa(handle.db, {
      plans: PLANS,
      seed: 904,
      la: { dfeCode: '904', name: 'Bench Communication Council', region: 'South East' },
      emailDomain: EMAIL_DOMAIN,
      deliveryHistory: false,
    });
    const seedSeconds = (performance.now() - started) / 1000;
    const [parent] = await handle.db
      .select({ childId: familyLink.childId })
      .from(familyLink)
      .innerJoin(appUser, eq(appUser.id, familyLink.userId))
      .where(and(eq(appUser.email, demoEmail('parent', EMAIL_DOMAIN)), eq(familyLink.hasParentalResponsibility, true)))
      .limit(1);
    const [caseworker] = await handle.db
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.email, demoEmail('sen_caseworker', EMAIL_DOMAIN)));
    if (!parent || !caseworker) throw new Error('The demo LA has no parent with a child, or no caseworker');
    const { entries, messages } = await addCommunication(handle, demo.laId, parent.childId, caseworker.id);
    console.log(`[${engine}] seeded T2 in ${seedSeconds.toFixed(1)} s; ${entries.toLocaleString('en-GB')} timeline entries, ${messages.toLocaleString('en-GB')} messages`);

    const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), database: handle, logger: false });
    app.get('/bench/one-row', { config: { access: { permission: 'public', audit: 'none' } } }, async () => {
      const [row] = await handle.db.select({ id: localAuthority.id }).from(localAuthority).limit(1);
      return row;
    });
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    const measurements: EngineResult['measurements'] = [];
    try {
      const as = async (role: 'sen_caseworker' | 'sen_team_manager' | 'parent') => ({ cookie: await signIn(baseUrl, demoEmail(role, EMAIL_DOMAIN), 'demo-password'), accept: 'text/html' });
      const common = { requests: REQUESTS, concurrency: 1, maxSeconds: 60 };
      const timeline = `${baseUrl}/children/${parent.childId}/timeline`;
      const oneRow = await runLoad({ ...common, name: 'one-row route', url: () => `${baseUrl}/bench/one-row` });
      const runs = [
        oneRow,
        await runLoad({ ...common, name: 'timeline, caseworker', url: () => timeline, headers: await as('sen_caseworker') }),
        await runLoad({ ...common, name: 'timeline, parent', url: () => timeline, headers: await as('parent') }),
        await runLoad({ ...common, requests: Math.min(REQUESTS, 50), name: 'promise dashboard', url: () => `${baseUrl}/communication`, headers: await as('sen_team_manager') }),
      ];
      for (const run of runs) {
        console.log(`[${engine}] ${run.name}: ${run.requestsPerSecond.toFixed(1)} req/s, p95 ${run.p95Ms.toFixed(1)} ms${run.errors ? ` (${String(run.errors)} errors)` : ''}`);
        measurements.push(withRatioToOneRow(run, oneRow));
      }
    } finally {
      await app.close();
    }
    return { engine, seedSeconds, entries, messages, measurements };
  } finally {
    await handle.close();
    await drop();
    if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
  }
}

const machine = describeMachine();
const engines = await enginesToMeasure();
mkdirSync('bench/results', { recursive: true });
const startedAt = new Date().toISOString();
const results: EngineResult[] = [];
for (const engine of engines) {
  const result = await benchEngine(engine);
  results.push(result);
  writeFileSync(`bench/results/communication-${engine}.json`, JSON.stringify({ startedAt, machine, plans: PLANS, ...result }, null, 2));
}
console.log(`\nOpenEHCP communication benchmark — T2 (${PLANS.toLocaleString('en-GB')} plans), ${machine.cpuModel}, ${String(machine.cpus)} cores, Node ${machine.node}`);
console.log('engine    entries   messages   measurement               req/s     p50 ms   p95 ms   ratio to one-row');
for (const result of results) {
  for (const m of result.measurements) {
    console.log(`${result.engine.padEnd(9)} ${result.entries.toLocaleString('en-GB').padStart(8)} ${result.messages.toLocaleString('en-GB').padStart(9)}   ${measurementColumns(m)}`);
  }
}
process.exit(results.some((result) => result.measurements.some((m) => m.errors > 0)) ? 1 : 0);
