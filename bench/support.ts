/** What the benchmarks share: a fresh database per engine, and signing in as a browser would. */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../src/db/client.js';
import type { LoadResult } from './load.js';

export const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function openBenchDatabase(engine: 'pglite' | 'postgres', pgliteDir = 'memory://'): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  if (engine === 'pglite') {
    return { handle: await openDatabase({ dataDir: pgliteDir }), drop: async () => undefined };
  }
  const name = `openehcp_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    handle: await openDatabase({ databaseUrl: url.toString(), poolSize: 10 }),
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: POSTGRES_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

export async function postgresAvailable(): Promise<boolean> {
  if (POSTGRES_URL === 'none') return false;
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** Signs in through the real form, as a browser would, and returns the cookie header. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const page = await fetch(`${baseUrl}/sign-in`);
  const html = await page.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const cookies = page.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
  const response = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies },
    body: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
  if (response.status !== 303) throw new Error(`Sign-in failed for ${email}: ${String(response.status)}`);
  const session = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
  return [cookies, ...session].join('; ');
}

/** What the machine is, written beside every result so figures are read against it. */
export function describeMachine() {
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
}

/** The engines BENCH_ENGINES asks for (default both), without PostgreSQL when it does not answer. */
export async function enginesToMeasure(): Promise<('pglite' | 'postgres')[]> {
  const wanted = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');
  const engines = wanted.filter((engine): engine is 'pglite' | 'postgres' => engine === 'pglite' || engine === 'postgres');
  if (engines.includes('postgres') && !(await postgresAvailable())) {
    console.log('PostgreSQL not reachable: measuring PGlite only.');
    return engines.filter((engine) => engine !== 'postgres');
  }
  return engines;
}

/** A run with its throughput as a ratio to the one-row route of the same run: what to compare across machines. */
export type Measurement = LoadResult & { ratioToOneRow: number };

export function withRatioToOneRow<T extends LoadResult>(run: T, oneRow: LoadResult): T & { ratioToOneRow: number } {
  return { ...run, ratioToOneRow: Math.round((run.requestsPerSecond / oneRow.requestsPerSecond) * 1000) / 1000 };
}

/** The columns every benchmark's table ends with: measurement, req/s, p50, p95 and the ratio. */
export function measurementColumns(m: Measurement): string {
  return `${m.name.padEnd(24)} ${m.requestsPerSecond.toFixed(1).padStart(8)} ${m.p50Ms.toFixed(1).padStart(9)} ${m.p95Ms.toFixed(1).padStart(8)}   ${m.ratioToOneRow.toFixed(3)}`;
}
