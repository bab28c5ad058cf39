import { Cron } from 'croner';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Clock } from '../clock.js';
import type { AppConfig } from '../config.js';
import type { Database } from '../db/client.js';
import { todayInLondon } from '../domain/formatting.js';
import type { Notifier } from '../integrations/notify/notifier.js';
import { JOB_TIMEZONE, type JobResult, type ScheduledJob } from './job.js';
import { scheduledJobs } from './registry.js';

export interface SchedulerOptions {
  db: Database;
  jobs: readonly ScheduledJob[];
  log: FastifyBaseLogger;
  notifier: Notifier;
  linkBase: string;
  /** The app's clock: each run's `now` and `today` (croner's timers still fire on the real time). */
  clock: Clock;
  /**
   * At start, run at once each job whose schedule came due earlier today in London, as the timers
   * before the scheduler did: a process started at 10am sweeps now, not at the next check, and one
   * started at 3am sends no digests. Default true.
   */
  catchUp?: boolean;
}

export interface Scheduler {
  /** Runs a job now, unless this process is running it already (then null); resolves when it has finished. */
  runNow(name: string): Promise<JobResult[] | null>;
  /** Each job, its cron expression and when it next fires. */
  next(): { name: string; schedule: string; nextRun: Date | null }[];
  /** Fires nothing more; resolves once the runs under way have finished (each stops before its next LA). */
  stop(): Promise<void>;
}

/**
 * The one scheduler: a croner timer per job, in Europe/London time. `protect` skips a tick while
 * the job's last run in this process is still going; across processes, what keeps a job to once
 * per LA per day is its lease in job_run (src/jobs/lease.ts), or the outbox's row claims.
 * Logs say which job, which LA, how long and how many, and nothing else; errors go through the
 * log's serializer, which drops the database driver's text. Timers are unref'd: they never keep a
 * process (or a test run) alive on their own.
 */
export function startScheduler({ db, jobs, log, notifier, linkBase, clock, catchUp = true }: SchedulerOptions): Scheduler {
  const names = new Set<string>();
  for (const job of jobs) {
    if (names.has(job.name)) throw new Error(`Two background jobs are called ${job.name}`);
    names.add(job.name);
  }
  const stopping = new AbortController();
  const underWay = new Set<Promise<unknown>>();
  const lastResults = new Map<string, JobResult[]>();

  async function fire(job: ScheduledJob): Promise<void> {
    if (stopping.signal.aborted) return;
    const now = clock.now();
    const started = performance.now();
    const run = (async () => {
      try {
        const results = await job.run(db, { now, today: todayInLondon(now), notifier, linkBase, signal: stopping.signal });
        for (const result of results) {
          const line = { job: job.name, laId: result.laId, durationMs: result.durationMs };
          if (result.error !== undefined) log.error({ ...line, err: result.error }, 'background job failed for this LA; its lease is taken over after an hour');
          else if (result.laId !== null || Object.values(result.counts).some((count) => count > 0)) log.info({ ...line, counts: result.counts }, 'background job finished');
          else log.debug({ ...line, counts: result.counts }, 'background job found nothing to do');
        }
        lastResults.set(job.name, results);
      } catch (err) {
        log.error({ job: job.name, laId: null, durationMs: Math.round(performance.now() - started), err }, 'background job failed; its next run tries again');
        lastResults.set(job.name, []);
      }
    })();
    underWay.add(run);
    try {
      await run;
    } finally {
      underWay.delete(run);
    }
  }

  const timers = new Map(
    jobs.map((job) => [
      job.name,
      {
        job,
        cron: new Cron(
          job.schedule,
          {
            timezone: JOB_TIMEZONE,
            protect: () => {
              log.debug({ job: job.name }, 'background job still running: this run skipped');
            },
            unref: true,
          },
          () => fire(job),
        ),
      },
    ]),
  );

  async function runNow(name: string): Promise<JobResult[] | null> {
    const timer = timers.get(name);
    if (!timer) throw new Error(`No background job is called ${name}`);
    if (timer.cron.isBusy() || stopping.signal.aborted) return null;
    lastResults.delete(name);
    // Through croner, so a tick that comes due meanwhile is skipped as for any other run.
    await timer.cron.trigger();
    return lastResults.get(name) ?? null;
  }

  if (catchUp) {
    const today = clock.today();
    for (const { job, cron } of timers.values()) {
      const [previous] = cron.previousRuns(1);
      if (previous && todayInLondon(previous) === today) void runNow(job.name);
    }
  }

  return {
    runNow,
    next: () => [...timers.values()].map(({ job, cron }) => ({ name: job.name, schedule: job.schedule, nextRun: cron.nextRun() })),
    async stop() {
      stopping.abort();
      for (const { cron } of timers.values()) cron.stop();
      await Promise.allSettled([...underWay]);
    },
  };
}

export interface BackgroundJobOptions {
  db: Database;
  config: Pick<AppConfig, 'sweepIntervalMinutes' | 'notifySendIntervalSeconds' | 'notifyDigestHour' | 'publicBaseUrl'>;
  notifier: Notifier;
  /** Instead of the configured jobs (tests give their own schedules). */
  jobs?: readonly ScheduledJob[];
  catchUp?: boolean;
  /** Default the app's clock. */
  clock?: Clock;
}

/** The scheduler running alongside an app, once the app is ready. */
export interface BackgroundJobs {
  /** As Scheduler.runNow; null too before the app is ready or after it has closed. */
  runNow(name: string): Promise<JobResult[] | null>;
}

/**
 * Runs the background jobs alongside an app: the scheduler starts when the app is ready and stops
 * when it closes (close-with-grace closes the app on SIGTERM), waiting for runs under way, so the
 * database is never closed under a job.
 */
export function runBackgroundJobs(app: FastifyInstance, { db, config, notifier, jobs, catchUp, clock = app.clock }: BackgroundJobOptions): BackgroundJobs {
  let scheduler: Scheduler | undefined;
  app.addHook('onReady', async () => {
    scheduler = startScheduler({
      db,
      jobs: jobs ?? scheduledJobs(config),
      log: app.log.child({ component: 'jobs' }),
      notifier,
      linkBase: config.publicBaseUrl,
      clock,
      ...(catchUp === undefined ? {} : { catchUp }),
    });
  });
  app.addHook('onClose', async () => {
    const stopping = scheduler;
    scheduler = undefined;
    await stopping?.stop();
  });
  return { runNow: async (name) => (scheduler ? scheduler.runNow(name) : null) };
}
