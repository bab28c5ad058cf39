import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { child } from './children.js';
import { provisionItem } from './plans.js';
import { appUser, laIdColumn } from './tenancy.js';

/**
 * One record of provision delivered or missed, by the person who delivered it. Append-only:
 * what was recorded is never overwritten (a trigger refuses UPDATE and DELETE).
 */
export const provisionDelivery = pgTable(
  'provision_delivery',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    childId: uuid('child_id')
      .notNull()
      .references(() => child.id),
    provisionItemId: uuid('provision_item_id')
      .notNull()
      .references(() => provisionItem.id),
    deliveredOn: date('delivered_on', { mode: 'string' }).notNull(),
    /** Last day of a weekly total (Monday to Friday); null for a single session. */
    periodEnd: date('period_end', { mode: 'string' }),
    /** delivered | missed | withdrawn (a correction saying the corrected record was made in error) */
    status: text('status').notNull(),
    sessions: integer('sessions').notNull(),
    minutes: integer('minutes').notNull(),
    /** One of MISSED_REASONS when status is missed. */
    missedReason: text('missed_reason'),
    /** Compensatory provision: this session makes up time missed earlier. */
    madeUp: boolean('made_up').notNull().default(false),
    /** web | csv | api */
    source: text('source').notNull(),
    /** The CSV file or API batch this record came in with. */
    importId: uuid('import_id'),
    /**
     * This record corrects an earlier one, which then no longer counts. Records are never
     * overwritten: a correction is a new, attributed entry (unique: a record is corrected once,
     * and a later correction corrects the correction).
     */
    correctsId: uuid('corrects_id'),
    /**
     * Set only when a record would otherwise repeat another (same item, day or week, status and
     * minutes): it says this is another session, e.g. "2" or "afternoon". Without it a repeat is
     * the same session sent twice (an overlapping export, the CSV and the API at once) and is
     * stored once.
     */
    sessionLabel: text('session_label'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => appUser.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('provision_delivery_item_day_idx').on(table.provisionItemId, table.deliveredOn),
    // Partial: most records correct nothing, and a bulk import should not index thousands of nulls.
    uniqueIndex('provision_delivery_corrects_unique')
      .on(table.correctsId)
      .where(sql`corrects_id is not null`),
    // A correction is another record by design (and unique by what it corrects), so only first records are keyed.
    uniqueIndex('provision_delivery_session_unique')
      .on(table.provisionItemId, table.deliveredOn, sql`coalesce(${table.periodEnd}, ${table.deliveredOn})`, table.status, table.minutes, sql`coalesce(${table.sessionLabel}, '')`)
      .where(sql`corrects_id is null`),
  ],
);

/**
 * A CSV file or API batch of delivery records. The file's SHA-256 is unique per LA, so sending
 * the same file again is recognised and nothing is counted twice.
 */
export const deliveryImport = pgTable(
  'delivery_import',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    /** csv | api */
    source: text('source').notNull(),
    fileName: text('file_name'),
    contentSha256: text('content_sha256').notNull(),
    recordCount: integer('record_count').notNull(),
    importedBy: uuid('imported_by')
      .notNull()
      .references(() => appUser.id),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('delivery_import_content_unique').on(table.laId, table.source, table.contentSha256)],
);

/**
 * Each item's ledger as at the last daily sweep: what was owed and delivered over the gap
 * window, this term and this school year. The LA's delivery view and the gap alarms read this,
 * so neither expands schedules or sums weeks per page view.
 */
