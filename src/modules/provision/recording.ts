import { correctedById } from '../../db/provision-columns.js';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { childScopeCondition } from '../../auth/child-access.js';
import { childScopeOf } from '../../auth/child-scope.js';
import { mayRecordAgainst } from '../../auth/permissions.js';
import type { Database } from '../../db/client.js';
import { timeOrderedUuid } from '../../db/time-ordered-id.js';
import { child, deliveryImport, ehcPlan, planVersion, provisionDelivery, provisionItem } from '../../db/schema/index.js';
import { isIsoDate, type IsoDate } from '../../domain/dates.js';
import { DELIVERY_STATUSES, MISSED_REASONS, type DeliveryStatus, type MissedReason } from '../../domain/delivery.js';
import { formatDate } from '../../domain/formatting.js';
import { weekStarting } from '../../domain/school-calendar.js';
import type { Actor } from '../../http/actor.js';
import { ValidationError, type FieldError } from '../../http/errors.js';
import { recordAudits, type AuditDetail } from '../audit/repository.js';

/** What a record says happened; a withdrawal takes the record it corrects out of the ledger and adds nothing. */
export type RecordStatus = DeliveryStatus | 'withdrawn';

/** A single day is at most a school day's worth of provision; a weekly total at most five of them. */
const MAX_MINUTES_IN_A_DAY = 600;
const MAX_SESSIONS_IN_A_RECORD = 50;

const isoDate = z.string().trim().refine(isIsoDate, { error: 'Enter a real date as YYYY-MM-DD, like 2026-03-27' });

/**
 * One delivery record, however it arrives: the week grid, a CSV row and the API all validate
 * against this schema and are stored by `recordDeliveries`, so the rules are the same for all.
 * A record is a single session (`date`) or a weekly total (`date` to `periodEnd`, in one week).
 */
