import { mayRecordAgainst } from '../../auth/permissions.js';
import type { Database } from '../../db/client.js';
import { MISSED_REASONS, type MissedReason } from '../../domain/delivery.js';
import { weekStarting } from '../../domain/school-calendar.js';
import { ValidationError } from '../../http/errors.js';
import type { Actor } from '../../http/actor.js';
import { findChildInScope, openChildRecord } from '../children/service.js';
import * as repository from './repository.js';
import type { RecordDelivery } from './schemas.js';
import type { Lineage } from './lineage.js';
import { recordDeliveries } from './recording.js';

/** The record form: the child, and the items of their plan this person may record against. */
export async function loadRecordForm(db: Database, actor: Actor, childId: string) {
  const summary = await openChildRecord(db, actor, childId);
  const items = (await repository.findCurrentItems(db, actor.principal.laId, childId)).filter((item) => mayRecordAgainst(actor.principal, item));
  return { summary, items };
}

/**
 * Records one session delivered or missed from the web form, by the same rules as every other way
 * in (`recordDeliveries`); its errors are reported against the form's own fields.
 */
export async function recordDelivery(db: Database, actor: Actor, childId: string, input: RecordDelivery, today = actor.clock.today()) {
  const summary = await findChildInScope(db, actor, childId);
  try {
    const [deliveryId] = await recordDeliveries(
      db,
      actor,
      [
        {
          itemId: input.itemId,
          date: input.date,
          periodEnd: null,
          status: input.status,
          sessions: 1,
          minutes: input.minutes,
          missedReason: input.missedReason ?? undefined,
          madeUp: input.madeUp,
          correctsId: null,
        },
      ],
      { source: 'web', today },
    );
    return { deliveryId, summary };
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(
        error.fieldErrors.map((fieldError) => {
          const path = fieldError.path.replace(/^records\.0\./, '');
          // On the form the item is chosen from a list, so say so rather than talk about ids.
          return path === 'itemId' ? { path, message: 'Select provision from the list' } : { path, message: fieldError.message };
        }),
      );
    }
    throw error;
  }
}

export interface ItemLedger {
  deliveredSessions: number;
  deliveredMinutes: number;
  missedSessions: number;
  missedMinutes: number;
  madeUpMinutes: number;
  missedByReason: { reason: string; sessions: number }[];
}

/**
 * Delivered and missed per line since a day (and, given `until`, up to the week containing it:
 * a review's ledger frozen at its meeting), from the weekly rollup plus the reasons for what was
 * missed, keyed by the line in force: what was recorded against the earlier lines it carries on
 * counts for it.
 */
export async function deliveredSince(db: Database, laId: string, lines: Lineage[], since: string, until?: string): Promise<Map<string, ItemLedger>> {
  const lineOf = new Map(lines.flatMap((line) => line.itemIds.map((itemId) => [itemId, line.itemId] as const)));
  const itemIds = [...lineOf.keys()];
  const [weeks, reasons] = await Promise.all([
    repository.findWeeklyTotals(db, laId, itemIds, weekStarting(since), until === undefined ? undefined : weekStarting(until)),
    repository.findMissedReasons(db, laId, itemIds, since, until),
  ]);
  const ledgers = new Map<string, ItemLedger>();
  const ledgerOf = (itemId: string) => {
    const key = lineOf.get(itemId) ?? itemId;
    let ledger = ledgers.get(key);
    if (!ledger) {
      ledger = { deliveredSessions: 0, deliveredMinutes: 0, missedSessions: 0, missedMinutes: 0, madeUpMinutes: 0, missedByReason: [] };
      ledgers.set(key, ledger);
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
    const { missedByReason } = ledgerOf(row.provisionItemId);
    const same = missedByReason.find((entry) => entry.reason === reason);
    if (same) same.sessions += row.sessions;
    else missedByReason.push({ reason, sessions: row.sessions });
  }
  return ledgers;
}
