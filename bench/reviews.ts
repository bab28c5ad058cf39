/**
 * `npm run bench:reviews` (and part of `npm run bench`): a T2 LA (26,000 plans, no delivery
 * history, which this workload does not read) on PGlite (on disk) and PostgreSQL, with
 * - the demo's reviews (each plan's last review, the ones being arranged, a few interim), and
 * - four earlier years of closed reviews for every plan, written in SQL (about 20,000–26,000 a
 *   year, as a T2 LA holds), each with three participants,
 * so the review table is the size five years of a large LA make. Measures the review KPI counts
 * (src/modules/reports/review-kpis-repository.ts) called directly, for this school year and the
 * last, and the /reports/reviews page through the one-row route's ratio. The issue asks ≤ 1 s.
 *
 * Environment: BENCH_DATABASE_URL (as bench/run.ts), BENCH_ENGINES (default "pglite,postgres"),
 * BENCH_PLANS (default 26,000), BENCH_REQUESTS (default 50).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { demoEmail } from '../src/cli/demo-sign-ins.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import type { DatabaseHandle } from '../src/db/client.js';
import { localAuthority } from '../src/db/schema/index.js';
import { schoolYearOf, schoolYearStarting } from '../src/domain/review-kpis.js';
import { reviewKpiCounts } from '../src/modules/reports/review-kpis-repository.js';
import { seedDemoLa } from '../src/seed/generator.js';
import { runLoad } from './load.js';
import { describeMachine, enginesToMeasure, openBenchDatabase, signIn, withRatioToOneRow, measurementColumns, type Measurement } from './support.js';

const PLANS = Number(process.env.BENCH_PLANS ?? 26_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const EMAIL_DOMAIN = 't2-reviews.bench.example.org';
const EARLIER_YEARS = 4;

/** Four earlier years of closed annual reviews for every plan in force, each with three participants, in SQL. */
async function addReviewHistory(handle: DatabaseHandle, laId: string): Promise<{ reviews: number; participants: number }> {
  const db = handle.db;
  await db.execute(sql`
    insert into review (id, la_id, plan_id, child_id, kind, stage, due_by, meeting_date, invitations_sent_on, held_on, report_sent_on, decision, decision_on, closed_on)
    select gen_random_uuid(), p.la_id, p.id, p.child_id, 'annual', 'closed', d.due_by, d.held_on, d.held_on - 21, d.held_on, d.held_on + 10,
           (array['amend','maintain','amend','maintain','cease'])[1 + abs(hashtext(p.id::text || g)) % 5],
           d.held_on + (abs(hashtext(p.id::text || g)) % 70), d.held_on + (abs(hashtext(p.id::text || g)) % 70)
      from ehc_plan p
     cross join generate_series(1, ${EARLIER_YEARS}) g
     cross join lateral (select (coalesce(p.last_review_date, p.first_issued_date) - (g * 365 + abs(hashtext(p.id::text || g)) % 40 - 20))::date as due_by,
                                (coalesce(p.last_review_date, p.first_issued_date) - g * 365)::date as held_on) d
     where p.la_id = ${laId}::uuid and d.held_on > p.first_issued_date`);
  await db.execute(sql`
    insert into review_participant (id, la_id, review_id, role, name, attended)
    select gen_random_uuid(), r.la_id, r.id, role, 'Participant', abs(hashtext(r.id::text || role)) % 3 > 0
      from review r cross join unnest(array['parent', 'la_officer', 'educational_psychologist']) role
     where r.la_id = ${laId}::uuid and r.stage = 'closed' and r.kind = 'annual' and r.recommendations is null`);
  await db.execute(sql`analyze`);
  const [counts] = await db
    .select({
      reviews: sql<number>`(select count(*)::int from review where la_id = ${laId}::uuid)`,
      participants: sql<number>`(select count(*)::int from review_participant where la_id = ${laId}::uuid)`,
    })
    .from(localAuthority)
    .where(eq(localAuthority.id, laId));
  return counts ?? { reviews: 0, participants: 0 };
}

/** The KPI counts called directly, `times` times: milliseconds at the median and the 95th percentile. */
async function timeCounts(handle: DatabaseHandle, laId: string, startYear: number, times: number): Promise<{ p50Ms: number; p95Ms: number; reviewsDue: number }> {
  const today = systemClock.today();
  const year = schoolYearStarting(startYear);
  const durations: number[] = [];
  let reviewsDue = 0;
  for (let index = 0; index < times; index += 1) {
    const started = performance.now();
    const counts = await reviewKpiCounts(handle.db, laId, year, today);
    durations.push(performance.now() - started);
    reviewsDue = Object.values(counts.due).reduce((total, row) => total + Object.values(row).reduce((sum, value) => sum + value, 0), 0);
  }
  durations.sort((a, b) => a - b);
  const at = (fraction: number) => durations[Math.min(durations.length - 1, Math.ceil(fraction * durations.length) - 1)] ?? Number.NaN;
  return { p50Ms: at(0.5), p95Ms: at(0.95), reviewsDue };
}