export const deliveryRecordSchema = z
  .object({
    itemId: z.uuid({ error: 'Enter the id of the provision item' }),
    date: isoDate,
    periodEnd: isoDate.nullish(),
    // 'withdrawn' is only for a correction saying the record it corrects was made in error.
    status: z.enum(['withdrawn', ...(Object.keys(DELIVERY_STATUSES) as DeliveryStatus[])] as [RecordStatus, ...RecordStatus[]], {
      error: 'Status must be delivered or missed (or withdrawn, to withdraw a record in a correction)',
    }),
    // Numbers, not text or anything that coerces to one (`true` is not 1 minute, `[30]` is not 30):
    // a CSV reader turns its cells into numbers first (`wholeNumberCell`).
    sessions: z
      .number({ error: 'Sessions must be a whole number' })
      .int('Sessions must be a whole number')
      .min(1, 'Sessions must be 1 or more')
      .max(MAX_SESSIONS_IN_A_RECORD, `Sessions must be ${String(MAX_SESSIONS_IN_A_RECORD)} or fewer`)
      .default(1),
    minutes: z.number({ error: 'Minutes must be a whole number, like 30' }).int('Minutes must be a whole number, like 30').min(1, 'Minutes must be 1 or more'),
    missedReason: z.preprocess(
      (value) => (value === '' || value === null ? undefined : value),
      z.enum(Object.keys(MISSED_REASONS) as [MissedReason, ...MissedReason[]], { error: `Missed reason must be one of: ${Object.keys(MISSED_REASONS).join(', ')}` }).optional(),
    ),
    madeUp: z.boolean().default(false),
    /** The id of an earlier record this one corrects (it then no longer counts). */
    correctsId: z.uuid({ error: 'Enter the id of the record being corrected' }).nullish(),
    /**
     * Names another session of the same provision on the same day (or week) with the same
     * status and minutes, e.g. "2" or "afternoon". Without it such a record is the same session
     * sent again, and is recorded once.
     */
    session: z.preprocess(
      (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
      z.string({ error: 'The session must be text, like 2 or afternoon' }).trim().max(40, 'The session must be 40 characters or fewer').nullish(),
    ),
  })
  .superRefine((record, context) => {
    const days = record.periodEnd ? 5 : 1;
    if (record.minutes > MAX_MINUTES_IN_A_DAY * days) {
      context.addIssue({ code: 'custom', path: ['minutes'], message: `Minutes must be ${String(MAX_MINUTES_IN_A_DAY * days)} or fewer for ${record.periodEnd ? 'a week' : 'a day'}` });
    }
    if (record.status === 'missed' && !record.missedReason) context.addIssue({ code: 'custom', path: ['missedReason'], message: 'Give the reason the provision was missed' });
    if (record.status !== 'missed' && record.missedReason) context.addIssue({ code: 'custom', path: ['missedReason'], message: 'Only missed provision has a reason' });
    if (record.status === 'withdrawn' && !record.correctsId) {
      context.addIssue({ code: 'custom', path: ['status'], message: 'Only a correction can withdraw a record: give the id of the record withdrawn' });
    }
    if (record.status !== 'delivered' && record.madeUp) context.addIssue({ code: 'custom', path: ['madeUp'], message: 'Only delivered provision can make up missed time' });
    if (record.periodEnd && (record.periodEnd < record.date || weekStarting(record.periodEnd) !== weekStarting(record.date))) {
      context.addIssue({ code: 'custom', path: ['periodEnd'], message: 'A weekly total must end on or after its start, in the same week' });
    }
  });

export type DeliveryRecordInput = z.output<typeof deliveryRecordSchema>;

export type DeliverySource = 'web' | 'csv' | 'api';

export interface RecordDeliveriesOptions {
  source: DeliverySource;
  /** The CSV file or API batch the records came in with. */
  importId?: string | null;
  /**
   * Register the file or batch in `delivery_import` (id `importId`, or a new one) in the same
   * transaction as its records, so a file is either imported and recognised, or neither. Its
   * SHA-256 is unique per LA and source: a second import of the same content throws
   * AlreadyImportedError and stores nothing.
   */
  importFile?: { fileName: string | null; contentSha256: string };
  /**
   * More to store in the records' transaction, so it commits with them or not at all (the API
   * keeps its idempotent response this way). Gets the records' ids, in the order given (an
   * already recorded one's is the earlier record's), how many children the new ones are for, and
   * the indexes of those already recorded.
   */
  alsoStore?: (tx: Database, stored: { ids: string[]; children: number; alreadyRecorded: number[] }) => Promise<void>;
  /**
   * A record already stored (the same item, day or week, status and minutes, and no other session
   * named) is the same session sent twice. 'skip': store the rest and say which were already
   * recorded (a file or batch overlapping an earlier one, the CSV and the API at once); 'refuse'
   * (the default): reject the batch, as a form does.
   */
  alreadyRecorded?: 'skip' | 'refuse';
  /**
   * Checks that must hold when the records are written, run in their transaction with the
   * batch's items locked, so nothing can be recorded against them between the check and the write.
   */
  recheck?: (tx: Database) => Promise<FieldError[]>;
  /** How a record is named in a message about another (default "record 3"; a CSV says "line 4"). */
  describeRecord?: (index: number) => string;
  today?: IsoDate;
}

/** The same file or batch was imported before (by its SHA-256): nothing was stored again. */
export class AlreadyImportedError extends Error {
  readonly statusCode = 409;
  constructor(readonly previous: { id: string; importedAt: Date; recordCount: number; fileName: string | null }) {
    super('This file was imported before; nothing was stored again.');
    this.name = 'AlreadyImportedError';
  }
}

/** The earlier import of the same content by this LA through this way in, if there was one. */
export async function findPreviousImport(db: Database, laId: string, source: DeliverySource, contentSha256: string) {
  const [previous] = await db
    .select({ id: deliveryImport.id, importedAt: deliveryImport.importedAt, recordCount: deliveryImport.recordCount, fileName: deliveryImport.fileName })
    .from(deliveryImport)
    .where(and(eq(deliveryImport.laId, laId), eq(deliveryImport.source, source), eq(deliveryImport.contentSha256, contentSha256)));
  return previous;
}

/** An item a person may record against, with the dates between which it can be delivered. */
interface RecordableItem {
  id: string;
  childId: string;
  providerKind: string;
  organisationId: string | null;
  startsOn: IsoDate | null;
  endsOn: IsoDate | null;
}

async function findRecordableItems(db: Database, actor: Actor, itemIds: string[], today: IsoDate): Promise<Map<string, RecordableItem>> {
  const found = new Map<string, RecordableItem>();
  const unique = [...new Set(itemIds)];
  for (let start = 0; start < unique.length; start += 5000) {
    const rows = await db
      .select({
        id: provisionItem.id,
        childId: ehcPlan.childId,
        providerKind: provisionItem.providerKind,
        organisationId: provisionItem.organisationId,
        itemStart: provisionItem.startDate,
        itemEnd: provisionItem.endDate,
        issuedDate: planVersion.issuedDate,
      })
      .from(provisionItem)
      .innerJoin(planVersion, eq(planVersion.id, provisionItem.planVersionId))
      .innerJoin(ehcPlan, and(eq(ehcPlan.currentVersionId, planVersion.id), eq(ehcPlan.status, 'active')))
      .innerJoin(child, eq(child.id, ehcPlan.childId))
      .where(and(inArray(provisionItem.id, unique.slice(start, start + 5000)), eq(provisionItem.laId, actor.principal.laId), childScopeCondition(childScopeOf(actor.principal, today))));
    for (const row of rows) {
      if (!mayRecordAgainst(actor.principal, row)) continue;
      found.set(row.id, { ...row, startsOn: row.itemStart ?? row.issuedDate, endsOn: row.itemEnd });
    }
  }
  return found;
}

type StoredRecord = typeof provisionDelivery.$inferSelect;

async function findCorrectedRecords(db: Database, laId: string, ids: string[]): Promise<Map<string, StoredRecord & { alreadyCorrected: boolean }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ record: provisionDelivery, correctedBy: correctedById })
    .from(provisionDelivery)
    .where(and(eq(provisionDelivery.laId, laId), inArray(provisionDelivery.id, ids)));
  return new Map(rows.map((row) => [row.record.id, { ...row.record, alreadyCorrected: row.correctedBy !== null }]));
}

