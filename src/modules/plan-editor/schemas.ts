import { z } from 'zod';
import { FUNDING_SOURCES, PROVIDER_KINDS, PROVISION_PERIODS, PROVISION_SECTIONS, PROVISION_TYPES, SEN_TYPES, type PlanSection } from '../../domain/plans.js';
import { dateFrom } from '../education/schemas.js';

const keysOf = <T extends Record<string, unknown>>(record: T) => Object.keys(record) as [keyof T & string, ...(keyof T & string)[]];
const text = z.preprocess((value) => (typeof value === 'string' ? value : ''), z.string().trim());

/** The narrative sections, each one box of text. */
const NARRATIVE_SECTIONS = ['A', 'C', 'D', 'I', 'J', 'K'] as const satisfies readonly PlanSection[];
export type NarrativeSection = (typeof NARRATIVE_SECTIONS)[number];
export type ProvisionSection = (typeof PROVISION_SECTIONS)[number];

export function isNarrativeSection(value: string): value is NarrativeSection {
  return (NARRATIVE_SECTIONS as readonly string[]).includes(value);
}

export function isProvisionSection(value: string): value is ProvisionSection {
  return (PROVISION_SECTIONS as readonly string[]).includes(value);
}

const SECTION_TEXT_MAX = 10000;

export const narrativeForm = z.object({
  content: text.pipe(z.string().max(SECTION_TEXT_MAX, `The section must be ${String(SECTION_TEXT_MAX)} characters or fewer`)),
});
export type NarrativeInput = z.output<typeof narrativeForm>;

/** Rows of a repeated part of a form (`needs[0][senType]`, read by qs as a list of records); a row left blank is not a row. */
function rows<T extends z.ZodType>(row: T, isBlank: (value: Record<string, unknown>) => boolean) {
  return z.preprocess(
    (value) => {
      const list = Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : [];
      return list.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null && !isBlank(item as Record<string, unknown>));
    },
    z.array(row).max(40, 'There are too many rows'),
  );
}

const given = (value: unknown) => typeof value === 'string' && value.trim() !== '';

/** Section B: each need with its type, whether it is the main one, and what it means for the child. */
export const needsForm = z
  .object({
    needs: rows(
      z.object({
        senType: z.enum(keysOf(SEN_TYPES), { error: 'Select the type of need' }),
        description: text.pipe(z.string().min(1, 'Say what the need means for the child').max(2000, 'The description must be 2000 characters or fewer')),
        remove: z.preprocess((value) => value === 'yes', z.boolean()),
      }),
      (row) => !given(row.senType) && !given(row.description),
    ),
    /** The row of the main need (rank 1). */
    mainNeed: text,
  })
  .superRefine((form, context) => {
    const kept = form.needs.filter((need) => !need.remove);
    const types = kept.map((need) => need.senType);
    if (new Set(types).size !== types.length) context.addIssue({ code: 'custom', path: ['needs'], message: 'Each type of need can be listed once' });
    const main = /^\d{1,2}$/.test(form.mainNeed) ? form.needs[Number(form.mainNeed)] : undefined;
    if (kept.length && (!main || main.remove)) context.addIssue({ code: 'custom', path: ['mainNeed'], message: 'Select which need is the main one, from the needs kept' });
  });
export type NeedsInput = z.output<typeof needsForm>;

/** Section E: each outcome with its area, what it is and, if given, when it should be reached (a real date). */
export const outcomesForm = z.object({
  outcomes: rows(
    z
      .object({
        id: text,
        area: text.pipe(z.string().min(1, 'Enter the area the outcome is about').max(200, 'The area must be 200 characters or fewer')),
        description: text.pipe(z.string().min(1, 'Enter the outcome').max(2000, 'The outcome must be 2000 characters or fewer')),
        targetDay: text,
        targetMonth: text,
        targetYear: text,
        remove: z.preprocess((value) => value === 'yes', z.boolean()),
      })
      .transform((row, context) => {
        const parsed = dateFrom(row.targetDay, row.targetMonth, row.targetYear);
        if ('invalid' in parsed) {
          context.addIssue({ code: 'custom', path: ['targetDate'], message: 'The date it should be reached by must be a real date, like 20 7 2027' });
          return z.NEVER;
        }
        return { id: row.id === '' ? null : row.id, area: row.area, description: row.description, targetDate: 'date' in parsed ? parsed.date : null, remove: row.remove };
      }),
    (row) => !given(row.id) && !given(row.area) && !given(row.description) && !given(row.targetDay) && !given(row.targetMonth) && !given(row.targetYear),
  ),
});
export type OutcomesInput = z.output<typeof outcomesForm>;

const optionalWhole = (what: string, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null),
    z
      .string()
      .regex(/^\d{1,4}$/, `${what} must be a whole number`)
      .transform(Number)
      .pipe(
        z
          .number()
          .min(1, `${what} must be at least 1`)
          .max(max, `${what} must be ${String(max)} or fewer`),
      )
      .nullable(),
  );
const optionalChoice = <T extends Record<string, unknown>>(record: T, message: string) =>
  z.preprocess((value) => (typeof value === 'string' && value !== '' ? value : null), z.enum(keysOf(record), { error: message }).nullable());

/** A line of provision in sections F, G, H1 and H2: what, how much, how often, who provides it and the outcomes it serves. */
export const lineForm = z
  .object({
    description: text.pipe(z.string().min(1, 'Enter what the provision is').max(2000, 'What the provision is must be 2000 characters or fewer')),
    provisionType: z.enum(keysOf(PROVISION_TYPES), { error: 'Select the kind of provision' }),
    providerKind: z.enum(keysOf(PROVIDER_KINDS), { error: 'Select who provides it' }),
    organisationId: z.preprocess((value) => (typeof value === 'string' && value !== '' ? value : null), z.uuid({ error: 'Select the organisation from the list' }).nullable()),
    sessionsPerPeriod: optionalWhole('The number of sessions', 100),
    minutesPerSession: optionalWhole('The length of a session in minutes', 1440),
    period: optionalChoice(PROVISION_PERIODS, 'Select how often from the list'),
    groupSize: z.preprocess((value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null), z.string().max(100, 'The group must be 100 characters or fewer').nullable()),
    termTimeOnly: z.enum(['yes', 'no'], { error: 'Select whether it runs in term time only or all year' }).transform((value) => value === 'yes'),
    fundingSource: optionalChoice(FUNDING_SOURCES, 'Select who pays from the list'),
    outcomeIds: z.preprocess((value): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []), z.array(z.string()).max(40)),
  })
  .superRefine((line, context) => {
    if (line.sessionsPerPeriod !== null && line.period === null) context.addIssue({ code: 'custom', path: ['period'], message: 'Select how often the sessions are given' });
    if (line.period !== null && line.sessionsPerPeriod === null) context.addIssue({ code: 'custom', path: ['sessionsPerPeriod'], message: 'Enter how many sessions are given' });
  });
export type LineInput = z.output<typeof lineForm>;

export const moveForm = z.object({ direction: z.enum(['up', 'down'], { error: 'Select up or down' }) });

/** Nothing but the hidden fields: the version carries what the form was opened at. */
export const confirmForm = z.object({});

/** Starting a draft from a review's "amend" decision names the review, which the draft keeps in step. */
export const startForm = z.object({ reviewId: z.uuid('Start the amendment from the review').optional() });
export const startQuery = z.object({ review: z.uuid().optional().catch(undefined) });

export const commentForm = z.object({
  comment: text.pipe(z.string().min(1, 'Write your comments on the proposed changes').max(5000, 'Your comments must be 5000 characters or fewer')),
});
