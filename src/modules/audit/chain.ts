import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { auditEventHash, CHAIN_START, checkEnd, checkLink, NO_LA_CHAIN, type ChainBreak, type ChainEndBreak, type ChainPoint, type ChainedEvent } from '../../domain/audit-chain.js';

/** The event's time as the hash covers it: the database's own UTC text, to the microsecond. */
const OCCURRED_AT_TEXT = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

interface ChainHead extends ChainPoint {
  /** The transaction's now(), the time every event it writes carries. */
  now: string;
  /** Ids drawn for the events about to be written, in order. */
  ids: number[];
}

/**
 * Locks the chain's end for the rest of the transaction (creating it for a chain's first event)
 * and draws ids for `count` events, in one statement. Concurrent writers for the same LA wait
 * here; other LAs are not held up.
 */
export async function lockChainHead(tx: Database, chainKey: string, count: number): Promise<ChainHead> {
  const result = await tx.execute(sql`
    insert into audit_chain (la_id) values (${chainKey}::uuid)
    on conflict (la_id) do update set la_id = excluded.la_id
    returning last_seq::text as seq, last_hash as hash,
      to_char(now() at time zone 'UTC', ${sql.raw(OCCURRED_AT_TEXT)}) as now,
      (select coalesce(string_agg(nextval('audit_event_id_seq')::text, ','), '') from generate_series(1, ${count}::int)) as ids`);
  const [row] = (result as { rows: { seq: string; hash: string; now: string; ids: string }[] }).rows;
  if (!row) throw new Error('The audit chain head could not be locked.');
  const ids =
    row.ids === ''
      ? []
      : row.ids
          .split(',')
          .map(Number)
          .sort((a, b) => a - b);
  return { seq: Number(row.seq), hash: row.hash, now: row.now, ids };
}

async function moveChainHead(tx: Database, chainKey: string, end: ChainPoint): Promise<void> {
  await tx.execute(sql`update audit_chain set last_seq = ${end.seq}, last_hash = ${end.hash} where la_id = ${chainKey}::uuid`);
}

/** Links events onto the end of a chain, in order, giving each its position, link and hash. */
export function linkEvents<T extends Omit<ChainedEvent, 'chainSeq' | 'prevHash'>>(
  start: ChainPoint,
  events: T[],
): { rows: (T & { chainSeq: number; prevHash: string; hash: string })[]; end: ChainPoint } {
  let end = start;
  const rows = events.map((event) => {
    const linked = { ...event, chainSeq: end.seq + 1, prevHash: end.hash };
    const hash = auditEventHash(linked);
    end = { seq: linked.chainSeq, hash };
    return { ...linked, hash };
  });
  return { rows, end };
}

export function chainKeyOf(laId: string | null): string {
  return laId ?? NO_LA_CHAIN;
}

interface StoredEventRow {
  id_text: string;
  la_id: string | null;
  chain_seq_text: string | null;
  occurred_at: string;
  actor_user_id: string | null;
  actor_role: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  child_id: string | null;
  request_id: string | null;
  change: string | null;
  prev_hash: string | null;
  hash: string | null;
}

// Numbers as text, named apart from their columns so that ORDER BY chain_seq still sorts numerically.
const STORED_COLUMNS = sql.raw(`id::text as id_text, la_id, chain_seq::text as chain_seq_text,
  to_char(occurred_at at time zone 'UTC', ${OCCURRED_AT_TEXT}) as occurred_at,
  actor_user_id, actor_role, action, subject_type, subject_id, child_id, request_id, change::text as change, prev_hash, hash`);

const IN_CHAIN = (chainKey: string) => sql`coalesce(la_id, ${NO_LA_CHAIN}::uuid) = ${chainKey}::uuid`;

function fromStored(row: StoredEventRow): ChainedEvent & { hash: string | null } {
  return {
    id: Number(row.id_text),
    laId: row.la_id,
    chainSeq: row.chain_seq_text === null ? Number.NaN : Number(row.chain_seq_text),
    occurredAt: row.occurred_at,
    actorUserId: row.actor_user_id,
    actorRole: row.actor_role,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    childId: row.child_id,
    requestId: row.request_id,
    change: row.change === null ? null : (JSON.parse(row.change) as unknown),
    prevHash: row.prev_hash ?? '',
    hash: row.hash,
  };
}

const PAGE = 5000;

/**
 * Chains the events written before chaining existed, oldest first, onto the end of each LA's
 * chain. Run by migrate: after the upgrade every event is in a chain and `audit verify` passes.
 */