/** Checks every record against the items it names; returns every problem, so a file can be rejected whole. */
function problemsWith(
  records: DeliveryRecordInput[],
  items: Map<string, RecordableItem>,
  corrected: Map<string, StoredRecord & { alreadyCorrected: boolean }>,
  today: IsoDate,
  describeRecord: (index: number) => string = (index) => `record ${String(index + 1)}`,
): FieldError[] {
  const problems: FieldError[] = [];
  const seen = new Map<string, number>();
  const correctedInBatch = new Set<string>();
  records.forEach((record, index) => {
    const at = (field: string, message: string) => problems.push({ path: `records.${String(index)}.${field}`, message });
    const item = items.get(record.itemId);
    if (!item) {
      at('itemId', 'There is no provision with this id that you may record against');
      return;
    }
    const lastDay = record.periodEnd ?? record.date;
    if (lastDay > today) at(record.periodEnd ? 'periodEnd' : 'date', 'The date must be today or in the past');
    if (item.startsOn && record.date < item.startsOn) at('date', `The date must be on or after ${formatDate(item.startsOn)}, when this provision started`);
    if (item.endsOn && lastDay > item.endsOn) at('date', `The date must be on or before ${formatDate(item.endsOn)}, when this provision ended`);
    if (record.correctsId) {
      const original = corrected.get(record.correctsId);
      if (!original || original.provisionItemId !== record.itemId) at('correctsId', 'There is no record of this provision with this id to correct');
      else if (original.alreadyCorrected || correctedInBatch.has(record.correctsId)) at('correctsId', 'This record has already been corrected: correct the latest version');
      correctedInBatch.add(record.correctsId);
    }
    // The same session twice, as the database's unique index sees it (corrections are keyed by what they correct).
    const key = record.correctsId ? `corrects|${record.correctsId}` : sessionKey(record);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else if (!record.correctsId)
      at('itemId', `This record repeats ${describeRecord(first)} (the same provision, day, status and minutes): if it was another session, give each a different session name`);
  });
  return problems;
}

