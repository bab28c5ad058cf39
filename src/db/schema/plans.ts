import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { child } from './children.js';
import { resourceBase } from './resource-bases.js';
import { organisation, setting } from './settings.js';
import { ITEM_SHORT_NAME_MAX } from '../../domain/plain-words.js';
import { appUser, editedRowColumns, laIdColumn } from './tenancy.js';

/**
 * An EHC plan: the statutory document maintained for a child. Its content lives in versions;
 * `currentVersionId` points at the version in force (the latest issued final or amended plan).
 */
export const ehcPlan = pgTable(
  'ehc_plan',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    childId: uuid('child_id')
      .notNull()
      .references(() => child.id),
    /** One of PLAN_STATUSES in domain/plans.ts. */
    status: text('status').notNull(),
    firstIssuedDate: date('first_issued_date', { mode: 'string' }),
    lastReviewDate: date('last_review_date', { mode: 'string' }),
    /** CFA 2014 s44(1): within 12 months of the plan being made or last reviewed. */
    nextReviewDue: date('next_review_due', { mode: 'string' }),
    ceasedDate: date('ceased_date', { mode: 'string' }),
    /** SEN2 `CeaseReason` 1–9. */
    ceaseReason: text('cease_reason'),
    currentVersionId: uuid('current_version_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('ehc_plan_child_idx').on(table.childId),
    // A child has at most one plan in force; the caseload joins on it.
    uniqueIndex('ehc_plan_one_active_per_child')
      .on(table.childId)
      .where(sql`status = 'active'`),
    index('ehc_plan_la_status_review_idx').on(table.laId, table.status, table.nextReviewDue),
  ],
);

/**
 * One version of a plan. Drafts may be edited; once issued (status `issued`) a version is never
 * changed: an amendment is a new version. The database enforces this with a trigger.
 */
export const planVersion = pgTable(
  'plan_version',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => ehcPlan.id),
    versionNumber: integer('version_number').notNull(),
    /** One of PLAN_VERSION_KINDS: draft, final, amended. */
    kind: text('kind').notNull(),
    /** draft | issued | superseded */
    status: text('status').notNull(),
    issuedDate: date('issued_date', { mode: 'string' }),
    issuedBy: uuid('issued_by').references(() => appUser.id),
    /**
     * A draft amendment: the version in force it was copied from, which it must still amend when it
     * is issued. Null for a new plan's draft (the 20-week assessment), which amends nothing.
     */
    amendsVersionId: uuid('amends_version_id').references((): AnyPgColumn => planVersion.id),
    /** The day the draft was sent to the family as a proposed amendment (SEND Regs 2014 reg 22(2)). */
    proposedOn: date('proposed_on', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    // A draft is edited section by section; each save goes over the version its form was opened at.
    ...editedRowColumns(),
  },
  (table) => [
    uniqueIndex('plan_version_number_unique').on(table.planId, table.versionNumber),
    // One open draft per plan is a deferred exclusion constraint written in the migration (drizzle
    // cannot say it): the demo seed writes whole plans as drafts and issues them before it commits.
  ],
);

/** Narrative sections of a version (A, C, D, I, J, K). B, E, F, G and H are structured below. */
export const planSection = pgTable(
  'plan_section',
  {
    laId: laIdColumn(),
    planVersionId: uuid('plan_version_id')
      .notNull()
      .references(() => planVersion.id),
    section: text('section').notNull(),
    content: text('content').notNull(),
  },
  (table) => [primaryKey({ columns: [table.planVersionId, table.section] })],
);

/** Section B: special educational needs, as SEN2 `SENtype` codes, ranked (1 = primary). */
export const planNeed = pgTable(
  'plan_need',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    planVersionId: uuid('plan_version_id')
      .notNull()
      .references(() => planVersion.id),
    senType: text('sen_type').notNull(),
    rank: smallint('rank').notNull(),
    description: text('description').notNull(),
  },
  (table) => [uniqueIndex('plan_need_rank_unique').on(table.planVersionId, table.rank)],
);

/** Section E: outcomes sought. */
export const planOutcome = pgTable(
  'plan_outcome',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    planVersionId: uuid('plan_version_id')
      .notNull()
      .references(() => planVersion.id),
    position: smallint('position').notNull(),
    /** Area of need or preparation-for-adulthood theme the outcome belongs to. */
    area: text('area').notNull(),
    description: text('description').notNull(),
    targetDate: date('target_date', { mode: 'string' }),
    /** The outcome of the version this one amended that it came from; null for an outcome new in its version. */
    previousOutcomeId: uuid('previous_outcome_id').references((): AnyPgColumn => planOutcome.id),
  },
  (table) => [index('plan_outcome_version_idx').on(table.planVersionId, table.position)],
);

/**
 * Sections F, G, H1 and H2: provision. Quantities are structured so delivery can be owed and
 * measured: `sessionsPerPeriod` sessions of `minutesPerSession` each `period`.
 */
