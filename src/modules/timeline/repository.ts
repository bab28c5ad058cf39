import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { timeOrderedUuid } from '../../db/time-ordered-id.js';
import type { Audience } from '../../domain/audience.js';
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
