import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { ehcPlan, organisation, planVersion, provisionDelivery, provisionDeliveryWeek, provisionItem } from '../../db/schema/index.js';

/** The items of the child's plan in force, with when that version was issued. */
export async function findCurrentItems(db: Database, laId: string, childId: string) {
  return db
    .select({
      id: provisionItem.id,
      section: provisionItem.section,
      description: provisionItem.description,
      providerKind: provisionItem.providerKind,
      organisationId: provisionItem.organisationId,
      organisationName: organisation.name,
      minutesPerSession: provisionItem.minutesPerSession,
      issuedDate: planVersion.issuedDate,
    })
    .from(ehcPlan)
    .innerJoin(planVersion, eq(planVersion.id, ehcPlan.currentVersionId))
    .innerJoin(provisionItem, eq(provisionItem.planVersionId, planVersion.id))
    .leftJoin(organisation, eq(organisation.id, provisionItem.organisationId))
    .where(and(eq(ehcPlan.laId, laId), eq(ehcPlan.childId, childId), eq(ehcPlan.status, 'active')))
    .orderBy(provisionItem.section, provisionItem.position);
}

/** Delivered and missed totals per item since a week, summed from the weekly rollup. */
export async function findWeeklyTotals(db: Database, laId: string, itemIds: string[], sinceWeek: string) {
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
      ),
    );
}

/** Missed sessions by reason per item since a day: a handful of rows per child, read by index. */
export async function findMissedReasons(db: Database, laId: string, itemIds: string[], since: string) {
  if (itemIds.length === 0) return [];
  return db
    .select({
      provisionItemId: provisionDelivery.provisionItemId,
      missedReason: provisionDelivery.missedReason,
      sessions: sql<number>`sum(${provisionDelivery.sessions})::int`,
    })
    .from(provisionDelivery)
    .where(
      and(
        eq(provisionDelivery.laId, laId),
        inArray(provisionDelivery.provisionItemId, itemIds),
        eq(provisionDelivery.status, 'missed'),
        gte(provisionDelivery.deliveredOn, since),
        // A record replaced by a correction no longer counts (the weekly rollup has already taken it out).
        sql`not exists (select 1 from provision_delivery c where c.corrects_id = provision_delivery.id)`,
      ),
    )
    .groupBy(provisionDelivery.provisionItemId, provisionDelivery.missedReason);
}
