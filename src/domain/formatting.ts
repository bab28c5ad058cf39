/**
 * How dates, times and money read on every page, in the GOV.UK style ("15 January 2026",
 * "15 January 2026 at 12:04pm", "£1,234"). Statutory dates are date-only strings; they are shown
 * as they are, never shifted by time zone. Moments are shown in England's time (GMT or BST).
 */
const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const LONDON_DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
// `hour12: true` with en-GB gives the h11 cycle ("0:04 pm" at four minutes past noon); h12 counts 12, 1 … 11.
const TIME_PARTS_FORMAT = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hourCycle: 'h12', timeZone: 'Europe/London' });

export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const date = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : value;
  return Number.isNaN(date.getTime()) ? '' : DATE_FORMAT.format(date);
}

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** A date for a table column where space is short: "12 Mar 2027". */
export function formatShortDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const date = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : value;
  if (Number.isNaN(date.getTime())) return '';
  return `${String(date.getUTCDate())} ${SHORT_MONTHS[date.getUTCMonth()] ?? ''} ${String(date.getUTCFullYear())}`;
}

/** "12:04pm", "9:30am", "midday", "midnight": the GOV.UK style for a time of day in England. */
export function formatTime(date: Date): string {
  const parts = TIME_PARTS_FORMAT.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const hour = part('hour');
  const minute = part('minute');
  const dayPeriod = part('dayPeriod').toLowerCase().replace(/\./g, '');
  if (hour === '12' && minute === '00') return dayPeriod === 'pm' ? 'midday' : 'midnight';
  return `${hour}:${minute}${dayPeriod}`;
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? '' : `${LONDON_DATE_FORMAT.format(date)} at ${formatTime(date)}`;
}

const TIME_FORMAT = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London' });

/** The time of day in London as HH:MM (24-hour), e.g. "09:05": for "changed at 09:05" messages. */
export function formatTimeInLondon(value: Date): string {
  return TIME_FORMAT.format(value);
}

export function formatPence(pence: number | null | undefined): string {
  if (pence === null || pence === undefined) return '';
  const pounds = pence / 100;
  return pounds.toLocaleString('en-GB', {
    style: 'currency',
    currency: 'GBP',
    minimumFractionDigits: Number.isInteger(pounds) ? 0 : 2,
    maximumFractionDigits: 2,
  });
}

/** Whole years between a date of birth and a day, both date-only strings. */
export function ageOn(dateOfBirth: string, onDay: string): number {
  const [birthYear, birthMonth, birthDay] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [year, month, day] = onDay.split('-').map(Number) as [number, number, number];
  const hadBirthday = month > birthMonth || (month === birthMonth && day >= birthDay);
  return year - birthYear - (hadBirthday ? 0 : 1);
}

/** The date in England at an instant, as a date-only string. "Today" comes from the Clock (src/clock.ts). */
export function todayInLondon(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
