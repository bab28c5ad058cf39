import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { appUser, auditEvent } from '../../db/schema/index.js';
import type { Actor, AuditDeclaration } from '../../http/actor.js';
import type { AuditAction } from './actions.js';
import { chainKeyOf, linkEvents, lockChainHead } from './chain.js';

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

/** What an event says beyond who did it: the action comes from the actor's declaration. */
export interface AuditDetail {
  subjectType?: string;
  subjectId?: string;
  childId?: string | null;
  change?: Record<string, unknown>;
}

/**
 * Writes the event the actor's route (or job) declares, in the transaction `db` is: the one way a
 * route audits. A route that declares 'none' and writes is a wiring mistake, refused here.
 */
export async function recordAudit(db: Database, actor: Actor, detail: AuditDetail = {}): Promise<void> {
  await recordAudits(db, actor, [detail]);
}

export async function recordAudits(db: Database, actor: Actor, details: AuditDetail[]): Promise<void> {
  const { action } = actor.audit;
  if (action === 'none') throw new Error('This route declares no audit event but tried to write one: declare it in the route table');
  await insertAuditEvents(
    db,
    details.map((detail) => ({
      laId: actor.principal.laId,
      actorUserId: actor.principal.userId,
      actorRole: actor.principal.role,
      action,
      requestId: actor.requestId,
      ...(detail.subjectType ? { subjectType: detail.subjectType } : {}),
      ...(detail.subjectId ? { subjectId: detail.subjectId } : {}),
      ...(detail.childId ? { childId: detail.childId } : {}),
      ...(detail.change ? { change: detail.change } : {}),
    })),
  );
  actor.audit.written.push(...details.map(() => action));
}

/**
 * For work with no signed-in actor yet (signing in): the entry names its own actor, but its
 * action must still be the one the route declares.
 */
export async function recordAuditEntry(db: Database, declaration: AuditDeclaration, entry: AuditEntry): Promise<void> {
  if (entry.action !== declaration.action) throw new Error(`This route declares ${declaration.action} but tried to write ${entry.action}`);
  await insertAuditEvent(db, entry);
  declaration.written.push(entry.action);
}

/** Appends one event. Call it with the transaction that makes the change, so both commit or neither. */
export async function insertAuditEvent(db: Database, entry: AuditEntry): Promise<void> {
  await insertAuditEvents(db, [entry]);
}

/** Rows per statement: one JSON parameter each. */
const AUDIT_CHUNK = 5000;

/**
 * Appends many events (a batch import audits each child it touched), chained per LA. The rows go
 * as one JSON parameter expanded by json_populate_recordset, like delivery records: binding
 * fourteen parameters for each of thousands of rows costs more than the insert. Each LA's chain
 * end is locked until the caller's transaction ends, so concurrent writers link in turn; chains
 * are locked in a fixed order so two batches spanning the same LAs cannot deadlock.
 */
export async function insertAuditEvents(db: Database, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const byChain = new Map<string, AuditEntry[]>();
  for (const entry of entries) {
    const key = chainKeyOf(entry.laId);
    byChain.set(key, [...(byChain.get(key) ?? []), entry]);
  }
  await db.transaction(async (tx) => {
    for (const key of [...byChain.keys()].sort()) {
      const ofChain = byChain.get(key) ?? [];
      for (let start = 0; start < ofChain.length; start += AUDIT_CHUNK) {
        const chunk = ofChain.slice(start, start + AUDIT_CHUNK);
        const head = await lockChainHead(tx, key, chunk.length);
        const linked = linkEvents(
          head,
          chunk.map((entry, index) => ({
            id: head.ids[index] ?? Number.NaN,
            laId: entry.laId,
            occurredAt: head.now,
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
        const json = JSON.stringify(
          linked.rows.map((row) => ({
            id: row.id,
            la_id: row.laId,
            actor_user_id: row.actorUserId,
            actor_role: row.actorRole,
            action: row.action,
            subject_type: row.subjectType,
            subject_id: row.subjectId,
            child_id: row.childId,
            request_id: row.requestId,
            occurred_at: row.occurredAt,
            change: row.change,
            chain_seq: row.chainSeq,
            prev_hash: row.prevHash,
            hash: row.hash,
          })),
        );
        await tx.execute(sql`
          with inserted as (
            insert into audit_event (id, la_id, actor_user_id, actor_role, action, subject_type, subject_id, child_id, request_id, occurred_at, change, chain_seq, prev_hash, hash)
            select id, la_id, actor_user_id, actor_role, action, subject_type, subject_id, child_id, request_id, occurred_at, change, chain_seq, prev_hash, hash
              from json_populate_recordset(null::audit_event, ${json}::json)
            returning 1
          )
          update audit_chain set last_seq = ${linked.end.seq}, last_hash = ${linked.end.hash}
           where la_id = ${key}::uuid and (select count(*) from inserted) = ${chunk.length}`);
      }
    }
  });
}

export interface ChildHistoryRow {
  id: number;
  action: string;
  occurredAt: Date;
  actorName: string | null;
  actorRole: string | null;
  change: unknown;
}

export async function findChildHistory(db: Database, params: { laId: string; childId: string; limit: number; offset: number }): Promise<{ rows: ChildHistoryRow[]; total: number }> {
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