export const provisionItem = pgTable(
  'provision_item',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    planVersionId: uuid('plan_version_id')
      .notNull()
      .references(() => planVersion.id),
    section: text('section').notNull(),
    position: smallint('position').notNull(),
    description: text('description').notNull(),
    /** One of PROVIDER_KINDS: school, la_service, nhs, independent, social_care. */
    providerKind: text('provider_kind').notNull(),
    organisationId: uuid('organisation_id').references(() => organisation.id),
    sessionsPerPeriod: integer('sessions_per_period'),
    minutesPerSession: integer('minutes_per_session'),
    /** day | week | term | year */
    period: text('period'),
    groupSize: text('group_size'),
    termTimeOnly: boolean('term_time_only').notNull().default(true),
    /** A flat cost a year, in pence: what the LA pays for the item however much of it is delivered. */
    annualCostPence: integer('annual_cost_pence'),
    /**
     * What the LA pays per unit, in pence, and the unit (one of COST_UNITS: hour, session, week,
     * term, year): an hour or a session is paid for as delivered, a week, term or year is flat.
     * Both or neither.
     */
    unitCostPence: integer('unit_cost_pence'),
    costUnit: text('cost_unit'),
    /** One of PROVISION_TYPES: what kind of provision, for the LA's delivery view. */
    provisionType: text('provision_type').notNull().default('other'),
    /** One of FUNDING_SOURCES: who pays (high needs block, school's notional SEN budget, NHS, social care). */
    fundingSource: text('funding_source'),
    /** When the item starts and ends, where it does not simply run with the version in force. */
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    /** The line of the version this one amended that it came from; null for a line new in its version. */
    previousItemId: uuid('previous_item_id').references((): AnyPgColumn => provisionItem.id),
    /**
     * Decided when the version is made, by provisionLineContinues: the line carries on the one it
     * came from (only its wording changed), so its ledger runs on across the versions.
     */
    continuesPrevious: boolean('continues_previous').notNull().default(false),
  },
  (table) => [
    index('provision_item_version_idx').on(table.planVersionId, table.section, table.position),
    // A ledger carries on into one line at most, or the same delivery would count twice.
    uniqueIndex('provision_item_continues_unique')
      .on(table.previousItemId)
      .where(sql`continues_previous`),
    check('provision_item_continues_needs_previous', sql`not ${table.continuesPrevious} or ${table.previousItemId} is not null`),
    check(
      'provision_item_unit_cost',
      sql`(${table.unitCostPence} is null and ${table.costUnit} is null) or (${table.unitCostPence} >= 0 and ${table.costUnit} in ('hour', 'session', 'week', 'term', 'year'))`,
    ),
  ],
);

/**
 * The short name an LA officer gave a line of provision, which families read in place of the one
 * derived from its wording (plain-words.ts). Issued plan lines are frozen, so the name sits beside
 * the line, not in it. Keyed by the line: an amendment that carries the line on copies its name to
 * the new line in the same transaction (amendPlan), as lineage itself is decided once (ADR 6), so
 * every page reads the name with a join on the line's id and none walks the chain.
 */
export const provisionItemName = pgTable(
  'provision_item_name',
  {
    provisionItemId: uuid('provision_item_id')
      .primaryKey()
      .references(() => provisionItem.id),
    laId: laIdColumn(),
    shortName: text('short_name').notNull(),
    ...editedRowColumns(),
  },
  (table) => [check('provision_item_name_length', sql`char_length(${table.shortName}) between 1 and ${sql.raw(String(ITEM_SHORT_NAME_MAX))}`)],
);

/** Which outcomes a provision item serves. */
export const provisionOutcome = pgTable(
  'provision_outcome',
  {
    provisionItemId: uuid('provision_item_id')
      .notNull()
      .references(() => provisionItem.id),
    outcomeId: uuid('outcome_id')
      .notNull()
      .references(() => planOutcome.id),
  },
  (table) => [primaryKey({ columns: [table.provisionItemId, table.outcomeId] })],
);

/**
 * Where a child is educated (SEN2 module 5b). A placement at a GIAS/UKRLP setting has
 * `settingId`; otherwise `senSettingCode` (OLA, EHE, NEET, …) says what the arrangement is.
 */
export const placement = pgTable(
  'placement',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    childId: uuid('child_id')
      .notNull()
      .references(() => child.id),
    settingId: uuid('setting_id').references(() => setting.id),
    senSettingCode: text('sen_setting_code'),
    /** SEN2 `PlacementRank`: 1 main placement, 2 secondary. */
    rank: smallint('rank').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    senUnit: boolean('sen_unit').notNull().default(false),
    resourcedProvision: boolean('resourced_provision').notNull().default(false),
    /** The resource base or SEN unit at the setting the pupil is placed in, when there is one. */
    resourceBaseId: uuid('resource_base_id').references(() => resourceBase.id),
    /** What the LA pays for this placement a year (place plus top-up or fee), in pence. */
    annualCostPence: integer('annual_cost_pence'),
    /**
     * How the placement is funded: one of FUNDING_SETTING_TYPES in domain/funding.ts. Null until
     * someone chooses, and a placement without it cannot carry funding lines.
     */
    fundingSettingType: text('funding_setting_type'),
  },
  (table) => [
    index('placement_child_idx').on(table.childId, table.rank),
    // At most one current main placement per child (SEN2 PlacementRank 1).
    uniqueIndex('placement_one_current_main')
      .on(table.childId)
      .where(sql`rank = 1 and end_date is null`),
    // Schools see pupils placed with them: look up current placements by setting.
    index('placement_setting_idx').on(table.settingId, table.endDate),
    // Places filled: current placements in a base.
    index('placement_resource_base_idx')
      .on(table.resourceBaseId, table.endDate)
      .where(sql`resource_base_id is not null`),
  ],
);
