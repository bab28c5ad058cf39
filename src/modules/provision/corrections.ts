import { itemIdentityColumns } from '../../db/provision-columns.js';
import { and, eq } from 'drizzle-orm';
import { isUuid } from '../../auth/child-access.js';
import { mayRecordAgainst } from '../../auth/permissions.js';
import type { Database } from '../../db/client.js';
import { conflictFrom } from '../../db/unique-violations.js';
import { ehcPlan, organisation, planVersion, provisionItem } from '../../db/schema/index.js';
import type { Actor } from '../../http/actor.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../http/errors.js';
import { findChildInScope, openChildRecord } from '../children/service.js';
import { deliveryRecordSchema, recordDeliveries } from './recording.js';
import { findItemRecords, findRecord } from './records-repository.js';
import type { CorrectionForm } from './schemas.js';

/** The records page shows this many, newest first: a year of daily sessions. */
export const RECORDS_SHOWN = 250;

/** An item of the child's plan (any version), with whether it is in the plan in force. */
async function findChildItem(db: Database, laId: string, childId: string, itemId: string) {
  if (!isUuid(itemId)) return undefined;
  const [row] = await db
    .select({
      id: provisionItem.id,
      ...itemIdentityColumns,
      minutesPerSession: provisionItem.minutesPerSession,
      inForce: ehcPlan.currentVersionId,
      planVersionId: provisionItem.planVersionId,
    })
    .from(provisionItem)
    .innerJoin(planVersion, eq(planVersion.id, provisionItem.planVersionId))
    .innerJoin(ehcPlan, eq(ehcPlan.id, planVersion.planId))
    .leftJoin(organisation, eq(organisation.id, provisionItem.organisationId))
    .where(and(eq(provisionItem.laId, laId), eq(provisionItem.id, itemId), eq(ehcPlan.childId, childId)));
  return row ? { ...row, inForce: row.inForce === row.planVersionId } : undefined;
}

/**
 * Every record of one item, corrections and all: what was recorded is never overwritten, so the
 * page shows each record, which are superseded and by what. Anyone who may see the child may see
 * it; only those who may record against the item (in the plan in force) are offered corrections.
 */
export async function loadItemRecords(db: Database, actor: Actor, childId: string, itemId: string) {
  const summary = await openChildRecord(db, actor, childId);
  const item = await findChildItem(db, actor.principal.laId, childId, itemId);
  if (!item) throw new NotFoundError();
  const records = await findItemRecords(db, actor.principal.laId, itemId, RECORDS_SHOWN);
  return { summary, item, records, mayCorrect: item.inForce && mayRecordAgainst(actor.principal, item) };
}

/** A record to correct: the child in scope, the record theirs, and the person allowed to record against its item. */
export async function loadCorrection(db: Database, actor: Actor, childId: string, recordId: string) {
  return correctionIn(db, actor, await openChildRecord(db, actor, childId), childId, recordId);
}

/** The same checks for the correction itself: not audited as a read, the correction's own event names the child. */
async function correctionIn(db: Database, actor: Actor, summary: Awaited<ReturnType<typeof findChildInScope>>, childId: string, recordId: string) {
  if (!isUuid(recordId)) throw new NotFoundError();
  const found = await findRecord(db, actor.principal.laId, recordId);
  if (!found || found.record.childId !== childId) throw new NotFoundError();
  const item = await findChildItem(db, actor.principal.laId, childId, found.record.provisionItemId);
  if (!item) throw new NotFoundError();
  if (!item.inForce || !mayRecordAgainst(actor.principal, item)) throw new ForbiddenError('Only people who may record against this provision can correct its records');
  return { summary, item, record: found.record, correctedById: found.correctedById };
}

/**
 * Corrects a record by a new, attributed record that names it (or withdraws it, when it was made
 * in error). The original stays as it was; the weekly rollup takes it out and counts the
 * correction instead, in the same transaction (recordDeliveries).
 */
export async function correctRecord(db: Database, actor: Actor, childId: string, recordId: string, input: CorrectionForm, today = actor.clock.today()) {
  const { record } = await correctionIn(db, actor, await findChildInScope(db, actor, childId), childId, recordId);
  const base = { itemId: record.provisionItemId, date: record.deliveredOn, periodEnd: record.periodEnd, correctsId: record.id };
  const correction =
    input.action === 'withdraw'
      ? // A withdrawal counts nothing; it carries the withdrawn amounts so the audit trail reads on its own.
        { ...base, status: 'withdrawn' as const, sessions: record.sessions, minutes: record.minutes, missedReason: undefined, madeUp: false }
      : { ...base, status: input.status, sessions: input.sessions, minutes: input.minutes, missedReason: input.missedReason ?? undefined, madeUp: input.madeUp };
  try {
    // The one schema every way in is checked against (its limits on minutes and sessions apply here too).
    const parsed = deliveryRecordSchema.safeParse(correction);
    if (!parsed.success) throw new ValidationError(parsed.error.issues.map((issue) => ({ path: `records.0.${String(issue.path[0] ?? 'status')}`, message: issue.message })));
    const [id] = await recordDeliveries(db, actor, [parsed.data], { source: 'web', today });
    return { id, itemId: record.provisionItemId };
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(
        error.fieldErrors.map((fieldError) => {
          const field = fieldError.path.replace(/^records\.0\./, '');
          return { path: ['sessions', 'minutes', 'missedReason', 'madeUp', 'status'].includes(field) ? field : 'status', message: fieldError.message };
        }),
      );
    }
    // Corrected by someone else since the checks above: the record's correction is unique.
    throw conflictFrom(error) ?? error;
  }
}
