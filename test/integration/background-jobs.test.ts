import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { jobRun } from '../../src/db/schema/index.js';
import { OutboxOnlyNotifier } from '../../src/integrations/notify/notifier.js';
import { COMMUNICATION_PROMISE_JOB } from '../../src/jobs/communication-promise.js';
import type { ScheduledJob } from '../../src/jobs/job.js';
import { DAILY_SWEEP_JOB } from '../../src/jobs/provision-sweep.js';
import { scheduledJobs } from '../../src/jobs/registry.js';
import { runBackgroundJobs, type BackgroundJobs } from '../../src/jobs/scheduler.js';
import { seedDemoLa } from '../../src/seed/generator.js';
import { TEST_CLOCK, testConfig } from '../helpers/app.js';
import { openSharedTestDatabase, testEngine } from '../helpers/database.js';

/**
 * Two app processes on one database, each with its own scheduler, firing the same jobs at the
 * same moments: the lease in job_run lets each LA's daily run happen once. On PostgreSQL the two
 * apps have their own connection pools and really race; on PGlite (one process's alone) they
 * share the connection and interleave at every query.
 */

interface Instance {
  app: FastifyInstance;
  background: BackgroundJobs;
  lines: string[];
  /** How many times this instance's scheduler fired each job. */
  fired: Map<string, number>;
}

/** What a job's log line may hold: pino's own fields and the job's name, LA, duration and counts. */
const ALLOWED_LOG_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'component', 'msg', 'job', 'laId', 'durationMs', 'counts']);

