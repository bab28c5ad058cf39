import { flagOverdueReviewSteps } from '../modules/reviews/overdue.js';
import { cronEvery } from './cron.js';
import type { JobDefinition } from './job.js';
import { resultsOf, runForEachLa } from './lease.js';

const REVIEW_DEADLINES_JOB = 'review-deadlines-check';

/**
 * The review deadlines check: every open review's steps against the legal clock, each overdue one
 * raised once as a task and a notification for its owner (src/modules/reviews/overdue.ts). Once
 * per LA per London day, checked as often as the provision sweep, under its own lease.
 */
export const reviewDeadlinesCheck: JobDefinition = {
  name: REVIEW_DEADLINES_JOB,
  schedule: (config) => (config.sweepIntervalMinutes === 0 ? null : cronEvery(config.sweepIntervalMinutes * 60)),
  run: async (db, context) => resultsOf(await runForEachLa(db, REVIEW_DEADLINES_JOB, context.today, (laId) => flagOverdueReviewSteps(db, laId, context.today), context.signal)),
};
