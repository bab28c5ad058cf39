import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only record of every change and every read of a child's record. A trigger refuses
 * UPDATE and DELETE (see the migration that creates it). No foreign keys: history must outlive
 * whatever it describes.
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
  },
  (table) => [
    index('audit_event_child_idx').on(table.childId, table.occurredAt),
    index('audit_event_la_time_idx').on(table.laId, table.occurredAt),
  ],
);