export const provisionItemLedger = pgTable(
  'provision_item_ledger',
  {
    provisionItemId: uuid('provision_item_id')
      .primaryKey()
      .references(() => provisionItem.id),
    laId: laIdColumn(),
    childId: uuid('child_id')
      .notNull()
      .references(() => child.id),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    owedWindowMinutes: integer('owed_window_minutes').notNull(),
    deliveredWindowMinutes: integer('delivered_window_minutes').notNull(),
    owedSilentWindowMinutes: integer('owed_silent_window_minutes').notNull(),
    recordsInSilentWindow: integer('records_in_silent_window').notNull(),
    owedTermMinutes: integer('owed_term_minutes').notNull(),
    deliveredTermMinutes: integer('delivered_term_minutes').notNull(),
    owedYearMinutes: integer('owed_year_minutes').notNull(),
    deliveredYearMinutes: integer('delivered_year_minutes').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('provision_item_ledger_la_idx').on(table.laId, table.asOf),
    // The LA delivery view's "items furthest behind" reads these backwards and stops at 20.
    index('provision_item_ledger_term_shortfall_idx').on(table.laId, sql`(${table.owedTermMinutes} - ${table.deliveredTermMinutes})`),
    index('provision_item_ledger_year_shortfall_idx').on(table.laId, sql`(${table.owedYearMinutes} - ${table.deliveredYearMinutes})`),
  ],
);

/**
 * Each child's provision added up from the item ledger by the daily sweep: owed, delivered (an
 * item's delivery counts up to what it owed, so one over-delivered item does not hide another)
 * and the shortfall, this term and this school year. The LA view lists the children furthest
 * behind from here without grouping every item of the LA per page view.
 */
export const childDeliveryLedger = pgTable(
  'child_delivery_ledger',
  {
    childId: uuid('child_id')
      .primaryKey()
      .references(() => child.id),
    laId: laIdColumn(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    owedTermMinutes: integer('owed_term_minutes').notNull(),
    deliveredTermMinutes: integer('delivered_term_minutes').notNull(),
    shortfallTermMinutes: integer('shortfall_term_minutes').notNull(),
    itemsBehindTerm: integer('items_behind_term').notNull(),
    owedYearMinutes: integer('owed_year_minutes').notNull(),
    deliveredYearMinutes: integer('delivered_year_minutes').notNull(),
    shortfallYearMinutes: integer('shortfall_year_minutes').notNull(),
    itemsBehindYear: integer('items_behind_year').notNull(),
  },
  (table) => [
    index('child_delivery_ledger_term_shortfall_idx').on(table.laId, table.shortfallTermMinutes),
    index('child_delivery_ledger_year_shortfall_idx').on(table.laId, table.shortfallYearMinutes),
  ],
);

/**
 * Delivery rates by provider, setting, provision type and need, written by the daily sweep with
 * the ledger snapshot: the LA delivery view reads a few hundred rows instead of joining and
 * grouping every item of the LA on each view.
 */
export const deliveryRateRollup = pgTable(
  'delivery_rate_rollup',
  {
    laId: laIdColumn(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    /** term | year */
    period: text('period').notNull(),
    /** provider | setting | provisionType | need */
    dimension: text('dimension').notNull(),
    /** The provider, setting, type or need; null when not known. */
    key: text('key'),
    items: integer('items').notNull(),
    children: integer('children').notNull(),
    owedMinutes: bigint('owed_minutes', { mode: 'number' }).notNull(),
    deliveredMinutes: bigint('delivered_minutes', { mode: 'number' }).notNull(),
  },
  (table) => [index('delivery_rate_rollup_la_idx').on(table.laId, table.period, table.dimension)],
);

/**
 * Weekly totals per item, kept up to date in the same transaction as each record, so a ledger
 * sums a few dozen weeks instead of scanning every session ever recorded.
 */
export const provisionDeliveryWeek = pgTable(
  'provision_delivery_week',
  {
    laId: laIdColumn(),
    provisionItemId: uuid('provision_item_id')
      .notNull()
      .references(() => provisionItem.id),
    weekStart: date('week_start', { mode: 'string' }).notNull(),
    deliveredSessions: integer('delivered_sessions').notNull().default(0),
    deliveredMinutes: integer('delivered_minutes').notNull().default(0),
    missedSessions: integer('missed_sessions').notNull().default(0),
    missedMinutes: integer('missed_minutes').notNull().default(0),
    madeUpMinutes: integer('made_up_minutes').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.provisionItemId, table.weekStart] })],
);
