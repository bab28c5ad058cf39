import type { Actor } from '../../http/actor.js';
import type { Database } from '../../db/client.js';
import { recordAudit } from '../audit/repository.js';
import { schoolYearOf, schoolYearStarting } from '../../domain/review-kpis.js';
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
