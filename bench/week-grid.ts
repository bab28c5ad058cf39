/**
 * `npm run bench:week-grid`: the week grid (`/provision/week`) of a T2 LA (26,000 plans, this school
 * year's weekly delivery history from the demo generator), on PGlite (on disk) and on PostgreSQL.
 * Measures, against the one-row route, a page of the demo caseworker's grid (their whole caseload,
 * 30 pupils a page, every page in turn) and the demo SENCO's grid (their school's pupils), last week;
 * prints the query plans of the two grid queries for both people.
 *
 * Environment: BENCH_DATABASE_URL (as bench/run.ts), BENCH_ENGINES (default "pglite,postgres"),
 * BENCH_REQUESTS (default 100), BENCH_PLANS (default 26,000).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { childScopeOf, type Principal } from '../src/auth/child-scope.js';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/client.js';
import { appUser, localAuthority } from '../src/db/schema/index.js';
import { addDays } from '../src/domain/dates.js';
import { systemClock } from '../src/clock.js';
import { weekStarting } from '../src/domain/school-calendar.js';
import { findGridPupils, gridItemsQuery, type GridNarrowing } from '../src/modules/provision/records-repository.js';
import { seedDemoLa } from '../src/seed/generator.js';
import { runLoad } from './load.js';
import { describeMachine, enginesToMeasure, openBenchDatabase, signIn, withRatioToOneRow, measurementColumns, type Measurement } from './support.js';

const PLANS = Number(process.env.BENCH_PLANS ?? 26_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100);
const EMAIL_DOMAIN = 't2.bench.example.org';

async function principalOf(db: Database, email: string): Promise<Principal> {
  const [user] = await db.select().from(appUser).where(eq(appUser.email, email));
  if (!user) throw new Error(`no user ${email}`);
  return {
    userId: user.id,
    laId: user.laId,
    role: user.role as Principal['role'],
    displayName: user.displayName,
    email: user.email,
    settingId: user.settingId,
    organisationId: user.organisationId,
    childId: null,
  };
}

/** The plans of the grid's two queries, as the engine runs them, for one person's first page. */
async function explainGrid(db: Database, principal: Principal, narrow: GridNarrowing, monday: string): Promise<{ pupils: number; plans: string[] }> {
  const window = { monday, lastDay: addDays(monday, 4) };
  const scope = childScopeOf(principal, systemClock.today());
  const pupils = await findGridPupils(db, scope, narrow, window);
  const page = pupils.slice(0, 30).map((pupil) => pupil.childId);
  const plans: string[] = [];
  for (const query of [findGridPupils(db, scope, narrow, window), gridItemsQuery(db, scope, narrow, window, page)]) {
    const result = await db.execute(sql`explain analyze ${query}`);
    const rows = (Array.isArray(result) ? result : (result as { rows: Record<string, string>[] }).rows) as Record<string, string>[];
    plans.push(rows.map((row) => Object.values(row)[0]).join('\n'));
  }
  return { pupils: pupils.length, plans };
}

interface EngineResult {
  engine: string;
  seedSeconds: number;
  caseworkerPupils: number;
  sencoPupils: number;
  measurements: Measurement[];
}

async function benchEngine(engine: 'pglite' | 'postgres'): Promise<EngineResult> {
  const pgliteDir = engine === 'pglite' ? mkdtempSync(path.join(os.tmpdir(), 'openehcp-bench-')) : undefined;
  const { handle, drop } = await openBenchDatabase(engine, pgliteDir);
  try {
    await handle.migrate();
    const started = performance.now();
    await seedDemoLa(handle.db, { plans: PLANS, seed: 902, la: { dfeCode: '902', name: 'Bench Tier Two Council', region: 'South East' }, emailDomain: EMAIL_DOMAIN });
    const seedSeconds = (performance.now() - started) / 1000;
    await handle.db.execute(sql`analyze`);
    console.log(`[${engine}] seeded ${String(PLANS)} plans with this year's delivery history in ${seedSeconds.toFixed(1)} s`);
    const lastWeek = addDays(weekStarting(systemClock.today()), -7);
    const caseworker = await principalOf(handle.db, `caseworker@${EMAIL_DOMAIN}`);
    const senco = await principalOf(handle.db, `senco@${EMAIL_DOMAIN}`);
    const caseworkerPlans = await explainGrid(handle.db, caseworker, { caseworkerId: caseworker.userId }, lastWeek);
    const sencoPlans = await explainGrid(handle.db, senco, { providerKind: 'school' }, lastWeek);
    for (const [who, explained] of [
      ['caseworker', caseworkerPlans],
      ['SENCO', sencoPlans],
    ] as const) {
      console.log(`[${engine}] ${who}: ${String(explained.pupils)} pupils`);
      for (const plan of explained.plans) console.log(plan);
    }

    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const app = await buildApp({ config, database: handle, logger: false });
    app.get('/bench/one-row', { config: { access: { permission: 'public', audit: 'none' } } }, async () => {
      const [row] = await handle.db.select({ id: localAuthority.id }).from(localAuthority).limit(1);
      return row;
    });
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    const measurements: EngineResult['measurements'] = [];
    try {
      const caseworkerHeaders = { cookie: await signIn(baseUrl, `caseworker@${EMAIL_DOMAIN}`, 'demo-password'), accept: 'text/html' };
      const sencoHeaders = { cookie: await signIn(baseUrl, `senco@${EMAIL_DOMAIN}`, 'demo-password'), accept: 'text/html' };
      const pages = Math.max(1, Math.ceil(caseworkerPlans.pupils / 30));
      const common = { requests: REQUESTS, concurrency: 1, maxSeconds: 120 };
      const oneRow = await runLoad({ ...common, name: 'one-row route', url: () => `${baseUrl}/bench/one-row` });
      const runs = [
        oneRow,
        await runLoad({ ...common, name: 'week grid, caseworker', url: (index) => `${baseUrl}/provision/week?week=${lastWeek}&page=${String((index % pages) + 1)}`, headers: caseworkerHeaders }),
        await runLoad({ ...common, name: 'week grid, SENCO', url: () => `${baseUrl}/provision/week?week=${lastWeek}`, headers: sencoHeaders }),
      ];
      for (const run of runs) measurements.push(withRatioToOneRow(run, oneRow));
    } finally {
      await app.close();
    }
    return { engine, seedSeconds, caseworkerPupils: caseworkerPlans.pupils, sencoPupils: sencoPlans.pupils, measurements };
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
  writeFileSync(`bench/results/week-grid-${engine}.json`, JSON.stringify({ startedAt, machine, plans: PLANS, ...result }, null, 2));
}
console.log(`\nOpenEHCP week grid benchmark — ${PLANS.toLocaleString('en-GB')} plans, ${machine.cpuModel}, ${String(machine.cpus)} cores, Node ${machine.node}`);
console.log('engine    pupils (caseworker / SENCO)   measurement               req/s     p50 ms   p95 ms   ratio to one-row');
for (const result of results) {
  for (const m of result.measurements) {
    console.log(`${result.engine.padEnd(9)} ${`${String(result.caseworkerPupils)} / ${String(result.sencoPupils)}`.padEnd(29)} ${measurementColumns(m)}`);
  }
}
process.exit(results.some((result) => result.measurements.some((m) => m.errors > 0)) ? 1 : 0);
