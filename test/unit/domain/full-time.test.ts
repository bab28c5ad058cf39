import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/dates.js';
import {
  currentSpellStart,
  defaultFullTimeMinutes,
  EDUCATION_KINDS,
  formatHours,
  FULL_TIME_MINUTES_BY_PHASE,
  fullTimePhaseFor,
  NO_SETTING_REASONS,
  schoolDaysFrom,
  shareOfFullTime,
  spellStartForSchoolDays,
  type ArrangementPeriod,
} from '../../../src/domain/full-time.js';
import { DEFAULT_ENGLISH_CALENDAR } from '../../../src/domain/school-calendar.js';

const calendar = DEFAULT_ENGLISH_CALENDAR;

describe('kinds and reasons', () => {
  it('names the three kinds of education offer', () => {
    expect(Object.keys(EDUCATION_KINDS)).toEqual(['full_time', 'part_time', 'no_setting']);
  });

  it('has the issue’s reasons for having no setting, each with a label', () => {
    expect(Object.keys(NO_SETTING_REASONS)).toEqual(expect.arrayContaining(['awaiting_placement', 'out_of_school', 'permanently_excluded', 'medical_needs']));
    for (const text of Object.values(NO_SETTING_REASONS)) expect(text.length).toBeGreaterThan(3);
  });
});

describe('the default full-time week', () => {
  it.each([
    ['mainstream_la_maintained', 7, 'school', 1950], // DfE: 32.5 hours from September 2024
    ['mainstream_academy', 14, 'school', 1950],
    ['special_la_maintained', 17, 'school', 1950], // all-through special school keeps the school week at 17
    ['ap_pru', 13, 'school', 1950],
    ['fe_college', 17, 'post16', 900],
    ['specialist_post16', 19, 'post16', 900],
    ['early_years', 3, 'early_years', 900],
    [null, 3, 'early_years', 900], // no setting: by age
    [null, 9, 'school', 1950],
    [null, 16, 'post16', 900],
    ['not_a_setting_type', 10, 'school', 1950],
  ])('%s at age %i is %s: %i minutes', (settingType, age, phase, minutes) => {
    expect(fullTimePhaseFor(settingType, age)).toBe(phase);
    expect(defaultFullTimeMinutes(settingType, age)).toBe(minutes);
  });

  it('is 32 hours 30 minutes for a school', () => {
    expect(formatHours(FULL_TIME_MINUTES_BY_PHASE.school)).toBe('32 hours 30 minutes');
  });
});

describe('formatHours and shareOfFullTime', () => {
  it.each([
    [0, '0 hours'],
    [1, '1 minute'],
    [45, '45 minutes'],
    [60, '1 hour'],
    [61, '1 hour 1 minute'],
    [900, '15 hours'],
    [1950, '32 hours 30 minutes'],
  ])('%i minutes reads "%s"', (minutes, text) => {
    expect(formatHours(minutes)).toBe(text);
  });

  it.each([
    [900, 1950, 46],
    [1950, 1950, 100],
    [0, 1950, 0],
    [600, 0, 0],
  ])('%i of %i minutes is %i %', (offered, fullTime, share) => {
    expect(shareOfFullTime(offered, fullTime)).toBe(share);
  });
});

const period = (kind: ArrangementPeriod['kind'], startDate: string, endDate: string | null = null): ArrangementPeriod => ({ kind, startDate, endDate });

describe('currentSpellStart: when the current spell without full-time education began', () => {
  it.each([
    ['no arrangement on record: full-time by default', [], null],
    ['a current full-time arrangement', [period('full_time', '2026-09-03')], null],
    ['a current part-time timetable', [period('part_time', '2026-09-07')], '2026-09-07'],
    ['no setting then a part-time timetable: one spell', [period('no_setting', '2026-03-02', '2026-06-30'), period('part_time', '2026-07-01')], '2026-03-02'],
    ['given newest first, the same', [period('part_time', '2026-07-01'), period('no_setting', '2026-03-02', '2026-06-30')], '2026-03-02'],
    ['a full-time period ends the earlier spell', [period('part_time', '2026-01-05', '2026-02-01'), period('full_time', '2026-02-02', '2026-05-31'), period('no_setting', '2026-06-01')], '2026-06-01'],
    ['a gap between arrangements ends the earlier spell', [period('part_time', '2026-01-05', '2026-02-01'), period('part_time', '2026-03-01')], '2026-03-01'],
    ['a spell that has ended and nothing current', [period('part_time', '2026-01-05', '2026-02-01')], null],
    ['three in a row', [period('no_setting', '2025-11-03', '2026-01-04'), period('part_time', '2026-01-05', '2026-04-12'), period('part_time', '2026-04-13')], '2025-11-03'],
  ])('%s', (_label, periods, expected) => {
    expect(currentSpellStart(periods)).toBe(expected);
  });
});

describe('schoolDaysFrom: school days counted by the LA calendar', () => {
  it.each([
    ['four full weeks in November 2026', '2026-11-02', '2026-11-27', 20],
    ['two weeks either side of the October half term', '2026-10-19', '2026-11-06', 10],
    ['a weekend', '2026-11-28', '2026-11-29', 0],
    ['a single Monday in term', '2026-11-30', '2026-11-30', 1],
    ['across the summer holidays', '2026-07-20', '2026-09-04', 5],
    ['across Christmas and New Year', '2026-12-14', '2027-01-08', 10],
    ['a week ending on Good Friday 2027', '2027-03-22', '2027-03-26', 4],
    ['the summer term of 2026, with the May bank holiday', '2026-04-13', '2026-07-22', 67],
    ['to before from', '2026-11-27', '2026-11-02', 0],
  ])('%s: %s to %s is %i', (_label, from, to, expected) => {
    expect(schoolDaysFrom(calendar, from, to)).toBe(expected);
  });
});

describe('spellStartForSchoolDays: the latest start that has reached N school days', () => {
  it.each([
    ['today is a Friday in term', '2026-11-27', 1, '2026-11-27'],
    ['today is a Sunday', '2026-11-29', 1, '2026-11-27'],
    ['a week', '2026-11-27', 5, '2026-11-23'],
    ['the default threshold, 15 school days', '2026-11-27', 15, '2026-11-09'],
    ['back across the half term', '2026-11-06', 6, '2026-10-23'],
    ['30 school days, across the half term', '2026-11-27', 30, '2026-10-12'],
    ['nothing asked', '2026-11-27', 0, '2026-11-27'],
    ['more than the calendar holds', '2025-09-05', 10, null],
  ])('%s: %s, %i days → %s', (_label, today, days, expected) => {
    expect(spellStartForSchoolDays(calendar, today, days)).toBe(expected);
  });

  it.each([1, 5, 15, 30, 100, 190])('agrees with schoolDaysFrom for %i days: that start has them, the next day one fewer', (days) => {
    const today = '2026-11-27';
    const start = spellStartForSchoolDays(calendar, today, days);
    expect(start).not.toBeNull();
    expect(schoolDaysFrom(calendar, start ?? today, today)).toBe(days);
    expect(schoolDaysFrom(calendar, addDays(start ?? today, 1), today)).toBe(days - 1);
  });
});