/** What makes a record the same session as another: provision_delivery_session_unique. */
function sessionKey(record: { itemId: string; date: string; periodEnd?: string | null | undefined; status: string; minutes: number; session?: string | null | undefined }): string {
  return [record.itemId, record.date, record.periodEnd ?? record.date, record.status, record.minutes, record.session ?? ''].join('|');
}

interface WeekDelta {
  laId: string;
  provisionItemId: string;
  weekStart: IsoDate;
  deliveredSessions: number;
  deliveredMinutes: number;
  missedSessions: number;
  missedMinutes: number;
  madeUpMinutes: number;
}

function addToWeek(
  deltas: Map<string, WeekDelta>,
  laId: string,
  record: { provisionItemId: string; deliveredOn: string; status: string; sessions: number; minutes: number; madeUp: boolean },
  sign: 1 | -1,
  weeks: Map<string, string>,
) {
  // A batch has thousands of records on a few dozen days: work each day's week out once.
  let weekStart = weeks.get(record.deliveredOn);
  if (weekStart === undefined) {
    weekStart = weekStarting(record.deliveredOn);
    weeks.set(record.deliveredOn, weekStart);
  }
  const key = `${record.provisionItemId}|${weekStart}`;
  let delta = deltas.get(key);
  if (!delta) {
    delta = { laId, provisionItemId: record.provisionItemId, weekStart, deliveredSessions: 0, deliveredMinutes: 0, missedSessions: 0, missedMinutes: 0, madeUpMinutes: 0 };
    deltas.set(key, delta);
  }
  if (record.status === 'delivered') {
    delta.deliveredSessions += sign * record.sessions;
    delta.deliveredMinutes += sign * record.minutes;
    if (record.madeUp) delta.madeUpMinutes += sign * record.minutes;
  } else if (record.status === 'missed') {
    delta.missedSessions += sign * record.sessions;
    delta.missedMinutes += sign * record.minutes;
  }
}

/** Rows per statement: one JSON parameter each, so the limit is only the statement's size. */
const INSERT_CHUNK = 5000;

/**
 * Stores delivery records: all of them or none. Every record is checked first (the child in the
 * person's scope, the item theirs to record against, dates within the item's life and not in the
 * future, no record repeated, a correction naming a record not yet corrected); any problem rejects
 * the whole batch with a ValidationError whose paths are `records.<index>.<field>`. The records,
 * the weekly rollup (a correction takes the corrected record out of its week) and one audit event
 * per child go in one transaction.
 */
