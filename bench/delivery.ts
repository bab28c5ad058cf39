/**
 * `npm run bench:delivery` (and the second half of `npm run bench`): a T2 LA (26,000 plans) with
 * this school year's weekly delivery history from the demo generator, padded with last school
 * year's sessions to 5 million delivery records, on PGlite (on disk) and on PostgreSQL. Measures,
 * in one run: the daily sweep for the whole LA (ledger snapshot, gap concerns, escalations), a
 * child's Provision tab, the LA delivery view and the open-concerns list, against the one-row route;
 * then bulk import by CSV and by the API into the same LA (bench/delivery-import.ts).
 *
 * Environment: BENCH_DATABASE_URL (as bench/run.ts), BENCH_DELIVERY_RECORDS (default 5,000,000),
 * BENCH_ENGINES (default "pglite,postgres"), BENCH_REQUESTS (default 200), BENCH_PLANS (default
 * 26,000), BENCH_IMPORT_RECORDS (default 20,000 by each path).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/client.js';
import { appUser, child, localAuthority } from '../src/db/schema/index.js';
import { systemClock } from '../src/clock.js';
import { runDailySweep } from '../src/jobs/provision-sweep.js';
import { seedDemoLa } from '../src/seed/generator.js';
import { measureImports, type ImportMeasurement } from './delivery-import.js';
import { runLoad } from './load.js';
import { describeMachine, enginesToMeasure, openBenchDatabase, signIn, withRatioToOneRow, measurementColumns, type Measurement } from './support.js';

const PLANS = Number(process.env.BENCH_PLANS ?? 26_000);
const TARGET_RECORDS = Number(process.env.BENCH_DELIVERY_RECORDS ?? 5_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const IMPORT_RECORDS = Number(process.env.BENCH_IMPORT_RECORDS ?? 20_000);
const EMAIL_DOMAIN = 't2.bench.example.org';

/**
 * Last school year's sessions for every item, as single-session records on school days, until the
 * LA holds the target number of records; the weekly rollup gets the same totals. Done in SQL so 4
 * million rows take seconds, not an hour of round trips.
 */
async function countRows(db: Database, table: 'provision_delivery' | 'provision_item_ledger'): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(sql`${sql.identifier(table)}`);
  return row?.count ?? 0;
}

async function padToTarget(db: Database, laId: string, recordedBy: string): Promise<number> {
  const count = await countRows(db, 'provision_delivery');
  const items = await countRows(db, 'provision_item_ledger');
  const missing = TARGET_RECORDS - count;
  if (missing <= 0 || items === 0) return count;
  const perItem = Math.ceil(missing / items);
  // Spread each item's sessions over last year's weekdays (2025-09-08 onwards, 5 a week); every tenth missed.
  const batch = 20_000;
  for (let offset = 0; offset < items; offset += batch) {
    await db.execute(sql`
      insert into provision_delivery (id, la_id, child_id, provision_item_id, delivered_on, status, sessions, minutes, missed_reason, made_up, source, recorded_by)
      select gen_random_uuid(), l.la_id, l.child_id, l.provision_item_id,
             ('2025-09-08'::date + ((s / 5) * 7 + (s % 5))::int),
             case when s % 10 = 9 then 'missed' else 'delivered' end, 1, 30,
             case when s % 10 = 9 then 'child_absent' end, false, 'csv', ${recordedBy}::uuid
        from (select * from provision_item_ledger where la_id = ${laId}::uuid order by provision_item_id offset ${offset} limit ${batch}) l
        cross join generate_series(0, ${perItem - 1}) s`);
  }
  await db.execute(sql`
    insert into provision_delivery_week (la_id, provision_item_id, week_start, delivered_sessions, delivered_minutes, missed_sessions, missed_minutes, made_up_minutes)
    select la_id, provision_item_id, date_trunc('week', delivered_on)::date,
           count(*) filter (where status = 'delivered'), coalesce(sum(minutes) filter (where status = 'delivered'), 0),
           count(*) filter (where status = 'missed'), coalesce(sum(minutes) filter (where status = 'missed'), 0), 0
      from provision_delivery where la_id = ${laId}::uuid and delivered_on < '2026-08-01' and source = 'csv'
     group by 1, 2, 3
    on conflict (provision_item_id, week_start) do update set
      delivered_sessions = provision_delivery_week.delivered_sessions + excluded.delivered_sessions,
      delivered_minutes = provision_delivery_week.delivered_minutes + excluded.delivered_minutes,
      missed_sessions = provision_delivery_week.missed_sessions + excluded.missed_sessions,
      missed_minutes = provision_delivery_week.missed_minutes + excluded.missed_minutes`);
  return countRows(db, 'provision_delivery');
}

interface EngineResult {
  engine: string;
  records: number;
  seedSeconds: number;
  padSeconds: number;
  sweepSeconds: number;
  sweep: unknown;
  measurements: Measurement[];
  imports: ImportMeasurement[];
}

