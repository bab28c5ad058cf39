import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { child } from './children.js';
import { setting } from './settings.js';
import { appUser, editedRowColumns, laIdColumn } from './tenancy.js';

/**
 * A resource base or SEN unit the LA commissions at a mainstream school (SEN2 placement flags
 * `resourcedProvision` / `senUnit`): its host school, the need it is designated for, the ages it
 * takes and how many places the LA pays for. A pupil is placed in it by a placement at the host
 * school that names the base (`placement.resource_base_id`), so "filled" is a count of current
 * placements, never a number typed in.
 */
export const resourceBase = pgTable(
  'resource_base',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    settingId: uuid('setting_id')
      .notNull()
      .references(() => setting.id),
    name: text('name').notNull(),
    /** resource_base | sen_unit (BASE_KINDS in domain/resource-bases.ts). */
    kind: text('kind').notNull(),
    /** The primary need the base is designated for: a SEN2 SENtype code (SEN_TYPES in domain/plans.ts). */
    designation: text('designation').notNull(),
    ageFrom: smallint('age_from').notNull(),
    ageTo: smallint('age_to').notNull(),
    commissionedPlaces: smallint('commissioned_places').notNull(),
    openedOn: date('opened_on', { mode: 'string' }).notNull(),
    /** The last day it was commissioned; null while open. */
    closedOn: date('closed_on', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    ...editedRowColumns(),
  },
  (table) => [
    index('resource_base_la_name_idx').on(table.laId, table.name),
    index('resource_base_la_setting_idx').on(table.laId, table.settingId),
    check('resource_base_places', sql`${table.commissionedPlaces} >= 0`),
    check('resource_base_ages', sql`${table.ageFrom} <= ${table.ageTo}`),
  ],
);

/**
 * A termly monitoring visit to a base: who went, when, and what they found. Its actions are tasks
 * (source `base_visit`, source id `baseId:visitId:n`), so they sit in their owner's work tray.
 */
export const resourceBaseVisit = pgTable(
  'resource_base_visit',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    resourceBaseId: uuid('resource_base_id')
      .notNull()
      .references(() => resourceBase.id),
    visitedOn: date('visited_on', { mode: 'string' }).notNull(),
    visitedBy: uuid('visited_by')
      .notNull()
      .references(() => appUser.id),
    findings: text('findings').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('resource_base_visit_base_idx').on(table.laId, table.resourceBaseId, table.visitedOn)],
);

/** What a visit found for one pupil placed in the base: their progress, and whether their provision is in place. */
export const resourceBaseVisitPupil = pgTable(
  'resource_base_visit_pupil',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    visitId: uuid('visit_id')
      .notNull()
      .references(() => resourceBaseVisit.id),
    childId: uuid('child_id')
      .notNull()
      .references(() => child.id),
    /** One of PROGRESS_RATINGS in domain/resource-bases.ts. */
    progress: text('progress').notNull(),
    progressNote: text('progress_note'),
    /** yes | partly | no; null when the pupil was not seen. */
    provisionInPlace: text('provision_in_place'),
    provisionNote: text('provision_note'),
  },
  (table) => [uniqueIndex('resource_base_visit_pupil_once').on(table.visitId, table.childId), index('resource_base_visit_pupil_child_idx').on(table.childId)],
);

/**
 * One parent's answers to a base's satisfaction survey for a term. Deliberately without the
 * parent, a child or a time: staff see only the answers, so no row can be traced to a family.
 * Who has answered is kept apart, in resource_base_survey_respondent.
 */
export const resourceBaseSurveyAnswer = pgTable(
  'resource_base_survey_answer',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    resourceBaseId: uuid('resource_base_id')
      .notNull()
      .references(() => resourceBase.id),
    /** The first day of the term the answers are for, and its name as the LA's calendar had it. */
    termStart: date('term_start', { mode: 'string' }).notNull(),
    termName: text('term_name').notNull(),
    /** Each question's answer, 1 (strongly disagree) to 5 (strongly agree): SURVEY_QUESTIONS. */
    happy: smallint('happy').notNull(),
    progress: smallint('progress').notNull(),
    support: smallint('support').notNull(),
    informed: smallint('informed').notNull(),
    listened: smallint('listened').notNull(),
    comment: text('comment'),
  },
  (table) => [
    index('resource_base_survey_answer_term_idx').on(table.laId, table.resourceBaseId, table.termStart),
    check(
      'resource_base_survey_answer_scale',
      sql`${table.happy} between 1 and 5 and ${table.progress} between 1 and 5 and ${table.support} between 1 and 5 and ${table.informed} between 1 and 5 and ${table.listened} between 1 and 5`,
    ),
  ],
);

/** That a parent has answered a base's survey for a term: once per term per parent (the unique index). */
export const resourceBaseSurveyRespondent = pgTable(
  'resource_base_survey_respondent',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    resourceBaseId: uuid('resource_base_id')
      .notNull()
      .references(() => resourceBase.id),
    termStart: date('term_start', { mode: 'string' }).notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id),
  },
  (table) => [uniqueIndex('resource_base_survey_once_per_term').on(table.resourceBaseId, table.termStart, table.userId)],
);
