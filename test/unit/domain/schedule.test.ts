import { describe, expect, it } from 'vitest';
import { calendarCovers, owedBetween, owedSoFar, type ProvisionSchedule } from '../../../src/domain/schedule.js';
import { DEFAULT_ENGLISH_CALENDAR, isSchoolDay, schoolDaysBetween } from '../../../src/domain/school-calendar.js';
import { describeOwed } from '../../../src/domain/provision.js';

// Summer term 2026: 13 April to 22 July, half term 25–29 May (25 May is also a bank holiday),
// early May bank holiday 4 May. School days: 3 full weeks (15) + the 4 May week (4) + 2 weeks (10)
// + 7 weeks after half term (35) + Monday to Wednesday of the last week (3) = 67.
const SUMMER = { from: '2026-04-13', to: '2026-07-22' };
const calendar = DEFAULT_ENGLISH_CALENDAR;

const item = (overrides: Partial<ProvisionSchedule>): ProvisionSchedule => ({
  sessionsPerPeriod: 1,
  minutesPerSession: 30,
  period: 'week',
  termTimeOnly: true,
  startDate: '2025-09-01',
  endDate: null,
  ...overrides,
});

describe('the school calendar', () => {
  it.each([
    ['2026-04-13', true], // first day of the summer term
    ['2026-04-10', false], // Easter holidays
    ['2026-05-04', false], // early May bank holiday
    ['2026-05-27', false], // half term
    ['2026-06-01', true],
    ['2026-06-06', false], // Saturday
    ['2026-07-22', true], // last day of term
    ['2026-07-23', false], // summer holidays
  ])('%s is a school day: %s', (date, expected) => {
    expect(isSchoolDay(calendar, date)).toBe(expected);
  });

  it('counts 67 school days in the summer term of 2026', () => {
    expect(schoolDaysBetween(calendar, SUMMER.from, SUMMER.to)).toHaveLength(67);
  });
});

describe('owedBetween over the summer term of 2026', () => {
  it.each([
    ['2 × 30 min a week, term time', 27, 810, item({ sessionsPerPeriod: 2 })],
    ['1 × 60 min a week, term time', 14, 840, item({ minutesPerSession: 60 })],
    ['1 × 60 min a day, term time', 67, 4020, item({ period: 'day', minutesPerSession: 60 })],
    ['6 × 60 min a term', 6, 360, item({ period: 'term', sessionsPerPeriod: 6, minutesPerSession: 60 })],
    ['2 × 30 min a week, all year', 29, 870, item({ sessionsPerPeriod: 2, termTimeOnly: false })],
    ['2 a week, no length given', 27, null, item({ sessionsPerPeriod: 2, minutesPerSession: null })],
  ])('%s owes %s sessions (%s minutes)', (_label, sessions, minutes, schedule) => {
    expect(owedBetween(schedule, calendar, SUMMER.from, SUMMER.to)).toEqual({ sessions, minutes });
  });

  // Weekly: 12 full weeks × 2 = 24; the bank-holiday week has 4 days: 2 × 4/5 = 1.6 → 2;
  // the last week has 3 days: 2 × 3/5 = 1.2 → 1; half term owes nothing. 24 + 2 + 1 = 27.
  it('shares a week with a bank holiday and a short last week, and owes nothing in half term', () => {
    const twice = item({ sessionsPerPeriod: 2 });
    expect(owedBetween(twice, calendar, '2026-05-04', '2026-05-08').sessions).toBe(2);
    expect(owedBetween(twice, calendar, '2026-05-25', '2026-05-29').sessions).toBe(0);
    expect(owedBetween(twice, calendar, '2026-07-20', '2026-07-24').sessions).toBe(1);
  });

  it('spreads termly provision over the term: before half term owes 29/67 of it', () => {
    const termly = item({ period: 'term', sessionsPerPeriod: 6, minutesPerSession: 60 });
    const owed = owedBetween(termly, calendar, '2026-04-13', '2026-05-22');
    expect(owed.sessions).toBeCloseTo((6 * 29) / 67, 8);
    expect(owed.minutes).toBeCloseTo((6 * 29 * 60) / 67, 6);
  });

  it('owes nothing before an item starts or after it ends', () => {
    const starts = item({ sessionsPerPeriod: 2, startDate: '2026-06-01', endDate: '2026-06-12' });
    expect(owedBetween(starts, calendar, SUMMER.from, SUMMER.to).sessions).toBe(4);
    expect(owedBetween(starts, calendar, '2026-04-13', '2026-05-29').sessions).toBe(0);
    // Starting on a Wednesday: 3 of the week's 5 days owe 2 × 3/5 = 1.2 → 1 session.
    const midweek = item({ sessionsPerPeriod: 2, startDate: '2026-06-03' });
    expect(owedBetween(midweek, calendar, '2026-06-01', '2026-06-05').sessions).toBe(1);
  });

  it('spreads yearly provision over the academic year', () => {
    const yearly = item({ period: 'year', sessionsPerPeriod: 190, minutesPerSession: null });
    const wholeYear = owedBetween(yearly, calendar, '2025-09-01', '2026-08-31');
    expect(wholeYear.sessions).toBe(190);
  });
});

