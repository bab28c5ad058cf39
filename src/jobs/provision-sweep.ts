import type { Database } from '../db/client.js';
import type { IsoDate } from '../domain/dates.js';
import { sweepLa, type SweepSummary } from '../modules/concerns/service.js';
import { cronEvery } from './cron.js';
import type { JobDefinition } from './job.js';
import { resultsOf, runForEachLa, type LaRun } from './lease.js';

/** job_run's name for the sweep: unchanged since the sweep had its own timer, so existing rows still count. */
export const DAILY_SWEEP_JOB = 'daily-provision-sweep';

/** Runs the daily sweep for every LA that has not had `day`'s run, under its lease. */
function sweepEachLa(db: Database, day: IsoDate, signal?: AbortSignal): Promise<LaRun<SweepSummary>[]> {
  return runForEachLa(db, DAILY_SWEEP_JOB, day, (laId) => sweepLa(db, laId, day), signal);
}

/**
 * The same, for callers that want the summaries by LA (tests, the benchmark): an LA that failed
 * throws, after every other LA has had its run.
 */
export async function runDailySweep(db: Database, day: IsoDate): Promise<Map<string, SweepSummary>> {
  const runs = await sweepEachLa(db, day);
  const failed = runs.find((run) => run.error !== undefined);
  if (failed) throw failed.error;
  return new Map(runs.flatMap((run) => (run.summary ? [[run.laId, run.summary] as const] : [])));
}

/**
 * The provision sweep (ledgers, gap and full-time education concerns, escalations, the day's
 * tasks): once per LA per London day. Every process checks every SWEEP_INTERVAL_MINUTES; the
 * first check after midnight that claims an LA's lease sweeps it, the rest find it claimed.
 */
export const provisionSweep: JobDefinition = {
  name: DAILY_SWEEP_JOB,
  schedule: (config) => (config.sweepIntervalMinutes === 0 ? null : cronEvery(config.sweepIntervalMinutes * 60)),
  run: async (db, context) => resultsOf(await sweepEachLa(db, context.today, context.signal)),
};
