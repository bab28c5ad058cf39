import { z } from 'zod';
import { isIsoDate } from '../../domain/dates.js';
import { DELIVERY_STATUSES, MISSED_REASONS, type DeliveryStatus, type MissedReason } from '../../domain/delivery.js';
import { ITEM_SHORT_NAME_MAX, tidyItemName } from '../../domain/plain-words.js';

const MAX_MINUTES_IN_A_DAY = 600;

/** One session delivered or missed, from the record form. The date comes as GOV.UK date input parts. */
export const recordDeliveryForm = z
  .object({
    itemId: z.uuid({ error: 'Select the provision' }),
    'date-day': z.string().trim().default(''),
    'date-month': z.string().trim().default(''),
    'date-year': z.string().trim().default(''),
    status: z.enum(Object.keys(DELIVERY_STATUSES) as [DeliveryStatus, ...DeliveryStatus[]], { error: 'Select whether the session was delivered or missed' }),
    minutes: z.coerce
      .number({ error: 'Enter the minutes as a number, like 30' })
      .int('Enter whole minutes, like 30')
      .min(1, 'Minutes must be 1 or more')
      .max(MAX_MINUTES_IN_A_DAY, `Minutes must be ${String(MAX_MINUTES_IN_A_DAY)} or fewer`),
    missedReason: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.enum(Object.keys(MISSED_REASONS) as [MissedReason, ...MissedReason[]], { error: 'Select why the session was missed' }).optional(),
    ),
    madeUp: z.preprocess((value) => value === 'yes', z.boolean()),
  })
  .superRefine((form, context) => {
    const { 'date-day': day, 'date-month': month, 'date-year': year } = form;
    if (!day && !month && !year) {
      context.addIssue({ code: 'custom', path: ['date'], message: 'Enter the date of the session' });
    } else if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year) || !isIsoDate(isoFromParts(day, month, year))) {
      context.addIssue({ code: 'custom', path: ['date'], message: 'The date of the session must be a real date, like 27 3 2026' });
    }
    if (form.status === 'missed' && !form.missedReason) {
      context.addIssue({ code: 'custom', path: ['missedReason'], message: 'Select why the session was missed' });
    }
    // Refused, as the API refuses them, rather than stored without what was chosen.
    if (form.status === 'delivered' && form.missedReason) {
      context.addIssue({ code: 'custom', path: ['missedReason'], message: 'Only a missed session has a reason: choose “Select a reason”, or select missed' });
    }
    if (form.status === 'missed' && form.madeUp) {
      context.addIssue({ code: 'custom', path: ['madeUp'], message: 'Only a delivered session can make up missed time: untick it, or select delivered' });
    }
  })
  .transform((form) => ({
    itemId: form.itemId,
    date: isoFromParts(form['date-day'], form['date-month'], form['date-year']),
    status: form.status,
    minutes: form.minutes,
    missedReason: form.missedReason ?? null,
    madeUp: form.madeUp,
  }));

export type RecordDelivery = z.output<typeof recordDeliveryForm>;

function isoFromParts(day: string, month: string, year: string): string {
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/**
 * Correcting a record: the new values (the correction keeps the original's date or week), or a
 * withdrawal when the record should never have been made.
 */
export const correctionForm = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('withdraw') }),
    z
      .object({
        action: z.literal('correct'),
        status: z.enum(Object.keys(DELIVERY_STATUSES) as [DeliveryStatus, ...DeliveryStatus[]], { error: 'Select whether the provision was delivered or missed' }),
        sessions: z.coerce.number({ error: 'Enter the sessions as a number, like 1' }).int('Enter whole sessions, like 1').min(1, 'Sessions must be 1 or more'),
        minutes: z.coerce.number({ error: 'Enter the minutes as a number, like 30' }).int('Enter whole minutes, like 30').min(1, 'Minutes must be 1 or more'),
        missedReason: z.preprocess(
          (value) => (value === '' ? undefined : value),
          z.enum(Object.keys(MISSED_REASONS) as [MissedReason, ...MissedReason[]], { error: 'Select why the provision was missed' }).optional(),
        ),
        madeUp: z.preprocess((value) => value === 'yes', z.boolean()),
      })
      .superRefine((form, context) => {
        if (form.status === 'missed' && !form.missedReason) context.addIssue({ code: 'custom', path: ['missedReason'], message: 'Select why the provision was missed' });
        if (form.status === 'delivered' && form.missedReason)
          context.addIssue({ code: 'custom', path: ['missedReason'], message: 'Only missed provision has a reason: choose “None” or select missed' });
        if (form.status === 'missed' && form.madeUp) context.addIssue({ code: 'custom', path: ['madeUp'], message: 'Only delivered provision can make up missed time' });
      }),
  ],
  { error: 'Choose whether to correct or withdraw the record' },
);

export type CorrectionForm = z.output<typeof correctionForm>;

const NAME_MISSING = 'Enter a short name for this provision';

/** The short name families read for a line of provision: a few words, spaces tidied, never blank. */
export const itemNameForm = z.object({
  shortName: z
    .string({ error: NAME_MISSING })
    .transform(tidyItemName)
    .pipe(
      z
        .string()
        .min(1, NAME_MISSING)
        .max(ITEM_SHORT_NAME_MAX, `The short name must be ${String(ITEM_SHORT_NAME_MAX)} characters or fewer`),
    ),
});

export type ItemNameForm = z.output<typeof itemNameForm>;