describe('owedSoFar', () => {
  it('counts this week, this term and this school year up to today', () => {
    // Wednesday 3 June 2026: the week so far has 3 school days; the summer term has had 32 to date
    // (29 before half term, 3 after); the school year began with the autumn term on 3 September 2025.
    const daily = item({ period: 'day', minutesPerSession: 60 });
    const owed = owedSoFar(daily, calendar, '2026-06-03');
    expect(owed.thisWeek).toEqual({ sessions: 3, minutes: 180 });
    expect(owed.thisTerm).toEqual({ sessions: 32, minutes: 1920 });
    expect(owed.thisSchoolYear.sessions).toBe(schoolDaysBetween(calendar, '2025-09-01', '2026-06-03').length);
  });

  it('has no term figure in the holidays, and knows which years the calendar covers', () => {
    expect(owedSoFar(item({}), calendar, '2026-08-10').thisTerm).toBeNull();
    expect(calendarCovers(calendar, '2026-11-28')).toBe(true);
    expect(calendarCovers(calendar, '2028-11-28')).toBe(false);
  });
});

describe('owed time is exact until it is shown', () => {
  // A 70-day term with no breaks: 14 weeks, Monday 5 January to Friday 10 April 2026.
  const plainTerm = { terms: [{ name: 'Plain', start: '2026-01-05', end: '2026-04-10' }], bankHolidays: [], closures: [] };
  const termly = item({ period: 'term', sessionsPerPeriod: 1, minutesPerSession: 60, startDate: '2026-01-05' });

  it.each([
    // 32 of 70 days: 32/70 of a session is 27.43 minutes (rounding the session to 0.46 first made it 27.6, shown as 28).
    { days: 32, to: '2026-02-17', sessions: 32 / 70, minutes: (32 / 70) * 60, shown: '0.46 sessions (27 minutes)' },
    { days: 1, to: '2026-01-05', sessions: 1 / 70, minutes: 60 / 70, shown: '0.01 sessions (1 minute)' },
    { days: 70, to: '2026-04-10', sessions: 1, minutes: 60, shown: '1 session (1 hour)' },
  ])('a termly hour owes $shown after $days of 70 days', ({ days, to, sessions, minutes, shown }) => {
    expect(schoolDaysBetween(plainTerm, '2026-01-05', to)).toHaveLength(days);
    const owed = owedBetween(termly, plainTerm, '2026-01-05', to);
    expect(owed.sessions).toBeCloseTo(sessions, 8);
    expect(owed.minutes).toBeCloseTo(minutes, 6);
    expect(describeOwed(owed)).toBe(shown);
  });

  it('27.43 minutes, not 28', () => {
    expect(owedBetween(termly, plainTerm, '2026-01-05', '2026-02-17').minutes?.toFixed(2)).toBe('27.43');
  });
});
