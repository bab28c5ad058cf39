import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { ehcPlan, placement, planNeed, setting } from '../../db/schema/index.js';

/** Plans in force by placement type, with the average annual placement cost the LA pays. */
export async function placementCostsByType(db: Database, laId: string) {
  return db
    .select({
      settingType: setting.settingType,
      senSettingCode: placement.senSettingCode,
      plans: sql<number>`count(*)::int`,
      costed: sql<number>`count(${placement.annualCostPence})::int`,
      averageCostPence: sql<number | null>`round(avg(${placement.annualCostPence}))::int`,
    })
    .from(placement)
    .innerJoin(ehcPlan, and(eq(ehcPlan.childId, placement.childId), eq(ehcPlan.status, 'active')))
    .leftJoin(setting, eq(setting.id, placement.settingId))
    .where(and(eq(placement.laId, laId), eq(placement.rank, 1), isNull(placement.endDate)))
    .groupBy(setting.settingType, placement.senSettingCode)
    .orderBy(asc(setting.settingType), asc(placement.senSettingCode));
}

export async function plansByPrimaryNeed(db: Database, laId: string) {
  return db
    .select({ senType: planNeed.senType, plans: sql<number>`count(*)::int` })
    .from(ehcPlan)
    .innerJoin(planNeed, and(eq(planNeed.planVersionId, ehcPlan.currentVersionId), eq(planNeed.rank, 1)))
    .where(and(eq(ehcPlan.laId, laId), eq(ehcPlan.status, 'active')))
    .groupBy(planNeed.senType)
    .orderBy(sql`count(*) desc`);
}
