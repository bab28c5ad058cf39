/**
 * Cron expressions for "every N seconds", from the interval settings that came before the
 * scheduler (SWEEP_INTERVAL_MINUTES, NOTIFY_SEND_INTERVAL_SECONDS). A cron step repeats within
 * its field (every 45 minutes is :00 and :45, then :00 again), so an interval that does not divide
 * the minute, hour or day evenly is rounded down to one that does: 45 minutes checks every 30.
 * Checking more often than asked is harmless (every job here is idempotent or leased); less
 * often would not be.
 */

const DIVISORS_OF_60 = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30];
const DIVISORS_OF_24 = [1, 2, 3, 4, 6, 8, 12];

function stepWithin(divisors: number[], wanted: number): number {
  return divisors.filter((divisor) => divisor <= wanted).at(-1) ?? 1;
}

function field(step: number): string {
  return step === 1 ? '*' : `*/${String(step)}`;
}

/**
 * A cron expression that fires every `seconds` (at least one second), optionally only in `hours`
 * (a cron hour field such as `7-23`). Whole minutes give the usual five fields; under a minute,
 * six (croner reads a leading seconds field).
 */
export function cronEvery(seconds: number, hours = '*'): string {
  if (!Number.isInteger(seconds) || seconds < 1) throw new RangeError(`An interval is a whole number of seconds, 1 or more, not ${String(seconds)}`);
  if (seconds < 60) return `${field(stepWithin(DIVISORS_OF_60, seconds))} * ${hours} * * *`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${field(stepWithin(DIVISORS_OF_60, minutes))} ${hours} * * *`;
  const everyHours = Math.floor(minutes / 60);
  if (everyHours < 24) {
    if (hours !== '*') return `0 ${hours} * * *`;
    return `0 ${field(stepWithin(DIVISORS_OF_24, everyHours))} * * *`;
  }
  return hours === '*' ? '0 0 * * *' : `0 ${hours.split(/[-,/]/)[0] ?? '0'} * * *`;
}
