import { addDays, type IsoDate } from './dates.js';
import type { ProvisionPeriod } from './plans.js';
import { eachDay, isSchoolDay, isWeekday, weekStarting, type SchoolCalendar } from './school-calendar.js';

/** What a provision item commits to, as far as owing it is concerned. */
export interface ProvisionSchedule {
  sessionsPerPeriod: number;
  minutesPerSession: number | null;
  period: ProvisionPeriod;
  /** Term-time provision is owed on school days only; all-year provision on every weekday but bank holidays. */
  termTimeOnly: boolean;
  startDate: IsoDate;
  endDate: IsoDate | null;
}

export interface Owed {
  /** Sessions owed, exactly; a fraction where a term's or year's sessions are shared over part of it. */
  sessions: number;
  /** Minutes owed, exactly (a fraction too), or null when the plan does not say how long a session is. */
  minutes: number | null;
}

/** Weekly provision is shared over a five-day week: a short week owes its share. */
const DAYS_IN_A_SCHOOL_WEEK = 5;

function serviceDay(schedule: ProvisionSchedule, calendar: SchoolCalendar, date: IsoDate): boolean {
  return schedule.termTimeOnly ? isSchoolDay(calendar, date) : isWeekday(date) && !calendar.bankHolidays.includes(date);
}

/** The first day (1 September) of the academic year a date falls in. */
export function academicYearStart(date: IsoDate): IsoDate {
  return academicYear(date).start;
}

/** The academic year (1 September to 31 August) a date falls in. */
function academicYear(date: IsoDate): { start: IsoDate; end: IsoDate } {
  const year = Number(date.slice(0, 4));
  const startYear = date.slice(5) >= '09-01' ? year : year - 1;
  return { start: `${String(startYear)}-09-01`, end: `${String(startYear + 1)}-08-31` };
}

/**
 * What an item owes between two dates (both included), by these rules:
 * - a day: every service day owes the sessions;
 * - a week: each Monday-to-Friday week owes its share of the sessions for the service days it
 *   has, rounded to the nearest whole session (a week with a bank holiday owes 4/5, a half-term
 *   week nothing);
 * - a term or a year: the sessions are spread evenly over that term's or year's service days, so
 *   part of a term owes a fraction.
 * Nothing is owed before the item starts or after it ends.
 */
export function owedBetween(schedule: ProvisionSchedule, calendar: SchoolCalendar, from: IsoDate, to: IsoDate): Owed {
  const windowStart = from > schedule.startDate ? from : schedule.startDate;
  const windowEnd = schedule.endDate !== null && schedule.endDate < to ? schedule.endDate : to;
  let sessions = 0;
  if (windowStart <= windowEnd) {
    const days = eachDay(windowStart, windowEnd).filter((day) => serviceDay(schedule, calendar, day));
    switch (schedule.period) {
      case 'day':
        sessions = days.length * schedule.sessionsPerPeriod;
        break;
      case 'week': {
        const daysByWeek = new Map<IsoDate, number>();
        for (const day of days) daysByWeek.set(weekStarting(day), (daysByWeek.get(weekStarting(day)) ?? 0) + 1);
        for (const count of daysByWeek.values()) {
          sessions += Math.round((schedule.sessionsPerPeriod * count) / DAYS_IN_A_SCHOOL_WEEK);
        }
        break;
      }
      case 'term': {
        for (const term of calendar.terms) {
          if (term.end < windowStart || term.start > windowEnd) continue;
          const termDays = eachDay(term.start, term.end).filter((day) => serviceDay(schedule, calendar, day)).length;
          const inWindow = days.filter((day) => term.start <= day && day <= term.end).length;
          if (termDays > 0) sessions += (schedule.sessionsPerPeriod * inWindow) / termDays;
        }
        break;
      }
      case 'year': {
        let yearStart = academicYear(windowStart).start;
        while (yearStart <= windowEnd) {
          const year = academicYear(yearStart);
          const yearDays = eachDay(year.start, year.end).filter((day) => serviceDay(schedule, calendar, day)).length;
          const inWindow = days.filter((day) => year.start <= day && day <= year.end).length;
          if (yearDays > 0) sessions += (schedule.sessionsPerPeriod * inWindow) / yearDays;
          yearStart = addDays(year.end, 1);
        }
        break;
      }
    }
  }
  // Exact, not rounded: a termly hour owes 27.43 minutes after 32 of 70 days, and rounding the
  // sessions first made it 28. Only what is shown or stored in whole minutes is rounded, once.
  // The sum of fractions is cleaned of floating-point noise (so a whole session owed over two terms
  // is 1, not 0.9999999999, and still meets the alarm's "at least one whole session").
  sessions = Math.round(sessions * 1e9) / 1e9;
  return { sessions, minutes: schedule.minutesPerSession === null ? null : sessions * schedule.minutesPerSession };
}

export interface OwedSoFar {
  thisWeek: Owed;
  thisTerm: Owed | null;
  thisSchoolYear: Owed;
}

/**
 * What an item has owed so far this week, this term and this school year, up to and including
 * `today`. `thisTerm` is null outside term time (or where the calendar has no term dates).
 */
export function owedSoFar(schedule: ProvisionSchedule, calendar: SchoolCalendar, today: IsoDate): OwedSoFar {
  const term = calendar.terms.find((candidate) => candidate.start <= today && today <= candidate.end);
  return {
    thisWeek: owedBetween(schedule, calendar, weekStarting(today), today),
    thisTerm: term ? owedBetween(schedule, calendar, term.start, today) : null,
    thisSchoolYear: owedBetween(schedule, calendar, academicYear(today).start, today),
  };
}

/** Whether the calendar has term dates for the whole school year containing a day. */
export function calendarCovers(calendar: SchoolCalendar, today: IsoDate): boolean {
  const year = academicYear(today);
  return calendar.terms.some((term) => term.start >= year.start && term.start <= year.end);
}
