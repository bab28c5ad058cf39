import { createHash } from 'node:crypto';

/**
 * Each LA's audit events form a hash chain: every event holds the hash of the one before it and
 * a hash of itself that covers every column and that link. Editing, reordering or deleting an
 * event as the database owner (who can switch the append-only trigger off) breaks the chain at
 * that point, and `openehcp audit verify` says where.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** Events with no LA (a failed sign-in with an unknown email) form a chain of their own under this key. */
export const NO_LA_CHAIN = '00000000-0000-0000-0000-000000000000';

/** One event as stored: occurredAt is the database's own UTC text, to the microsecond. */
export interface ChainedEvent {
  id: number;
  laId: string | null;
  chainSeq: number;
  occurredAt: string;
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  childId: string | null;
  requestId: string | null;
  change: unknown;
  prevHash: string;
}

/** JSON with object keys sorted at every level, after the JSON round trip jsonb storage makes. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  return JSON.stringify(sortKeys(JSON.parse(JSON.stringify(value)) as unknown));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** The database stores uuids in lower case whatever case they were written in. */
function uuidText(value: string | null): string | null {
  return value === null ? null : value.toLowerCase();
}

export function auditEventHash(event: ChainedEvent): string {
  const fields = [
    'openehcp-audit-v1',
    event.id,
    uuidText(event.laId),
    event.chainSeq,
    event.occurredAt,
    uuidText(event.actorUserId),
    event.actorRole,
    event.action,
    event.subjectType,
    event.subjectId,
    uuidText(event.childId),
    event.requestId,
    canonicalJson(event.change ?? null),
    event.prevHash,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** Where a chain ends: the last event's position and hash (0 and the genesis hash when empty). */
export interface ChainPoint {
  seq: number;
  hash: string;
}

export const CHAIN_START: ChainPoint = { seq: 0, hash: GENESIS_HASH };

export type ChainBreak = { kind: 'missing-before'; missing: number } | { kind: 'relinked' } | { kind: 'changed' } | { kind: 'unchained' };

/** Checks one event against the one before it in its chain; undefined when the link holds. */
export function checkLink(previous: ChainPoint, event: ChainedEvent & { hash: string | null }): ChainBreak | undefined {
  if (event.chainSeq !== previous.seq + 1) return { kind: 'missing-before', missing: event.chainSeq - previous.seq - 1 };
  if (event.prevHash !== previous.hash) return { kind: 'relinked' };
  if (event.hash !== auditEventHash(event)) return { kind: 'changed' };
  return undefined;
}

export type ChainEndBreak = { kind: 'missing-at-end'; missing: number } | { kind: 'end-replaced' } | { kind: 'no-head' };

/** Checks the last event read against the chain's recorded end, which catches events cut from the end. */
export function checkEnd(last: ChainPoint, head: ChainPoint | undefined): ChainEndBreak | undefined {
  if (!head) return last.seq === 0 ? undefined : { kind: 'no-head' };
  if (head.seq > last.seq) return { kind: 'missing-at-end', missing: head.seq - last.seq };
  if (head.seq !== last.seq || head.hash !== last.hash) return { kind: 'end-replaced' };
  return undefined;
}

export function describeChainBreak(problem: ChainBreak | ChainEndBreak): string {
  switch (problem.kind) {
    case 'missing-before':
      return problem.missing > 0
        ? `${String(problem.missing)} event${problem.missing === 1 ? '' : 's'} before it ${problem.missing === 1 ? 'is' : 'are'} missing (deleted)`
        : 'its place in the chain was changed';
    case 'relinked':
      return 'the event before it was changed or replaced after it was written';
    case 'changed':
      return 'its contents do not match its hash: it was changed after it was written';
    case 'unchained':
      return 'it is not in the chain: its chain fields were removed or it was written around the application';
    case 'missing-at-end':
      return `the last ${String(problem.missing)} event${problem.missing === 1 ? ' was' : 's were'} deleted`;
    case 'end-replaced':
      return 'the chain does not end where it was recorded to: its last events were changed or added around the application';
    case 'no-head':
      return 'the record of where the chain ends is missing';
  }
}