export async function recordDeliveries(db: Database, actor: Actor, records: DeliveryRecordInput[], options: RecordDeliveriesOptions): Promise<string[]> {
  const { principal } = actor;
  const { items, corrected, problems } = await checkBatch(db, actor, records, options);
  if (problems.length > 0) throw new ValidationError(problems);

  const importId = options.importId ?? (options.importFile ? randomUUID() : null);
  const rows = records.map((record) => ({
    id: timeOrderedUuid(),
    laId: principal.laId,
    childId: items.get(record.itemId)?.childId ?? '',
    provisionItemId: record.itemId,
    deliveredOn: record.date,
    periodEnd: record.periodEnd ?? null,
    status: record.status,
    sessions: record.sessions,
    minutes: record.minutes,
    missedReason: record.missedReason ?? null,
    madeUp: record.madeUp,
    source: options.source,
    importId,
    correctsId: record.correctsId ?? null,
    sessionLabel: record.session ?? null,
    recordedBy: principal.userId,
  }));

  const ids = rows.map((row) => row.id);
  await db.transaction(async (tx) => {
    if (options.importFile && importId) {
      const inserted = await tx
        .insert(deliveryImport)
        .values({
          id: importId,
          laId: principal.laId,
          source: options.source,
          fileName: options.importFile.fileName,
          contentSha256: options.importFile.contentSha256,
          recordCount: rows.length,
          importedBy: principal.userId,
        })
        .onConflictDoNothing()
        .returning({ id: deliveryImport.id });
      // Sent twice at once: the other request registered it first; roll back, store nothing.
      if (inserted.length === 0) {
        const previous = await findPreviousImport(tx, principal.laId, options.source, options.importFile.contentSha256);
        throw new AlreadyImportedError(previous ?? { id: '', importedAt: new Date(), recordCount: 0, fileName: null });
      }
    }
    if (options.recheck) {
      await lockItems(tx, principal.laId, [...new Set(rows.map((row) => row.provisionItemId))]);
      const late = await options.recheck(tx);
      if (late.length > 0) throw new ValidationError(late);
    }
    const stored = await insertDeliveryRows(tx, rows);
    const alreadyRecorded = rows.flatMap((row, index) => (stored.has(row.id) ? [] : [index]));
    if (alreadyRecorded.length > 0) {
      if ((options.alreadyRecorded ?? 'refuse') === 'refuse') {
        throw new ValidationError(
          alreadyRecorded.map((index) => ({
            path: `records.${String(index)}.minutes`,
            message: 'This is already recorded (the same day, status and minutes). If there was another session, correct that record to count both',
          })),
        );
      }
      const earlier = await findSameSessions(
        tx,
        alreadyRecorded.map((index) => ({ index, row: rows[index] as DeliveryRow })),
      );
      for (const [index, id] of earlier) ids[index] = id;
      if (importId && options.importFile) await tx.update(deliveryImport).set({ recordCount: stored.size }).where(eq(deliveryImport.id, importId));
    }
    const newRows = rows.filter((row) => stored.has(row.id));
    const byChild = new Map<string, (typeof rows)[number][]>();
    for (const row of newRows) {
      const ofChild = byChild.get(row.childId);
      if (ofChild) ofChild.push(row);
      else byChild.set(row.childId, [row]);
    }
    await upsertWeeks(tx, weekDeltas(principal.laId, newRows, corrected));
    // A batch whose every record was already there stores nothing new, but its sending is traced.
    const audits =
      byChild.size > 0
        ? auditOf(actor, options, importId, byChild)
        : [
            {
              subjectType: 'provision_import',
              ...(importId ? { subjectId: importId } : {}),
              change: { source: options.source, stored: 0, alreadyRecorded: alreadyRecorded.length, ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}) },
            },
          ];
    await recordAudits(tx, actor, audits);
    if (options.alsoStore) await options.alsoStore(tx, { ids, children: byChild.size, alreadyRecorded });
  });
  return ids;
}

/** Each week's change: a record adds to its week, and takes the record it corrects out of that one's. */
function weekDeltas(laId: string, rows: DeliveryRow[], corrected: Map<string, StoredRecord>): WeekDelta[] {
  const deltas = new Map<string, WeekDelta>();
  const weekOfDay = new Map<string, string>();
  for (const row of rows) {
    addToWeek(deltas, laId, { ...row, madeUp: row.madeUp ?? false }, 1, weekOfDay);
    const original = row.correctsId ? corrected.get(row.correctsId) : undefined;
    if (original) addToWeek(deltas, laId, original, -1, weekOfDay);
  }
  return [...deltas.values()];
}

