import { describe, expect, it } from 'vitest';
import { afterFailedAttempt, MAX_EMAIL_ATTEMPTS } from '../../../src/domain/notification-retry.js';

describe('email retry backoff', () => {
  it.each([
    ['first failure waits a minute', 1, true, { state: 'pending', retryInMinutes: 1 }],
    ['second failure waits 5 minutes', 2, true, { state: 'pending', retryInMinutes: 5 }],
    ['third failure waits 25 minutes', 3, true, { state: 'pending', retryInMinutes: 25 }],
    ['fourth failure waits 125 minutes', 4, true, { state: 'pending', retryInMinutes: 125 }],
    ['fifth failure gives up', 5, true, { state: 'failed' }],
    ['beyond the limit stays failed', 9, true, { state: 'failed' }],
    ['a failure that will not go away (bad address, bad key) gives up at once', 1, false, { state: 'failed' }],
  ])('%s', (_name, attempts, retryable, expected) => {
    expect(afterFailedAttempt(attempts, retryable)).toEqual(expected);
  });

  it('allows five attempts in all', () => {
    expect(MAX_EMAIL_ATTEMPTS).toBe(5);
  });
});
