import { Cron } from 'croner';
import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/clock.js';
import { loadConfig } from '../../../src/config.js';
import type { Database } from '../../../src/db/client.js';
import { addDays } from '../../../src/domain/dates.js';
import { todayInLondon } from '../../../src/domain/formatting.js';
import { OutboxOnlyNotifier } from '../../../src/integrations/notify/notifier.js';
import { cronEvery } from '../../../src/jobs/cron.js';
import { countsOf, JOB_TIMEZONE, type JobResult, type ScheduleConfig, type ScheduledJob } from '../../../src/jobs/job.js';
import { JOBS, scheduledJobs } from '../../../src/jobs/registry.js';
import { startScheduler } from '../../../src/jobs/scheduler.js';

const DEFAULTS = loadConfig({ NODE_ENV: 'test' });

/** Configurations at and between the limits config.ts allows. */
const CONFIGS: [string, ScheduleConfig][] = [
  ['the defaults', DEFAULTS],
  ['the quickest', { sweepIntervalMinutes: 1, notifySendIntervalSeconds: 1, notifyDigestHour: 0 }],
  ['the slowest', { sweepIntervalMinutes: 1440, notifySendIntervalSeconds: 3600, notifyDigestHour: 23 }],
  ['uneven intervals', { sweepIntervalMinutes: 45, notifySendIntervalSeconds: 45, notifyDigestHour: 7 }],
  ['more than an hour', { sweepIntervalMinutes: 300, notifySendIntervalSeconds: 90, notifyDigestHour: 12 }],
];

describe('the background job registry', () => {
  it('gives every job a unique name', () => {
    const names = JOBS.map((job) => job.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(['daily-provision-sweep', 'communication-promise-check', 'review-deadlines-check', 'notification-sender', 'notification-digests']);
  });

  it.each(CONFIGS)('gives every job a valid cron expression in Europe/London with %s', (_name, config) => {
    const jobs = scheduledJobs(config);
    expect(jobs.map((job) => job.name)).toEqual(JOBS.map((job) => job.name));
    for (const job of jobs) {
      const cron = new Cron(job.schedule, { timezone: JOB_TIMEZONE, paused: true });
      try {
        expect(cron.getPattern()).toBe(job.schedule);
        // Fires, and within a day: no job may go quiet for longer than the daily ones.
        const [first, second] = cron.nextRuns(2, '2026-03-29T00:30:00Z');
        expect(first).toBeInstanceOf(Date);
        expect((second?.getTime() ?? Infinity) - (first?.getTime() ?? 0)).toBeLessThanOrEqual(24 * 3600_000);
      } finally {
        cron.stop();
      }
    }
  });

  it('leaves out the jobs their interval turns off, and only those', () => {
    expect(scheduledJobs({ ...DEFAULTS, sweepIntervalMinutes: 0 }).map((job) => job.name)).toEqual(['notification-sender', 'notification-digests']);
    expect(scheduledJobs({ ...DEFAULTS, notifySendIntervalSeconds: 0 }).map((job) => job.name)).toEqual(['daily-provision-sweep', 'communication-promise-check', 'review-deadlines-check']);
  });

  it.each([
    [1, '* * * * * *'],
    [7, '*/6 * * * * *'],
    [20, '*/20 * * * * *'],
    [45, '*/30 * * * * *'],
    [60, '* * * * *'],
    [90, '* * * * *'],
    [15 * 60, '*/15 * * * *'],
    [45 * 60, '*/30 * * * *'],
    [3600, '0 * * * *'],
    [5 * 3600, '0 */4 * * *'],
    [24 * 3600, '0 0 * * *'],
  ])('maps an interval of %i seconds to %s (rounded down to a step that divides evenly)', (seconds, expression) => {
    expect(cronEvery(seconds)).toBe(expression);
  });

  it('refuses an interval of nothing', () => {
    expect(() => cronEvery(0)).toThrow(RangeError);
  });

  // What hourInLondon checked before the scheduler: the digest waits for the London morning, in winter and summer.
  it.each([
    ['winter: London is UTC', '2026-12-01T06:30:00Z', '2026-12-01T07:00:00.000Z'],
    ['summer: London is UTC+1', '2026-07-01T05:30:00Z', '2026-07-01T06:00:00.000Z'],
    ['during the morning it checks each minute', '2026-07-01T08:10:30Z', '2026-07-01T08:11:00.000Z'],
    ['after 23:59 in London, not until the next morning', '2026-07-01T22:59:30Z', '2026-07-02T06:00:00.000Z'],
    ['the day the clocks go forward', '2026-03-29T05:00:00Z', '2026-03-29T06:00:00.000Z'],
  ])('sends digests from NOTIFY_DIGEST_HOUR in London: %s', (_name, from, next) => {
    const [digests] = scheduledJobs(DEFAULTS).filter((job) => job.name === 'notification-digests');
    const cron = new Cron(digests?.schedule ?? '', { timezone: JOB_TIMEZONE, paused: true });
    expect(cron.nextRun(new Date(from))?.toISOString()).toBe(next);
    cron.stop();
  });

  it('sweeps soon after midnight in London, whatever the server clock says', () => {
    const [sweep] = scheduledJobs({ ...DEFAULTS, sweepIntervalMinutes: 1440 });
    const cron = new Cron(sweep?.schedule ?? '', { timezone: JOB_TIMEZONE, paused: true });
    // 23:30 UTC on 1 July is 00:30 on 2 July in London: the next midnight there is 23:00 UTC on the 2nd.
    expect(cron.nextRun(new Date('2026-07-01T23:30:00Z'))?.toISOString()).toBe('2026-07-02T23:00:00.000Z');
    cron.stop();
  });

  it('counts only numbers, so a summary cannot carry a name to the log', () => {
    expect(countsOf({ sent: 2, replies: { flagged: 1, escalated: 0 }, who: 'Ada Lovelace', ids: ['x'], missing: null, nan: Number.NaN })).toEqual({
      sent: 2,
      'replies.flagged': 1,
      'replies.escalated': 0,
    });
  });
});

/** A logger that keeps what it is given (pino's (object, message) form). */
function recordingLog() {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, message: string): void => {
      lines.push({ level, fields, message });
    };
  const log = { info: at('info'), error: at('error'), debug: at('debug'), warn: at('warn'), trace: at('trace'), fatal: at('fatal') } as unknown as FastifyBaseLogger;
  return { log, lines };
}

