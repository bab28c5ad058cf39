/**
 * When to try an email again after a failed attempt. Waits grow fivefold (1, 5, 25, 125 minutes)
 * so a short provider outage is ridden out within minutes while a long one is not hammered; after
 * the fifth failed attempt the email is given up as failed and shows so in the admin outbox (the
 * person still has it in the app).
 */
export const MAX_EMAIL_ATTEMPTS = 5;

export type AfterFailure = { state: 'failed' } | { state: 'pending'; retryInMinutes: number };

/** `attempts` counts every attempt so far, including the one that has just failed. */
export function afterFailedAttempt(attempts: number, retryable: boolean): AfterFailure {
  if (!retryable || attempts >= MAX_EMAIL_ATTEMPTS) return { state: 'failed' };
  return { state: 'pending', retryInMinutes: 5 ** (Math.max(1, attempts) - 1) };
}
