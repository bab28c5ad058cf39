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

export type CurrentItem = Awaited<ReturnType<typeof findCurrentItems>>[number];

export interface DeliveryRow {
  laId: string;
  childId: string;
  provisionItemId: string;
  deliveredOn: string;
  status: 'delivered' | 'missed';
  sessions: number;
  minutes: number;
  missedReason: string | null;
  madeUp: boolean;
  source: 'web' | 'csv' | 'api';
  recordedBy: string;
}

/** Appends a record and adds it to its week's totals; call inside the change's transaction. */
export async function insertDelivery(db: Database, row: DeliveryRow, weekStart: string): Promise<string> {
  const [inserted] = await db.insert(provisionDelivery).values(row).returning({ id: provisionDelivery.id });
  const delivered = row.status === 'delivered';
  await db
    .insert(provisionDeliveryWeek)
    .values({
      laId: row.laId,
      provisionItemId: row.provisionItemId,
      weekStart,
      deliveredSessions: delivered ? row.sessions : 0,
      deliveredMinutes: delivered ? row.minutes : 0,
      missedSessions: delivered ? 0 : row.sessions,
      missedMinutes: delivered ? 0 : row.minutes,
      madeUpMinutes: delivered && row.madeUp ? row.minutes : 0,
    })
    .onConflictDoUpdate({
      target: [provisionDeliveryWeek.provisionItemId, provisionDeliveryWeek.weekStart],
      set: {
        deliveredSessions: sql`${provisionDeliveryWeek.deliveredSessions} + excluded.delivered_sessions`,
        deliveredMinutes: sql`${provisionDeliveryWeek.deliveredMinutes} + excluded.delivered_minutes`,
        missedSessions: sql`${provisionDeliveryWeek.missedSessions} + excluded.missed_sessions`,
        missedMinutes: sql`${provisionDeliveryWeek.missedMinutes} + excluded.missed_minutes`,
        madeUpMinutes: sql`${provisionDeliveryWeek.madeUpMinutes} + excluded.made_up_minutes`,
      },
    });
  return inserted?.id ?? '';
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
      ),
    )
    .groupBy(provisionDelivery.provisionItemId, provisionDelivery.missedReason);
}
