import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A local authority: the tenant. Every other tenant table carries its id as `la_id`. */
export const localAuthority = pgTable('local_authority', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** 3-digit DfE LA number (SEN2 `LEA`). */
  dfeCode: text('dfe_code').notNull().unique(),
  name: text('name').notNull(),
  region: text('region').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The `la_id` every tenant table carries: every query filters by it. */
export const laIdColumn = () =>
  uuid('la_id')
    .notNull()
    .references(() => localAuthority.id);

/**
 * What a row edited in a form carries so that two people saving at once cannot silently undo each
 * other: the form holds the version it was opened at, and a save over a newer one is refused,
 * naming who changed it and when (src/http/edit-version.ts).
 */
export const editedRowColumns = () => ({
  version: integer('version').notNull().default(1),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const team = pgTable(
  'team',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    name: text('name').notNull(),
  },
  (table) => [index('team_la_idx').on(table.laId)],
);

/**
 * Everyone who signs in: LA staff, school staff, professionals, parents and young people.
 * What they may see is decided by `role` plus their links (setting, organisation, family, child).
 */
export const appUser = pgTable(
  'app_user',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role').notNull(),
    /** Job title or discipline shown beside the name, e.g. "Speech and language therapist". */
    jobTitle: text('job_title'),
    passwordHash: text('password_hash').notNull(),
    teamId: uuid('team_id').references(() => team.id),
    /** School SENCO: the setting whose pupils they work with. */
    settingId: uuid('setting_id'),
    /** Provider or professional: the organisation they work for. */
    organisationId: uuid('organisation_id'),
    /** Young person 16+: the child record that is their own. */
    childId: uuid('child_id'),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('app_user_email_unique').on(sql`lower(${table.email})`), index('app_user_la_role_idx').on(table.laId, table.role)],
);

/**
 * Server-side sessions. The cookie carries a random token; only its SHA-256 is stored, so a
 * copy of this table cannot be replayed as sign-ins.
 */
export const userSession = pgTable(
  'user_session',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id),
    laId: laIdColumn(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('user_session_user_idx').on(table.userId)],
);

/** Failed sign-ins per IP address, for throttling that survives across app processes. */
export const signInAttempt = pgTable(
  'sign_in_attempt',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ipAddress: text('ip_address').notNull(),
    email: text('email').notNull(),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('sign_in_attempt_ip_idx').on(table.ipAddress, table.attemptedAt)],
);
