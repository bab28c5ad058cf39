import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only record of every change and every read of a child's record. A trigger refuses
 * UPDATE and DELETE (see the migration that creates it). No foreign keys: history must outlive
 * whatever it describes. Each LA's events are hash-chained (src/domain/audit-chain.ts), so
 * whoever can switch the trigger off still cannot edit history unseen.
 */
export const auditEvent = pgTable(
  'audit_event',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    laId: uuid('la_id'),
    actorUserId: uuid('actor_user_id'),
    actorRole: text('actor_role'),
    /** VERB_OBJECT, e.g. VIEW_CHILD, SIGN_IN, ISSUE_FINAL_PLAN. */
    action: text('action').notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    childId: uuid('child_id'),
    requestId: text('request_id'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    change: jsonb('change'),
    /** Position in the LA's chain, from 1. Null only on events written before chaining, until migrate chains them. */
    chainSeq: bigint('chain_seq', { mode: 'number' }),
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (table) => [
    index('audit_event_child_idx').on(table.childId, table.occurredAt),
    index('audit_event_la_time_idx').on(table.laId, table.occurredAt),
    uniqueIndex('audit_event_chain_idx').on(sql`coalesce(${table.laId}, '00000000-0000-0000-0000-000000000000'::uuid)`, table.chainSeq),
    index('audit_event_unchained_idx')
      .on(table.id)
      .where(sql`${table.hash} is null`),
  ],
);

/**
 * Where each LA's chain ends. Writers lock the LA's row for the rest of their transaction, so
 * two processes appending for one LA take turns; a chain cut short no longer reaches it.
 */
export const auditChain = pgTable('audit_chain', {
  /** The LA, or the nil uuid for events with no LA. */
  laId: uuid('la_id').primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
  lastHash: text('last_hash').notNull().default('0000000000000000000000000000000000000000000000000000000000000000'),
});
