import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { child } from './children.js';
import { document } from './communication.js';
import { provisionConcern } from './concerns.js';
import { ehcPlan, planOutcome, planVersion, provisionItem } from './plans.js';
import { setting } from './settings.js';
import { appUser, editedRowColumns, laIdColumn } from './tenancy.js';

/**
 * A review of an EHC plan (CFA 2014 s44; SEND Regs 2014 regs 18–22): annual, phase-transfer or
 * interim. One row follows the review from scheduling to the LA's decision and, for "amend", to
 * the amended plan. Each step stamps its own date, so the legal clock (domain/review-clock.ts)
 * is computed from the row, and `stage` (one of REVIEW_STAGES) is what lists filter on.
 */
export const review = pgTable(
  'review',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => ehcPlan.id),
    childId: uuid('child_id')
      .notNull()
      .references(() => child.id),
    /** annual | phase_transfer | interim */
    kind: text('kind').notNull(),
    /** Why an interim review was called: provision_concern | exclusion_risk | placement_breakdown | parent_request | setting_request | la_request. */
    reason: text('reason'),
    /** In the words of whoever called it (interim reviews). */
    reasonDetail: text('reason_detail'),
    /** The provision concern that called it, when one did. */
    concernId: uuid('concern_id').references(() => provisionConcern.id),
    /** la | setting: who organises the meeting (schools run their own reviews from a work tray). */
    runBy: text('run_by').notNull().default('la'),
    /** The setting the child attends when the review was scheduled: the per-setting view reads it. */
    settingId: uuid('setting_id').references(() => setting.id),
    /** The last day the review may be held on (s44(1) for annual; set by whoever calls an interim). */
    dueBy: date('due_by', { mode: 'string' }).notNull(),
    /** Phase transfer: the phase the child moves to (SEN2 transfer: early_years_to_primary, primary_to_secondary, secondary_to_post16, post16_to_post16). */
    transferTo: text('transfer_to'),
    /** Phase transfer: the date the child moves (post-16 to post-16: 5 months before it, reg 18(1)(b)). */
    transferDate: date('transfer_date', { mode: 'string' }),
    /** One of REVIEW_STAGES: scheduled, invited, held, report_sent, decided, amendment_proposed, closed, cancelled. */
    stage: text('stage').notNull().default('scheduled'),
    meetingDate: date('meeting_date', { mode: 'string' }),
    /** HH:MM in Europe/London; free text where the meeting is. */
    meetingTime: text('meeting_time'),
    meetingPlace: text('meeting_place'),
    invitationsSentOn: date('invitations_sent_on', { mode: 'string' }),
    papersCirculatedOn: date('papers_circulated_on', { mode: 'string' }),
    heldOn: date('held_on', { mode: 'string' }),
    recommendations: text('recommendations'),
    differencesOfView: text('differences_of_view'),
    reportSentOn: date('report_sent_on', { mode: 'string' }),
    /** maintain | amend | cease (reg 20(10), reg 22). */
    decision: text('decision'),
    decisionOn: date('decision_on', { mode: 'string' }),
    decidedBy: uuid('decided_by').references(() => appUser.id),
    decisionReasons: text('decision_reasons'),
    /** Cease: the grounds (SEN2 CeaseReason) and that the family was told of their appeal rights. */
    ceaseReason: text('cease_reason'),
    appealRightsGivenOn: date('appeal_rights_given_on', { mode: 'string' }),
    /** Amend: the draft version proposed, when it was sent to the family, and the version issued. */
    draftVersionId: uuid('draft_version_id').references(() => planVersion.id),
    amendmentProposedOn: date('amendment_proposed_on', { mode: 'string' }),
    amendedVersionId: uuid('amended_version_id').references(() => planVersion.id),
    amendedPlanIssuedOn: date('amended_plan_issued_on', { mode: 'string' }),
    closedOn: date('closed_on', { mode: 'string' }),
    cancelledReason: text('cancelled_reason'),
    createdBy: uuid('created_by').references(() => appUser.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    ...editedRowColumns(),
  },
  (table) => [
    index('review_child_idx').on(table.childId, table.dueBy),
    // The LA calendar and the overdue list: open reviews by stage and date.
    index('review_la_stage_due_idx').on(table.laId, table.stage, table.dueBy),
    index('review_la_meeting_idx').on(table.laId, table.meetingDate),
    // The review KPIs (src/modules/reports/review-kpis-repository.ts): meetings held in a school
    // year, and phase transfers by the date of the move, each a range read of one LA's reviews.
    index('review_la_held_idx').on(table.laId, table.heldOn),
    index('review_la_transfer_idx')
      .on(table.laId, table.transferDate)
      .where(sql`kind = 'phase_transfer'`),
    index('review_setting_idx').on(table.settingId, table.stage),
    // One annual or phase-transfer review open per plan at a time; interim reviews may sit beside it.
    uniqueIndex('review_one_open_annual_per_plan')
      .on(table.planId)
      .where(sql`kind <> 'interim' and stage not in ('closed', 'cancelled')`),
    // One open interim review per child for each reason: a second call for the same reason is refused, naming the first.
    uniqueIndex('review_one_open_interim_per_reason')
      .on(table.childId, table.reason)
      .where(sql`kind = 'interim' and stage not in ('closed', 'cancelled')`),
    check('review_held_after_invitations', sql`held_on is null or invitations_sent_on is null or held_on >= invitations_sent_on`),
    check('review_decision_after_meeting', sql`decision_on is null or (held_on is not null and decision_on >= held_on)`),
  ],
);