function auditOf(actor: Actor, options: RecordDeliveriesOptions, importId: string | null, byChild: Map<string, DeliveryRow[]>): AuditDetail[] {
  return [...byChild].map(([childId, ofChild]) => ({
    subjectType: 'provision_delivery',
    // One record: its id; a batch: the import it came in with.
    subjectId: ofChild.length === 1 ? ofChild[0]?.id : (importId ?? undefined),
    childId,
    change: {
      source: options.source,
      ...(importId ? { importId } : {}),
      // A system calling the API with a key is named, so a key's use can be traced and revoked.
      ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}),
      // A record from the form is described in full. A file or batch names its records by id:
      // they are append-only and carry the import, so copying every field into the audit trail
      // too would only double what an import of thousands writes.
      ...(options.source === 'web'
        ? {
            records: ofChild.map(({ id, provisionItemId, deliveredOn, periodEnd, status, sessions, minutes, missedReason, madeUp, correctsId }) => ({
              id,
              provisionItemId,
              deliveredOn,
              periodEnd,
              status,
              sessions,
              minutes,
              missedReason,
              madeUp,
              correctsId,
            })),
          }
        : { recordIds: ofChild.map((row) => row.id), corrects: ofChild.flatMap((row) => (row.correctsId ? [row.correctsId] : [])) }),
    },
  }));
}

/** Holds the items until the transaction ends: anyone else recording against them waits (their insert's key share lock). */
async function lockItems(db: Database, laId: string, itemIds: string[]): Promise<void> {
  if (itemIds.length === 0) return;
  await db.execute(sql`select id from provision_item where la_id = ${laId} and id in (select jsonb_array_elements_text(${JSON.stringify(itemIds)}::jsonb)::uuid) order by id for update`);
}

/** The records already stored as the same sessions as these (by provision_delivery_session_unique), by index. */
async function findSameSessions(db: Database, wanted: { index: number; row: DeliveryRow }[]): Promise<Map<number, string>> {
  const json = JSON.stringify(
    wanted.map(({ index, row }) => ({
      ord: index,
      provision_item_id: row.provisionItemId,
      delivered_on: row.deliveredOn,
      period_end: row.periodEnd,
      status: row.status,
      minutes: row.minutes,
      session_label: row.sessionLabel,
    })),
  );
  const found = await db.execute<{ ord: number; id: string }>(sql`
    select w.ord, d.id
      from json_to_recordset(${json}::json) as w(ord int, provision_item_id uuid, delivered_on date, period_end date, status text, minutes int, session_label text)
      join provision_delivery d
        on d.provision_item_id = w.provision_item_id and d.delivered_on = w.delivered_on
       and coalesce(d.period_end, d.delivered_on) = coalesce(w.period_end, w.delivered_on)
       and d.status = w.status and d.minutes = w.minutes
       and coalesce(d.session_label, '') = coalesce(w.session_label, '') and d.corrects_id is null`);
  return new Map(rowsOf<{ ord: number; id: string }>(found).map((row) => [row.ord, row.id]));
}

/** Rows of `db.execute` (both drivers return them as `rows`). */
function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * Every problem with a batch, without storing anything: what `recordDeliveries` would refuse.
 * A CSV upload uses it to report rows the schema accepted alongside rows it did not, so a file's
 * whole error report comes back at once.
 */
export async function checkDeliveries(db: Database, actor: Actor, records: DeliveryRecordInput[], options: Pick<RecordDeliveriesOptions, 'today' | 'describeRecord'> = {}): Promise<FieldError[]> {
  return (await checkBatch(db, actor, records, options)).problems;
}

async function checkBatch(db: Database, actor: Actor, records: DeliveryRecordInput[], options: Pick<RecordDeliveriesOptions, 'today' | 'describeRecord'>) {
  const today = options.today ?? actor.clock.today();
  const [items, corrected] = await Promise.all([
    findRecordableItems(
      db,
      actor,
      records.map((record) => record.itemId),
      today,
    ),
    findCorrectedRecords(
      db,
      actor.principal.laId,
      records.flatMap((record) => (record.correctsId ? [record.correctsId] : [])),
    ),
  ]);
  return { items, corrected, problems: problemsWith(records, items, corrected, today, options.describeRecord) };
}

