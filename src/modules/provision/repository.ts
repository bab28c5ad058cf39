import { countingMissedRecords, itemIdentityColumns, missedSessions } from '../../db/columns.js';
import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { ehcPlan, organisation, planVersion, provisionDelivery, provisionDeliveryWeek, provisionItem, provisionItemName } from '../../db/schema/index.js';
import { itemName } from '../../domain/plain-words.js';

/** The items of the child's plan in force, with when that version was issued. */
export async function findCurrentItems(db: Database, laId: string, childId: string) {
  return db
    .select({
      id: provisionItem.id,
      ...itemIdentityColumns,
      minutesPerSession: provisionItem.minutesPerSession,
      issuedDate: planVersion.issuedDate,
      provisionType: provisionItem.provisionType,
      shortName: provisionItemName.shortName,
    })
    .from(ehcPlan)
    .innerJoin(planVersion, eq(planVersion.id, ehcPlan.currentVersionId))
    .innerJoin(provisionItem, eq(provisionItem.planVersionId, planVersion.id))
    .leftJoin(organisation, eq(organisation.id, provisionItem.organisationId))
    .leftJoin(provisionItemName, eq(provisionItemName.provisionItemId, provisionItem.id))
    .where(and(eq(ehcPlan.laId, laId), eq(ehcPlan.childId, childId), eq(ehcPlan.status, 'active')))
    .orderBy(provisionItem.section, provisionItem.position);
}

/** The names families read for some items (any version), by id: the access log names what was recorded by them. */
export async function findItemNames(db: Database, laId: string, itemIds: string[]): Promise<Map<string, string>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db
    .select({ id: provisionItem.id, description: provisionItem.description, provisionType: provisionItem.provisionType, shortName: provisionItemName.shortName })
    .from(provisionItem)
    .leftJoin(provisionItemName, eq(provisionItemName.provisionItemId, provisionItem.id))
    .where(and(eq(provisionItem.laId, laId), inArray(provisionItem.id, [...new Set(itemIds)])));
  return new Map(rows.map((row) => [row.id, itemName(row)]));
}

/**
 * The short names officers gave some items, by id; an item without one is left out. For callers
 * that already hold the items (the daily check): only the few named lines are read, by key.
 */
export async function findGivenShortNames(db: Database, laId: string, itemIds: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const ids = [...new Set(itemIds)];
  for (let start = 0; start < ids.length; start += 5000) {
    const rows = await db
      .select({ id: provisionItemName.provisionItemId, shortName: provisionItemName.shortName })
      .from(provisionItemName)
      .where(and(eq(provisionItemName.laId, laId), inArray(provisionItemName.provisionItemId, ids.slice(start, start + 5000))));
    for (const row of rows) names.set(row.id, row.shortName);
  }
  return names;
}

/** Delivered and missed totals per item since a week, summed from the weekly rollup. */
export async function findWeeklyTotals(db: Database, laId: string, itemIds: string[], sinceWeek: string, untilWeek?: string) {
  if (itemIds.length === 0) return [];
  return db
    .select({
      provisionItemId: provisionDeliveryWeek.provisionItemId,
      weekStart: provisionDeliveryWeek.weekStart,
      deliveredSessions: provisionDeliveryWeek.deliveredSessions,
      deliveredMinutes: provisionDeliveryWeek.deliveredMinutes,
      missedSessions: provisionDeliveryWeek.missedSessions,
      missedMinutes: provisionDeliveryWeek.missedMinutes,
      madeUpMinutes: provisionDeliveryWeek.madeUpMinutes,
    })
    .from(provisionDeliveryWeek)
    .where(
      and(
        eq(provisionDeliveryWeek.laId, laId),
        inArray(provisionDeliveryWeek.provisionItemId, itemIds),
        gte(provisionDeliveryWeek.weekStart, sinceWeek),
        untilWeek === undefined ? undefined : lte(provisionDeliveryWeek.weekStart, untilWeek),
      ),
    );
}

/** Missed sessions by reason per item since a day: a handful of rows per child, read by index. */
export async function findMissedReasons(db: Database, laId: string, itemIds: string[], since: string, until?: string) {
  if (itemIds.length === 0) return [];
  return (
    db
      .select({
        provisionItemId: provisionDelivery.provisionItemId,
        missedReason: provisionDelivery.missedReason,
        sessions: missedSessions,
      })
      .from(provisionDelivery)
      // A record replaced by a correction no longer counts (the weekly rollup has already taken it out).
      .where(and(countingMissedRecords(laId, itemIds), gte(provisionDelivery.deliveredOn, since), until === undefined ? undefined : lte(provisionDelivery.deliveredOn, until)))
      .groupBy(provisionDelivery.provisionItemId, provisionDelivery.missedReason)
  );
}
