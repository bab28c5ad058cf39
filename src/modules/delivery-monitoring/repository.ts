import { childNameColumns, itemIdentityColumns } from '../../db/columns.js';
import { and, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.js';
import { child, childDeliveryLedger, deliveryRateRollup, ehcPlan, organisation, placement, planNeed, provisionItem, provisionItemLedger, provisionItemName, setting } from '../../db/schema/index.js';

export type LedgerPeriod = 'term' | 'year';

const providerSetting = alias(setting, 'provider_setting');

function owedColumn(period: LedgerPeriod) {
  return period === 'term' ? provisionItemLedger.owedTermMinutes : provisionItemLedger.owedYearMinutes;
}

function deliveredColumn(period: LedgerPeriod) {
  return period === 'term' ? provisionItemLedger.deliveredTermMinutes : provisionItemLedger.deliveredYearMinutes;
}

const DIMENSIONS = ['provider', 'setting', 'provisionType', 'need'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
const PERIODS: readonly LedgerPeriod[] = ['term', 'year'];

/**
 * Delivery rate by one dimension, worked out from the ledger snapshot (one row per item) when the
 * daily sweep refreshes it, and kept in delivery_rate_rollup: grouping every item of a large LA
 * takes longer than a page view may.
 * Provider: the organisation for LA, NHS and independent provision; the child's school for
 * school-delivered provision. Setting: the child's current main placement. Need: the primary need
 * in the plan in force.
 */
async function computeRatesBy(db: Database, laId: string, dimension: Dimension, period: LedgerPeriod) {
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
      // Left joins: an item whose child has no plan in force or no primary need still counts, as "not recorded".
      .leftJoin(ehcPlan, and(eq(ehcPlan.childId, provisionItemLedger.childId), eq(ehcPlan.status, 'active')))
      .leftJoin(planNeed, and(eq(planNeed.planVersionId, ehcPlan.currentVersionId), eq(planNeed.rank, 1)));
  }
  return query.where(and(eq(provisionItemLedger.laId, laId), sql`${owed} > 0`)).groupBy(sql`1`);
}

/**
 * Rewrites the LA's delivery rates and per-child totals from its item ledger snapshot. The sweep
 * calls it in the transaction that replaces the snapshot, so the view never mixes two days.
 */
export async function refreshDeliveryRollups(db: Database, laId: string, asOf: string): Promise<void> {
  const rates: (typeof deliveryRateRollup.$inferInsert)[] = [];
  for (const period of PERIODS) {
    for (const dimension of DIMENSIONS) {
      for (const row of await computeRatesBy(db, laId, dimension, period)) rates.push({ laId, asOf, period, dimension, ...row });
    }
  }
  await db.delete(deliveryRateRollup).where(eq(deliveryRateRollup.laId, laId));
  for (let start = 0; start < rates.length; start += 1000) await db.insert(deliveryRateRollup).values(rates.slice(start, start + 1000));

  await db.delete(childDeliveryLedger).where(eq(childDeliveryLedger.laId, laId));
  const l = provisionItemLedger;
  await db.execute(sql`
    insert into child_delivery_ledger (child_id, la_id, as_of,
      owed_term_minutes, delivered_term_minutes, shortfall_term_minutes, items_behind_term,
      owed_year_minutes, delivered_year_minutes, shortfall_year_minutes, items_behind_year)
    select ${l.childId}, ${l.laId}, ${asOf}::date,
      sum(${l.owedTermMinutes}), sum(least(${l.deliveredTermMinutes}, ${l.owedTermMinutes})), sum(greatest(${l.owedTermMinutes} - ${l.deliveredTermMinutes}, 0)), count(*) filter (where ${l.owedTermMinutes} > ${l.deliveredTermMinutes}),
      sum(${l.owedYearMinutes}), sum(least(${l.deliveredYearMinutes}, ${l.owedYearMinutes})), sum(greatest(${l.owedYearMinutes} - ${l.deliveredYearMinutes}, 0)), count(*) filter (where ${l.owedYearMinutes} > ${l.deliveredYearMinutes})
    from ${l}
    where ${l.laId} = ${laId}
    group by ${l.childId}, ${l.laId}`);
}

/** The LA's delivery rates by one dimension, as the last sweep left them. */
export async function ratesBy(db: Database, laId: string, dimension: Dimension, period: LedgerPeriod) {
  return db
    .select({
      key: deliveryRateRollup.key,
      items: deliveryRateRollup.items,
      children: deliveryRateRollup.children,
      owedMinutes: deliveryRateRollup.owedMinutes,
      deliveredMinutes: deliveryRateRollup.deliveredMinutes,
    })
    .from(deliveryRateRollup)
    .where(and(eq(deliveryRateRollup.laId, laId), eq(deliveryRateRollup.period, period), eq(deliveryRateRollup.dimension, dimension)));
}

/** The items furthest behind, with their child and provider (an index on the shortfall reads the top few). */
export async function largestItemShortfalls(db: Database, laId: string, period: LedgerPeriod, limit: number) {
  const owed = owedColumn(period);
  const delivered = deliveredColumn(period);
  const shortfall = sql<number>`(${owed} - ${delivered})`;
  return db
    .select({
      ...childNameColumns,
      itemId: provisionItem.id,
      ...itemIdentityColumns,
      provisionType: provisionItem.provisionType,
      shortName: provisionItemName.shortName,
      owedMinutes: owed,
      deliveredMinutes: delivered,
      shortfallMinutes: shortfall.mapWith(Number),
    })
    .from(provisionItemLedger)
    .innerJoin(provisionItem, eq(provisionItem.id, provisionItemLedger.provisionItemId))
    .innerJoin(child, eq(child.id, provisionItemLedger.childId))
    .leftJoin(organisation, eq(organisation.id, provisionItem.organisationId))
    .leftJoin(provisionItemName, eq(provisionItemName.provisionItemId, provisionItem.id))
    .where(and(eq(provisionItemLedger.laId, laId), sql`${shortfall} > 0`))
    .orderBy(desc(shortfall))
    .limit(limit);
}

/** The children furthest behind across all their provision, from the per-child totals. */
export async function largestChildShortfalls(db: Database, laId: string, period: LedgerPeriod, limit: number) {
  const c = childDeliveryLedger;
  const [owed, delivered, shortfall, behind] =
    period === 'term' ? [c.owedTermMinutes, c.deliveredTermMinutes, c.shortfallTermMinutes, c.itemsBehindTerm] : [c.owedYearMinutes, c.deliveredYearMinutes, c.shortfallYearMinutes, c.itemsBehindYear];
  return db
    .select({ childId: child.id, forename: child.forename, surname: child.surname, items: behind, owedMinutes: owed, deliveredMinutes: delivered, shortfallMinutes: shortfall })
    .from(c)
    .innerJoin(child, eq(child.id, c.childId))
    .where(and(eq(c.laId, laId), sql`${shortfall} > 0`))
    .orderBy(desc(shortfall))
    .limit(limit);
}

/** When the snapshot was taken (null before the first sweep). */
export async function ledgerAsOf(db: Database, laId: string): Promise<string | null> {
  const [row] = await db
    .select({ asOf: sql<string | null>`max(${provisionItemLedger.asOf})` })
    .from(provisionItemLedger)
    .where(eq(provisionItemLedger.laId, laId));
  return row?.asOf ?? null;
}
