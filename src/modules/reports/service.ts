import type { Actor } from '../../http/actor.js';
import type { Database } from '../../db/client.js';
import { recordAudit } from '../audit/repository.js';
import { schoolYearOf, schoolYearStarting } from '../../domain/review-kpis.js';
import { childFunding, summariseFunding, type Period } from '../../domain/funding.js';
import { fundedPlacementsInPeriod, topUpBands } from './funding-repository.js';
import * as repository from './repository.js';
import { reviewKpiCounts } from './review-kpis-repository.js';

export async function loadLaSummary(db: Database, actor: Actor) {
  const { laId } = actor.principal;
  const [costs, needs] = await Promise.all([repository.placementCostsByType(db, laId), repository.plansByPrimaryNeed(db, laId)]);
  await recordAudit(db, actor, {
    subjectType: 'report',
    subjectId: 'la-summary',
  });
  return { costs, needs };
}

/** The review figures of the actor's LA for a school year (default: the one today is in), audited. */
export async function loadReviewKpis(db: Database, actor: Actor, startYear: number | undefined) {
  const today = actor.clock.today();
  const current = schoolYearOf(today);
  const year = startYear === undefined ? current : schoolYearStarting(startYear);
  const counts = await reviewKpiCounts(db, actor.principal.laId, year, today);
  await recordAudit(db, actor, { subjectType: 'report', subjectId: `reviews-${String(year.startYear)}` });
  return { year, current, today, counts };
}

/**
 * Average funding a year per child by placement type over a period, for the actor's LA or (from
 * the command line) any LA: count, mean, median and quartiles, groups under 5 suppressed.
 */
export async function fundingByPlacementType(db: Database, laId: string, period: Period) {
  const [placements, bands] = await Promise.all([fundedPlacementsInPeriod(db, laId, period), topUpBands(db, laId)]);
  return { period, summaries: summariseFunding(childFunding(placements, period, bands)) };
}

/** The funding report as a page shows it: audited as a view of aggregates, naming the period. */
export async function loadFundingReport(db: Database, actor: Actor, period: Period) {
  const report = await fundingByPlacementType(db, actor.principal.laId, period);
  await recordAudit(db, actor, { subjectType: 'report', subjectId: `funding-${period.from}-${period.to}` });
  return report;
}