type DeliveryRow = typeof provisionDelivery.$inferInsert;

/**
 * Thousands of rows in one statement with one parameter: the rows as a JSON array, expanded by
 * json_populate_recordset into the table's own row type. A multi-row VALUES list would need 15
 * parameters a row (and a statement per 4,000 rows under PostgreSQL's 65,535 limit); parsing one
 * JSON text is much faster on both engines.
 */
async function insertDeliveryRows(db: Database, rows: DeliveryRow[]): Promise<Set<string>> {
  const stored = new Set<string>();
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const json = JSON.stringify(
      rows.slice(start, start + INSERT_CHUNK).map((row) => ({
        id: row.id,
        la_id: row.laId,
        child_id: row.childId,
        provision_item_id: row.provisionItemId,
        delivered_on: row.deliveredOn,
        period_end: row.periodEnd,
        status: row.status,
        sessions: row.sessions,
        minutes: row.minutes,
        missed_reason: row.missedReason,
        made_up: row.madeUp,
        source: row.source,
        import_id: row.importId,
        corrects_id: row.correctsId,
        session_label: row.sessionLabel,
        recorded_by: row.recordedBy,
      })),
    );
    // The same session stored already, or by someone else at this moment (who then holds the
    // index entry until they commit), is skipped rather than counted twice. The conflict target
    // is exactly provision_delivery_session_unique, so a record corrected twice still fails.
    const inserted = await db.execute<{ id: string }>(sql`
      insert into provision_delivery (id, la_id, child_id, provision_item_id, delivered_on, period_end, status, sessions, minutes, missed_reason, made_up, source, import_id, corrects_id, session_label, recorded_by)
      select id, la_id, child_id, provision_item_id, delivered_on, period_end, status, sessions, minutes, missed_reason, made_up, source, import_id, corrects_id, session_label, recorded_by
        from json_populate_recordset(null::provision_delivery, ${json}::json)
      on conflict (provision_item_id, delivered_on, (coalesce(period_end, delivered_on)), status, minutes, (coalesce(session_label, ''))) where corrects_id is null do nothing
      returning id`);
    for (const row of rowsOf<{ id: string }>(inserted)) stored.add(row.id);
  }
  return stored;
}

/** Adds each week's change to the rollup, creating weeks not seen before; one statement per chunk. */
async function upsertWeeks(db: Database, weeks: WeekDelta[]): Promise<void> {
  for (let start = 0; start < weeks.length; start += INSERT_CHUNK) {
    const json = JSON.stringify(
      weeks.slice(start, start + INSERT_CHUNK).map((week) => ({
        la_id: week.laId,
        provision_item_id: week.provisionItemId,
        week_start: week.weekStart,
        delivered_sessions: week.deliveredSessions,
        delivered_minutes: week.deliveredMinutes,
        missed_sessions: week.missedSessions,
        missed_minutes: week.missedMinutes,
        made_up_minutes: week.madeUpMinutes,
      })),
    );
    await db.execute(sql`
      insert into provision_delivery_week (la_id, provision_item_id, week_start, delivered_sessions, delivered_minutes, missed_sessions, missed_minutes, made_up_minutes)
      select la_id, provision_item_id, week_start, delivered_sessions, delivered_minutes, missed_sessions, missed_minutes, made_up_minutes
        from json_populate_recordset(null::provision_delivery_week, ${json}::json)
      on conflict (provision_item_id, week_start) do update set
        delivered_sessions = provision_delivery_week.delivered_sessions + excluded.delivered_sessions,
        delivered_minutes = provision_delivery_week.delivered_minutes + excluded.delivered_minutes,
        missed_sessions = provision_delivery_week.missed_sessions + excluded.missed_sessions,
        missed_minutes = provision_delivery_week.missed_minutes + excluded.missed_minutes,
        made_up_minutes = provision_delivery_week.made_up_minutes + excluded.made_up_minutes`);
  }
}
