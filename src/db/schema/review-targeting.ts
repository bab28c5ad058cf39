import { index, pgTable, primaryKey, smallint, timestamp, uuid } from 'drizzle-orm/pg-core';
import { appUser, editedRowColumns, laIdColumn } from './tenancy.js';

/**
 * What an LA decides for itself about reviews beyond the statutory clock: how soon an interim
 * review must be held once called, and how it targets its educational psychologists and officers
 * at reviews (domain/review-targeting.ts: the risk score's weights and what counts as high risk).
 * An LA without a row uses REVIEW_POLICY_DEFAULTS.
 */
export const reviewPolicy = pgTable('review_policy', {
  laId: laIdColumn().primaryKey(),
  /** An interim review is due this many weeks after it is called. */
  interimDueWeeks: smallint('interim_due_weeks').notNull().default(4),
  /** Points for each open provision concern (up to three are counted). */
  weightOpenConcern: smallint('weight_open_concern').notNull().default(15),
  /** Points when the child is not in full-time education (a part-time timetable or no setting). */
  weightReducedEducation: smallint('weight_reduced_education').notNull().default(20),
  /** Points for each exclusion this school year (up to three are counted). */
  weightExclusion: smallint('weight_exclusion').notNull().default(15),
  /** Points for a phase-transfer review. */
  weightPhaseTransfer: smallint('weight_phase_transfer').notNull().default(20),
  /** Points when an interim review is open because the placement is at risk of breaking down. */
  weightPlacementAtRisk: smallint('weight_placement_at_risk').notNull().default(30),
  /** Points when no LA officer or educational psychologist has attended the child's reviews within `recentAttendanceMonths`. */
  weightNoRecentAttendance: smallint('weight_no_recent_attendance').notNull().default(15),
  recentAttendanceMonths: smallint('recent_attendance_months').notNull().default(24),
  /** A review scoring this or more is high risk: the planning view names those it could not cover. */
  highRiskScore: smallint('high_risk_score').notNull().default(40),
  ...editedRowColumns(),
});

/** How many reviews an LA officer or educational psychologist can attend in a term. */
export const reviewOfficerCapacity = pgTable(
  'review_officer_capacity',
  {
    laId: laIdColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id),
    reviewsPerTerm: smallint('reviews_per_term').notNull(),
    updatedBy: uuid('updated_by').references(() => appUser.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.laId, table.userId] }), index('review_officer_capacity_user_idx').on(table.userId)],
);
