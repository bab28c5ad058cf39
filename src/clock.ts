import type { IsoDate } from './domain/dates.js';
import { todayInLondon } from './domain/formatting.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The one clock the app reads "now" and "today" from (buildApp's `clock`). */
    clock: Clock;
  }
}

/**
 * Where the app reads the time. "Today" is always England's date, for code and SQL alike: SQL
 * binds `clock.today()` rather than `current_date`, which is the database server's date in its
 * own zone and differs from London's around midnight. Passed explicitly (buildApp → app.clock →
 * the Actor; the server and CLI hand it to jobs) so a test can fix it.
 */
export interface Clock {
  now(): Date;
  /** Today in Europe/London, YYYY-MM-DD. */
  today(): IsoDate;
}

/** The real time. Only entry points (server, CLI, buildApp's default) choose it. */
export const systemClock: Clock = {
  now: () => new Date(),
  today: () => todayInLondon(new Date()),
};

/** A clock stopped at one instant, for tests. */
export function fixedClock(at: Date | string): Clock {
  const instant = new Date(at);
  if (Number.isNaN(instant.getTime())) throw new Error(`fixedClock needs a real instant, not ${String(at)}`);
  return {
    now: () => new Date(instant.getTime()),
    today: () => todayInLondon(instant),
  };
}
