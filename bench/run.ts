/**
 * `npm run bench`: seeds a T1 LA (3,300 plans) and a T2 LA (26,000 plans) on PGlite and on
 * PostgreSQL, then measures in one run, on loopback, a bare Fastify route, a one-row database
 * route, the signed-in caseload page and the child page. Pages are compared with the one-row
 * route as ratios, which hold across machines better than absolute figures.
 *
 * Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test; set to "none"
 * to skip PostgreSQL), BENCH_TIERS (default "T1,T2"), BENCH_REQUESTS (default 300 per measurement).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { eq, sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { child, localAuthority } from '../src/db/schema/index.js';
import { seedDemoLa } from '../src/seed/generator.js';
import { runLoad } from './load.js';
import { openBenchDatabase, postgresAvailable, signIn, withRatioToOneRow, measurementColumns, type Measurement } from './support.js';

interface Tier {
  name: string;
  plans: number;
  dfeCode: string;
  laName: string;
  emailDomain: string;
}

const ALL_TIERS: Tier[] = [
  { name: 'T1', plans: 3_300, dfeCode: '901', laName: 'Bench Tier One Council', emailDomain: 't1.bench.example.org' },
  { name: 'T2', plans: 26_000, dfeCode: '902', laName: 'Bench Tier Two Council', emailDomain: 't2.bench.example.org' },
];
const wantedTiers = (process.env.BENCH_TIERS ?? 'T1,T2').split(',');
const TIERS = ALL_TIERS.filter((tier) => wantedTiers.includes(tier.name));
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
interface TierResult {
  tier: string;
  plans: number;
  seedSeconds: number;
  measurements: (Measurement & { concurrency: number })[];
}

async function benchEngine(engine: 'pglite' | 'postgres'): Promise<{ engine: string; tiers: TierResult[] }> {
  const { handle, drop } = await openBenchDatabase(engine);
  await handle.migrate();
  const tiers: TierResult[] = [];
  const seedSeconds = new Map<string, number>();
  for (const tier of TIERS) {
    const started = performance.now();
    await seedDemoLa(handle.db, {
      plans: tier.plans,
      seed: Number(tier.dfeCode),
      la: { dfeCode: tier.dfeCode, name: tier.laName, region: 'South East' },
      emailDomain: tier.emailDomain,
    });
    seedSeconds.set(tier.name, Math.round((performance.now() - started) / 100) / 10);
    console.log(`[${engine}] seeded ${tier.name} (${String(tier.plans)} plans) in ${String(seedSeconds.get(tier.name))} s`);
  }
  await handle.db.execute(sql`analyze`);

  const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }) };
  const app = await buildApp({ config, database: handle, logger: false });
  app.get('/bench/bare', { config: { access: { permission: 'public', audit: 'none' } } }, async () => ({ ok: true }));
  app.get('/bench/one-row', { config: { access: { permission: 'public', audit: 'none' } } }, async () => {
    const [row] = await handle.db.select({ id: localAuthority.id, name: localAuthority.name }).from(localAuthority).limit(1);
    return row;
  });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });

  try {
    for (const tier of TIERS) {
      const [la] = await handle.db.select({ id: localAuthority.id }).from(localAuthority).where(eq(localAuthority.dfeCode, tier.dfeCode));
      const childIds = (
        await handle.db
          .select({ id: child.id })
          .from(child)
          .where(eq(child.laId, la?.id ?? ''))
          .orderBy(sql`random()`)
          .limit(500)
      ).map((row) => row.id);
      const cookie = await signIn(baseUrl, `caseworker@${tier.emailDomain}`, 'demo-password');
      const headers = { cookie, accept: 'text/html' };
      const measurements: TierResult['measurements'] = [];
      for (const concurrency of [1, 4]) {
        const common = { requests: REQUESTS, concurrency, maxSeconds: 30 };
        const oneRow = await runLoad({ ...common, name: 'one-row route', url: () => `${baseUrl}/bench/one-row` });
        const runs = [
          await runLoad({ ...common, name: 'bare route', url: () => `${baseUrl}/bench/bare` }),
          oneRow,
          await runLoad({ ...common, name: 'caseload page', url: () => `${baseUrl}/children`, headers }),
          await runLoad({ ...common, name: 'caseload page, filtered', url: () => `${baseUrl}/children?need=SLCN&placement=mainstream&sort=review`, headers }),
          await runLoad({ ...common, name: 'child page', url: (index) => `${baseUrl}/children/${childIds[index % childIds.length] ?? ''}`, headers }),
          await runLoad({ ...common, name: 'plan page', url: (index) => `${baseUrl}/children/${childIds[index % childIds.length] ?? ''}/plan`, headers }),
        ];
        for (const run of runs) {
          console.log(`[${engine}] ${tier.name} ×${String(concurrency)} ${run.name}: ${run.requestsPerSecond.toFixed(1)} req/s, p95 ${run.p95Ms.toFixed(1)} ms`);
          measurements.push(withRatioToOneRow({ ...run, concurrency }, oneRow));
        }
      }
      tiers.push({ tier: tier.name, plans: tier.plans, seedSeconds: seedSeconds.get(tier.name) ?? 0, measurements });
    }
  } finally {
    await app.close();
    await handle.close();
    await drop();
  }
  return { engine, tiers };
}

const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
const engines: ('pglite' | 'postgres')[] = ['pglite'];
if (await postgresAvailable()) engines.push('postgres');
else console.log('PostgreSQL not reachable: measuring PGlite only.');

mkdirSync('bench/results', { recursive: true });
const startedAt = new Date().toISOString();
const results = [];
for (const engine of engines) {
  const result = await benchEngine(engine);
  results.push(result);
  writeFileSync(`bench/results/foundation-${engine}.json`, JSON.stringify({ startedAt, machine, ...result }, null, 2));
}

console.log(`\nOpenEHCP foundation benchmark — ${machine.cpuModel}, ${String(machine.cpus)} cores, ${String(machine.memoryGiB)} GiB, Node ${machine.node}`);
console.log('engine    tier  conc  measurement               req/s     p50 ms   p95 ms   ratio to one-row');
for (const result of results) {
  for (const tier of result.tiers) {
    for (const m of tier.measurements) {
      console.log(`${result.engine.padEnd(9)} ${tier.tier.padEnd(5)} ${String(m.concurrency).padStart(4)}  ${measurementColumns(m)}${m.errors ? `  (${String(m.errors)} errors)` : ''}`);
    }
  }
}
const failures = results.flatMap((result) => result.tiers.flatMap((tier) => tier.measurements.filter((m) => m.errors > 0)));
process.exit(failures.length > 0 ? 1 : 0);
