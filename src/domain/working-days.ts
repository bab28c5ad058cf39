import { addDays, type IsoDate } from './dates.js';
import { isWeekday } from './school-calendar.js';

/**
 * Working days as an LA office counts them: Monday to Friday, not bank holidays. School holidays
 * are working days for the LA, so a reply promise keeps running through them.
 */
export function isWorkingDay(date: IsoDate, bankHolidays: readonly IsoDate[]): boolean {
  return isWeekday(date) && !bankHolidays.includes(date);
}

/**
 * The date `days` working days after `from` (a message sent on a Friday with a 3-day promise is
 * due on Wednesday). A message sent on a weekend or bank holiday counts from the next working day.
 */
export function addWorkingDays(from: IsoDate, days: number, bankHolidays: readonly IsoDate[]): IsoDate {
  let date = from;
  let counted = 0;
  while (counted < days) {
    date = addDays(date, 1);
    if (isWorkingDay(date, bankHolidays)) counted += 1;
  }
  return date;
}

/**
 * Working days from `from` to `to`: 0 for a reply the same day, 1 for the next working day. Days
 * are counted after `from`, so a reply on Monday to a Friday message took 1 working day.
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate, bankHolidays: readonly IsoDate[]): number {
  let count = 0;
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) {
    if (isWorkingDay(date, bankHolidays)) count += 1;
  }
  return count;
}
