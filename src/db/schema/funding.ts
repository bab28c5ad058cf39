import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { placement } from './plans.js';
import { editedRowColumns, laIdColumn } from './tenancy.js';

/**
 * One version of an LA top-up band (send-reference §3.2: each LA sets its own). A band is its
 * code and setting type; an uprating is a new row from the day it applies, with the old row
 * ended the day before, so days already past keep the value they had. The unique index keeps a
 * band to one version per start day; that versions never overlap is checked by
 * domain/funding.ts `topUpBandProblems` before a row is saved.
 */
export const topUpBand = pgTable(
  'topup_band',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    code: text('code').notNull(),
    /** One of FUNDING_SETTING_TYPES in domain/funding.ts. */
    settingType: text('setting_type').notNull(),
    annualValuePence: integer('annual_value_pence').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    /** The last day this value applies; null while it is the current value. */
    effectiveTo: date('effective_to', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    ...editedRowColumns(),
  },
  (table) => [
    uniqueIndex('topup_band_version').on(table.laId, table.code, table.settingType, table.effectiveFrom),
    check('topup_band_value', sql`${table.annualValuePence} >= 0`),
    check('topup_band_dates', sql`${table.effectiveTo} is null or ${table.effectiveTo} >= ${table.effectiveFrom}`),
  ],
);

/**
 * One line of what is paid for a placement: place funding, a top-up, a fee, an EOTAS package or
 * transport, with its dates and who pays. A line states its own amount a year, or names a band
 * (then each day costs the value that band had that day, `lineCost` in domain/funding.ts); never
 * both, never neither.
 */
export const placementFundingLine = pgTable(
  'placement_funding_line',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    placementId: uuid('placement_id')
      .notNull()
      .references(() => placement.id),
    /** One of FUNDING_LINE_KINDS in domain/funding.ts. */
    kind: text('kind').notNull(),
    bandId: uuid('band_id').references(() => topUpBand.id),
    annualAmountPence: integer('annual_amount_pence'),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    effectiveTo: date('effective_to', { mode: 'string' }),
    /** One of FUNDING_PAYERS in domain/funding.ts. */
    payer: text('payer').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    ...editedRowColumns(),
  },
  (table) => [
    index('placement_funding_line_placement_idx').on(table.laId, table.placementId),
    // The funding report reads every line in force in a period.
    index('placement_funding_line_dates_idx').on(table.laId, table.effectiveFrom, table.effectiveTo),
    check('placement_funding_line_amount_or_band', sql`(${table.bandId} is null) <> (${table.annualAmountPence} is null)`),
    check('placement_funding_line_amount', sql`${table.annualAmountPence} is null or ${table.annualAmountPence} >= 0`),
    check('placement_funding_line_dates', sql`${table.effectiveTo} is null or ${table.effectiveTo} >= ${table.effectiveFrom}`),
  ],
);
