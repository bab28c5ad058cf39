import { mayRecordAgainst } from '../../auth/permissions.js';
import type { Database } from '../../db/client.js';
import { MISSED_REASONS, type MissedReason } from '../../domain/delivery.js';
import { formatDate, todayInLondon } from '../../domain/formatting.js';
import { weekStarting } from '../../domain/school-calendar.js';
import { ValidationError } from '../../http/errors.js';
import { insertAuditEvent } from '../audit/repository.js';
import type { Actor } from '../../http/actor.js';
import { openChildRecord } from '../children/service.js';
import * as repository from './repository.js';
import type { RecordDelivery } from './schemas.js';

/** The record form: the child, and the items of their plan this person may record against. */
export async function loadRecordForm(db: Database, actor: Actor, childId: string) {
  const summary = await openChildRecord(db, actor, childId, 'VIEW_PROVISION');
  const items = (await repository.findCurrentItems(db, actor.principal.laId, childId)).filter((item) => mayRecordAgainst(actor.principal, item));
  return { summary, items };
}

/**
 * Records one session delivered or missed. Checks, in order: the child is in scope (else not
 * found), the item belongs to the plan in force and this person may record against it, and the
 * date falls within the item's life and not in the future. The record, its week's totals and the
 * audit event are written in one transaction.
 */
export async function recordDelivery(db: Database, actor: Actor, childId: string, input: RecordDelivery, today = todayInLondon()) {
  const { summary, items } = await loadRecordForm(db, actor, childId);
  const item = items.find((candidate) => candidate.id === input.itemId);
  if (!item) throw new ValidationError([{ path: 'itemId', message: 'Select provision from the list' }]);
  if (input.date > today) throw new ValidationError([{ path: 'date', message: 'The date of the session must be today or in the past' }]);
  if (item.issuedDate && input.date < item.issuedDate) {
    throw new ValidationError([
      { path: 'date', message: `The date of the session must be on or after ${formatDate(item.issuedDate)}, when this provision started` },
    ]);
  }
  const { principal } = actor;
  return db.transaction(async (tx) => {
    const deliveryId = await repository.insertDelivery(
      tx,
      {
        laId: principal.laId,
        childId,
        provisionItemId: item.id,
        deliveredOn: input.date,
        status: input.status,
        sessions: 1,
        minutes: input.minutes,
        missedReason: input.missedReason,
        madeUp: input.madeUp,
        source: 'web',
        recordedBy: principal.userId,
      },
      weekStarting(input.date),
    );
    await insertAuditEvent(tx, {
      laId: principal.laId,
      actorUserId: principal.userId,
      actorRole: principal.role,
      action: 'RECORD_PROVISION_DELIVERY',
      subjectType: 'provision_delivery',
      subjectId: deliveryId,
      childId,
      requestId: actor.requestId,
      change: { ...input },
    });
    return { deliveryId, summary };
  });
}

export interface ItemLedger {
  deliveredSessions: number;
  deliveredMinutes: number;
  missedSessions: number;
  missedMinutes: number;
  madeUpMinutes: number;
  missedByReason: { reason: string; sessions: number }[];
}

/** Delivered and missed per item since a day, from the weekly rollup plus the reasons for what was missed. */
export async function deliveredSince(db: Database, laId: string, itemIds: string[], since: string): Promise<Map<string, ItemLedger>> {
  const [weeks, reasons] = await Promise.all([
    repository.findWeeklyTotals(db, laId, itemIds, weekStarting(since)),
    repository.findMissedReasons(db, laId, itemIds, since),
  ]);
  const ledgers = new Map<string, ItemLedger>();
  const ledgerOf = (itemId: string) => {
    let ledger = ledgers.get(itemId);
    if (!ledger) {
      ledger = { deliveredSessions: 0, deliveredMinutes: 0, missedSessions: 0, missedMinutes: 0, madeUpMinutes: 0, missedByReason: [] };
      ledgers.set(itemId, ledger);
    }
    return ledger;
  };
  for (const week of weeks) {
    const ledger = ledgerOf(week.provisionItemId);
    ledger.deliveredSessions += week.deliveredSessions;
    ledger.deliveredMinutes += week.deliveredMinutes;
    ledger.missedSessions += week.missedSessions;
    ledger.missedMinutes += week.missedMinutes;
    ledger.madeUpMinutes += week.madeUpMinutes;
  }
  for (const row of reasons) {
    const reason = row.missedReason && row.missedReason in MISSED_REASONS ? MISSED_REASONS[row.missedReason as MissedReason] : 'Reason not given';
    ledgerOf(row.provisionItemId).missedByReason.push({ reason, sessions: row.sessions });
  }
  return ledgers;
}
