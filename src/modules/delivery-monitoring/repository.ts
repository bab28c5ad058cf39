import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.js';
import { child, ehcPlan, organisation, placement, planNeed, provisionItem, provisionItemLedger, setting } from '../../db/schema/index.js';

export type LedgerPeriod = 'term' | 'year';

const providerSetting = alias(setting, 'provider_setting');

function owedColumn(period: LedgerPeriod) {
  return period === 'term' ? provisionItemLedger.owedTermMinutes : provisionItemLedger.owedYearMinutes;
}

function deliveredColumn(period: LedgerPeriod) {
  return period === 'term' ? provisionItemLedger.deliveredTermMinutes : provisionItemLedger.deliveredYearMinutes;
}

export type Dimension = 'provider' | 'setting' | 'provisionType' | 'need';

/**
 * Delivery rate by one dimension, from the ledger snapshot (one row per item, refreshed by the
 * daily sweep): no schedule is expanded and no delivery record is read per page view.
 * Provider: the organisation for LA, NHS and independent provision; the child's school for
 * school-delivered provision. Setting: the child's current main placement. Need: the primary need
 * in the plan in force.
 */
export async function rateBy(db: Database, laId: string, dimension: Dimension, period: LedgerPeriod) {
  const key: SQL<string | null> = {
    provider: sql<string | null>`coalesce(${organisation.name}, ${providerSetting.name})`,
    setting: sql<string | null>`coalesce(${providerSetting.name}, ${placement.senSettingCode})`,
    provisionType: sql<string | null>`${provisionItem.provisionType}`,
    need: sql<string | null>`${planNeed.senType}`,
  }[dimension];
  const owed = owedColumn(period);
  const delivered = deliveredColumn(period);
  let query = db
    .select({
      key,
      items: sql<number>`count(*)::int`,
      children: sql<number>`count(distinct ${provisionItemLedger.childId})::int`,
      owedMinutes: sql<number>`coalesce(sum(${owed}), 0)::bigint`.mapWith(Number),
      deliveredMinutes: sql<number>`coalesce(sum(least(${delivered}, ${owed})), 0)::bigint`.mapWith(Number),
    })
    .from(provisionItemLedger)
    .innerJoin(provisionItem, eq(provisionItem.id, provisionItemLedger.provisionItemId))
    .$dynamic();
  if (dimension === 'provider') query = query.leftJoin(organisation, eq(organisation.id, provisionItem.organisationId));
  if (dimension === 'provider' || dimension === 'setting') {
    query = query
      .leftJoin(placement, and(eq(placement.childId, provisionItemLedger.childId), eq(placement.rank, 1), isNull(placement.endDate)))
      .leftJoin(providerSetting, eq(providerSetting.id, placement.settingId));
  }
  if (dimension === 'need') {
    query = query
      .innerJoin(ehcPlan, and(eq(ehcPlan.childId, provisionItemLedger.childId), eq(ehcPlan.status, 'active')))
      .leftJoin(planNeed, and(eq(planNeed.planVersionId, ehcPlan.currentVersionId), eq(planNeed.rank, 1)));
  }
  return query.where(and(eq(provisionItemLedger.laId, laId), sql`${owed} > 0`)).groupBy(sql`1`);
}

/** The items furthest behind, with their child and provider. */
export async function largestItemShortfalls(db: Database, laId: string, period: LedgerPeriod, limit: number) {
  const owed = owedColumn(period);
  const delivered = deliveredColumn(period);
  const shortfall = sql<number>`(${owed} - ${delivered})`;
  return db
    .select({
      childId: child.id,
      forename: child.forename,
      surname: child.surname,
      description: provisionItem.description,
      section: provisionItem.section,
      providerKind: provisionItem.providerKind,
      organisationName: organisation.name,
      owedMinutes: owed,
      deliveredMinutes: delivered,
      shortfallMinutes: shortfall.mapWith(Number),
    })
    .from(provisionItemLedger)
    .innerJoin(provisionItem, eq(provisionItem.id, provisionItemLedger.provisionItemId))
    .innerJoin(child, eq(child.id, provisionItemLedger.childId))
    .leftJoin(organisation, eq(organisation.id, provisionItem.organisationId))
    .where(and(eq(provisionItemLedger.laId, laId), sql`${shortfall} > 0`))
    .orderBy(desc(shortfall))
    .limit(limit);
}

/** The children furthest behind across all their provision. */
export async function largestChildShortfalls(db: Database, laId: string, period: LedgerPeriod, limit: number) {
  const owed = owedColumn(period);
  const delivered = deliveredColumn(period);
  const shortfall = sql<number>`sum(greatest(${owed} - ${delivered}, 0))`;
  return db
    .select({
      childId: child.id,
      forename: child.forename,
      surname: child.surname,
      items: sql<number>`count(*) filter (where ${owed} > ${delivered})::int`,
      owedMinutes: sql<number>`sum(${owed})::bigint`.mapWith(Number),
      deliveredMinutes: sql<number>`sum(least(${delivered}, ${owed}))::bigint`.mapWith(Number),
      shortfallMinutes: sql<number>`${shortfall}::bigint`.mapWith(Number),
    })
    .from(provisionItemLedger)
    .innerJoin(child, eq(child.id, provisionItemLedger.childId))
    .where(eq(provisionItemLedger.laId, laId))
    .groupBy(child.id, child.forename, child.surname)
    .having(sql`${shortfall} > 0`)
    .orderBy(desc(shortfall))
    .limit(limit);
}

/** When the snapshot was taken (null before the first sweep). */
export async function ledgerAsOf(db: Database, laId: string): Promise<string | null> {
  const [row] = await db.select({ asOf: sql<string | null>`max(${provisionItemLedger.asOf})` }).from(provisionItemLedger).where(eq(provisionItemLedger.laId, laId));
  return row?.asOf ?? null;
}
