import { z } from 'zod';
import { isUuid } from '../../auth/child-access.js';
import { isAudience, RESTRICTABLE_ROLES, type Audience } from '../../domain/audience.js';
import type { IsoDate } from '../../domain/dates.js';
import { isTimelineKind, LOGGED_CONTACT_KINDS, type TimelineKind } from '../../domain/timeline.js';
import { dateFrom } from '../education/schemas.js';
import type { TimelineCursor } from './repository.js';

export const TIMELINE_PAGE_SIZE = 25;
const MAX_TITLE_LENGTH = 200;
export const MAX_DETAILS_LENGTH = 5000;

const text = z.string().trim().default('');

/** A cursor in a link: the entry's time and id, as `2026-03-03T10:14:00.000Z_<uuid>`. */
export function cursorText(cursor: TimelineCursor): string {
  return `${cursor.occurredAt.toISOString()}_${cursor.id}`;
}

function cursorFrom(value: string): TimelineCursor | undefined {
  const [time, id] = value.split('_');
  if (!time || !id || !isUuid(id)) return undefined;
  const occurredAt = new Date(time);
  return Number.isNaN(occurredAt.getTime()) ? undefined : { occurredAt, id };
}

const QUERY_FIELDS = ['kind', 'person', 'from', 'to'] as const;

/**
 * The timeline's filters and page, from the query string. A filter that is not valid is reported
 * in the error summary and not applied; a cursor that is not valid starts from the newest.
 */
export const timelineQuery = z
  .object({
    kind: text,
    person: text,
    'from-day': text,
    'from-month': text,
    'from-year': text,
    'to-day': text,
    'to-month': text,
    'to-year': text,
    before: text,
    after: text,
  })
  .transform((query, context) => {
    const issues = new Map<(typeof QUERY_FIELDS)[number], string>();
    let kind: TimelineKind | undefined;
    if (query.kind) {
      if (isTimelineKind(query.kind)) kind = query.kind;
      else issues.set('kind', 'Select a type of entry from the list');
    }
    let person: string | undefined;
    if (query.person) {
      if (isUuid(query.person)) person = query.person;
      else issues.set('person', 'Select a person from the list');
    }
    const dateOf = (field: 'from' | 'to', label: string): IsoDate | undefined => {
      const parsed = dateFrom(query[`${field}-day`], query[`${field}-month`], query[`${field}-year`]);
      if ('invalid' in parsed) issues.set(field, `${label} must be a real date, like 3 3 2026`);
      return 'date' in parsed ? parsed.date : undefined;
    };
    const from = dateOf('from', 'Date from');
    const to = dateOf('to', 'Date to');
    if (from && to && to < from) issues.set('to', 'Date to must be the same as or after date from');
    for (const field of QUERY_FIELDS) {
      const message = issues.get(field);
      if (message) context.addIssue({ code: 'custom', path: [field], message });
    }
    return {
      kind,
      person,
      from,
      to: issues.has('to') ? undefined : to,
      before: query.before ? cursorFrom(query.before) : undefined,
      after: query.after ? cursorFrom(query.after) : undefined,
      raw: query,
    };
  });

export type TimelineQuery = z.output<typeof timelineQuery>;

const FORM_FIELDS = ['kind', 'when', 'title', 'details', 'audience', 'restrictedToRoles'] as const;

/** Checkboxes arrive as one value, several, or none. */
const manyValues = z.preprocess((value: unknown): unknown => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(z.string()));

/**
 * A call, letter, meeting or note logged by hand. Whether the date is in the future, and whether
 * the person may write to that audience or restrict the entry, are the service's checks (they need
 * today and the person's role).
 */
export const logContactForm = z
  .object({
    kind: text,
    'when-day': text,
    'when-month': text,
    'when-year': text,
    title: text,
    details: text,
    audience: text,
    restrictedToRoles: manyValues,
  })
  .transform((form, context) => {
    const issues = new Map<(typeof FORM_FIELDS)[number], string>();
    const kind = (LOGGED_CONTACT_KINDS as readonly string[]).includes(form.kind) ? (form.kind as (typeof LOGGED_CONTACT_KINDS)[number]) : null;
    if (!kind) issues.set('kind', 'Select whether it was a phone call, letter, meeting or note');
    const when = dateFrom(form['when-day'], form['when-month'], form['when-year']);
    if ('blank' in when) issues.set('when', 'Enter the date it happened');
    else if ('invalid' in when) issues.set('when', 'The date must be a real date, like 3 3 2026');
    if (!form.title) issues.set('title', 'Enter a summary');
    else if (form.title.length > MAX_TITLE_LENGTH) issues.set('title', `Summary must be ${String(MAX_TITLE_LENGTH)} characters or fewer`);
    if (form.details.length > MAX_DETAILS_LENGTH) issues.set('details', `Details must be ${String(MAX_DETAILS_LENGTH)} characters or fewer`);
    const audience: Audience | null = isAudience(form.audience) ? form.audience : null;
    if (!audience) issues.set('audience', 'Select who can see this entry');
    const restricted = form.restrictedToRoles.filter((role) => role !== '');
    if (restricted.some((role) => !(RESTRICTABLE_ROLES as readonly string[]).includes(role))) issues.set('restrictedToRoles', 'Select roles from the list');
    for (const field of FORM_FIELDS) {
      const message = issues.get(field);
      if (message) context.addIssue({ code: 'custom', path: [field], message });
    }
    if (!kind || !audience || !('date' in when) || issues.size > 0) return z.NEVER;
    return { kind, when: when.date, title: form.title, details: form.details || null, audience, restrictedToRoles: restricted.length > 0 ? [...new Set(restricted)].sort() : null };
  });

export type LogContact = z.output<typeof logContactForm>;
