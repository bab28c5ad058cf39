import { sendDigests } from '../modules/notifications/sender.js';
import { cronEvery } from './cron.js';
import type { JobDefinition } from './job.js';

/**
 * The daily digests, from NOTIFY_DIGEST_HOUR (London) to midnight, as often as the sender runs
 * (off with it). Each person's digest has its own lease in job_run (notification-digest:<user>),
 * so however many processes and checks there are, a person gets at most one a day; checking
 * until midnight lets a process started mid-morning catch up.
 */
export const notificationDigests: JobDefinition = {
  name: 'notification-digests',
  schedule: (config) => (config.notifySendIntervalSeconds === 0 ? null : cronEvery(config.notifySendIntervalSeconds, `${String(config.notifyDigestHour)}-23`)),
  run: async (db, context) => {
    const started = performance.now();
    const digests = await sendDigests(db, context.notifier, context.today, context.now, { linkBase: context.linkBase });
    return [{ laId: null, durationMs: Math.round(performance.now() - started), counts: { digests } }];
  },
};
