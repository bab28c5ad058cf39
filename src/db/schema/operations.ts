import { date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { appUser, editedRowColumns, laIdColumn } from './tenancy.js';

/** What an LA decides for itself: thresholds for alarms and the time each rung of the ladder gets. */
export const laPolicy = pgTable('la_policy', {
  laId: laIdColumn().primaryKey(),
  /** Raise a concern when less than this percentage of what was owed was delivered over the window. */
  gapMinimumPercent: smallint('gap_minimum_percent').notNull().default(80),
  gapWindowWeeks: smallint('gap_window_weeks').notNull().default(4),
  /** Raise a concern when nothing was recorded for this many weeks while provision was owed. */
  gapSilentWeeks: smallint('gap_silent_weeks').notNull().default(3),
  /** Raise a concern when a child has been without full-time education for this many school days. */
  notFullTimeSchoolDays: smallint('not_full_time_school_days').notNull().default(15),
  /** Calendar days each rung of the escalation ladder has before the concern climbs. */
  concernStepDays: smallint('concern_step_days').notNull().default(10),
  /** The communication promise: a reply to a message within this many working days… */
  replyWorkingDays: smallint('reply_working_days').notNull().default(3),
  /** …and a family-visible update on each child at least this often (calendar days). */
  familyUpdateDays: smallint('family_update_days').notNull().default(14),
  ...editedRowColumns(),
});

/** The LA's term dates. An LA without its own uses the default English calendar. */
export const schoolTerm = pgTable(
  'school_term',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    name: text('name').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    halfTermStart: date('half_term_start', { mode: 'string' }),
    halfTermEnd: date('half_term_end', { mode: 'string' }),
    ...editedRowColumns(),
  },
  (table) => [index('school_term_la_idx').on(table.laId, table.startDate)],
);

/** Days the LA's schools are closed outside the holidays: bank holidays and INSET or other closures. */
export const schoolClosure = pgTable(
  'school_closure',
  {
    laId: laIdColumn(),
    closedOn: date('closed_on', { mode: 'string' }).notNull(),
    /** bank_holiday | closure */
    kind: text('kind').notNull(),
    description: text('description'),
    ...editedRowColumns(),
  },
  (table) => [primaryKey({ columns: [table.laId, table.closedOn] })],
);

/**
 * A scheduled job's run for an LA on a day. The primary key is the lock: the process whose
 * insert succeeds runs the job, any other process (or a rerun) finds the row and does nothing.
 */
export const jobRun = pgTable(
  'job_run',
  {
    job: text('job').notNull(),
    laId: laIdColumn(),
    runOn: date('run_on', { mode: 'string' }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    summary: jsonb('summary'),
  },
  (table) => [primaryKey({ columns: [table.job, table.laId, table.runOn] })],
);

/**
 * A key a school's or provider's system uses to call the API as one of its users (and so with
 * that user's scope). Only the SHA-256 of the secret is stored; `prefix` finds the row.
 */
export const apiKey = pgTable(
  'api_key',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id),
    name: text('name').notNull(),
    prefix: text('prefix').notNull().unique(),
    secretSha256: text('secret_sha256').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [index('api_key_user_idx').on(table.userId)],
);

/** The answer given to a request with an Idempotency-Key, replayed if the same key comes again. */
export const apiIdempotency = pgTable(
  'api_idempotency',
  {
    apiKeyId: uuid('api_key_id')
      .notNull()
      .references(() => apiKey.id),
    idempotencyKey: text('idempotency_key').notNull(),
    requestSha256: text('request_sha256').notNull(),
    statusCode: integer('status_code').notNull(),
    response: jsonb('response').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.apiKeyId, table.idempotencyKey] })],
);

/**
 * The one-time key each state-changing form carries: the first POST with a key claims it and,
 * when answered with a redirect, keeps where it went; the same form sent again (a double click, a
 * resend after a lost answer) is sent there too, without being stored twice (plugins/submissions.ts).
 */
export const formSubmission = pgTable(
  'form_submission',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id),
    submissionKey: text('submission_key').notNull(),
    /** in_flight | done */
    state: text('state').notNull(),
    resultLocation: text('result_location'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.submissionKey] }), index('form_submission_created_idx').on(table.createdAt)],
);
