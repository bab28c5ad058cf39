import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../clock.js';
import { todayInLondon } from '../../domain/formatting.js';
import type { Notifier } from '../../integrations/notify/notifier.js';
import { sendDigests, sendDueNotifications } from './sender.js';

/** The hour of the day in London (0–23): digests wait for the morning, whatever the server's zone. */
export function hourInLondon(now: Date): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(now));
}

export interface NotificationSchedule {
  intervalSeconds: number;
  digestHour: number;
  linkBase: string;
}

/**
 * Sends due email from the outbox on a timer in every app process; claims keep two processes from
 * sending the same email (see sendDueNotifications). From the digest hour on, each tick also writes
 * any digest not yet written today, so a process started mid-morning catches up at once. The timer
 * is unref'd: it never keeps a process (or a test run) alive on its own.
 */
export function scheduleNotificationSender(db: Database, notifier: Notifier, log: FastifyBaseLogger, schedule: NotificationSchedule, clock: Clock): () => void {
  if (schedule.intervalSeconds === 0) return () => undefined;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const now = clock.now();
      const options = { linkBase: schedule.linkBase };
      const summary = await sendDueNotifications(db, notifier, now, options);
      if (summary.sent + summary.retrying + summary.failed > 0) log.info({ notifier: notifier.name, ...summary }, 'notification email sent from the outbox');
      if (hourInLondon(now) >= schedule.digestHour) {
        const digests = await sendDigests(db, notifier, todayInLondon(now), now, options);
        if (digests > 0) log.info({ digests }, 'daily notification digests written');
      }
    } catch (err) {
      log.error({ err }, 'sending notification email failed; the next tick tries again');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), schedule.intervalSeconds * 1000);
  timer.unref();
  void tick();
  return () => {
    clearInterval(timer);
  };
}
