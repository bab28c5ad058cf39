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

/** Appends many events in one statement (a batch import audits each child it touched). */
export async function insertAuditEvents(db: Database, entries: AuditEntry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += 1000) {
    await db.insert(auditEvent).values(
      entries.slice(start, start + 1000).map((entry) => ({
        laId: entry.laId,
        actorUserId: entry.actorUserId,
        actorRole: entry.actorRole,
        action: entry.action,
        subjectType: entry.subjectType ?? null,
        subjectId: entry.subjectId ?? null,
        childId: entry.childId ?? null,
        requestId: entry.requestId,
        change: entry.change ?? null,
      })),
    );
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
