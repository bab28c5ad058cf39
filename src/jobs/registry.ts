import { communicationPromiseCheck } from './communication-promise.js';
import type { JobDefinition, ScheduleConfig, ScheduledJob } from './job.js';
import { notificationDigests } from './notification-digests.js';
import { notificationSender } from './notification-sender.js';
import { provisionSweep } from './provision-sweep.js';
import { reviewDeadlinesCheck } from './review-deadlines.js';

/** Every background job there is. A new one is a file in src/jobs/ and a line here. */
export const JOBS: readonly JobDefinition[] = [provisionSweep, communicationPromiseCheck, reviewDeadlinesCheck, notificationSender, notificationDigests];

/** The jobs this configuration runs, each with its cron expression; a job turned off is left out. */
export function scheduledJobs(config: ScheduleConfig, jobs: readonly JobDefinition[] = JOBS): ScheduledJob[] {
  return jobs.flatMap((job) => {
    const schedule = job.schedule(config);
    return schedule === null ? [] : [{ name: job.name, schedule, run: job.run }];
  });
}

export function findJob(name: string): JobDefinition | undefined {
  return JOBS.find((job) => job.name === name);
}
