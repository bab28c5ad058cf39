import { z } from 'zod';
import { isIsoDate, type IsoDate } from '../../domain/dates.js';
import { formatHours, isEducationKind, NO_SETTING_REASONS } from '../../domain/full-time.js';

/** No setting's week is longer than this: anything more is a typing mistake. */
const MAX_FULL_TIME_MINUTES = 50 * 60;
const MAX_REASON_LENGTH = 500;
const MAX_AGREED_BY_LENGTH = 200;

const text = z.string().trim().default('');

/** The form's fields in page order; an error's path is the id its summary link jumps to. */
const FORM_FIELDS = ['kind', 'offeredHours', 'fullTimeHours', 'partTimeReason', 'noSettingReason', 'startDate', 'reviewDate', 'agreedBy'] as const;
type FormField = (typeof FORM_FIELDS)[number];

type Duration = { minutes: number } | { blank: true } | { error: string };

/**
 * Hours and minutes a week from the form's two boxes. Whole hours and minutes, not decimal hours:
 * a timetable reads "9am to 12pm", and "12.3 hours" is ambiguous. Both blank is "not given".
 */
function durationFrom(hours: string, minutes: string, what: string): Duration {
  if (hours === '' && minutes === '') return { blank: true };
  if (hours.startsWith('-') || minutes.startsWith('-')) return { error: `${what} cannot be negative` };
  if (!/^\d{1,3}$/.test(hours || '0') || !/^\d{1,2}$/.test(minutes || '0')) {
    return { error: `Enter ${what.toLowerCase()} as whole hours and minutes, like 15 hours and 30 minutes` };
  }
  const minutePart = Number(minutes || '0');
  if (minutePart > 59) return { error: `Minutes must be between 0 and 59` };
  return { minutes: Number(hours || '0') * 60 + minutePart };
}

export type ParsedDate = { date: IsoDate } | { blank: true } | { invalid: true };

export function dateFrom(day: string, month: string, year: string): ParsedDate {
  if (!day && !month && !year) return { blank: true };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return { invalid: true };
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isIsoDate(iso) ? { date: iso } : { invalid: true };
}

/**
 * A new education arrangement, from the record form. Which fields are needed depends on the kind
 * (the form shows them all: GOV.UK's conditional reveal fails axe), and fields that belong to
 * another kind are not kept. Checks that need the database (the current arrangement) or today's
 * date are the service's.
 */
