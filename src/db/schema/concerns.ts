import { sql } from 'drizzle-orm';
import { boolean, date, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { child } from './children.js';
import { provisionItem } from './plans.js';
import { appUser, laIdColumn } from './tenancy.js';

/**
 * Something is wrong with a child's provision or education and somebody owns putting it right:
 * an item delivered below the LA's threshold, a parent's report, or a child without full-time
 * education. `level` is the rung of the escalation ladder (domain/concerns.ts) and `dueOn` when
 * it climbs to the next one if still open.
 */
export const provisionConcern = pgTable(
  'provision_concern',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    childId: uuid('child_id')
      .notNull()
      .references(() => child.id),
    /** Null for a concern about the child's education as a whole (not full-time). */
    provisionItemId: uuid('provision_item_id').references(() => provisionItem.id),
    /** delivery_gap | parent_raised | not_full_time */
    kind: text('kind').notNull(),
    /** Why, as codes (GapReason) for a raised-by-sweep concern. */
    reasons: jsonb('reasons').$type<string[]>().notNull().default([]),
    summary: text('summary').notNull(),
    /** caseworker | team_manager | head_of_service */
    level: text('level').notNull(),
    /** NHS-delivered provision: the health commissioner is told when it reaches the head of service. */
    involvesHealthCommissioner: boolean('involves_health_commissioner').notNull().default(false),
    ownerUserId: uuid('owner_user_id').references(() => appUser.id),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    raisedOn: date('raised_on', { mode: 'string' }).notNull(),
    /** Null when the daily sweep raised it. */
    raisedBy: uuid('raised_by').references(() => appUser.id),
    /** open | resolved */
    status: text('status').notNull().default('open'),
    resolvedOn: date('resolved_on', { mode: 'string' }),
    earlyReviewCalled: boolean('early_review_called').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // The sweep may run twice (two processes, a rerun): at most one open concern of a kind per item…
    uniqueIndex('provision_concern_one_open_per_item')
      .on(table.provisionItemId, table.kind)
      .where(sql`status = 'open' and provision_item_id is not null and kind <> 'parent_raised'`),
    // …and one open "not in full-time education" concern per child.
    uniqueIndex('provision_concern_one_open_not_full_time')
      .on(table.childId)
      .where(sql`status = 'open' and kind = 'not_full_time'`),
    index('provision_concern_child_idx').on(table.childId, table.status),
    index('provision_concern_la_open_idx').on(table.laId, table.status, table.level, table.dueOn),
  ],
);

/** Every step taken on a concern, timestamped and attributed. Append-only (a trigger refuses rewrites). */
export const concernStep = pgTable(
  'concern_step',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    concernId: uuid('concern_id')
      .notNull()
      .references(() => provisionConcern.id),
    /** One of CONCERN_ACTIONS: raised, contacted_provider, contacted_parent, action_agreed, escalated, early_review_called, resolved. */
    action: text('action').notNull(),
    note: text('note'),
    levelAfter: text('level_after').notNull(),
    dueOnAfter: date('due_on_after', { mode: 'string' }),
    /** Null when the daily sweep took the step. */
    actorUserId: uuid('actor_user_id').references(() => appUser.id),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('concern_step_concern_idx').on(table.concernId, table.occurredAt)],
);
