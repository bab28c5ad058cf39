import { itemIdentityColumns } from '../../db/provision-columns.js';
import { and, eq, sql } from 'drizzle-orm';
import { childScopeCondition } from '../../auth/child-access.js';
import type { ChildScope } from '../../auth/child-scope.js';
import type { Database } from '../../db/client.js';
import { child, ehcPlan, organisation, planVersion, provisionItem } from '../../db/schema/index.js';

/** The items of plans in force for the children in a scope, with each child's name: for a pre-filled template or a provider's system. */
export async function findItemsInScope(db: Database, laId: string, scope: ChildScope, limit: number) {
  return db
    .select({
      id: provisionItem.id,
      childId: child.id,
      forename: child.forename,
      surname: child.surname,
      upn: child.upn,
      ...itemIdentityColumns,
      minutesPerSession: provisionItem.minutesPerSession,
      startDate: sql<string | null>`coalesce(${provisionItem.startDate}, ${planVersion.issuedDate})`,
      endDate: provisionItem.endDate,
    })
    .from(provisionItem)
    .innerJoin(planVersion, eq(planVersion.id, provisionItem.planVersionId))
    .innerJoin(ehcPlan, and(eq(ehcPlan.currentVersionId, planVersion.id), eq(ehcPlan.status, 'active')))
    .innerJoin(child, eq(child.id, ehcPlan.childId))
    .leftJoin(organisation, eq(organisation.id, provisionItem.organisationId))
    .where(and(eq(provisionItem.laId, laId), childScopeCondition(scope)))
    .orderBy(child.surname, child.forename, child.id, provisionItem.section, provisionItem.position)
    .limit(limit);
}
