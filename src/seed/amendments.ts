import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import { ehcPlan, familyLink, planVersion, provisionItem } from '../db/schema/index.js';
import { addDays, type IsoDate } from '../domain/dates.js';
import { weekStarting } from '../domain/school-calendar.js';
import { amendPlan } from '../modules/plans/service.js';
import { declaredAudit } from '../http/actor.js';

/** Children amended besides the demo parent's two: enough to find in the caseload, few enough to stay fast at national scale. */
const OTHER_CHILDREN_AMENDED = 12;

/**
 * Amended plans for a few demo children, issued three weeks ago on a Monday, through the same
 * amendPlan a caseworker uses: every line is taken on, the first reworded, so their ledgers run
 * on across the amendment. The demo parent's second child also has one weekly line given an
 * extra session, so the demo shows a line that changed and started a new schedule beside one that
 * carried on. Runs before the delivery history, which then records against whichever line was in
 * force each week.
 */
export async function seedDemoAmendments(db: Database, options: { laId: string; today: IsoDate; caseworkerId: string; parentUserId: string; clock: Clock }): Promise<number> {
  const { laId, today } = options;
  const amendedOn = addDays(weekStarting(today), -21);
  const candidates = await db
    .select({ childId: ehcPlan.childId, parents: sql<boolean>`exists (select 1 from ${familyLink} f where f.child_id = ${ehcPlan.childId} and f.user_id = ${options.parentUserId})` })
    .from(ehcPlan)
    .innerJoin(planVersion, eq(planVersion.id, ehcPlan.currentVersionId))
    .where(and(eq(ehcPlan.laId, laId), eq(ehcPlan.status, 'active'), lte(planVersion.issuedDate, addDays(amendedOn, -1))))
    .orderBy(asc(ehcPlan.childId));
  const parents = candidates.filter((row) => row.parents);
  const others = candidates
    .filter((row) => !row.parents)
    .filter((_row, index) => index % 7 === 0)
    .slice(0, OTHER_CHILDREN_AMENDED);
  const actor = {
    principal: { userId: options.caseworkerId, laId, role: 'sen_caseworker' as const, displayName: 'Demo seed', email: '', settingId: null, organisationId: null, childId: null },
    requestId: 'demo-seed',
    clock: options.clock,
    audit: declaredAudit('AMEND_PLAN'),
  };
  let amended = 0;
  for (const [index, { childId }] of [...parents, ...others].entries()) {
    const items = await db
      .select({ id: provisionItem.id, description: provisionItem.description, period: provisionItem.period, sessionsPerPeriod: provisionItem.sessionsPerPeriod })
      .from(ehcPlan)
      .innerJoin(provisionItem, eq(provisionItem.planVersionId, ehcPlan.currentVersionId))
      .where(and(eq(ehcPlan.laId, laId), eq(ehcPlan.childId, childId), eq(ehcPlan.status, 'active')))
      .orderBy(asc(provisionItem.section), asc(provisionItem.position));
    const changedLine = index === 1 && parents.length > 1 ? items.findIndex((item, position) => position > 0 && item.period === 'week' && item.sessionsPerPeriod !== null) : -1;
    await amendPlan(
      db,
      actor,
      childId,
      {
        issuedDate: amendedOn,
        provision: items.map((item, position) => {
          if (position === 0) return { previousItemId: item.id, description: `${item.description}, as agreed at the annual review` };
          if (position === changedLine) return { previousItemId: item.id, sessionsPerPeriod: (item.sessionsPerPeriod ?? 0) + 1 };
          return { previousItemId: item.id };
        }),
      },
      today,
    );
    amended += 1;
  }
  return amended;
}
