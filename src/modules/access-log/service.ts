import type { Database } from '../../db/client.js';
import type { Actor } from '../../http/actor.js';
import { openChildRecord } from '../children/service.js';
import { findItemNames } from '../provision/repository.js';
import { findAccessLogPage } from './repository.js';

const ACCESS_LOG_PAGE_SIZE = 50;

/** The one provision record a form entry made, if it made exactly one: what the family is told was recorded. */
export function singleRecordOf(change: unknown): { provisionItemId: string; status: string | null } | null {
  if (typeof change !== 'object' || change === null || !('records' in change) || !Array.isArray(change.records) || change.records.length !== 1) return null;
  const record: unknown = change.records[0];
  if (typeof record !== 'object' || record === null || !('provisionItemId' in record) || typeof record.provisionItemId !== 'string') return null;
  return { provisionItemId: record.provisionItemId, status: 'status' in record && typeof record.status === 'string' ? record.status : null };
}

/** The names before and after, when the event gave support a new short name. */
export function renameOf(change: unknown): { before: string; after: string } | null {
  if (typeof change !== 'object' || change === null || !('before' in change) || !('after' in change)) return null;
  return typeof change.before === 'string' && typeof change.after === 'string' ? { before: change.before, after: change.after } : null;
}

/**
 * A page of who has looked at or changed the child's record. Opening it is itself audited (and a
 * parent reaches only their own children: the record is opened with their scope).
 */
export async function loadAccessLog(db: Database, actor: Actor, childId: string, page: number) {
  const summary = await openChildRecord(db, actor, childId);
  const result = await findAccessLogPage(db, {
    laId: actor.principal.laId,
    childId,
    excludeUserId: actor.principal.userId,
    limit: ACCESS_LOG_PAGE_SIZE,
    offset: (page - 1) * ACCESS_LOG_PAGE_SIZE,
  });
  const items = await findItemNames(
    db,
    actor.principal.laId,
    result.rows.flatMap((row) => {
      const record = singleRecordOf(row.change);
      return record ? [record.provisionItemId] : [];
    }),
  );
  return { summary, ...result, items };
}