interface EngineResult {
  engine: string;
  seedSeconds: number;
  reviews: number;
  participants: number;
  direct: { year: string; reviewsDue: number; p50Ms: number; p95Ms: number }[];
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
      seed: 905,
      la: { dfeCode: '905', name: 'Bench Reviews Council', region: 'North West' },
      emailDomain: EMAIL_DOMAIN,
      deliveryHistory: false,
    });
    const seedSeconds = (performance.now() - started) / 1000;
    const { reviews, participants } = await addReviewHistory(handle, demo.laId);
    console.log(`[${engine}] seeded T2 in ${seedSeconds.toFixed(1)} s; ${reviews.toLocaleString('en-GB')} reviews, ${participants.toLocaleString('en-GB')} participants`);

    const current = schoolYearOf(systemClock.today()).startYear;
    const direct: EngineResult['direct'] = [];
    for (const startYear of [current, current - 1]) {
      const timing = await timeCounts(handle, demo.laId, startYear, 20);
      direct.push({ year: schoolYearStarting(startYear).label, ...timing });
      console.log(
        `[${engine}] KPI counts, ${schoolYearStarting(startYear).label} (${timing.reviewsDue.toLocaleString('en-GB')} due): p50 ${timing.p50Ms.toFixed(1)} ms, p95 ${timing.p95Ms.toFixed(1)} ms`,
      );
    }

    const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), database: handle, logger: false });
    app.get('/bench/one-row', { config: { access: { permission: 'public', audit: 'none' } } }, async () => {
      const [row] = await handle.db.select({ id: localAuthority.id }).from(localAuthority).limit(1);
      return row;
    });
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    const measurements: EngineResult['measurements'] = [];
    try {
      const headers = { cookie: await signIn(baseUrl, demoEmail('insight_analyst', EMAIL_DOMAIN), 'demo-password'), accept: 'text/html' };
      const common = { requests: REQUESTS, concurrency: 1, maxSeconds: 60 };
      const oneRow = await runLoad({ ...common, name: 'one-row route', url: () => `${baseUrl}/bench/one-row` });
      const runs = [
        oneRow,
        await runLoad({ ...common, name: 'review KPIs, this year', url: () => `${baseUrl}/reports/reviews`, headers }),
        await runLoad({ ...common, name: 'review KPIs, last year', url: () => `${baseUrl}/reports/reviews?year=${String(current - 1)}`, headers }),
      ];
      for (const run of runs) {
        console.log(`[${engine}] ${run.name}: ${run.requestsPerSecond.toFixed(1)} req/s, p95 ${run.p95Ms.toFixed(1)} ms${run.errors ? ` (${String(run.errors)} errors)` : ''}`);
        measurements.push(withRatioToOneRow(run, oneRow));
      }
    } finally {
      await app.close();
    }
    return { engine, seedSeconds, reviews, participants, direct, measurements };
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
  writeFileSync(`bench/results/reviews-${engine}.json`, JSON.stringify({ startedAt, machine, plans: PLANS, ...result }, null, 2));
}
console.log(`\nOpenEHCP reviews benchmark — T2 (${PLANS.toLocaleString('en-GB')} plans), ${machine.cpuModel}, ${String(machine.cpus)} cores, Node ${machine.node}`);
console.log('engine    reviews    measurement               req/s     p50 ms   p95 ms   ratio to one-row');
for (const result of results) {
  for (const d of result.direct) {
    console.log(
      `${result.engine.padEnd(9)} ${result.reviews.toLocaleString('en-GB').padStart(8)}   ${`KPI counts, ${d.year}`.padEnd(24)} ${''.padStart(8)} ${d.p50Ms.toFixed(1).padStart(9)} ${d.p95Ms.toFixed(1).padStart(8)}`,
    );
  }
  for (const m of result.measurements) {
    console.log(`${result.engine.padEnd(9)} ${result.reviews.toLocaleString('en-GB').padStart(8)}   ${measurementColumns(m)}`);
  }
}
process.exit(results.some((result) => result.measurements.some((m) => m.errors > 0)) ? 1 : 0);
