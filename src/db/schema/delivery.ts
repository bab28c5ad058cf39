import { boolean, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
    /** delivered | missed */
    status: text('status').notNull(),
    sessions: integer('sessions').notNull(),
    minutes: integer('minutes').notNull(),
    /** One of MISSED_REASONS when status is missed. */
    missedReason: text('missed_reason'),
    /** Compensatory provision: this session makes up time missed earlier. */
    madeUp: boolean('made_up').notNull().default(false),
    /** web | csv | api */
    source: text('source').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => appUser.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('provision_delivery_item_day_idx').on(table.provisionItemId, table.deliveredOn)],
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
