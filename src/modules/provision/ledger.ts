import { countingMissedRecords, itemIdentityColumns, itemQuantityColumns, missedSessions } from '../../db/provision-columns.js';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { ehcPlan, organisation, planVersion, provisionDelivery, provisionDeliveryWeek, provisionItem, provisionItemName } from '../../db/schema/index.js';
import { addDays, type IsoDate } from '../../domain/dates.js';
import { MISSED_REASONS, periodLedger, type MissedReason, type PeriodLedger } from '../../domain/delivery.js';
import { isProvisionPeriod } from '../../domain/plans.js';
import { academicYearStart, owedBetween, type ProvisionSchedule } from '../../domain/schedule.js';
import { termContaining, weekStarting, type SchoolCalendar } from '../../domain/school-calendar.js';
import { isUuid } from '../../auth/child-access.js';
import type { Actor } from '../../http/actor.js';
import { NotFoundError } from '../../http/errors.js';
import { loadSchoolCalendar } from '../calendar/repository.js';
import { openChildRecord } from '../children/service.js';
import { findLineages, lineageOf } from './lineage.js';

export const LEDGER_PERIODS = {
  week: 'This week',
  term: 'This term',
  year: 'This school year',
  plan: 'Since the plan started',
} as const;
export type LedgerPeriodKey = keyof typeof LEDGER_PERIODS;

export interface ItemPeriod {
  key: LedgerPeriodKey;
  from: IsoDate;
  ledger: PeriodLedger;
  missedByReason: { reason: string; sessions: number }[];
}

const itemColumns = {
  id: provisionItem.id,
  ...itemIdentityColumns,
  provisionType: provisionItem.provisionType,
  ...itemQuantityColumns,
  startDate: provisionItem.startDate,
  endDate: provisionItem.endDate,
  effectiveStart: sql<string | null>`coalesce(${provisionItem.startDate}, ${planVersion.issuedDate})`,
  shortName: provisionItemName.shortName,
};

type LedgerItem = Awaited<ReturnType<typeof findItem>>;

async function findItem(db: Database, laId: string, itemId: string, inForceFor: string | null) {
  const [item] = await db
    .select(itemColumns)
    .from(provisionItem)
    .innerJoin(planVersion, eq(planVersion.id, provisionItem.planVersionId))
    .innerJoin(ehcPlan, inForceFor === null ? eq(ehcPlan.id, planVersion.planId) : and(eq(ehcPlan.currentVersionId, planVersion.id), eq(ehcPlan.status, 'active'), eq(ehcPlan.childId, inForceFor)))
    .leftJoin(organisation, eq(organisation.id, provisionItem.organisationId))
    .leftJoin(provisionItemName, eq(provisionItemName.provisionItemId, provisionItem.id))
    .where(and(eq(provisionItem.laId, laId), eq(provisionItem.id, itemId)));
  return item;
}

function scheduleOf(item: NonNullable<LedgerItem>, startDate: IsoDate, endDate: IsoDate | null): ProvisionSchedule | null {
  return item.sessionsPerPeriod && item.period && isProvisionPeriod(item.period)
    ? { sessionsPerPeriod: item.sessionsPerPeriod, minutesPerSession: item.minutesPerSession, period: item.period, termTimeOnly: item.termTimeOnly, startDate, endDate }
    : null;
}

/**
 * A line's ledger over periods that each run from their `from` to `to`: owed from the schedule
 * engine and the LA's calendar, delivered from the weekly rollup of the line and every line it
 * carries on (a few dozen rows), missed sessions by reason from their own records, corrected ones
 * left out.
 */
