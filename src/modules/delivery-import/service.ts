import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { childScopeOf } from '../../auth/child-scope.js';
import { mayRecordAgainst } from '../../auth/permissions.js';
import type { Database } from '../../db/client.js';
import { apiIdempotency } from '../../db/schema/index.js';
import type { Actor } from '../../http/actor.js';
import { ForbiddenError, ValidationError, type FieldError } from '../../http/errors.js';
import { recordAudit, recordAudits } from '../audit/repository.js';
import { AlreadyImportedError, checkDeliveries, findPreviousImport, recordDeliveries, type DeliveryRecordInput } from '../provision/recording.js';
import { columnOfField, MAX_CSV_ROWS, readDeliveryCsv, type CsvProblem } from './csv-records.js';
import * as repository from './repository.js';

function sha256(content: Uint8Array | string): string {
  return createHash('sha256').update(content).digest('hex');
}

type PreviousImport = AlreadyImportedError['previous'];

export type CsvImportResult =
  | { kind: 'imported'; importId: string; records: number; children: number; blankRows: number; alreadyRecorded: number[] }
  | { kind: 'rejected'; problems: CsvProblem[] }
  | { kind: 'already-imported'; previous: PreviousImport };

/** `records.<index>.<field>` problems from recordDeliveries, as lines and columns of the file. */
function problemsAt(fieldErrors: FieldError[], lines: number[]): CsvProblem[] {
  return fieldErrors.map((fieldError) => {
    const match = /^records\.(\d+)\.(\w+)$/.exec(fieldError.path);
    const line = match ? (lines[Number(match[1])] ?? null) : null;
    return { line, column: match?.[2] ? columnOfField(match[2]) : null, message: fieldError.message };
  });
}

/**
 * Imports a delivery CSV whole or not at all. Every row is checked (encoding, syntax, columns,
 * the one delivery schema, then the items against the uploader's scope, dates and repeats), and
 * any problem rejects the file with every problem listed by line and column. The same file sent
 * again is recognised by its SHA-256 and nothing is counted twice.
 */
export async function importDeliveryCsv(db: Database, actor: Actor, file: { fileName: string | null; bytes: Uint8Array }, today?: string): Promise<CsvImportResult> {
  const contentSha256 = sha256(file.bytes);
  const previous = await findPreviousImport(db, actor.principal.laId, 'csv', contentSha256);
  if (previous) return alreadyImported(db, actor, previous);

  const read = readDeliveryCsv(file.bytes);
  const lines = read.records.map((entry) => entry.line);
  const records = read.records.map((entry) => entry.record);
  const describeRecord = (index: number) => `line ${String(lines[index] ?? '?')}`;
  const options = { describeRecord, ...(today ? { today } : {}) };
  if (read.problems.length > 0) {
    // Report the rows that passed the schema too (items, dates, repeats), so one upload shows every problem.
    const more = records.length > 0 && read.problems.every((problem) => problem.line !== null) ? problemsAt(await checkDeliveries(db, actor, records, options), lines) : [];
    return { kind: 'rejected', problems: sortProblems([...read.problems, ...more]) };
  }
  const importId = crypto.randomUUID();
  let children = 0;
  let alreadyRecorded: number[] = [];
  try {
    await recordDeliveries(db, actor, records, {
      source: 'csv',
      importId,
      importFile: { fileName: file.fileName, contentSha256 },
      // Weekly exports from a school's system overlap: a record sent in an earlier file is not counted again.
      alreadyRecorded: 'skip',
      alsoStore: async (_tx, stored) => {
        children = stored.children;
        alreadyRecorded = stored.alreadyRecorded.map((index) => lines[index] ?? 0);
      },
      ...options,
    });
  } catch (error) {
    if (error instanceof ValidationError) return { kind: 'rejected', problems: sortProblems(problemsAt(error.fieldErrors, lines)) };
    if (error instanceof AlreadyImportedError) return alreadyImported(db, actor, error.previous);
    throw error;
  }
  return { kind: 'imported', importId, records: records.length - alreadyRecorded.length, children, blankRows: read.blankRows, alreadyRecorded };
}

function sortProblems(problems: CsvProblem[]): CsvProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/**
 * The items a school or provider may record against, one per child and item, for the pre-filled
 * template and for a provider's system. Not for LA-wide roles: a whole LA's items are no template.
 * Reading them names each child, so each child's read is audited.
 */
