import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { child } from './children.js';
import { appUser, laIdColumn } from './tenancy.js';

/**
 * The education a child is actually offered, as a series of periods: full-time at their
 * setting, a part-time timetable, or no setting at all. The current arrangement has no end
 * date; a change ends it and starts another, so the history of how long a child went without
 * full-time education is kept.
 */
export const educationArrangement = pgTable(
  'education_arrangement',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    childId: uuid('child_id')
      .notNull()
      .references(() => child.id),
    /** full_time | part_time | no_setting */
    kind: text('kind').notNull(),
    /** Minutes of education offered a week (0 with no setting). */
    offeredMinutesPerWeek: integer('offered_minutes_per_week').notNull(),
    /** What full-time means for this child's setting, in minutes a week. */
    fullTimeMinutesPerWeek: integer('full_time_minutes_per_week').notNull(),
    /** Part-time timetable: why. No setting: one of NO_SETTING_REASONS. */
    reason: text('reason'),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    /** A part-time timetable must be reviewed: when. */
    reviewDate: date('review_date', { mode: 'string' }),
    /** Who agreed the part-time timetable (the parent, the headteacher, the LA officer). */
    agreedBy: text('agreed_by'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => appUser.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('education_arrangement_one_current')
      .on(table.childId)
      .where(sql`end_date is null`),
    // The "not in full-time education" list: current arrangements that are not full-time, oldest first.
    index('education_arrangement_la_current_idx')
      .on(table.laId, table.kind, table.startDate)
      .where(sql`end_date is null`),
  ],
);