async function periodLedgers(
  db: Database,
  laId: string,
  calendar: SchoolCalendar,
  itemIds: string[],
  schedule: ProvisionSchedule | null,
  periods: { key: LedgerPeriodKey; from: IsoDate }[],
  to: IsoDate,
): Promise<ItemPeriod[]> {
  const earliest = periods.reduce((min, period) => (period.from < min ? period.from : min), to);
  const upTo = sql`${provisionDeliveryWeek.weekStart} <= ${weekStarting(to)}`;
  const weekSums = Object.fromEntries(
    periods.map(({ key, from }) => {
      const inPeriod = sql`${provisionDeliveryWeek.weekStart} >= ${weekStarting(from)}`;
      return [
        key,
        {
          deliveredSessions: sql<number>`coalesce(sum(${provisionDeliveryWeek.deliveredSessions}) filter (where ${inPeriod}), 0)::int`,
          deliveredMinutes: sql<number>`coalesce(sum(${provisionDeliveryWeek.deliveredMinutes}) filter (where ${inPeriod}), 0)::int`,
          missedSessions: sql<number>`coalesce(sum(${provisionDeliveryWeek.missedSessions}) filter (where ${inPeriod}), 0)::int`,
          missedMinutes: sql<number>`coalesce(sum(${provisionDeliveryWeek.missedMinutes}) filter (where ${inPeriod}), 0)::int`,
          madeUpMinutes: sql<number>`coalesce(sum(${provisionDeliveryWeek.madeUpMinutes}) filter (where ${inPeriod}), 0)::int`,
        },
      ];
    }),
  );
  const [totals] = await db
    .select(weekSums)
    .from(provisionDeliveryWeek)
    .where(and(eq(provisionDeliveryWeek.laId, laId), inArray(provisionDeliveryWeek.provisionItemId, itemIds), sql`${provisionDeliveryWeek.weekStart} >= ${weekStarting(earliest)}`, upTo));
  const reasons = await db
    .select({
      missedReason: provisionDelivery.missedReason,
      deliveredOn: provisionDelivery.deliveredOn,
      sessions: missedSessions,
    })
    .from(provisionDelivery)
    .where(and(countingMissedRecords(laId, itemIds), sql`${provisionDelivery.deliveredOn} >= ${weekStarting(earliest)}`, sql`${provisionDelivery.deliveredOn} < ${addDays(weekStarting(to), 7)}`))
    .groupBy(provisionDelivery.missedReason, provisionDelivery.deliveredOn);

  return periods.map(({ key, from }) => {
    const owed = schedule ? owedBetween(schedule, calendar, from, to) : { sessions: 0, minutes: 0 };
    const sums = (totals as Record<string, Record<string, number>> | undefined)?.[key] ?? {};
    const byReason = new Map<string, number>();
    for (const row of reasons) {
      if (weekStarting(row.deliveredOn) < weekStarting(from)) continue;
      const reason = row.missedReason && row.missedReason in MISSED_REASONS ? MISSED_REASONS[row.missedReason as MissedReason] : 'Reason not given';
      byReason.set(reason, (byReason.get(reason) ?? 0) + row.sessions);
    }
    return {
      key,
      from,
      ledger: periodLedger({
        owedSessions: owed.sessions,
        // The ledger is shown in whole minutes: the exact figure is rounded once, here.
        owedMinutes: Math.round(owed.minutes ?? 0),
        deliveredSessions: sums.deliveredSessions ?? 0,
        deliveredMinutes: sums.deliveredMinutes ?? 0,
        missedSessions: sums.missedSessions ?? 0,
        missedMinutes: sums.missedMinutes ?? 0,
        madeUpMinutes: sums.madeUpMinutes ?? 0,
      }),
      missedByReason: [...byReason].map(([reason, sessions]) => ({ reason, sessions })),
    };
  });
}

/**
 * The line an amendment replaced with a new schedule: its own ledger (and the lines it carried
 * on) for the school year and its whole life, up to the day before the amendment.
 */
async function replacedLineLedger(db: Database, laId: string, calendar: SchoolCalendar, replacedItemId: string, amendedOn: IsoDate, today: IsoDate) {
  const item = await findItem(db, laId, replacedItemId, null);
  if (!item) return null;
  const lineage = lineageOf(await findLineages(db, laId, { itemIds: [item.id] }), item.id, item.effectiveStart);
  const start = lineage.startsOn ?? amendedOn;
  const lastDay = addDays(amendedOn, -1);
  const endDate = item.endDate !== null && item.endDate < lastDay ? item.endDate : lastDay;
  const yearStart = academicYearStart(today);
  const periods: { key: LedgerPeriodKey; from: IsoDate }[] = [{ key: 'plan', from: start }];
  if (endDate >= yearStart) periods.unshift({ key: 'year', from: start > yearStart ? start : yearStart });
  const ledger = await periodLedgers(db, laId, calendar, lineage.itemIds, scheduleOf(item, start, endDate), periods, endDate);
  return { item, ledger, endDate, amendedOn };
}

/**
 * One item's ledger for this week, this term, this school year and since it started. A line that
 * carries on an earlier version's line counts from that line's start and counts what was
 * delivered against it (the amendment changed nothing the family was owed); a line that changed
 * starts afresh, and the line it replaced is shown beside it with its own figures.
 */
export async function loadItemLedger(db: Database, actor: Actor, childId: string, itemId: string, today = actor.clock.today()) {
  const summary = await openChildRecord(db, actor, childId);
  if (!isUuid(itemId)) throw new NotFoundError();
  const { laId } = actor.principal;
  const item = await findItem(db, laId, itemId, childId);
  if (!item) throw new NotFoundError();

  const [calendar, lineages] = await Promise.all([loadSchoolCalendar(db, laId), findLineages(db, laId, { itemIds: [item.id] })]);
  const lineage = lineageOf(lineages, item.id, item.effectiveStart);
  const start = lineage.startsOn ?? today;
  const term = termContaining(calendar, today);
  const froms: [LedgerPeriodKey, IsoDate | null][] = [
    ['week', weekStarting(today)],
    ['term', term?.start ?? null],
    ['year', academicYearStart(today)],
    ['plan', start],
  ];
  const periods = froms.filter((entry): entry is [LedgerPeriodKey, IsoDate] => entry[1] !== null).map(([key, from]) => ({ key, from: from < start ? start : from }));
  const schedule = scheduleOf(item, start, item.endDate);
  const ledger = await periodLedgers(db, laId, calendar, lineage.itemIds, schedule, periods, today);
  const replacedOn = lineage.amendments.find((amendment) => amendment.previousItemId === lineage.replacedItemId)?.on ?? null;
  const replaced = lineage.replacedItemId && replacedOn ? await replacedLineLedger(db, laId, calendar, lineage.replacedItemId, replacedOn, today) : null;
  return { summary, item, ledger, quantified: schedule !== null, today, amendments: lineage.amendments, replaced };
}
