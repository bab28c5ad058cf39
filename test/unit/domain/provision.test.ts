import { describe, expect, it } from 'vitest';
import { describeMinutes, describeOwed, describeQuantity } from '../../../src/domain/provision.js';

describe('describeMinutes', () => {
  // One of each unit is singular, whether alone or beside the other ("1 minutes" was said before).
  it.each([
    [1, '1 minute'],
    [2, '2 minutes'],
    [45, '45 minutes'],
    [59, '59 minutes'],
    [60, '1 hour'],
    [61, '1 hour 1 minute'],
    [75, '1 hour 15 minutes'],
    [120, '2 hours'],
    [121, '2 hours 1 minute'],
    [150, '2 hours 30 minutes'],
  ])('%i minutes read "%s"', (minutes, expected) => {
    expect(describeMinutes(minutes)).toBe(expected);
  });
});

describe('describeQuantity', () => {
  it.each([
    [{ sessionsPerPeriod: 2, minutesPerSession: 30, period: 'week', groupSize: '1:1' }, '2 sessions of 30 minutes a week, 1:1'],
    [{ sessionsPerPeriod: 1, minutesPerSession: 60, period: 'term', groupSize: null }, '1 session of 1 hour a term'],
    [{ sessionsPerPeriod: 1, minutesPerSession: 360, period: 'day', groupSize: null }, '1 session of 6 hours a day'],
    [{ sessionsPerPeriod: 3, minutesPerSession: 90, period: 'week', groupSize: 'small group' }, '3 sessions of 1 hour 30 minutes a week, small group'],
    [{ sessionsPerPeriod: 1, minutesPerSession: 150, period: 'week', groupSize: null }, '1 session of 2 hours 30 minutes a week'],
    [{ sessionsPerPeriod: 6, minutesPerSession: null, period: 'year', groupSize: null }, '6 sessions a year'],
    [{ sessionsPerPeriod: 5, minutesPerSession: 1, period: 'day', groupSize: null }, '5 sessions of 1 minute a day'],
    [{ sessionsPerPeriod: 1, minutesPerSession: 61, period: 'week', groupSize: null }, '1 session of 1 hour 1 minute a week'],
    [{ sessionsPerPeriod: null, minutesPerSession: null, period: null, groupSize: null }, 'Not quantified'],
    [{ sessionsPerPeriod: 2, minutesPerSession: 30, period: 'fortnight', groupSize: null }, 'Not quantified'],
  ])('%o reads "%s"', (quantity, expected) => {
    expect(describeQuantity(quantity)).toBe(expected);
  });
});

describe('describeOwed', () => {
  it.each([
    [{ sessions: 0, minutes: 0 }, 'None'],
    [{ sessions: 1, minutes: 30 }, '1 session (30 minutes)'],
    [{ sessions: 27, minutes: 810 }, '27 sessions (13 hours 30 minutes)'],
    [{ sessions: 67, minutes: 4020 }, '67 sessions (67 hours)'],
    [{ sessions: 2.6, minutes: 156 }, '2.6 sessions (2 hours 36 minutes)'],
    [{ sessions: 4, minutes: null }, '4 sessions'],
  ])('%o reads "%s"', (owed, expected) => {
    expect(describeOwed(owed)).toBe(expected);
  });
});