/**
 * Who is invited to a review and whether they came. `userId` when the person signs in to the
 * service (they then see the review and contribute); a name and organisation otherwise.
 */
export const reviewParticipant = pgTable(
  'review_participant',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    reviewId: uuid('review_id')
      .notNull()
      .references(() => review.id),
    /** One of REVIEW_PARTICIPANT_ROLES: parent, young_person, setting, la_officer, educational_psychologist, health, social_care, other. */
    role: text('role').notNull(),
    userId: uuid('user_id').references(() => appUser.id),
    name: text('name').notNull(),
    organisation: text('organisation'),
    invitedOn: date('invited_on', { mode: 'string' }),
    /** Null until the meeting is recorded. */
    attended: boolean('attended'),
    /** How they took part: in_person | online | written_only. */
    attendedHow: text('attended_how'),
  },
  (table) => [index('review_participant_review_idx').on(table.reviewId), index('review_participant_user_idx').on(table.userId, table.reviewId)],
);

/**
 * Advice and views gathered before the meeting (reg 20(2)–(4)): the parent's and the child's
 * views, the setting's report, professional advice. The content is always a document, so it
 * follows the document audiences; `assistedBy` is the officer who entered it for the family.
 */
export const reviewContribution = pgTable(
  'review_contribution',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    reviewId: uuid('review_id')
      .notNull()
      .references(() => review.id),
    /** One of REVIEW_CONTRIBUTION_KINDS: parent_views, child_views, setting_report, professional_advice, other. */
    kind: text('kind').notNull(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => document.id),
    submittedBy: uuid('submitted_by')
      .notNull()
      .references(() => appUser.id),
    assistedBy: uuid('assisted_by').references(() => appUser.id),
    submittedOn: date('submitted_on', { mode: 'string' }).notNull(),
  },
  (table) => [index('review_contribution_review_idx').on(table.reviewId)],
);

/** Progress towards each section E outcome, rated at the meeting with its evidence. */
export const reviewOutcomeRating = pgTable(
  'review_outcome_rating',
  {
    laId: laIdColumn(),
    reviewId: uuid('review_id')
      .notNull()
      .references(() => review.id),
    outcomeId: uuid('outcome_id')
      .notNull()
      .references(() => planOutcome.id),
    /** 1 no progress, 2 some progress, 3 good progress, 4 achieved (REVIEW_PROGRESS_RATINGS). */
    rating: smallint('rating').notNull(),
    evidence: text('evidence').notNull(),
  },
  (table) => [primaryKey({ columns: [table.reviewId, table.outcomeId] }), check('review_outcome_rating_scale', sql`rating between 1 and 4`)],
);

/**
 * The provision ledger for each line as of the meeting, frozen when the meeting is recorded, so
 * the report says what was owed, delivered and missed since the last review however the ledger
 * is corrected later.
 */
export const reviewProvisionRecord = pgTable(
  'review_provision_record',
  {
    laId: laIdColumn(),
    reviewId: uuid('review_id')
      .notNull()
      .references(() => review.id),
    provisionItemId: uuid('provision_item_id')
      .notNull()
      .references(() => provisionItem.id),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }).notNull(),
    owedMinutes: integer('owed_minutes').notNull(),
    deliveredMinutes: integer('delivered_minutes').notNull(),
    missedMinutes: integer('missed_minutes').notNull(),
    openConcerns: integer('open_concerns').notNull(),
    closedConcerns: integer('closed_concerns').notNull(),
  },
  (table) => [primaryKey({ columns: [table.reviewId, table.provisionItemId] })],
);

/**
 * An overdue step of a review that the daily check has already raised (a task for its owner and a
 * notification): one row per review and step, so the check raises each overdue step once.
 */
export const reviewStepAlert = pgTable(
  'review_step_alert',
  {
    laId: laIdColumn(),
    reviewId: uuid('review_id')
      .notNull()
      .references(() => review.id),
    /** One of the review clock's steps: invitations, papers, meeting, report, decision, comments, amended_plan. */
    step: text('step').notNull(),
    /** The step's due date when it was raised: a step whose date moves (a meeting moved) may be raised again. */
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    raisedOn: date('raised_on', { mode: 'string' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.reviewId, table.step, table.dueOn] })],
);
