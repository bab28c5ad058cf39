import { and, asc, eq, isNotNull, or } from 'drizzle-orm';
import { itemIdentityColumns, itemQuantityColumns } from '../../db/columns.js';
import type { Database } from '../../db/client.js';
import { ehcPlan, organisation, planVersion, provisionItem, provisionItemName } from '../../db/schema/index.js';

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
