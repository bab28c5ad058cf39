import { and, eq, inArray, sql } from 'drizzle-orm';
import { organisation, provisionDelivery, provisionItem } from './schema/index.js';

/**
 * What every query that names a line of provision reads of it: its section and wording and who
 * provides it. Spread into a select that left-joins `organisation` on the line's organisation_id.
 * One projection, so a page that names a line cannot drift from another that names the same line.
 */
export const itemIdentityColumns = {
  section: provisionItem.section,
  description: provisionItem.description,
  providerKind: provisionItem.providerKind,
  organisationId: provisionItem.organisationId,
  organisationName: organisation.name,
};

/** How much of a line is owed: the quantities the schedule engine reads. */
export const itemQuantityColumns = {
  sessionsPerPeriod: provisionItem.sessionsPerPeriod,
  minutesPerSession: provisionItem.minutesPerSession,
  period: provisionItem.period,
  groupSize: provisionItem.groupSize,
  termTimeOnly: provisionItem.termTimeOnly,
};

// The outer row is named by the table, not by ${provisionDelivery.id}: in a select that takes the
// whole table as a field, drizzle writes the column unqualified, and it would name the inner row
// (a corrected record then looked uncorrected; the "correct it again" test caught it).
/** A delivery record no correction has replaced (ADR 7: a correction is a new record that names the one it corrects). */
export const notCorrected = sql`not exists (select 1 from provision_delivery c where c.corrects_id = provision_delivery.id)`;

/** The record that corrected this one, if any. */
export const correctedById = sql<string | null>`(select c.id from provision_delivery c where c.corrects_id = provision_delivery.id)`;

/** The missed sessions still counting against some lines: what "missed, by reason" sums. */
export function countingMissedRecords(laId: string, itemIds: string[]) {
  return and(eq(provisionDelivery.laId, laId), inArray(provisionDelivery.provisionItemId, itemIds), eq(provisionDelivery.status, 'missed'), notCorrected);
}

export const missedSessions = sql<number>`sum(${provisionDelivery.sessions})::int`;