export async function chainUnchainedAuditEvents(db: Database): Promise<number> {
  const keys = await db.execute(sql`select distinct coalesce(la_id, ${NO_LA_CHAIN}::uuid)::text as key from audit_event where hash is null`);
  let chained = 0;
  for (const { key } of (keys as { rows: { key: string }[] }).rows) {
    await db.transaction(async (tx) => {
      let head: ChainPoint = await lockChainHead(tx, key, 0);
      for (;;) {
        const page = await tx.execute(sql`select ${STORED_COLUMNS} from audit_event where hash is null and ${IN_CHAIN(key)} order by id limit ${PAGE}`);
        const rows = (page as { rows: StoredEventRow[] }).rows.map(fromStored);
        if (rows.length === 0) break;
        const linked = linkEvents(head, rows);
        const json = JSON.stringify(linked.rows.map((row) => ({ id: row.id, chain_seq: row.chainSeq, prev_hash: row.prevHash, hash: row.hash })));
        await tx.execute(sql`
          update audit_event e set chain_seq = j.chain_seq, prev_hash = j.prev_hash, hash = j.hash
            from json_populate_recordset(null::audit_event, ${json}::json) j
           where e.id = j.id`);
        head = linked.end;
        chained += rows.length;
      }
      await moveChainHead(tx, key, head);
    });
  }
  return chained;
}

export interface ChainVerdict {
  /** The LA's id, or null for the events with no LA. */
  laId: string | null;
  laName: string | null;
  checked: number;
  end: ChainPoint;
  broken?: { eventId: number | null; occurredAt: string | null; problem: ChainBreak | ChainEndBreak };
}

/** Walks each chain (or one LA's) in order, recomputing every hash, and stops at its first broken link. */
export async function verifyAuditChains(db: Database, options: { laId?: string } = {}): Promise<ChainVerdict[]> {
  const chains = await db.execute(sql`
    with keys as (
      select la_id as key from audit_chain
      union select id from local_authority
      union select distinct coalesce(la_id, ${NO_LA_CHAIN}::uuid) from audit_event
    )
    select k.key::text as key, la.name as name, h.last_seq::text as last_seq, h.last_hash
      from keys k
      left join local_authority la on la.id = k.key
      left join audit_chain h on h.la_id = k.key
     ${options.laId ? sql`where k.key = ${options.laId}::uuid` : sql``}
     order by la.name nulls last, k.key`);
  const verdicts: ChainVerdict[] = [];
  for (const chain of (chains as { rows: { key: string; name: string | null; last_seq: string | null; last_hash: string | null }[] }).rows) {
    const head = chain.last_seq === null || chain.last_hash === null ? undefined : { seq: Number(chain.last_seq), hash: chain.last_hash };
    verdicts.push(await verifyChain(db, chain.key, chain.name, head));
  }
  return verdicts;
}

async function verifyChain(db: Database, key: string, laName: string | null, head: ChainPoint | undefined): Promise<ChainVerdict> {
  const verdict: ChainVerdict = { laId: key === NO_LA_CHAIN ? null : key, laName, checked: 0, end: CHAIN_START };
  for (;;) {
    const page = await db.execute(sql`
      select ${STORED_COLUMNS} from audit_event
       where ${IN_CHAIN(key)} and chain_seq > ${verdict.end.seq}
       order by coalesce(la_id, ${NO_LA_CHAIN}::uuid), chain_seq limit ${PAGE}`);
    const rows = (page as { rows: StoredEventRow[] }).rows.map(fromStored);
    for (const event of rows) {
      verdict.checked += 1;
      const problem = checkLink(verdict.end, event);
      if (problem) return { ...verdict, broken: { eventId: event.id, occurredAt: event.occurredAt, problem } };
      verdict.end = { seq: event.chainSeq, hash: event.hash ?? '' };
    }
    if (rows.length < PAGE) break;
  }
  const unchained = await db.execute(sql`select ${STORED_COLUMNS} from audit_event where hash is null and ${IN_CHAIN(key)} order by id limit 1`);
  const [stray] = (unchained as { rows: StoredEventRow[] }).rows;
  if (stray) return { ...verdict, checked: verdict.checked + 1, broken: { eventId: Number(stray.id_text), occurredAt: stray.occurred_at, problem: { kind: 'unchained' } } };
  const endProblem = checkEnd(verdict.end, head);
  if (endProblem) return { ...verdict, broken: { eventId: null, occurredAt: null, problem: endProblem } };
  return verdict;
}
