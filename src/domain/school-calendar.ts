import { addDays, parseIsoDate, type IsoDate } from './dates.js';

/**
 * A school year as the LA publishes it: terms with their half-term breaks, bank holidays and
 * any other closures (INSET days). Provision written as "term time" is owed only on school days.
 */
export interface Term {
  name: string;
  start: IsoDate;
  end: IsoDate;
  halfTerm?: { start: IsoDate; end: IsoDate };
}

export interface SchoolCalendar {
  terms: readonly Term[];
  bankHolidays: readonly IsoDate[];
  closures: readonly IsoDate[];
}

/** The default English calendar: a typical LA's term dates and the bank holidays in England. */
export const DEFAULT_ENGLISH_CALENDAR: SchoolCalendar = {
  terms: [
    { name: 'Autumn 2025', start: '2025-09-03', end: '2025-12-19', halfTerm: { start: '2025-10-27', end: '2025-10-31' } },
    { name: 'Spring 2026', start: '2026-01-05', end: '2026-03-27', halfTerm: { start: '2026-02-16', end: '2026-02-20' } },
    { name: 'Summer 2026', start: '2026-04-13', end: '2026-07-22', halfTerm: { start: '2026-05-25', end: '2026-05-29' } },
    { name: 'Autumn 2026', start: '2026-09-03', end: '2026-12-18', halfTerm: { start: '2026-10-26', end: '2026-10-30' } },
    { name: 'Spring 2027', start: '2027-01-04', end: '2027-03-26', halfTerm: { start: '2027-02-15', end: '2027-02-19' } },
    { name: 'Summer 2027', start: '2027-04-12', end: '2027-07-21', halfTerm: { start: '2027-05-31', end: '2027-06-04' } },
  ],
  // gov.uk/bank-holidays, England and Wales.
  bankHolidays: [
    '2025-12-25',
    '2025-12-26',
    '2026-01-01',
    '2026-04-03',
    '2026-04-06',
    '2026-05-04',
    '2026-05-25',
    '2026-08-31',
    '2026-12-25',
    '2026-12-28',
    '2027-01-01',
    '2027-03-26',
    '2027-03-29',
    '2027-05-03',
    '2027-05-31',
    '2027-08-30',
    '2027-12-27',
    '2027-12-28',
  ],
  closures: [],
};

export function isWeekday(date: IsoDate): boolean {
  const day = parseIsoDate(date).getUTCDay();
  return day !== 0 && day !== 6;
}

export function termContaining(calendar: SchoolCalendar, date: IsoDate): Term | undefined {
  return calendar.terms.find((term) => term.start <= date && date <= term.end);
}

export function isSchoolDay(calendar: SchoolCalendar, date: IsoDate): boolean {
  if (!isWeekday(date) || calendar.bankHolidays.includes(date) || calendar.closures.includes(date)) return false;
  const term = termContaining(calendar, date);
  if (!term) return false;
  return !(term.halfTerm && term.halfTerm.start <= date && date <= term.halfTerm.end);
}

/** Every date from `from` to `to`, both included. */
export function eachDay(from: IsoDate, to: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

export function schoolDaysBetween(calendar: SchoolCalendar, from: IsoDate, to: IsoDate): IsoDate[] {
  return eachDay(from, to).filter((day) => isSchoolDay(calendar, day));
}

/** The Monday of the week a date falls in. */
export function weekStarting(date: IsoDate): IsoDate {
  const day = parseIsoDate(date).getUTCDay();
  return addDays(date, day === 0 ? -6 : 1 - day);
}