export const recordArrangementForm = z
  .object({
    kind: text,
    offeredHours: text,
    offeredMinutes: text,
    fullTimeHours: text,
    fullTimeMinutes: text,
    partTimeReason: text,
    noSettingReason: text,
    'startDate-day': text,
    'startDate-month': text,
    'startDate-year': text,
    'reviewDate-day': text,
    'reviewDate-month': text,
    'reviewDate-year': text,
    agreedBy: text,
  })
  .transform((form, context) => {
    // Collected, then reported in the order the fields appear on the form (the error summary's order).
    const issues = new Map<FormField, string>();
    const issue = (path: FormField, message: string) => {
      if (!issues.has(path)) issues.set(path, message);
    };
    const kind = isEducationKind(form.kind) ? form.kind : null;
    if (!kind) issue('kind', 'Select the education the child is offered');

    const fullTime = durationFrom(form.fullTimeHours, form.fullTimeMinutes, 'Full-time hours');
    let fullTimeMinutes: number | null = null;
    if ('blank' in fullTime) issue('fullTimeHours', 'Enter what full-time means at this setting, in hours and minutes a week');
    else if ('error' in fullTime) issue('fullTimeHours', fullTime.error);
    else if (fullTime.minutes === 0) issue('fullTimeHours', 'Full-time must be more than 0 hours a week');
    else if (fullTime.minutes > MAX_FULL_TIME_MINUTES) issue('fullTimeHours', `Full-time must be ${formatHours(MAX_FULL_TIME_MINUTES)} a week or less`);
    else fullTimeMinutes = fullTime.minutes;

    const offered = durationFrom(form.offeredHours, form.offeredMinutes, 'Hours offered');
    let offeredMinutes: number | null = null;
    if ('error' in offered) {
      issue('offeredHours', offered.error);
    } else if ('blank' in offered) {
      if (kind === 'part_time') issue('offeredHours', 'Enter the hours a week the part-time timetable offers');
      else if (kind === 'no_setting') offeredMinutes = 0;
      else offeredMinutes = fullTimeMinutes;
    } else if (fullTimeMinutes !== null && offered.minutes > fullTimeMinutes) {
      issue('offeredHours', `Hours offered cannot be more than full-time (${formatHours(fullTimeMinutes)} a week)`);
    } else if (kind === 'part_time' && offered.minutes === 0) {
      issue('offeredHours', 'A part-time timetable offers more than 0 hours: if the child has no school or setting, select that instead');
    } else if (kind === 'part_time' && fullTimeMinutes !== null && offered.minutes === fullTimeMinutes) {
      issue('offeredHours', `A part-time timetable offers fewer hours than full-time (${formatHours(fullTimeMinutes)} a week): if it is the full week, select full-time`);
    } else if (kind === 'no_setting' && offered.minutes > 0) {
      issue('offeredHours', 'A child with no school or setting is offered 0 hours: record tuition or a part-time place as a part-time timetable');
    } else if (kind === 'full_time' && fullTimeMinutes !== null && offered.minutes !== fullTimeMinutes) {
      issue('offeredHours', 'Full-time education offers the full week: leave hours offered blank, or select a part-time timetable');
    } else {
      offeredMinutes = offered.minutes;
    }

    let reason: string | null = null;
    if (kind === 'part_time') {
      if (!form.partTimeReason) issue('partTimeReason', 'Enter why the child is on a part-time timetable');
      else if (form.partTimeReason.length > MAX_REASON_LENGTH) issue('partTimeReason', `Why must be ${String(MAX_REASON_LENGTH)} characters or fewer`);
      else reason = form.partTimeReason;
    } else if (kind === 'no_setting') {
      if (!form.noSettingReason) issue('noSettingReason', 'Select why the child has no school or setting');
      else if (!(form.noSettingReason in NO_SETTING_REASONS)) issue('noSettingReason', 'Select a reason from the list');
      else reason = form.noSettingReason;
    }

    const start = dateFrom(form['startDate-day'], form['startDate-month'], form['startDate-year']);
    const startDate = 'date' in start ? start.date : null;
    if ('blank' in start) issue('startDate', 'Enter the date the arrangement started');
    else if ('invalid' in start) issue('startDate', 'The start date must be a real date, like 7 9 2026');

    let reviewDate: IsoDate | null = null;
    if (kind !== 'full_time') {
      const review = dateFrom(form['reviewDate-day'], form['reviewDate-month'], form['reviewDate-year']);
      if ('blank' in review) {
        if (kind === 'part_time') issue('reviewDate', 'Enter the date the part-time timetable will be reviewed');
      } else if ('invalid' in review) issue('reviewDate', 'The review date must be a real date, like 19 10 2026');
      else if (startDate !== null && review.date <= startDate) issue('reviewDate', 'The review date must be after the start date');
      else reviewDate = review.date;
    }

    let agreedBy: string | null = null;
    if (kind !== 'full_time') {
      if (kind === 'part_time' && !form.agreedBy) issue('agreedBy', 'Enter who agreed the part-time timetable, like the parent and the headteacher');
      else if (form.agreedBy.length > MAX_AGREED_BY_LENGTH) issue('agreedBy', `Agreed by must be ${String(MAX_AGREED_BY_LENGTH)} characters or fewer`);
      else agreedBy = form.agreedBy || null;
    }

    for (const field of FORM_FIELDS) {
      const message = issues.get(field);
      if (message) context.addIssue({ code: 'custom', path: [field], message });
    }
    if (!kind || issues.size > 0 || offeredMinutes === null || fullTimeMinutes === null || startDate === null) return z.NEVER;
    return { kind, offeredMinutes, fullTimeMinutes, reason, startDate, reviewDate, agreedBy };
  });

export type RecordArrangement = z.output<typeof recordArrangementForm>;

export const notFullTimeQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).optional().default(1).catch(1),
});
