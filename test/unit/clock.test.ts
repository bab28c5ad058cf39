import { describe, expect, it } from 'vitest';
import { fixedClock, systemClock } from '../../src/clock.js';

describe('fixedClock', () => {
  // London's date is not the UTC date for an hour before midnight in British Summer Time, and the
  // clocks change at 01:00 UTC on the last Sunday of March and of October.
  it.each([
    ['2026-03-28T23:59:59Z', '2026-03-28', 'the last second of the last GMT Saturday'],
    ['2026-03-29T00:30:00Z', '2026-03-29', 'the night the clocks go forward, still GMT'],
    ['2026-03-29T01:30:00Z', '2026-03-29', 'just after the clocks went forward (02:30 BST)'],
    ['2026-03-29T23:30:00Z', '2026-03-30', 'the first BST evening: 00:30 the next day'],
    ['2026-06-30T22:59:59Z', '2026-06-30', 'one second before midnight in summer'],
    ['2026-06-30T23:00:00Z', '2026-07-01', 'midnight in summer'],
    ['2026-06-30T23:30:00Z', '2026-07-01', 'a summer night: London is a day ahead of UTC'],
    ['2026-10-24T23:30:00Z', '2026-10-25', 'the night the clocks go back, still BST'],
    ['2026-10-25T00:30:00Z', '2026-10-25', 'the first 01:30 (BST)'],
    ['2026-10-25T01:30:00Z', '2026-10-25', 'the second 01:30 (GMT)'],
    ['2026-10-25T23:30:00Z', '2026-10-25', 'the first GMT evening: London and UTC agree'],
    ['2026-12-31T23:59:59Z', '2026-12-31', 'the last second of the year'],
    ['2027-01-01T00:00:00Z', '2027-01-01', 'new year'],
  ])('at %s today is %s (%s)', (instant, today) => {
    const clock = fixedClock(instant);
    expect(clock.today()).toBe(today);
    expect(clock.now().toISOString()).toBe(new Date(instant).toISOString());
  });

  it('stays where it was set, whatever the caller does with the Date it returns', () => {
    const clock = fixedClock(new Date('2026-11-25T10:30:00Z'));
    clock.now().setUTCFullYear(2030);
    expect(clock.now().toISOString()).toBe('2026-11-25T10:30:00.000Z');
  });

  it('refuses an instant that is not one', () => {
    expect(() => fixedClock('not a date')).toThrow(/real instant/);
  });
});

describe('systemClock', () => {
  it('reads the real time', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now - before).toBeLessThan(1000);
    expect(systemClock.today()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