function deferred() {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('the scheduler', () => {
  // The jobs here never touch the database.
  const db = null as unknown as Database;
  const base = { db, notifier: new OutboxOnlyNotifier(), linkBase: 'https://x.example', clock: systemClock, catchUp: false };

  it('refuses two jobs with the same name', () => {
    const job: ScheduledJob = { name: 'twice', schedule: '0 0 * * *', run: async () => [] };
    expect(() => startScheduler({ ...base, log: recordingLog().log, jobs: [job, job] })).toThrow(/twice/);
  });

  it('skips a run while the last is still going, logs only the job, LA, duration and counts, and waits for it on stop', async () => {
    const { log, lines } = recordingLog();
    const release = deferred();
    let runs = 0;
    let sawToday = '';
    const job: ScheduledJob = {
      name: 'slow',
      schedule: '0 0 1 1 *',
      run: async (_db, context) => {
        runs += 1;
        sawToday = context.today;
        await release.promise;
        const results: JobResult[] = [
          { laId: 'la-1', durationMs: 12, counts: { raised: 2 } },
          { laId: 'la-2', durationMs: 3, counts: {}, error: new Error('the database went away') },
        ];
        return results;
      },
    };
    const scheduler = startScheduler({ ...base, log, jobs: [job] });
    const first = scheduler.runNow('slow');
    expect(await scheduler.runNow('slow')).toBeNull();
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(false);
    release.resolve();
    expect(await first).toHaveLength(2);
    await stopping;
    expect(runs).toBe(1);
    expect(sawToday).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(lines.map((line) => [line.level, line.fields])).toEqual([
      ['info', { job: 'slow', laId: 'la-1', durationMs: 12, counts: { raised: 2 } }],
      ['error', { job: 'slow', laId: 'la-2', durationMs: 3, err: expect.any(Error) as unknown }],
    ]);
    // Stopped: nothing runs any more.
    expect(await scheduler.runNow('slow')).toBeNull();
  });

  it('logs a job that throws, and runs it again next time', async () => {
    const { log, lines } = recordingLog();
    let calls = 0;
    const job: ScheduledJob = {
      name: 'flaky',
      schedule: '0 0 1 1 *',
      run: async () => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
        return [{ laId: null, durationMs: 1, counts: { sent: 0 } }];
      },
    };
    const scheduler = startScheduler({ ...base, log, jobs: [job] });
    expect(await scheduler.runNow('flaky')).toEqual([]);
    expect(await scheduler.runNow('flaky')).toEqual([{ laId: null, durationMs: 1, counts: { sent: 0 } }]);
    await scheduler.stop();
    expect(lines.map((line) => `${line.level}:${String(line.fields.job)}`)).toEqual(['error:flaky', 'debug:flaky']);
  });

  it('fires on its schedule, in London time, and catches up at start on a run due earlier today', async () => {
    const { log } = recordingLog();
    let runs = 0;
    const job: ScheduledJob = {
      name: 'every-second',
      schedule: '* * * * * *',
      run: async () => {
        runs += 1;
        return [];
      },
    };
    // Not in the first second of a London day, when the last tick was yesterday's.
    if (todayInLondon(new Date(Date.now() - 1_000)) !== systemClock.today()) await new Promise((resolve) => setTimeout(resolve, 1_100));
    const scheduler = startScheduler({ ...base, catchUp: true, log, jobs: [job] });
    // The catch-up run starts at once, before the first tick.
    expect(runs).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await scheduler.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(scheduler.next()[0]).toMatchObject({ name: 'every-second', schedule: '* * * * * *' });
  });

  it('does not catch up on a run last due on another day (no digests at 3am)', async () => {
    const { log } = recordingLog();
    let runs = 0;
    // Due only tomorrow, so last due a year ago.
    const [, month = '', day = ''] = addDays(systemClock.today(), 1).split('-');
    const job: ScheduledJob = {
      name: 'tomorrow',
      schedule: `0 0 ${String(Number(day))} ${String(Number(month))} *`,
      run: async () => {
        runs += 1;
        return [];
      },
    };
    const scheduler = startScheduler({ ...base, catchUp: true, log, jobs: [job] });
    await scheduler.stop();
    expect(runs).toBe(0);
  });
});
