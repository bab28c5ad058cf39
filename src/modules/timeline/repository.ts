import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Role } from '../../auth/roles.js';
import type { Database } from '../../db/client.js';
import { appUser, timelineEntry } from '../../db/schema/index.js';
import { timeOrderedUuid } from '../../db/time-ordered-id.js';
import { audiencesReadableBy, type Audience } from '../../domain/audience.js';
import type { IsoDate } from '../../domain/dates.js';
import type { TimelineKind } from '../../domain/timeline.js';

export interface NewTimelineEntry {
  laId: string;
  childId: string;
  occurredAt: Date;
  kind: TimelineKind;
  title: string;
  body?: string | null;
  audience: Audience;
  /** Only these roles may see it (safeguarding, social care); omit for an unrestricted entry. */
  restrictedToRoles?: string[] | null;
  /** Omit when the system made the entry. */
  authorUserId?: string | null;
  authorRole?: string | null;
  onBehalfOfUserId?: string | null;
  sourceType?: string | null;
  sourceId?: string | null;
}

/** Rows per statement: one JSON parameter each, as for delivery records. */
const CHUNK = 5000;

/**
 * The one way onto a child's timeline. Call it with the transaction that makes the change, so the
 * entry and the change commit together or not at all. Returns the new entries' ids, in order.
 */
export async function addTimelineEntries(db: Database, entries: NewTimelineEntry[]): Promise<string[]> {
  const ids = entries.map(() => timeOrderedUuid());
  for (let start = 0; start < entries.length; start += CHUNK) {
    const json = JSON.stringify(
      entries.slice(start, start + CHUNK).map((entry, offset) => ({
        id: ids[start + offset],
        la_id: entry.laId,
        child_id: entry.childId,
        occurred_at: entry.occurredAt.toISOString(),
        kind: entry.kind,
        title: entry.title,
        body: entry.body ?? null,
        audience: entry.audience,
        restricted_to_roles: entry.restrictedToRoles ?? null,
        author_user_id: entry.authorUserId ?? null,
        author_role: entry.authorRole ?? null,
        on_behalf_of_user_id: entry.onBehalfOfUserId ?? null,
        source_type: entry.sourceType ?? null,
        source_id: entry.sourceId ?? null,
      })),
    );
    await db.execute(sql`
      insert into timeline_entry (id, la_id, child_id, occurred_at, kind, title, body, audience, restricted_to_roles, author_user_id, author_role, on_behalf_of_user_id, source_type, source_id)
      select id, la_id, child_id, occurred_at, kind, title, body, audience, restricted_to_roles, author_user_id, author_role, on_behalf_of_user_id, source_type, source_id
        from json_populate_recordset(null::timeline_entry, ${json}::json)`);
  }
  return ids;
}

/** Who is reading: their role decides the audiences, and an author always sees their own entries. */
export interface TimelineViewer {
  userId: string;
  role: Role;
}

/**
 * The SQL twin of `seesEntry` (domain/audience.ts): the author, or the audience the role reads and,
 * for a restricted entry, the role named on it. Filtering here, not in JS, keeps a page one index
 * range scan however long the child's timeline is.
 */
function visibleTo(viewer: TimelineViewer): SQL {
  const audiences = audiencesReadableBy(viewer.role);
  return sql`(${timelineEntry.authorUserId} = ${viewer.userId} or (${timelineEntry.audience} in (${sql.join(
    audiences.map((audience) => sql`${audience}`),
    sql`, `,
  )}) and (${timelineEntry.restrictedToRoles} is null or ${timelineEntry.restrictedToRoles} ? ${viewer.role})))`;
}

export interface TimelineFilters {
  kind?: TimelineKind | undefined;
  authorUserId?: string | undefined;
  /** Inclusive, London dates. */
  from?: IsoDate | undefined;
  to?: IsoDate | undefined;
}

/** A position in the newest-first order: the entry's time and id. */
export interface TimelineCursor {
  occurredAt: Date;
  id: string;
}

