import { correctedById, itemIdentityColumns, itemQuantityColumns, notCorrected } from '../../db/provision-columns.js';
import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { childScopeCondition } from '../../auth/child-access.js';
import type { ChildScope } from '../../auth/child-scope.js';
import type { Database } from '../../db/client.js';
import { appUser, child, ehcPlan, organisation, planVersion, provisionDelivery, provisionItem } from '../../db/schema/index.js';
import type { IsoDate } from '../../domain/dates.js';

/** Records that still count: not withdrawn and not replaced by a later correction. */
const stillCounts = sql`${provisionDelivery.status} <> 'withdrawn' and ${notCorrected}`;

export interface GridNarrowing {
  caseworkerId?: string;
  providerKind?: string;
  organisationId?: string;
}

/** The days a week's grid covers: items that have not started by `lastDay` or ended before `monday` have nothing to record. */
export interface GridWindow {
  monday: IsoDate;
  lastDay: IsoDate;
}

/**
 * The items a grid may show: of the plans in force of every child in a scope, narrowed to one
 * caseworker's caseload (`caseworkerId`) or to what a school or an organisation provides (the SQL
 * form of mayRecordAgainst, so a large LA is not read to be filtered in memory), and alive in the week.
 */
function gridItemConditions(scope: ChildScope, narrow: GridNarrowing, window: GridWindow) {
  const startsOn = sql`coalesce(${provisionItem.startDate}, ${planVersion.issuedDate})`;
  return and(
    childScopeCondition(scope),
    narrow.caseworkerId ? eq(child.caseworkerId, narrow.caseworkerId) : undefined,
    narrow.providerKind ? eq(provisionItem.providerKind, narrow.providerKind) : undefined,
    narrow.organisationId ? eq(provisionItem.organisationId, narrow.organisationId) : undefined,
    sql`${startsOn} <= ${window.lastDay}`,
    sql`(${provisionItem.endDate} is null or (${provisionItem.endDate} >= ${window.monday} and ${provisionItem.endDate} >= ${startsOn}))`,
  );
}

/**
 * Every pupil a grid may show, in the grid's order, with how many items each has that week: enough
 * to cut the grid into pages without reading the items themselves.
 */
export function findGridPupils(db: Database, scope: ChildScope, narrow: GridNarrowing, window: GridWindow) {
  return db
    .select({ childId: child.id, items: sql<number>`count(*)::int` })
    .from(child)
    .innerJoin(ehcPlan, and(eq(ehcPlan.childId, child.id), eq(ehcPlan.status, 'active')))
    .innerJoin(planVersion, eq(planVersion.id, ehcPlan.currentVersionId))
    .innerJoin(provisionItem, eq(provisionItem.planVersionId, planVersion.id))
    .where(gridItemConditions(scope, narrow, window))
    .groupBy(child.id, child.surname, child.forename)
    .orderBy(asc(child.surname), asc(child.forename), asc(child.id));
}

/** The grid's items for some of those pupils, with each child's name, in the grid's order. */
export async function findGridItems(db: Database, scope: ChildScope, narrow: GridNarrowing, window: GridWindow, childIds: string[]) {
  return childIds.length === 0 ? [] : gridItemsQuery(db, scope, narrow, window, childIds);
}

/** The query findGridItems runs, unrun: the benchmark reads its plan. */
export function gridItemsQuery(db: Database, scope: ChildScope, narrow: GridNarrowing, window: GridWindow, childIds: string[]) {
  return db
    .select({
      childId: child.id,
      forename: child.forename,
      surname: child.surname,
      itemId: provisionItem.id,
      ...itemIdentityColumns,
      ...itemQuantityColumns,
      itemStart: provisionItem.startDate,
      itemEnd: provisionItem.endDate,
      issuedDate: planVersion.issuedDate,
    })
    .from(child)
    .innerJoin(ehcPlan, and(eq(ehcPlan.childId, child.id), eq(ehcPlan.status, 'active')))
    .innerJoin(planVersion, eq(planVersion.id, ehcPlan.currentVersionId))
    .innerJoin(provisionItem, eq(provisionItem.planVersionId, planVersion.id))
    .leftJoin(organisation, eq(organisation.id, provisionItem.organisationId))
    .where(and(inArray(child.id, childIds), gridItemConditions(scope, narrow, window)))
    .orderBy(asc(child.surname), asc(child.forename), asc(child.id), asc(provisionItem.section), asc(provisionItem.position));
}

export type GridItem = Awaited<ReturnType<typeof gridItemsQuery>>[number];

/** What already counts for each item in a week, by status: read by the (item, day) index. */
export async function findWeekRecords(db: Database, laId: string, itemIds: string[], monday: IsoDate, sunday: IsoDate) {
  if (itemIds.length === 0) return [];
  return db
    .select({
      provisionItemId: provisionDelivery.provisionItemId,
      status: provisionDelivery.status,
      records: sql<number>`count(*)::int`,
      sessions: sql<number>`sum(${provisionDelivery.sessions})::int`,
      minutes: sql<number>`sum(${provisionDelivery.minutes})::int`,
      madeUpMinutes: sql<number>`coalesce(sum(${provisionDelivery.minutes}) filter (where ${provisionDelivery.madeUp}), 0)::int`,
    })
    .from(provisionDelivery)
    .where(
      and(eq(provisionDelivery.laId, laId), inArray(provisionDelivery.provisionItemId, itemIds), gte(provisionDelivery.deliveredOn, monday), lte(provisionDelivery.deliveredOn, sunday), stillCounts),
    )
    .groupBy(provisionDelivery.provisionItemId, provisionDelivery.status);
}

/** The records of one item, newest first, each with who recorded it and the record that corrected it. */
export async function findItemRecords(db: Database, laId: string, itemId: string, limit: number) {
  return db
    .select({
      id: provisionDelivery.id,
      deliveredOn: provisionDelivery.deliveredOn,
      periodEnd: provisionDelivery.periodEnd,
      status: provisionDelivery.status,
      sessions: provisionDelivery.sessions,
      minutes: provisionDelivery.minutes,
      missedReason: provisionDelivery.missedReason,
      madeUp: provisionDelivery.madeUp,
      source: provisionDelivery.source,
      correctsId: provisionDelivery.correctsId,
      recordedAt: provisionDelivery.recordedAt,
      recordedByName: appUser.displayName,
      correctedById: correctedById,
    })
    .from(provisionDelivery)
    .innerJoin(appUser, eq(appUser.id, provisionDelivery.recordedBy))
    .where(and(eq(provisionDelivery.laId, laId), eq(provisionDelivery.provisionItemId, itemId)))
    .orderBy(desc(provisionDelivery.deliveredOn), desc(provisionDelivery.recordedAt))
    .limit(limit);
}

export type ItemRecord = Awaited<ReturnType<typeof findItemRecords>>[number];

/** One record, with whether it has been corrected. */
export async function findRecord(db: Database, laId: string, recordId: string) {
  const [row] = await db
    .select({
      record: provisionDelivery,
      correctedById: correctedById,
    })
    .from(provisionDelivery)
    .where(and(eq(provisionDelivery.laId, laId), eq(provisionDelivery.id, recordId)));
  return row;
}
