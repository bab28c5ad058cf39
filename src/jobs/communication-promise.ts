import { flagOverdueReplies } from '../modules/messages/service.js';
import { cronEvery } from './cron.js';
import type { JobDefinition } from './job.js';
import { resultsOf, runForEachLa } from './lease.js';

export const COMMUNICATION_PROMISE_JOB = 'communication-promise-check';

/**
 * The communication promise check: each message past its reply date flagged to the thread's
 * owner, then escalated to a team manager (src/modules/messages/service.ts). Once per LA per
 * London day, checked as often as the provision sweep (SWEEP_INTERVAL_MINUTES), under its own
 * lease, so a failure in one does not hold up the other.
 */
export const communicationPromiseCheck: JobDefinition = {
  name: COMMUNICATION_PROMISE_JOB,
  schedule: (config) => (config.sweepIntervalMinutes === 0 ? null : cronEvery(config.sweepIntervalMinutes * 60)),
  run: async (db, context) => resultsOf(await runForEachLa(db, COMMUNICATION_PROMISE_JOB, context.today, (laId) => flagOverdueReplies(db, laId, context.today, context.now), context.signal)),
};
