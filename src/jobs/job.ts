import type { AppConfig } from '../config.js';
import type { Database } from '../db/client.js';
import type { IsoDate } from '../domain/dates.js';
import type { Notifier } from '../integrations/notify/notifier.js';

/** Every schedule is read as London wall-clock time, whatever the server's zone: "7am" is 7am in England all year. */
export const JOB_TIMEZONE = 'Europe/London';

/** What a run is given: when it fired, the day in London, and what the jobs that send email need. */
export interface JobContext {
  /** When this run fired. */
  now: Date;
  /** The day in London at `now`: the day a daily job runs for. */
  today: IsoDate;
  notifier: Notifier;
  /** Where people reach the app, without a trailing slash: the start of every link in an email. */
  linkBase: string;
  /** Aborted when the scheduler stops: a job working LA by LA claims no further LA. */
  signal: AbortSignal;
}

/**
 * What one run did, for the log: only the job's name, the LA's id, how long it took and counts.
 * A count is a number and nothing else, so nothing about a child or a person can reach the log
 * through it; errors go through the log's own serializer (src/http/logging.ts).
 */
export interface JobResult {
  /** The LA it ran for; null for work across every LA (the outbox). */
  laId: string | null;
  durationMs: number;
  counts: Record<string, number>;
  /** Set when this LA's run failed: its lease stays unfinished, and is taken over later. */
  error?: unknown;
}

/** The settings that decide when jobs run (from the environment: README's table). */
export type ScheduleConfig = Pick<AppConfig, 'sweepIntervalMinutes' | 'notifySendIntervalSeconds' | 'notifyDigestHour'>;

/**
 * A background job. Each file in src/jobs/ exports one. `schedule` turns the configuration into a
 * cron expression (read in Europe/London), or null when the configuration turns the job off.
 */
export interface JobDefinition {
  /** Unique: the scheduler's key, the log's `job`, and (for per-LA daily jobs) job_run's `job`. */
  name: string;
  schedule: (config: ScheduleConfig) => string | null;
  run: (db: Database, context: JobContext) => Promise<JobResult[]>;
}

/** A job with its schedule resolved from the configuration: what the scheduler registers. */
export interface ScheduledJob {
  name: string;
  schedule: string;
  run: (db: Database, context: JobContext) => Promise<JobResult[]>;
}

/**
 * A summary's numbers, flattened ({ replies: { flagged: 1 } } → { 'replies.flagged': 1 }). Anything
 * that is not a number is dropped, so a summary that one day gains a name cannot log it.
 */
export function countsOf(summary: object, prefix = ''): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [key, value] of Object.entries(summary)) {
    if (typeof value === 'number' && Number.isFinite(value)) counts[`${prefix}${key}`] = value;
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) Object.assign(counts, countsOf(value as object, `${prefix}${key}.`));
  }
  return counts;
}