async function benchEngine(engine: 'pglite' | 'postgres'): Promise<EngineResult> {
  const pgliteDir = engine === 'pglite' ? mkdtempSync(path.join(os.tmpdir(), 'openehcp-bench-')) : undefined;
  const { handle, drop } = await openBenchDatabase(engine, pgliteDir);
  try {
    await handle.migrate();
    let started = performance.now();
    const demo = await seedDemoLa(handle.db, { plans: PLANS, seed: 902, la: { dfeCode: '902', name: 'Bench Tier Two Council', region: 'South East' }, emailDomain: EMAIL_DOMAIN });
    const seedSeconds = (performance.now() - started) / 1000;
    console.log(`[${engine}] seeded T2 with this year's delivery history in ${seedSeconds.toFixed(1)} s`);
    const today = systemClock.today();
    // A first sweep fills the ledger snapshot, which the padding uses as its list of items.
    await runDailySweep(handle.db, today);
    const [caseworker] = await handle.db
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.email, `caseworker@${EMAIL_DOMAIN}`));
    started = performance.now();
    const records = await padToTarget(handle.db, demo.laId, caseworker?.id ?? '');
    const padSeconds = (performance.now() - started) / 1000;
    await handle.db.execute(sql`analyze`);
    console.log(`[${engine}] ${records.toLocaleString('en-GB')} delivery records (padding took ${padSeconds.toFixed(1)} s)`);

    // The sweep as the scheduler runs it, for a new day (the claim for today is taken).
    await handle.db.execute(sql`delete from job_run`);
    started = performance.now();
    const sweep = await runDailySweep(handle.db, today);
    const sweepSeconds = (performance.now() - started) / 1000;
    console.log(`[${engine}] sweep of the whole LA: ${sweepSeconds.toFixed(1)} s`, [...sweep.values()]);

    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const app = await buildApp({ config, database: handle, logger: false });
    app.get('/bench/one-row', { config: { access: { permission: 'public', audit: 'none' } } }, async () => {
      const [row] = await handle.db.select({ id: localAuthority.id }).from(localAuthority).limit(1);
      return row;
    });
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    const measurements: EngineResult['measurements'] = [];
    let imports: ImportMeasurement[] = [];
    try {
      const childIds = (
        await handle.db
          .select({ id: child.id })
          .from(child)
          .where(eq(child.laId, demo.laId))
          .orderBy(sql`random()`)
          .limit(500)
      ).map((row) => row.id);
      const headers = { cookie: await signIn(baseUrl, `caseworker@${EMAIL_DOMAIN}`, 'demo-password'), accept: 'text/html' };
      const managerHeaders = { cookie: await signIn(baseUrl, `manager@${EMAIL_DOMAIN}`, 'demo-password'), accept: 'text/html' };
      const common = { requests: REQUESTS, concurrency: 1, maxSeconds: 60 };
      const oneRow = await runLoad({ ...common, name: 'one-row route', url: () => `${baseUrl}/bench/one-row` });
      const runs = [
        oneRow,
        await runLoad({ ...common, name: 'child provision tab', url: (index) => `${baseUrl}/children/${childIds[index % childIds.length] ?? ''}/provision`, headers }),
        await runLoad({ ...common, requests: Math.min(REQUESTS, 50), name: 'LA delivery view', url: () => `${baseUrl}/delivery`, headers: managerHeaders }),
        await runLoad({ ...common, requests: Math.min(REQUESTS, 50), name: 'LA delivery view, year', url: () => `${baseUrl}/delivery?period=year`, headers: managerHeaders }),
        await runLoad({ ...common, name: 'open concerns list', url: () => `${baseUrl}/concerns`, headers: managerHeaders }),
      ];
      for (const run of runs) {
        console.log(`[${engine}] ${run.name}: ${run.requestsPerSecond.toFixed(1)} req/s, p95 ${run.p95Ms.toFixed(1)} ms${run.errors ? ` (${String(run.errors)} errors)` : ''}`);
        measurements.push(withRatioToOneRow(run, oneRow));
      }
      // Bulk import last, into the LA already holding its 5 million records.
      imports = await measureImports(handle, baseUrl, `caseworker@${EMAIL_DOMAIN}`, IMPORT_RECORDS);
      for (const m of imports) console.log(`[${engine}] ${m.path}: ${m.seconds.toFixed(2)} s, ${Math.round(m.recordsPerSecond).toLocaleString('en-GB')} records/s`);
    } finally {
      await app.close();
    }
    return { engine, records, seedSeconds, padSeconds, sweepSeconds, sweep: [...sweep.values()], measurements, imports };
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
  writeFileSync(`bench/results/delivery-${engine}.json`, JSON.stringify({ startedAt, machine, plans: PLANS, ...result }, null, 2));
}
console.log(`\nOpenEHCP delivery benchmark — T2 (${PLANS.toLocaleString('en-GB')} plans), ${machine.cpuModel}, ${String(machine.cpus)} cores, Node ${machine.node}`);
console.log('engine    records     sweep s   measurement               req/s     p50 ms   p95 ms   ratio to one-row');
for (const result of results) {
  for (const m of result.measurements) {
    console.log(`${result.engine.padEnd(9)} ${result.records.toLocaleString('en-GB').padStart(10)} ${result.sweepSeconds.toFixed(1).padStart(8)}   ${measurementColumns(m)}`);
  }
}
console.log('\nBulk import into the same LA, validated and audited (target ≥ 3,000 records/s on PGlite, ≥ 10,000 on PostgreSQL)');
for (const result of results) {
  for (const m of result.imports) console.log(`${result.engine.padEnd(9)} ${m.path.padEnd(45)} ${Math.round(m.recordsPerSecond).toLocaleString('en-GB').padStart(8)} records/s`);
}
process.exit(results.some((result) => result.measurements.some((m) => m.errors > 0)) ? 1 : 0);
