import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { ehcPlan, organisation, planVersion, provisionDelivery, provisionDeliveryWeek, provisionItem } from '../../db/schema/index.js';
import type { IsoDate } from '../../domain/dates.js';
import { MISSED_REASONS, periodLedger, type MissedReason, type PeriodLedger } from '../../domain/delivery.js';
import { todayInLondon } from '../../domain/formatting.js';
import { isProvisionPeriod } from '../../domain/plans.js';
import { academicYearStart, owedBetween, type ProvisionSchedule } from '../../domain/schedule.js';
import { termContaining, weekStarting } from '../../domain/school-calendar.js';
import { isUuid } from '../../auth/child-access.js';
import type { Actor } from '../../http/actor.js';
import { NotFoundError } from '../../http/errors.js';
import { loadSchoolCalendar } from '../calendar/repository.js';
import { openChildRecord } from '../children/service.js';

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

/**
 * One item's ledger for this week, this term, this school year and since it started: owed from
 * the schedule engine and the LA's calendar, delivered from the weekly rollup (a few dozen rows),
 * missed sessions by reason from the item's own records, corrected ones left out.
 */
export async function loadItemLedger(db: Database, actor: Actor, childId: string, itemId: string, today = todayInLondon()) {
  const summary = await openChildRecord(db, actor, childId, 'VIEW_PROVISION');
  if (!isUuid(itemId)) throw new NotFoundError();
  const { laId } = actor.principal;
  const [item] = await db
    .select({
      id: provisionItem.id,
      section: provisionItem.section,
      description: provisionItem.description,
      provisionType: provisionItem.provisionType,
      providerKind: provisionItem.providerKind,
      organisationId: provisionItem.organisationId,
      organisationName: organisation.name,
      sessionsPerPeriod: provisionItem.sessionsPerPeriod,
      minutesPerSession: provisionItem.minutesPerSession,
      period: provisionItem.period,
      groupSize: provisionItem.groupSize,
      termTimeOnly: provisionItem.termTimeOnly,
      startDate: sql<string | null>`coalesce(${provisionItem.startDate}, ${planVersion.issuedDate})`,
      endDate: provisionItem.endDate,
    })
    .from(provisionItem)
    .innerJoin(planVersion, eq(planVersion.id, provisionItem.planVersionId))
    .innerJoin(ehcPlan, and(eq(ehcPlan.currentVersionId, planVersion.id), eq(ehcPlan.status, 'active')))
    .leftJoin(organisation, eq(organisation.id, provisionItem.organisationId))
    .where(and(eq(provisionItem.laId, laId), eq(provisionItem.id, itemId), eq(ehcPlan.childId, childId)));
  if (!item) throw new NotFoundError();

  const calendar = await loadSchoolCalendar(db, laId);
  const start = item.startDate ?? today;
  const term = termContaining(calendar, today);
  const froms: [LedgerPeriodKey, IsoDate | null][] = [
    ['week', weekStarting(today)],
    ['term', term?.start ?? null],
    ['year', academicYearStart(today)],
    ['plan', start],
  ];
  const periods = froms.filter((entry): entry is [LedgerPeriodKey, IsoDate] => entry[1] !== null).map(([key, from]) => ({ key, from: from < start ? start : from }));
  const earliest = periods.reduce((min, period) => (period.from < min ? period.from : min), today);

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
    .where(and(eq(provisionDeliveryWeek.laId, laId), eq(provisionDeliveryWeek.provisionItemId, itemId), sql`${provisionDeliveryWeek.weekStart} >= ${weekStarting(earliest)}`));
  const reasons = await db
    .select({
      missedReason: provisionDelivery.missedReason,
      deliveredOn: provisionDelivery.deliveredOn,
      sessions: sql<number>`sum(${provisionDelivery.sessions})::int`,
    })
    .from(provisionDelivery)
    .where(
      and(
        eq(provisionDelivery.laId, laId),
        eq(provisionDelivery.provisionItemId, itemId),
        eq(provisionDelivery.status, 'missed'),
        sql`${provisionDelivery.deliveredOn} >= ${weekStarting(earliest)}`,
        sql`not exists (select 1 from provision_delivery c where c.corrects_id = ${provisionDelivery.id})`,
      ),
    )
    .groupBy(provisionDelivery.missedReason, provisionDelivery.deliveredOn);

  const schedule: ProvisionSchedule | null =
    item.sessionsPerPeriod && item.period && isProvisionPeriod(item.period)
      ? { sessionsPerPeriod: item.sessionsPerPeriod, minutesPerSession: item.minutesPerSession, period: item.period, termTimeOnly: item.termTimeOnly, startDate: start, endDate: item.endDate }
      : null;
  const ledger: ItemPeriod[] = periods.map(({ key, from }) => {
    const owed = schedule ? owedBetween(schedule, calendar, from, today) : { sessions: 0, minutes: 0 };
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
        owedMinutes: owed.minutes ?? 0,
        deliveredSessions: sums.deliveredSessions ?? 0,
        deliveredMinutes: sums.deliveredMinutes ?? 0,
        missedSessions: sums.missedSessions ?? 0,
        missedMinutes: sums.missedMinutes ?? 0,
        madeUpMinutes: sums.madeUpMinutes ?? 0,
      }),
      missedByReason: [...byReason].map(([reason, sessions]) => ({ reason, sessions })),
    };
  });
  return { summary, item, ledger, quantified: schedule !== null, today };
}
