import { sql } from 'drizzle-orm';
import { boolean, customType, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { child } from './children.js';
import { appUser, editedRowColumns, laIdColumn, team } from './tenancy.js';

/** File content, stored in the database so both engines and every app process see the same files. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * One entry on a child's shared timeline. Every module writes here when something happens to the
 * child (a plan issued, a concern escalated, a message, a document, a call logged by staff), in the
 * same transaction as the change. `audience` is chosen when the entry is made and never widened:
 * family (everyone entitled to the child's record), professionals (everyone but the family) or
 * la_internal (LA staff only). A restricted entry (safeguarding, social care) is visible only to
 * the roles named in `restrictedToRoles`, whatever its audience. See domain/audience.ts.
 */
export const timelineEntry = pgTable(
  'timeline_entry',
  {
    id: uuid('id').primaryKey(),
    laId: laIdColumn(),
    childId: uuid('child_id')
      .notNull()
      .references(() => child.id),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    /** What happened: one of TIMELINE_KINDS (domain/timeline.ts). */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    /** family | professionals | la_internal */
    audience: text('audience').notNull(),
    /** Null: not restricted. Otherwise the only roles that may see the entry. */
    restrictedToRoles: jsonb('restricted_to_roles').$type<string[]>(),
    /** Null when the system made the entry (the daily check, a statutory clock). */
    authorUserId: uuid('author_user_id').references(() => appUser.id),
    authorRole: text('author_role'),
    /** Assisted digital: an officer made the entry for this family member, and it says so. */
    onBehalfOfUserId: uuid('on_behalf_of_user_id').references(() => appUser.id),
    /** What the entry is about, for a link: plan_version, concern, message_thread, document, review, placement. */
    sourceType: text('source_type'),
    sourceId: text('source_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // A child's timeline is read newest first, a page at a time.
    index('timeline_entry_child_time_idx').on(table.childId, table.occurredAt, table.id),
    index('timeline_entry_source_idx').on(table.sourceType, table.sourceId),
  ],
);

/**
 * A conversation on a child's record. The LA side always has an owner (the child's caseworker
 * unless reassigned), who answers for the reply time. The audience is fixed when the thread starts.
 */
export const messageThread = pgTable(
  'message_thread',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    childId: uuid('child_id')
      .notNull()
      .references(() => child.id),
    subject: text('subject').notNull(),
    /** family | professionals | la_internal */
    audience: text('audience').notNull(),
    ownerUserId: uuid('owner_user_id').references(() => appUser.id),
    startedBy: uuid('started_by')
      .notNull()
      .references(() => appUser.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('message_thread_child_idx').on(table.childId, table.lastMessageAt), index('message_thread_owner_idx').on(table.laId, table.ownerUserId)],
);

/**
 * One message, or a phone call or letter recorded by staff. A message from outside the LA (a
 * family, a school, a professional) is owed a reply by `replyDueOn` (the LA's promise in working
 * days); the first LA reply in the thread sets `repliedAt` on every message it answers, so the
 * reply time is measured per message and the unanswered ones are an index scan.
 */
export const message = pgTable(
  'message',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    threadId: uuid('thread_id')
      .notNull()
      .references(() => messageThread.id),
    childId: uuid('child_id')
      .notNull()
      .references(() => child.id),
    /** message | phone_call | letter | meeting */
    kind: text('kind').notNull().default('message'),
    body: text('body').notNull(),
    authorUserId: uuid('author_user_id')
      .notNull()
      .references(() => appUser.id),
    authorRole: text('author_role').notNull(),
    /** Assisted digital: an officer sent or recorded this for the named family member. */
    onBehalfOfUserId: uuid('on_behalf_of_user_id').references(() => appUser.id),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set for a message owed a reply by the LA. */
    replyDueOn: date('reply_due_on', { mode: 'string' }),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    repliedBy: uuid('replied_by').references(() => appUser.id),
    /** Set when the owner, then the team manager, was told it is past its reply date. */
    overdueFlaggedAt: timestamp('overdue_flagged_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
  },
  (table) => [
    index('message_thread_time_idx').on(table.threadId, table.sentAt),
    // The promise dashboard and the daily check read the unanswered messages only.
    index('message_awaiting_reply_idx')
      .on(table.laId, table.replyDueOn)
      .where(sql`reply_due_on is not null and replied_at is null`),
    index('message_la_sent_idx').on(table.laId, table.sentAt),
  ],
);

/** Read receipts: who has read which message, and when. */
export const messageRead = pgTable(
  'message_read',
  {
    messageId: uuid('message_id')
      .notNull()
      .references(() => message.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id),
    readAt: timestamp('read_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.messageId, table.userId] })],
);

/**
 * A document on a child's record. Its content lives in document_version (a new upload of the same
 * document is a new version); it is downloaded only through an access-checked, audited route by
 * its random id, never from a file path.
 */
export const document = pgTable(
  'document',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    childId: uuid('child_id')
      .notNull()
      .references(() => child.id),
    title: text('title').notNull(),
    /** family | professionals | la_internal, as for timeline entries. */
    audience: text('audience').notNull(),
    /** What it belongs to: message, timeline_entry, plan_section_k (advice), review. */
    linkType: text('link_type'),
    linkId: text('link_id'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => appUser.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('document_child_idx').on(table.childId, table.createdAt), index('document_link_idx').on(table.linkType, table.linkId)],
);

export const documentVersion = pgTable(
  'document_version',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => document.id),
    version: integer('version').notNull(),
    /** The uploader's file name, sanitised: shown and offered on download, never used as a path. */
    fileName: text('file_name').notNull(),
    /** From the content's own signature, not the name or the browser's claim. */
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => appUser.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('document_version_unique').on(table.documentId, table.version)],
);

/**
 * Something somebody must do by a date: from a statutory clock (a review due, a concern's rung),
 * or made by hand. A personal work tray reads by owner, a team view by team; overdue first.
 */
export const task = pgTable(
  'task',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    childId: uuid('child_id').references(() => child.id),
    title: text('title').notNull(),
    ownerUserId: uuid('owner_user_id').references(() => appUser.id),
    teamId: uuid('team_id').references(() => team.id),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    /** Where it came from, for a link and so a clock makes it once: review, concern, message, manual. */
    sourceType: text('source_type').notNull(),
    sourceId: text('source_id'),
    /** open | done | cancelled */
    status: text('status').notNull().default('open'),
    createdBy: uuid('created_by').references(() => appUser.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    completedBy: uuid('completed_by').references(() => appUser.id),
    ...editedRowColumns(),
  },
  (table) => [
    index('task_owner_open_idx')
      .on(table.ownerUserId, table.dueOn)
      .where(sql`status = 'open'`),
    index('task_team_open_idx')
      .on(table.laId, table.teamId, table.dueOn)
      .where(sql`status = 'open'`),
    // A clock makes one open task per source.
    uniqueIndex('task_one_open_per_source')
      .on(table.sourceType, table.sourceId)
      .where(sql`status = 'open' and source_id is not null`),
  ],
);

/**
 * The notification outbox. Every notification is written here in the transaction that causes it;
 * the in-app list reads it, and a sender hands email ones to the configured Notifier (the outbox
 * alone by default, GOV.UK Notify when a key is set), retrying with backoff and recording the state.
 */
export const notification = pgTable(
  'notification',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id),
    /** in_app | email */
    channel: text('channel').notNull(),
    /** What caused it: message_received, reply_overdue, review_invitation, digest… */
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    /** What happened and what to do, with no more personal data than needed. */
    body: text('body').notNull(),
    /** A path in the app, e.g. /children/…/messages/… */
    link: text('link'),
    /** pending | sent | failed | held_for_digest */
    state: text('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    providerReference: text('provider_reference'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (table) => [
    index('notification_user_idx').on(table.userId, table.createdAt),
    index('notification_due_idx')
      .on(table.nextAttemptAt)
      .where(sql`state = 'pending'`),
  ],
);

/** How each person wants to hear: email or only in the app, and at once or in a daily digest. */
export const notificationPreference = pgTable('notification_preference', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => appUser.id),
  email: boolean('email').notNull().default(true),
  /** immediate | daily_digest */
  frequency: text('frequency').notNull().default('immediate'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * People and organisations involved with a child who are not users of the system (a GP, a social
 * worker, a college tutor), with how to reach them. Users linked to the child (family, school,
 * professionals, caseworker) are listed from their links; these fill in the rest.
 */
export const childContact = pgTable(
  'child_contact',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    childId: uuid('child_id')
      .notNull()
      .references(() => child.id),
    name: text('name').notNull(),
    organisationName: text('organisation_name'),
    role: text('role').notNull(),
    email: text('email'),
    phone: text('phone'),
    /** family | professionals | la_internal: who may see the contact details. */
    audience: text('audience').notNull(),
    addedBy: uuid('added_by')
      .notNull()
      .references(() => appUser.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('child_contact_child_idx').on(table.childId)],
);
