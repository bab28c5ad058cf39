import { z } from 'zod';
import { isIsoDate } from '../../domain/dates.js';

/** A GOV.UK date input's three parts as an ISO date, or why they are not one. */
function dateFromParts(body: Record<string, unknown>, prefix: string): { iso: string } | { blank: true } | { error: string } {
  const part = (name: string) => (typeof body[`${prefix}-${name}`] === 'string' ? (body[`${prefix}-${name}`] as string).trim() : '');
  const [day, month, year] = [part('day'), part('month'), part('year')];
  if (!day && !month && !year) return { blank: true };
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year) || !isIsoDate(iso)) return { error: 'must be a real date, like 3 9 2026' };
  return { iso };
}

/** Days a term may last at most: a typing slip in a year should not make one term of eighteen months. */
const LONGEST_TERM_DAYS = 190;

export interface TermInput {
  name: string;
  start: string;
  end: string;
  halfTermStart: string | null;
  halfTermEnd: string | null;
}

/** A term from its form: name, start and end, and an optional half term inside it. Every problem is reported. */
export const termForm = z.looseObject({ name: z.string().default('') }).transform((body, context) => {
  // Every check is made here, not some in the object, so a form with several mistakes shows them all at once.
  const name = body.name.trim();
  if (!name) context.addIssue({ code: 'custom', path: ['name'], message: 'Enter the name of the term, like Autumn 2026' });
  else if (name.length > 60) context.addIssue({ code: 'custom', path: ['name'], message: 'The name must be 60 characters or fewer' });
  const dates: Record<string, string | null> = {};
  const labels = { start: 'The start date', end: 'The end date', halfTermStart: 'The first day of half term', halfTermEnd: 'The last day of half term' } as const;
  for (const [field, label] of Object.entries(labels)) {
    const parsed = dateFromParts(body, field);
    if ('error' in parsed) context.addIssue({ code: 'custom', path: [field], message: `${label} ${parsed.error}` });
    else if ('blank' in parsed) {
      if (field === 'start' || field === 'end') context.addIssue({ code: 'custom', path: [field], message: `Enter ${label.charAt(0).toLowerCase()}${label.slice(1)} of the term` });
      dates[field] = null;
    } else dates[field] = parsed.iso;
  }
  const { start, end, halfTermStart, halfTermEnd } = dates;
  if (start && end) {
    if (end <= start) context.addIssue({ code: 'custom', path: ['end'], message: 'The end date must be after the start date' });
    else if ((Date.parse(end) - Date.parse(start)) / 86_400_000 > LONGEST_TERM_DAYS)
      context.addIssue({ code: 'custom', path: ['end'], message: 'A term cannot be longer than 6 months: check the years' });
  }
  if ((halfTermStart === null) !== (halfTermEnd === null) && !context.issues.some((issue) => String(issue.path?.[0]).startsWith('halfTerm'))) {
    context.addIssue({ code: 'custom', path: [halfTermStart === null ? 'halfTermStart' : 'halfTermEnd'], message: 'Enter both the first and last days of half term, or neither' });
  }
  if (halfTermStart && halfTermEnd) {
    if (halfTermEnd < halfTermStart) context.addIssue({ code: 'custom', path: ['halfTermEnd'], message: 'The last day of half term must be on or after its first day' });
    else if (start && end && (halfTermStart <= start || halfTermEnd >= end))
      context.addIssue({ code: 'custom', path: ['halfTermStart'], message: 'Half term must be inside the term, after its first day and before its last' });
  }
  return { name, start: start ?? '', end: end ?? '', halfTermStart: halfTermStart ?? null, halfTermEnd: halfTermEnd ?? null } satisfies TermInput;
});

export const CLOSURE_KINDS = { bank_holiday: 'Bank holiday', closure: 'School closure (INSET or other)' } as const;
export type ClosureKind = keyof typeof CLOSURE_KINDS;

export interface ClosureInput {
  date: string;
  kind: ClosureKind;
  description: string | null;
}

/** A day the LA's schools are closed: a bank holiday, or an INSET or other closure day. */
export const closureForm = z.looseObject({ description: z.string().default('') }).transform((body, context) => {
  const parsed = dateFromParts(body, 'date');
  if ('error' in parsed) context.addIssue({ code: 'custom', path: ['date'], message: `The date ${parsed.error}` });
  if ('blank' in parsed) context.addIssue({ code: 'custom', path: ['date'], message: 'Enter the date of the closure' });
  const kind = typeof body.kind === 'string' && body.kind in CLOSURE_KINDS ? (body.kind as ClosureKind) : null;
  if (!kind) context.addIssue({ code: 'custom', path: ['kind'], message: 'Select whether it is a bank holiday or a school closure' });
  const description = body.description.trim();
  if (description.length > 100) context.addIssue({ code: 'custom', path: ['description'], message: 'The description must be 100 characters or fewer' });
  return { date: 'iso' in parsed ? parsed.iso : '', kind: kind ?? 'closure', description: description || null } satisfies ClosureInput;
});
