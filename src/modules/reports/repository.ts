import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { ehcPlan, placement, planNeed, setting } from '../../db/schema/index.js';

/**
 * Every plan in force by the type of its child's current main placement (none when the child has
 * none), with the annual placement cost the LA pays, so the rows add up to the plans in force.
 */
export async function placementCostsByType(db: Database, laId: string) {
  return db
    .select({
      settingType: setting.settingType,
      senSettingCode: placement.senSettingCode,
      hasPlacement: sql<boolean>`${placement.id} is not null`,
      plans: sql<number>`count(*)::int`,
      costed: sql<number>`count(${placement.annualCostPence})::int`,
      totalCostPence: sql<number>`coalesce(sum(${placement.annualCostPence}), 0)::bigint`.mapWith(Number),
    })
    .from(ehcPlan)
    .leftJoin(placement, and(eq(placement.childId, ehcPlan.childId), eq(placement.rank, 1), isNull(placement.endDate)))
    .leftJoin(setting, eq(setting.id, placement.settingId))
    .where(and(eq(ehcPlan.laId, laId), eq(ehcPlan.status, 'active')))
    .groupBy(setting.settingType, placement.senSettingCode, sql`${placement.id} is not null`)
    .orderBy(asc(setting.settingType), asc(placement.senSettingCode));
}

/** Every plan in force by its primary need (null when the plan records none). */
export async function plansByPrimaryNeed(db: Database, laId: string) {
  return db
    .select({ senType: planNeed.senType, plans: sql<number>`count(*)::int` })
    .from(ehcPlan)
    .leftJoin(planNeed, and(eq(planNeed.planVersionId, ehcPlan.currentVersionId), eq(planNeed.rank, 1)))
    .where(and(eq(ehcPlan.laId, laId), eq(ehcPlan.status, 'active')))
    .groupBy(planNeed.senType)
    .orderBy(sql`count(*) desc`);
}
