import { and, asc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { itemIdentityColumns, itemQuantityColumns } from '../../db/columns.js';
import type { Database } from '../../db/client.js';
import { ehcPlan, organisation, placement, planVersion, provisionItem, provisionItemLedger, provisionItemName, setting } from '../../db/schema/index.js';

/** The costed lines of a child's plan in force (a unit cost or a flat annual cost), with the day that version was issued. */
export async function findCostedItems(db: Database, laId: string, childId: string) {
  return db
    .select({
      id: provisionItem.id,
      ...itemIdentityColumns,
      ...itemQuantityColumns,
      provisionType: provisionItem.provisionType,
      shortName: provisionItemName.shortName,
      unitCostPence: provisionItem.unitCostPence,
      costUnit: provisionItem.costUnit,
      annualCostPence: provisionItem.annualCostPence,
      startDate: provisionItem.startDate,
      endDate: provisionItem.endDate,
      issuedDate: planVersion.issuedDate,
      planFirstIssued: ehcPlan.firstIssuedDate,
    })
    .from(ehcPlan)
    .innerJoin(planVersion, eq(planVersion.id, ehcPlan.currentVersionId))
    .innerJoin(provisionItem, eq(provisionItem.planVersionId, planVersion.id))
    .leftJoin(organisation, eq(organisation.id, provisionItem.organisationId))
    .leftJoin(provisionItemName, eq(provisionItemName.provisionItemId, provisionItem.id))
    .where(
      and(
        eq(ehcPlan.laId, laId),
        eq(ehcPlan.childId, childId),
        eq(ehcPlan.status, 'active'),
        eq(provisionItem.laId, laId),
        or(isNotNull(provisionItem.unitCostPence), isNotNull(provisionItem.annualCostPence)),
      ),
    )
    .orderBy(asc(provisionItem.section), asc(provisionItem.position));
}

export type CostedItem = Awaited<ReturnType<typeof findCostedItems>>[number];

export type CostPeriod = 'term' | 'year';
export type CostDimension = 'provisionType' | 'provider';

const providerSetting = alias(setting, 'provider_setting');

/**
 * Planned and actual cost of the LA's lines paid for by the hour or the session, by provision type
 * or by provider, this term or this school year, from the daily ledger snapshot (ADR 8): one
 * indexed read of provision_item_ledger by LA, joined to each line by its key, never a loop over
 * children. Each line's cost is worked out and rounded to whole pence first (owed or delivered
 * minutes × the rate: an hour's rate ÷ 60, a session's ÷ the plan's minutes a session; SQL's
 * round() on numeric rounds half up, as provision-cost.ts does), then added up, so the rows add up
 * to the total. Provider is as the delivery view has it: the organisation, or the child's school
 * for school-delivered lines.
 */
export async function costsBy(db: Database, laId: string, dimension: CostDimension, period: CostPeriod) {
  const l = provisionItemLedger;
  const [owed, delivered] = period === 'term' ? [l.owedTermMinutes, l.deliveredTermMinutes] : [l.owedYearMinutes, l.deliveredYearMinutes];
  const perMinute = sql`(case ${provisionItem.costUnit} when 'hour' then ${provisionItem.unitCostPence}::numeric / 60 else ${provisionItem.unitCostPence}::numeric / ${provisionItem.minutesPerSession} end)`;
  const key = dimension === 'provider' ? sql<string | null>`coalesce(${organisation.name}, ${providerSetting.name})` : sql<string | null>`${provisionItem.provisionType}`;
  let query = db
    .select({
      key,
      items: sql<number>`count(*)::int`,
      plannedPence: sql<number>`coalesce(sum(round(${owed} * ${perMinute})), 0)::bigint`.mapWith(Number),
      actualPence: sql<number>`coalesce(sum(round(${delivered} * ${perMinute})), 0)::bigint`.mapWith(Number),
    })
    .from(l)
    .innerJoin(provisionItem, eq(provisionItem.id, l.provisionItemId))
    .$dynamic();
  if (dimension === 'provider') {
    query = query
      .leftJoin(organisation, eq(organisation.id, provisionItem.organisationId))
      .leftJoin(placement, and(eq(placement.childId, l.childId), eq(placement.rank, 1), isNull(placement.endDate)))
      .leftJoin(providerSetting, eq(providerSetting.id, placement.settingId));
  }
  return query
    .where(and(eq(l.laId, laId), inArray(provisionItem.costUnit, ['hour', 'session']), sql`${provisionItem.minutesPerSession} > 0`))
    .groupBy(sql`1`)
    .orderBy(sql`3 desc`);
}

/** How many lines of plans in force have a flat cost (a week, term or year): paid whatever is delivered, so not in the planned-against-delivered figures. */
export async function countFlatCostLines(db: Database, laId: string): Promise<number> {
  const [row] = await db
    .select({ lines: sql<number>`count(*)::int` })
    .from(ehcPlan)
    .innerJoin(provisionItem, eq(provisionItem.planVersionId, ehcPlan.currentVersionId))
    .where(
      and(
        eq(ehcPlan.laId, laId),
        eq(ehcPlan.status, 'active'),
        or(inArray(provisionItem.costUnit, ['week', 'term', 'year']), and(isNull(provisionItem.costUnit), isNotNull(provisionItem.annualCostPence))),
      ),
    );
  return row?.lines ?? 0;
}
