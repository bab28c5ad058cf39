import { describe, expect, it } from 'vitest';
import { ageOn, formatDate, formatDateTime, formatPence, formatShortDate, formatTime, todayInLondon } from '../../../src/domain/formatting.js';

describe('formatting', () => {
  it.each([
    ['2026-01-15', '15 January 2026'],
    ['2026-03-29', '29 March 2026'],
    [null, ''],
  ])('formatDate(%s) = %s', (value, expected) => {
    expect(formatDate(value)).toBe(expected);
  });

  // Each moment is given in UTC; January is GMT (UTC+0), July is BST (UTC+1).
  it.each([
    ['2026-01-15T00:00:00Z', '15 January 2026 at midnight'],
    ['2026-01-15T00:30:00Z', '15 January 2026 at 12:30am'],
    ['2026-01-15T12:00:00Z', '15 January 2026 at midday'],
    ['2026-01-15T12:04:00Z', '15 January 2026 at 12:04pm'],
    ['2026-01-15T12:30:00Z', '15 January 2026 at 12:30pm'],
    ['2026-01-15T23:59:00Z', '15 January 2026 at 11:59pm'],
    ['2026-07-14T23:00:00Z', '15 July 2026 at midnight'],
    ['2026-07-14T23:30:00Z', '15 July 2026 at 12:30am'],
    ['2026-07-15T11:00:00Z', '15 July 2026 at midday'],
    ['2026-07-15T11:30:00Z', '15 July 2026 at 12:30pm'],
    ['2026-07-15T22:59:00Z', '15 July 2026 at 11:59pm'],
    ['2026-07-15T08:05:00Z', '15 July 2026 at 9:05am'],
    [null, ''],
    ['not a date', ''],
  ])('formatDateTime(%s) = %s', (value, expected) => {
    expect(formatDateTime(value)).toBe(expected);
  });

  it('never shows the hour as 0 in the afternoon', () => {
    for (let minute = 0; minute < 24 * 60; minute += 1) {
      expect(formatTime(new Date(Date.UTC(2026, 0, 15, 0, minute)))).not.toMatch(/^0:/);
    }
  });

  it.each([
    ['2027-03-12', '12 Mar 2027'],
    ['2026-09-01', '1 Sep 2026'],
    ['2026-12-31T23:30:00Z', '31 Dec 2026'],
    ['', ''],
    [null, ''],
  ])('formatShortDate(%s) = %s', (value, expected) => {
    expect(formatShortDate(value)).toBe(expected);
  });

  it.each([
    [266000, '£2,660'],
    [9006600, '£90,066'],
    [12345, '£123.45'],
    [null, ''],
  ])('formatPence(%s) = %s', (value, expected) => {
    expect(formatPence(value)).toBe(expected);
  });

  it.each([
    ['2010-11-28', '2026-11-28', 16],
    ['2010-11-29', '2026-11-28', 15],
    ['2012-02-29', '2026-02-28', 13],
    ['2012-02-29', '2026-03-01', 14],
  ])('born %s is %i on %s', (born, on, expected) => {
    expect(ageOn(born, on)).toBe(expected);
  });

  it('takes today in Europe/London, not UTC', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time.
    expect(todayInLondon(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(todayInLondon(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
});
