import { addDays, type IsoDate } from './dates.js';
import { isSchoolDay, type SchoolCalendar } from './school-calendar.js';
import { SETTING_TYPES } from './settings.js';

/**
 * The education a child is actually offered. Only exceptions are recorded: a child with no
 * arrangement on record is in full-time education at their current setting (the default), so an
 * LA records a part-time timetable or a period with no school or setting, and records "full-time"
 * again when it ends. A child's arrangements follow one another without gaps: recording a new one
 * ends the current one the day before.
 */
export const EDUCATION_KINDS = {
  full_time: 'Full-time',
  part_time: 'Part-time timetable',
  no_setting: 'No school or setting',
} as const;

export type EducationKind = keyof typeof EDUCATION_KINDS;

export function isEducationKind(value: string): value is EducationKind {
  return value in EDUCATION_KINDS;
}

/**
 * Why a child has no school or setting. The first three are the issue's; the others are the
 * cases an LA's children-missing-education and section 19 (Education Act 1996) work meets
 * most: a child too ill to attend for whom the LA must arrange suitable education, a child
 * new to the area waiting for an in-year place, a placement that broke down, a young person
 * with no post-16 place. SEN2's NIEO code asks for this explanation.
 */
export const NO_SETTING_REASONS = {
  awaiting_placement: 'Awaiting a school or setting place',
  out_of_school: 'Out of school',
  permanently_excluded: 'Permanently excluded',
  medical_needs: 'Medical needs: awaiting alternative provision',
  placement_breakdown: 'Placement broke down',
  new_to_area: 'New to the area: awaiting an in-year place',
  no_post16_place: 'No post-16 place',
  other: 'Other reason',
} as const;

export type NoSettingReason = keyof typeof NO_SETTING_REASONS;

export function isNoSettingReason(value: string): value is NoSettingReason {
  return value in NO_SETTING_REASONS;
}

/** How the setting's week is judged "full-time". */
export type FullTimePhase = 'early_years' | 'school' | 'post16';

/**
 * What full-time means by default, in minutes a week; the person recording can enter the
 * setting's own week instead.
 * - school: DfE, "Length of the school week: minimum expectation" (from September 2024), 32.5
 *   hours a week (8:45am to 3:15pm, Monday to Friday) for mainstream state-funded schools. We
 *   apply it to special schools and alternative provision too: they are not bound by it, but a
 *   child with an EHC plan is owed the same week unless the plan says otherwise, and a lower
 *   default would hide a shortened timetable.
 * - post16: a full-time 16 to 19 study programme is 540 planned hours a year (ESFA funding
 *   guidance), 15 hours a week over 36 teaching weeks.
 * - early_years: the universal entitlement, 570 hours a year over 38 weeks, 15 hours a week.
 */
export const FULL_TIME_MINUTES_BY_PHASE: Record<FullTimePhase, number> = {
  school: 32.5 * 60,
  post16: 15 * 60,
  early_years: 15 * 60,
};

/**
 * The phase whose full-time week applies: the setting's when the child has one (a 17-year-old in
 * an all-through special school keeps the school week), otherwise the child's age (under 4: early
 * years; 16 and over: post-16).
 */
export function fullTimePhaseFor(settingType: string | null | undefined, age: number): FullTimePhase {
  if (settingType && settingType in SETTING_TYPES) {
    const group = SETTING_TYPES[settingType as keyof typeof SETTING_TYPES].group;
    if (group === 'early_years') return 'early_years';
    if (group === 'post16') return 'post16';
    return 'school';
  }
  if (age < 4) return 'early_years';
  if (age >= 16) return 'post16';
  return 'school';
}

export function defaultFullTimeMinutes(settingType: string | null | undefined, age: number): number {
  return FULL_TIME_MINUTES_BY_PHASE[fullTimePhaseFor(settingType, age)];
}

/** "32 hours 30 minutes", "15 hours", "1 hour", "45 minutes", "0 hours". */
export function formatHours(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const hoursText = `${String(hours)} ${hours === 1 ? 'hour' : 'hours'}`;
  const minutesText = `${String(rest)} ${rest === 1 ? 'minute' : 'minutes'}`;
  if (rest === 0) return hoursText;
  if (hours === 0) return minutesText;
  return `${hoursText} ${minutesText}`;
}

/** Share of the full-time week offered, as a whole percentage. */
export function shareOfFullTime(offeredMinutes: number, fullTimeMinutes: number): number {
  if (fullTimeMinutes <= 0) return 0;
  return Math.round((offeredMinutes / fullTimeMinutes) * 100);
}

export interface ArrangementPeriod {
  kind: EducationKind;
  startDate: IsoDate;
  /** Null for the current arrangement. */
  endDate: IsoDate | null;
}

/**
 * When the child's current spell without full-time education began, or null when they are in
 * full-time education (no arrangement on record, or a current full-time one). A spell runs on
 * across consecutive arrangements that are not full-time (a permanent exclusion followed by a
 * part-time timetable at the next school is one spell); a full-time period or a gap ends it.
 */
export function currentSpellStart(periods: readonly ArrangementPeriod[]): IsoDate | null {
  const newestFirst = [...periods].sort((a, b) => (a.startDate < b.startDate ? 1 : a.startDate > b.startDate ? -1 : 0));
  const current = newestFirst[0];
  if (!current || current.endDate !== null || current.kind === 'full_time') return null;
  let spellStart = current.startDate;
  for (const earlier of newestFirst.slice(1)) {
    if (earlier.kind === 'full_time' || earlier.endDate === null || addDays(earlier.endDate, 1) < spellStart) break;
    spellStart = earlier.startDate;
  }
  return spellStart;
}

/**
 * School days from `from` to `to`, both included, by the LA's calendar: weekends, holidays, half
 * terms, bank holidays and closures are not counted. A spell that started today has lasted 1.
 */
export function schoolDaysFrom(calendar: SchoolCalendar, from: IsoDate, to: IsoDate): number {
  let count = 0;
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (isSchoolDay(calendar, day)) count += 1;
  }
  return count;
}

/** How far back the calendar is searched: term dates older than this are not kept. */
const LOOK_BACK_DAYS = 3 * 366;

/**
 * The latest day a spell can have started and still have lasted at least `schoolDays` school
 * days by `today` (the `schoolDays`-th school day counting back from today, today included), or
 * null when the calendar does not hold that many school days. A spell starting on or before it
 * has reached the threshold: this is the date the daily sweep asks the repository about.
 */
export function spellStartForSchoolDays(calendar: SchoolCalendar, today: IsoDate, schoolDays: number): IsoDate | null {
  if (schoolDays <= 0) return today;
  let counted = 0;
  for (let back = 0, day = today; back <= LOOK_BACK_DAYS; back += 1, day = addDays(day, -1)) {
    if (isSchoolDay(calendar, day)) counted += 1;
    if (counted === schoolDays) return day;
  }
  return null;
}
