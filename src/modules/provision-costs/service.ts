import type { Database } from '../../db/client.js';
import type { Actor } from '../../http/actor.js';
import { recordAudit } from '../audit/repository.js';
import { ledgerAsOf } from '../delivery-monitoring/repository.js';
import type { IsoDate } from '../../domain/dates.js';
import { isProvisionPeriod } from '../../domain/plans.js';
import { provisionCost, unitCostOf, type ProvisionCost, type UnitCost } from '../../domain/provision-cost.js';
import { academicYearStart, owedBetween } from '../../domain/schedule.js';
import type { SchoolCalendar } from '../../domain/school-calendar.js';
import { loadSchoolCalendar } from '../calendar/repository.js';
import { findLineages, lineageOf, type Lineage } from '../provision/lineage.js';
import { deliveredSince, type ItemLedger } from '../provision/service.js';
import * as repository from './repository.js';

export interface ItemCost {
  item: repository.CostedItem;
  cost: UnitCost;
  thisYear: ProvisionCost;
  sincePlanStarted: ProvisionCost;
}

export interface ChildProvisionCosts {
  /** The first day of this school year and the day the plan was first issued (or the line first ran). */
  yearFrom: IsoDate;
  planFrom: IsoDate;
  today: IsoDate;
  items: ItemCost[];
}

function costOver(item: repository.CostedItem, cost: UnitCost, lineage: Lineage, calendar: SchoolCalendar, delivered: ItemLedger | undefined, from: IsoDate, today: IsoDate): ProvisionCost {
  const startDate = lineage.startsOn ?? item.issuedDate ?? today;
  const owed =
    item.sessionsPerPeriod && item.period && isProvisionPeriod(item.period)
      ? owedBetween(
          { sessionsPerPeriod: item.sessionsPerPeriod, minutesPerSession: item.minutesPerSession, period: item.period, termTimeOnly: item.termTimeOnly, startDate, endDate: item.endDate },
          calendar,
          from,
          today,
        )
      : null;
  return provisionCost({
    cost,
    minutesPerSession: item.minutesPerSession,
    owed,
    delivered: { sessions: delivered?.deliveredSessions ?? 0, minutes: delivered?.deliveredMinutes ?? 0 },
    runs: { startDate, endDate: item.endDate },
    from,
    to: today,
  });
}

/**
 * What each costed line of a child's plan in force was planned to cost and what was delivered
 * cost, this school year and since the plan was first issued, up to today. Owed comes from the
 * schedule engine and delivered from the weekly rollup, the same reads as the child's Provision
 * tab (ADR 3, 7, 8), so the costs agree with the hours shown there. The caller has opened the
 * child's record (in scope, audited).
 */
export async function childProvisionCosts(db: Database, laId: string, childId: string, today: IsoDate): Promise<ChildProvisionCosts> {
  const yearFrom = academicYearStart(today);
  const rows = await repository.findCostedItems(db, laId, childId);
  const planFrom = rows[0]?.planFirstIssued ?? rows[0]?.issuedDate ?? yearFrom;
  if (rows.length === 0) return { yearFrom, planFrom, today, items: [] };
  const [calendar, lineageRows] = await Promise.all([loadSchoolCalendar(db, laId), findLineages(db, laId, { itemIds: rows.map((row) => row.id) })]);
  const lineages = rows.map((row) => lineageOf(lineageRows, row.id, row.startDate ?? row.issuedDate));
  const [deliveredThisYear, deliveredSincePlan] = await Promise.all([deliveredSince(db, laId, lineages, yearFrom), deliveredSince(db, laId, lineages, planFrom)]);
  const items = rows.flatMap((item, index) => {
    const cost = unitCostOf(item);
    const lineage = lineages[index];
    if (!cost || !lineage) return [];
    return [
      {
        item,
        cost,
        thisYear: costOver(item, cost, lineage, calendar, deliveredThisYear.get(item.id), yearFrom, today),
        sincePlanStarted: costOver(item, cost, lineage, calendar, deliveredSincePlan.get(item.id), planFrom, today),
      },
    ];
  });
  return { yearFrom, planFrom, today, items };
}

/** The LA's planned against actual cost of provision paid for as delivered, by provision type and by provider, as at the last daily sweep; audited. */
export async function loadProvisionCostReport(db: Database, actor: Actor, period: repository.CostPeriod) {
  const { laId } = actor.principal;
  const [asOf, byProvisionType, byProvider, flatLines] = await Promise.all([
    ledgerAsOf(db, laId),
    repository.costsBy(db, laId, 'provisionType', period),
    repository.costsBy(db, laId, 'provider', period),
    repository.countFlatCostLines(db, laId),
  ]);
  await recordAudit(db, actor, { subjectType: 'report', subjectId: `provision-costs-${period}` });
  return { asOf, byProvisionType, byProvider, flatLines };
}
