import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { appUser, auditEvent } from '../../db/schema/index.js';
import type { AuditAction } from './actions.js';

export interface AuditEntry {
  laId: string | null;
  actorUserId: string | null;
  actorRole: string | null;
  action: AuditAction;
  subjectType?: string;
  subjectId?: string;
  childId?: string;
  requestId: string | null;
  change?: Record<string, unknown>;
}

/** Appends one event. Call it with the transaction that makes the change, so both commit or neither. */
export async function insertAuditEvent(db: Database, entry: AuditEntry): Promise<void> {
  await insertAuditEvents(db, [entry]);
}

/** Rows per statement: one JSON parameter each. */
const AUDIT_CHUNK = 5000;

/**
 * Appends many events (a batch import audits each child it touched). The rows go as one JSON
 * parameter expanded by json_populate_recordset, like delivery records: binding nine parameters
 * for each of thousands of rows costs more than the insert. The id and time are the table's
 * defaults.
 */
export async function insertAuditEvents(db: Database, entries: AuditEntry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += AUDIT_CHUNK) {
    const json = JSON.stringify(
      entries.slice(start, start + AUDIT_CHUNK).map((entry) => ({
        la_id: entry.laId,
        actor_user_id: entry.actorUserId,
        actor_role: entry.actorRole,
        action: entry.action,
        subject_type: entry.subjectType ?? null,
        subject_id: entry.subjectId ?? null,
        child_id: entry.childId ?? null,
        request_id: entry.requestId,
        change: entry.change ?? null,
      })),
    );
    await db.execute(sql`
      insert into audit_event (la_id, actor_user_id, actor_role, action, subject_type, subject_id, child_id, request_id, change)
      select la_id, actor_user_id, actor_role, action, subject_type, subject_id, child_id, request_id, change
        from json_populate_recordset(null::audit_event, ${json}::json)`);
  }
}

export interface ChildHistoryRow {
  id: number;
  action: string;
  occurredAt: Date;
  actorName: string | null;
  actorRole: string | null;
  change: unknown;
}

export async function findChildHistory(
  db: Database,
  params: { laId: string; childId: string; limit: number; offset: number },
): Promise<{ rows: ChildHistoryRow[]; total: number }> {
  const where = and(eq(auditEvent.laId, params.laId), eq(auditEvent.childId, params.childId));
  const rows = await db
    .select({
      id: auditEvent.id,
      action: auditEvent.action,
      occurredAt: auditEvent.occurredAt,
      actorName: appUser.displayName,
      actorRole: auditEvent.actorRole,
      change: auditEvent.change,
    })
    .from(auditEvent)
    .leftJoin(appUser, eq(appUser.id, auditEvent.actorUserId))
    .where(where)
    .orderBy(desc(auditEvent.occurredAt), desc(auditEvent.id))
    .limit(params.limit)
    .offset(params.offset);
  const [count] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(auditEvent)
    .where(where);
  return { rows, total: count?.total ?? 0 };
}
