import { ROLE_LABELS, isRole } from '../../auth/roles.js';
import { AUDIENCE_TAGS, AUDIENCES, isAudience, type Audience } from '../../domain/audience.js';
import { formatDateTime } from '../../domain/formatting.js';
import { LOGGED_CONTACT_KINDS, TIMELINE_KINDS, isTimelineKind } from '../../domain/timeline.js';
import { tag, type Part, type TagColour } from '../../http/cells.js';
import { paths } from '../../http/paths.js';
import type { TimelineRow } from './repository.js';
import { cursorText, type TimelineQuery } from './schemas.js';

const AUDIENCE_TAG_COLOURS: Record<Audience, TagColour> = { family: 'green', professionals: 'blue', la_internal: 'grey' };

function roleText(role: string): string {
  return isRole(role) ? ROLE_LABELS[role] : role;
}

/**
 * The tags on an entry: who can read it, and for a restricted entry which roles. Every reader sees
 * them, so nobody mistakes an LA-only note for one the family has read.
 */
export function entryTags(entry: Pick<TimelineRow, 'audience' | 'restrictedToRoles'>): Part[] {
  const tags: Part[] = [];
  if (isAudience(entry.audience)) tags.push(tag(AUDIENCE_TAGS[entry.audience], AUDIENCE_TAG_COLOURS[entry.audience]));
  if (entry.restrictedToRoles) {
    if (tags.length) tags.push({ text: ' ' });
    tags.push(tag(`Restricted: ${entry.restrictedToRoles.map(roleText).join(', ')}`, 'red'));
  }
  return tags;
}

/** The byline: the author and their role, "the system" for the daily check, and whom an assisted entry was for. */
export function entryByline(entry: Pick<TimelineRow, 'authorName' | 'authorRole' | 'onBehalfOfName'>): string {
  const author = entry.authorName ? `${entry.authorName}${entry.authorRole ? ` (${roleText(entry.authorRole)})` : ''}` : 'The system';
  return entry.onBehalfOfName ? `${author}, on behalf of ${entry.onBehalfOfName} (assisted)` : author;
}

/** The page an entry is about, for the entries that have one (a concern, a conversation, a document). */
function entrySourcePath(childId: string, entry: Pick<TimelineRow, 'sourceType' | 'sourceId'>): string | undefined {
  if (!entry.sourceId) return undefined;
  if (entry.sourceType === 'provision_concern') return paths.concerns.concern({ childId, concernId: entry.sourceId });
  if (entry.sourceType === 'message_thread') return paths.messages.thread({ childId, threadId: entry.sourceId });
  if (entry.sourceType === 'document') return paths.documents.document({ childId, documentId: entry.sourceId });
  return undefined;
}

/**
 * Entries for the MoJ timeline component, in the order given (newest first). An entry about a
 * concern, a conversation or a document links to it when the reader may open that page.
 */
export function timelineItems(rows: TimelineRow[], childId: string, mayOpen: (path: string) => boolean) {
  return rows.map((entry) => ({
    id: entry.id,
    title: entry.title,
    href: ((path) => (path && mayOpen(path) ? path : undefined))(entrySourcePath(childId, entry)),
    kindText: isTimelineKind(entry.kind) ? TIMELINE_KINDS[entry.kind] : entry.kind,
    byline: entryByline(entry),
    body: entry.body,
    tags: entryTags(entry),
    dateTime: entry.occurredAt.toISOString(),
    dateText: formatDateTime(entry.occurredAt),
  }));
}

function filterParams(query: TimelineQuery): Record<string, string> {
  const params: Record<string, string> = {};
  for (const key of ['kind', 'person', 'from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year'] as const) {
    if (query.raw[key]) params[key] = query.raw[key];
  }
  return params;
}

/** Newer and older links, keeping the filters; keyset cursors from the first and last entry shown. */
export function timelinePagination(childId: string, query: TimelineQuery, page: { rows: TimelineRow[]; hasOlder: boolean; hasNewer: boolean }) {
  const first = page.rows[0];
  const last = page.rows.at(-1);
  const link = (key: 'before' | 'after', cursor: { occurredAt: Date; id: string }) => {
    return paths.child.timeline({ childId }, { ...filterParams(query), [key]: cursorText(cursor) });
  };
  if (!first || !last || (!page.hasOlder && !page.hasNewer)) return undefined;
  return {
    previous: page.hasNewer ? { href: link('after', first), text: 'Newer entries' } : undefined,
    next: page.hasOlder ? { href: link('before', last), text: 'Older entries' } : undefined,
  };
}

/** The filter's select options. */
export function kindFilterItems(selected: string) {
  return [{ value: '', text: 'Any type' }, ...Object.entries(TIMELINE_KINDS).map(([value, text]) => ({ value, text, selected: value === selected }))];
}

export function personFilterItems(authors: { id: string; name: string; role: string }[], selected: string) {
  return [{ value: '', text: 'Anyone' }, ...authors.map((author) => ({ value: author.id, text: `${author.name} (${roleText(author.role)})`, selected: author.id === selected }))];
}

/** The log form's radios and checkboxes, with what was chosen kept after an error. */
export function logFormItems(values: Record<string, unknown>, writable: readonly Audience[], restrictable: readonly string[]) {
  const chosen = Array.isArray(values.restrictedToRoles) ? values.restrictedToRoles : [values.restrictedToRoles];
  return {
    kindItems: LOGGED_CONTACT_KINDS.map((kind) => ({ value: kind, text: TIMELINE_KINDS[kind], checked: values.kind === kind })),
    audienceItems: writable.map((audience) => ({ value: audience, text: AUDIENCES[audience], checked: values.audience === audience })),
    restrictItems: restrictable.map((role) => ({ value: role, text: roleText(role), checked: chosen.includes(role) })),
  };
}