export type TimelineRow = Awaited<ReturnType<typeof findTimelinePage>>['rows'][number];

/**
 * One page of a child's timeline, newest first, by keyset on (occurred_at, id) so the thousandth
 * page costs what the first does. `before` reads older entries than the cursor; `after` newer ones
 * (read oldest first from the cursor, then turned round). Fetches one more than the page to know
 * whether there is more in that direction.
 */
export async function findTimelinePage(
  db: Database,
  params: { laId: string; childId: string; viewer: TimelineViewer; filters: TimelineFilters; limit: number; before?: TimelineCursor | undefined; after?: TimelineCursor | undefined },
) {
  const { filters } = params;
  const conditions = [
    eq(timelineEntry.laId, params.laId),
    eq(timelineEntry.childId, params.childId),
    visibleTo(params.viewer),
    filters.kind ? eq(timelineEntry.kind, filters.kind) : undefined,
    filters.authorUserId ? eq(timelineEntry.authorUserId, filters.authorUserId) : undefined,
    // Dates are London days: a 23:30 BST entry belongs to the day it was in London.
    filters.from ? sql`${timelineEntry.occurredAt} >= (${filters.from}::date)::timestamp at time zone 'Europe/London'` : undefined,
    filters.to ? sql`${timelineEntry.occurredAt} < ((${filters.to}::date + 1)::timestamp at time zone 'Europe/London')` : undefined,
    params.before ? sql`(${timelineEntry.occurredAt}, ${timelineEntry.id}) < (${params.before.occurredAt.toISOString()}::timestamptz, ${params.before.id}::uuid)` : undefined,
    params.after ? sql`(${timelineEntry.occurredAt}, ${timelineEntry.id}) > (${params.after.occurredAt.toISOString()}::timestamptz, ${params.after.id}::uuid)` : undefined,
  ];
  const author = alias(appUser, 'author');
  const onBehalfOf = alias(appUser, 'on_behalf_of');
  const forwards = params.after === undefined;
  const rows = await db
    .select({
      id: timelineEntry.id,
      occurredAt: timelineEntry.occurredAt,
      kind: timelineEntry.kind,
      title: timelineEntry.title,
      body: timelineEntry.body,
      audience: timelineEntry.audience,
      restrictedToRoles: timelineEntry.restrictedToRoles,
      authorUserId: timelineEntry.authorUserId,
      authorRole: timelineEntry.authorRole,
      authorName: author.displayName,
      onBehalfOfName: onBehalfOf.displayName,
      sourceType: timelineEntry.sourceType,
      sourceId: timelineEntry.sourceId,
    })
    .from(timelineEntry)
    .leftJoin(author, eq(author.id, timelineEntry.authorUserId))
    .leftJoin(onBehalfOf, eq(onBehalfOf.id, timelineEntry.onBehalfOfUserId))
    .where(and(...conditions))
    .orderBy(...(forwards ? [desc(timelineEntry.occurredAt), desc(timelineEntry.id)] : [asc(timelineEntry.occurredAt), asc(timelineEntry.id)]))
    .limit(params.limit + 1);
  const more = rows.length > params.limit;
  const page = rows.slice(0, params.limit);
  if (!forwards) page.reverse();
  return {
    rows: page,
    /** Older entries exist beyond this page. */
    hasOlder: forwards ? more : true,
    /** Newer entries exist before this page. */
    hasNewer: forwards ? params.before !== undefined : more,
  };
}

/** The people who have written entries this viewer can see on the child's timeline, for the filter. */
export async function findTimelineAuthors(db: Database, params: { laId: string; childId: string; viewer: TimelineViewer }) {
  return db
    .selectDistinct({ id: appUser.id, name: appUser.displayName, role: appUser.role })
    .from(timelineEntry)
    .innerJoin(appUser, eq(appUser.id, timelineEntry.authorUserId))
    .where(and(eq(timelineEntry.laId, params.laId), eq(timelineEntry.childId, params.childId), visibleTo(params.viewer)))
    .orderBy(appUser.displayName);
}