describe(`background jobs in two app processes (${testEngine})`, () => {
  let first: DatabaseHandle;
  let second: DatabaseHandle;
  let laIds: string[];
  const config = testConfig({ logLevel: 'info' });
  const today = TEST_CLOCK.today();

  beforeAll(async () => {
    const shared = await openSharedTestDatabase();
    first = shared.first;
    second = await shared.openAnother();
    const one = await seedDemoLa(first.db, { plans: 6, seed: 7, deliveryHistory: false, clock: TEST_CLOCK });
    const two = await seedDemoLa(first.db, {
      plans: 6,
      seed: 7,
      la: { dfeCode: '998', name: 'Second Borough Council', region: 'London' },
      emailDomain: 'second-borough.example.org',
      deliveryHistory: false,
      clock: TEST_CLOCK,
    });
    laIds = [one.laId, two.laId].sort();
  }, 120_000);

  afterAll(async () => {
    await second.close();
    await first.close();
  });

  /** The daily jobs as configured, but firing when `schedule` says. */
  function dailyJobs(schedule: string): ScheduledJob[] {
    return scheduledJobs(config)
      .filter((job) => job.name === DAILY_SWEEP_JOB || job.name === COMMUNICATION_PROMISE_JOB)
      .map((job) => ({ ...job, schedule }));
  }

  async function twoInstances(jobs: ScheduledJob[]): Promise<Instance[]> {
    return Promise.all(
      [first, second].map(async (database) => {
        const lines: string[] = [];
        const fired = new Map<string, number>();
        const app = await buildApp({ config, database, logDestination: { write: (line) => lines.push(line) }, clock: TEST_CLOCK });
        const counted = jobs.map((job) => ({
          ...job,
          run: (db: typeof database.db, context: Parameters<ScheduledJob['run']>[1]) => {
            fired.set(job.name, (fired.get(job.name) ?? 0) + 1);
            return job.run(db, context);
          },
        }));
        const background = runBackgroundJobs(app, { db: database.db, config, notifier: new OutboxOnlyNotifier(), jobs: counted, catchUp: false });
        await app.ready();
        return { app, background, lines, fired };
      }),
    );
  }

  function jobLines(instances: Instance[], message: string) {
    return instances.flatMap((instance) => instance.lines.map((line) => JSON.parse(line) as Record<string, unknown>)).filter((line) => line.msg === message);
  }

  async function runsOf(job: string) {
    return first.db
      .select()
      .from(jobRun)
      .where(and(eq(jobRun.job, job), eq(jobRun.runOn, today)))
      .orderBy(jobRun.laId);
  }

  it('fired by both schedulers every second, the sweep and the promise check run once for each LA', async () => {
    const instances = await twoInstances(dailyJobs('* * * * * *'));
    try {
      // Until each scheduler has fired each job at least twice: both at the first tick, and again after.
      const deadline = Date.now() + 60_000;
      while (instances.some((instance) => [DAILY_SWEEP_JOB, COMMUNICATION_PROMISE_JOB].some((job) => (instance.fired.get(job) ?? 0) < 2))) {
        if (Date.now() > deadline) throw new Error(`The schedulers did not fire: ${JSON.stringify(instances.map((instance) => [...instance.fired]))}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      // Closing an app stops its scheduler and waits for the run under way.
      await Promise.all(instances.map((instance) => instance.app.close()));
    }

    for (const job of [DAILY_SWEEP_JOB, COMMUNICATION_PROMISE_JOB]) {
      const runs = await runsOf(job);
      expect(runs.map((run) => run.laId)).toEqual(laIds);
      expect(runs.every((run) => run.finishedAt !== null)).toBe(true);
      // Each LA's run logged once, by whichever process held its lease.
      const finished = jobLines(instances, 'background job finished').filter((line) => line.job === job);
      expect(finished.map((line) => line.laId).sort()).toEqual(laIds);
    }
    const sweeps = jobLines(instances, 'background job finished').filter((line) => line.job === DAILY_SWEEP_JOB);
    for (const line of sweeps) {
      expect(Object.keys(line).filter((key) => !ALLOWED_LOG_FIELDS.has(key))).toEqual([]);
      expect(line.durationMs).toEqual(expect.any(Number));
      expect((line.counts as Record<string, number>).items).toBeGreaterThan(0);
      expect(Object.values(line.counts as object).every((count) => typeof count === 'number')).toBe(true);
    }
    expect(jobLines(instances, 'background job failed for this LA; its lease is taken over after an hour')).toEqual([]);
  }, 90_000);

  it('takes over a lease abandoned more than an hour ago, once, and leaves a live one alone', async () => {
    const [crashed, live] = laIds as [string, string];
    const lease = (laId: string) => and(eq(jobRun.job, DAILY_SWEEP_JOB), eq(jobRun.laId, laId), eq(jobRun.runOn, today));
    // One LA's run started two hours ago and never finished (its process died); another's started five minutes ago elsewhere.
    await first.db
      .update(jobRun)
      .set({ startedAt: sql`now() - interval '2 hours'`, finishedAt: null, summary: null })
      .where(lease(crashed));
    await first.db
      .update(jobRun)
      .set({ startedAt: sql`now() - interval '5 minutes'`, finishedAt: null, summary: null })
      .where(lease(live));

    const instances = await twoInstances(dailyJobs('0 0 1 1 *'));
    let results;
    try {
      results = await Promise.all(instances.map((instance) => instance.background.runNow(DAILY_SWEEP_JOB)));
    } finally {
      await Promise.all(instances.map((instance) => instance.app.close()));
    }
    const ran = results.flatMap((result) => result ?? []);
    expect(ran.map((result) => ({ laId: result.laId, error: result.error }))).toEqual([{ laId: crashed, error: undefined }]);

    const [takenOver] = await first.db.select().from(jobRun).where(lease(crashed));
    expect(takenOver?.finishedAt).not.toBeNull();
    expect(takenOver?.summary).toMatchObject({ items: expect.any(Number) as unknown });
    expect(Date.now() - (takenOver?.startedAt.getTime() ?? 0)).toBeLessThan(10 * 60_000);
    const [stillRunning] = await first.db.select().from(jobRun).where(lease(live));
    expect(stillRunning?.finishedAt).toBeNull();
  }, 90_000);
});
