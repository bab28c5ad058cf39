import { boolean, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { appUser, laIdColumn, team } from './tenancy.js';

/** A child or young person known to the LA's SEND service (SEN2 module 1 person items). */
export const child = pgTable(
  'child',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    forename: text('forename').notNull(),
    surname: text('surname').notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
    /** SEN2 `Sex`: M or F. */
    sex: text('sex').notNull(),
    /** CBDS extended ethnicity code, e.g. WBRI; REFU refused; NOBT not yet obtained. */
    ethnicity: text('ethnicity').notNull(),
    postcode: text('postcode'),
    upn: text('upn'),
    uln: text('uln'),
    /** SEN2 `UPNunknown` reason (UN1…UN10) when there is no UPN or ULN. */
    upnUnknownReason: text('upn_unknown_reason'),
    caseworkerId: uuid('caseworker_id').references(() => appUser.id),
    teamId: uuid('team_id').references(() => team.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // The caseload list sorts by name within an LA and is filtered by caseworker.
    index('child_la_name_idx').on(table.laId, table.surname, table.forename, table.id),
    index('child_la_caseworker_idx').on(table.laId, table.caseworkerId),
    index('child_la_upn_idx').on(table.laId, table.upn),
  ],
);

/** A parent or carer linked to a child; only links with parental responsibility grant access. */
export const familyLink = pgTable(
  'family_link',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    childId: uuid('child_id')
      .notNull()
      .references(() => child.id),
    userId: uuid('user_id').references(() => appUser.id),
    name: text('name').notNull(),
    relationship: text('relationship').notNull(),
    hasParentalResponsibility: boolean('has_parental_responsibility').notNull(),
  },
  (table) => [index('family_link_child_idx').on(table.childId), index('family_link_user_idx').on(table.userId)],
);

/** A professional (EP, therapist, social worker) working with a child, for a period. */
export const professionalAssignment = pgTable(
  'professional_assignment',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    childId: uuid('child_id')
      .notNull()
      .references(() => child.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => appUser.id),
    involvement: text('involvement').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
  },
  (table) => [index('professional_assignment_user_idx').on(table.userId, table.childId), index('professional_assignment_child_idx').on(table.childId)],
);
