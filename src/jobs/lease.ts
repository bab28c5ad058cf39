import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { jobRun, localAuthority } from '../db/schema/index.js';
import type { IsoDate } from '../domain/dates.js';
import { countsOf, type JobResult } from './job.js';

/**
 * A run that started this long ago and never finished is taken to have died with its process,
 * and may be taken over. The daily jobs are idempotent, so finishing one twice does no harm.
 */
const ABANDONED_AFTER_MINUTES = 60;

/**
 * Claims a job's run for an LA on a day: the lease. The job_run primary key makes the claim exactly
 * once across processes: the insert that succeeds runs the job; any other (a second app process,
 * a rerun) gets nothing back and does nothing. A run abandoned by a crashed process can be
 * claimed again after an hour; of two processes taking it over at once, the second's update
 * finds `started_at` already moved on and claims nothing.
 */
async function claimDailyRun(db: Database, job: string, laId: string, runOn: IsoDate): Promise<boolean> {
  const inserted = await db.insert(jobRun).values({ job, laId, runOn }).onConflictDoNothing().returning({ job: jobRun.job });
  if (inserted.length > 0) return true;
  const takenOver = await db
    .update(jobRun)
    .set({ startedAt: sql`now()` })
    .where(and(eq(jobRun.job, job), eq(jobRun.laId, laId), eq(jobRun.runOn, runOn), isNull(jobRun.finishedAt), sql`${jobRun.startedAt} < now() - make_interval(mins => ${ABANDONED_AFTER_MINUTES})`))
    .returning({ job: jobRun.job });
  return takenOver.length > 0;
}

/** Marks a claimed run finished, with what it did (numbers only). */
async function finishDailyRun(db: Database, job: string, laId: string, runOn: IsoDate, summary: object): Promise<void> {
  await db
    .update(jobRun)
    .set({ finishedAt: sql`now()`, summary })
    .where(and(eq(jobRun.job, job), eq(jobRun.laId, laId), eq(jobRun.runOn, runOn)));
}

export interface LaRun<S> {
  laId: string;
  durationMs: number;
  /** What the work returned; absent when it failed. */
  summary?: S;
  error?: unknown;
}

/**
 * The per-LA daily orchestration every daily job shares: for each LA whose run of `job` for `day`
 * nobody has claimed, claim it, do the work, mark it finished. One LA's failure leaves its lease
 * unfinished (taken over after an hour) and does not stop the others. When `signal` is aborted
 * (the scheduler is stopping) no further LA is claimed; the one under way finishes.
 */
export async function runForEachLa<S extends object>(db: Database, job: string, day: IsoDate, work: (laId: string) => Promise<S>, signal?: AbortSignal): Promise<LaRun<S>[]> {
  const runs: LaRun<S>[] = [];
  const authorities = await db.select({ id: localAuthority.id }).from(localAuthority).orderBy(localAuthority.id);
  for (const { id: laId } of authorities) {
    if (signal?.aborted) break;
    if (!(await claimDailyRun(db, job, laId, day))) continue;
    const started = performance.now();
    try {
      const summary = await work(laId);
      await finishDailyRun(db, job, laId, day, summary);
      runs.push({ laId, durationMs: Math.round(performance.now() - started), summary });
    } catch (error) {
      runs.push({ laId, durationMs: Math.round(performance.now() - started), error });
    }
  }
  return runs;
}

/** Per-LA runs as the scheduler logs them: counts only. */
export function resultsOf(runs: LaRun<object>[]): JobResult[] {
  return runs.map(({ laId, durationMs, summary, error }) => ({ laId, durationMs, counts: summary ? countsOf(summary) : {}, ...(error === undefined ? {} : { error }) }));
}
