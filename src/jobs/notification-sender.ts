import { sendDueNotifications } from '../modules/notifications/sender.js';
import { cronEvery } from './cron.js';
import { countsOf, type JobDefinition } from './job.js';

/**
 * Sends due email from the outbox, every NOTIFY_SEND_INTERVAL_SECONDS in every process. It needs
 * no lease: each email is claimed row by row (`for update skip locked`, src/modules/notifications/
 * sender.ts), so two processes sending at once share the work and never send an email twice.
 */
export const notificationSender: JobDefinition = {
  name: 'notification-sender',
  schedule: (config) => (config.notifySendIntervalSeconds === 0 ? null : cronEvery(config.notifySendIntervalSeconds)),
  run: async (db, context) => {
    const started = performance.now();
    const summary = await sendDueNotifications(db, context.notifier, context.now, { linkBase: context.linkBase });
    return [{ laId: null, durationMs: Math.round(performance.now() - started), counts: countsOf(summary) }];
  },
};
