import { boolean, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { laIdColumn } from './tenancy.js';

/**
 * Schools, colleges, early years and other settings a child can attend or be named in a plan.
 * `settingType` is one of SETTING_TYPES in domain/settings.ts.
 */
export const setting = pgTable(
  'setting',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    name: text('name').notNull(),
    /** GIAS unique reference number (schools). */
    urn: text('urn'),
    /** UKRLP provider reference number (colleges and providers). */
    ukprn: text('ukprn'),
    settingType: text('setting_type').notNull(),
    phase: text('phase').notNull(),
    hasSenUnit: boolean('has_sen_unit').notNull().default(false),
    hasResourcedProvision: boolean('has_resourced_provision').notNull().default(false),
    postcode: text('postcode'),
  },
  (table) => [index('setting_la_idx').on(table.laId, table.name)],
);

/** Organisations that deliver provision: LA services, NHS trusts, independent therapists, social care. */
export const organisation = pgTable(
  'organisation',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    laId: laIdColumn(),
    name: text('name').notNull(),
    /** One of ORGANISATION_KINDS in domain/settings.ts. */
    kind: text('kind').notNull(),
  },
  (table) => [index('organisation_la_idx').on(table.laId)],
);
