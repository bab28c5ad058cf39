import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../clock.js';
import { runDailySweep } from './sweep.js';

/**
 * Runs the daily sweep on a timer in every app process. Each tick only claims LAs whose run for
 * today has not been claimed (see runDailySweep), so any number of processes sweep each LA once a
 * day, soon after midnight, and a process started mid-day catches up at once.
 */
export function scheduleDailySweep(db: Database, log: FastifyBaseLogger, intervalMinutes: number, clock: Clock): () => void {
  if (intervalMinutes === 0) return () => undefined;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const ran = await runDailySweep(db, clock.today());
      for (const [laId, summary] of ran) log.info({ laId, ...summary }, 'daily provision sweep finished');
    } catch (err) {
      log.error({ err }, 'daily provision sweep failed; the next tick tries again');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMinutes * 60_000);
  timer.unref();
  void tick();
  return () => {
    clearInterval(timer);
  };
}