export async function recordableItems(db: Database, actor: Actor) {
  const scope = childScopeOf(actor.principal, actor.clock.today());
  if (scope.kind === 'whole-la') throw new ForbiddenError('The list of your children’s provision is for schools and providers. LA staff record from the child’s provision page or the blank template.');
  const items = (await repository.findItemsInScope(db, actor.principal.laId, scope, MAX_CSV_ROWS)).filter((item) => mayRecordAgainst(actor.principal, item));
  const children = [...new Set(items.map((item) => item.childId))];
  await recordAudits(
    db,
    actor,
    // No children to list still leaves a trace of the request, as a list view does.
    children.length > 0
      ? children.map((childId) => ({
          subjectType: 'child',
          subjectId: childId,
          childId,
          change: { listed: 'provision items to record against', ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}) },
        }))
      : [{ subjectType: 'provision_items', change: { listed: 'provision items to record against', children: 0, ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}) } }],
  );

  return items;
}

/**
 * A file or batch sent again stores nothing, but the sending is still traced (which key or person
 * sent what again, and when), so it writes the route's event naming the earlier import.
 */
async function auditSentAgain(db: Database, actor: Actor, importId: string | undefined) {
  await recordAudit(db, actor, { subjectType: 'provision_import', ...(importId ? { subjectId: importId } : {}), change: { sentAgain: true, ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}) } });
}

async function alreadyImported(db: Database, actor: Actor, previous: PreviousImport): Promise<CsvImportResult> {
  await auditSentAgain(db, actor, previous.id);
  return { kind: 'already-imported', previous };
}

export type ApiBatchResult = { status: number; body: Record<string, unknown>; replayed: boolean };

/**
 * Records a batch sent to the API, exactly once per Idempotency-Key: the first request with a key
 * stores its records and its answer in one transaction; the same key with the same body gets the
 * same answer again without storing anything; the same key with another body is refused.
 * Failed requests are not kept (nothing was stored, so sending them again is safe).
 */
export async function importApiBatch(db: Database, actor: Actor & { apiKeyId: string }, idempotencyKey: string, requestBody: unknown, records: DeliveryRecordInput[]): Promise<ApiBatchResult> {
  const requestSha256 = sha256(JSON.stringify(requestBody));
  const stored = await findStoredAnswer(db, actor.apiKeyId, idempotencyKey);
  if (stored) return replayOrConflict(db, actor, stored, requestSha256);
  const importId = crypto.randomUUID();
  let body: Record<string, unknown> = {};
  try {
    await recordDeliveries(db, actor, records, {
      source: 'api',
      importId,
      importFile: { fileName: null, contentSha256: requestSha256 },
      // The same session sent by the school's CSV (or an earlier batch) is answered, not counted twice.
      alreadyRecorded: 'skip',
      alsoStore: async (tx, { ids, alreadyRecorded }) => {
        const earlier = new Set(alreadyRecorded);
        body = {
          importId,
          recorded: ids.length - earlier.size,
          alreadyRecorded: earlier.size,
          records: ids.map((id, index) => ({ id, itemId: records[index]?.itemId, ...(earlier.has(index) ? { alreadyRecorded: true } : {}) })),
        };
        const kept = await tx
          .insert(apiIdempotency)
          .values({ apiKeyId: actor.apiKeyId, idempotencyKey, requestSha256, statusCode: 201, response: body })
          .onConflictDoNothing()
          .returning({ key: apiIdempotency.idempotencyKey });
        // The same key sent at the same moment with another body, which got there first: roll back.
        if (kept.length === 0) throw new IdempotencyConflictError();
      },
    });
  } catch (error) {
    if (!(error instanceof AlreadyImportedError)) throw error;
    // The same key sent twice at once: the other request has stored the answer to replay.
    const concurrent = await findStoredAnswer(db, actor.apiKeyId, idempotencyKey);
    if (concurrent) return replayOrConflict(db, actor, concurrent, requestSha256);
    throw error;
  }
  return { status: 201, body, replayed: false };
}

async function findStoredAnswer(db: Database, apiKeyId: string, idempotencyKey: string) {
  const [row] = await db
    .select({ requestSha256: apiIdempotency.requestSha256, statusCode: apiIdempotency.statusCode, response: apiIdempotency.response })
    .from(apiIdempotency)
    .where(and(eq(apiIdempotency.apiKeyId, apiKeyId), eq(apiIdempotency.idempotencyKey, idempotencyKey)));
  return row;
}

class IdempotencyConflictError extends Error {
  readonly statusCode = 422;
  constructor() {
    super('This Idempotency-Key was already used with a different request. Use a new key for a new batch.');
    this.name = 'IdempotencyConflictError';
  }
}

async function replayOrConflict(db: Database, actor: Actor, stored: { requestSha256: string; statusCode: number; response: unknown }, requestSha256: string): Promise<ApiBatchResult> {
  if (stored.requestSha256 !== requestSha256) throw new IdempotencyConflictError();
  const { importId } = stored.response as { importId?: string };
  await auditSentAgain(db, actor, importId);
  return { status: stored.statusCode, body: stored.response as Record<string, unknown>, replayed: true };
}
