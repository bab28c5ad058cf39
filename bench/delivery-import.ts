/**
 * Bulk import of delivery records, validated and audited, through the two real paths:
 * - CSV: `importDeliveryCsv` (decode, parse, schema per row, scope/date/repeat checks, store);
 * - API: POST /api/v1/deliveries over HTTP with an API key, 10,000 records a request.
 * bench/delivery.ts runs it against the T2 LA holding 5 million records, so the indexes and
 * foreign keys are the size they would be in a large LA. The issue asks ≥ 3,000 records/s on
 * PGlite and ≥ 10,000 on PostgreSQL.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Role } from '../src/auth/roles.js';
import type { DatabaseHandle } from '../src/db/client.js';
import { appUser, ehcPlan, planVersion, provisionDelivery, provisionItem } from '../src/db/schema/index.js';
import { addDays } from '../src/domain/dates.js';
import { systemClock } from '../src/clock.js';
import { generateApiKey } from '../src/modules/api-keys/keys.js';
import { insertKey } from '../src/modules/api-keys/repository.js';
import { csvLine } from '../src/modules/delivery-import/csv-records.js';
import { importDeliveryCsv } from '../src/modules/delivery-import/service.js';
import { declaredAudit } from '../src/http/actor.js';

const API_BATCH = 10_000;

interface Row {
  itemId: string;
  date: string;
  minutes: number;
  status: 'delivered' | 'missed';
}

/** `count` distinct, valid records spread over the items, each within its item's life and not in the future. */
function makeRecords(items: { id: string; start: string | null; end: string | null }[], count: number, minutesBase: number): Row[] {
  const today = systemClock.today();
  const rows: Row[] = [];
  for (let day = 1; rows.length < count && day < 400; day += 1) {
    const date = addDays(today, -day);
    for (const item of items) {
      if ((item.start && date < item.start) || (item.end && date > item.end)) continue;
      const missed = rows.length % 7 === 0;
      rows.push({ itemId: item.id, date, minutes: minutesBase + (rows.length % 30), status: missed ? 'missed' : 'delivered' });
      if (rows.length === count) break;
    }
  }
  if (rows.length < count) throw new Error(`Only ${String(rows.length)} distinct records fit; seed more plans`);
  return rows;
}

export interface ImportMeasurement {
  path: string;
  records: number;
  seconds: number;
  recordsPerSecond: number;
}

/**
 * Imports `records` records by CSV and as many again by the API, as the LA's caseworker (through
 * a running app at `baseUrl`), and checks every one was stored.
 */
export async function measureImports(handle: DatabaseHandle, baseUrl: string, caseworkerEmail: string, records: number): Promise<ImportMeasurement[]> {
  const measurements: ImportMeasurement[] = [];
  const [caseworker] = await handle.db.select().from(appUser).where(eq(appUser.email, caseworkerEmail));
  if (!caseworker) throw new Error('No caseworker');
  const actor = {
    principal: {
      userId: caseworker.id,
      laId: caseworker.laId,
      role: caseworker.role as Role,
      displayName: caseworker.displayName,
      email: caseworker.email,
      settingId: null,
      organisationId: null,
      childId: null,
    },
    requestId: 'bench',
    clock: systemClock,
    audit: declaredAudit('IMPORT_PROVISION_DELIVERY'),
  };
  const items = await handle.db
    .select({ id: provisionItem.id, start: sql<string | null>`coalesce(${provisionItem.startDate}, ${planVersion.issuedDate})`, end: provisionItem.endDate })
    .from(provisionItem)
    .innerJoin(planVersion, eq(planVersion.id, provisionItem.planVersionId))
    .innerJoin(ehcPlan, and(eq(ehcPlan.currentVersionId, planVersion.id), eq(ehcPlan.status, 'active')))
    .where(eq(provisionItem.laId, caseworker.laId));
  const [before] = await handle.db
    .select({ count: sql<number>`count(*)::int` })
    .from(provisionDelivery)
    .where(sql`${provisionDelivery.source} in ('csv', 'api') and ${provisionDelivery.importId} is not null`);

  // CSV: the file as a school's system or spreadsheet would write it, through the real import.
  const csvRows = makeRecords(items, records, 20);
  let csv = csvLine(['item_id', 'date', 'period_end', 'status', 'sessions', 'minutes', 'missed_reason', 'made_up', 'corrects_id']);
  for (const row of csvRows) csv += csvLine([row.itemId, row.date, '', row.status, '1', String(row.minutes), row.status === 'missed' ? 'staff_vacancy' : '', 'no', '']);
  const bytes = Buffer.from(csv);
  let started = performance.now();
  const result = await importDeliveryCsv(handle.db, actor, { fileName: 'bench.csv', bytes });
  let seconds = (performance.now() - started) / 1000;
  if (result.kind !== 'imported') throw new Error(`CSV import failed: ${JSON.stringify(result).slice(0, 500)}`);
  measurements.push({ path: `CSV file, ${String(records)} rows (${(bytes.length / 1e6).toFixed(1)} MB)`, records: records, seconds, recordsPerSecond: records / seconds });

  // API: over HTTP with a key, in batches of 10,000. The key is made directly for the
  // caseworker (administrators issue keys to schools and providers only) so the batch can
  // span a whole LA's items; the path is the same.
  const key = generateApiKey();
  await insertKey(handle.db, { laId: caseworker.laId, userId: caseworker.id, name: 'bench', prefix: key.prefix, secretSha256: key.secretSha256 });
  const apiRows = makeRecords(items, records, 60);
  const bodies: string[] = [];
  for (let start = 0; start < apiRows.length; start += API_BATCH) {
    bodies.push(JSON.stringify({ records: apiRows.slice(start, start + API_BATCH).map((row) => ({ ...row, ...(row.status === 'missed' ? { missedReason: 'provider_absent' } : {}) })) }));
  }
  started = performance.now();
  for (const [index, body] of bodies.entries()) {
    const response = await fetch(`${baseUrl}/api/v1/deliveries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key.token}`, 'idempotency-key': `bench-${String(index)}` },
      body,
    });
    if (response.status !== 201) throw new Error(`API batch ${String(index)} answered ${String(response.status)}: ${(await response.text()).slice(0, 500)}`);
  }
  seconds = (performance.now() - started) / 1000;
  measurements.push({
    path: `API, ${String(bodies.length)} × ${String(Math.min(API_BATCH, records))} records over HTTP`,
    records: apiRows.length,
    seconds,
    recordsPerSecond: apiRows.length / seconds,
  });
  const [stored] = await handle.db
    .select({ count: sql<number>`count(*)::int` })
    .from(provisionDelivery)
    .where(sql`${provisionDelivery.source} in ('csv', 'api') and ${provisionDelivery.importId} is not null`);
  if ((stored?.count ?? 0) - (before?.count ?? 0) !== records * 2) throw new Error(`Expected ${String(records * 2)} imported records, found ${String((stored?.count ?? 0) - (before?.count ?? 0))}`);
  return measurements;
}
