import { isUuid } from '../../auth/child-access.js';
import { childScopeOf, type Principal } from '../../auth/child-scope.js';
import type { Actor } from '../../http/actor.js';
import type { Database } from '../../db/client.js';
import { NotFoundError } from '../../http/errors.js';
import { isProvisionPeriod } from '../../domain/plans.js';
import { academicYearStart, calendarCovers, owedSoFar } from '../../domain/schedule.js';
import { termContaining } from '../../domain/school-calendar.js';
import { loadSchoolCalendar } from '../calendar/repository.js';
import { mayRecordAgainst } from '../../auth/permissions.js';
import { findLineages, lineageOf } from '../provision/lineage.js';
import { deliveredSince, type ItemLedger } from '../provision/service.js';
import { childProvisionCosts } from '../provision-costs/service.js';
import { findChildHistory, recordAudit } from '../audit/repository.js';
import * as repository from './repository.js';
import type { CaseloadQuery } from './schemas.js';

export const CASELOAD_PAGE_SIZE = 25;
export const HISTORY_PAGE_SIZE = 50;

/** Roles whose caseload can be narrowed to "my cases". */
export function hasOwnCaseload(principal: Principal): boolean {
  return principal.role === 'sen_caseworker' || principal.role === 'sen_team_manager';
}

export async function listCaseload(db: Database, actor: Actor, query: CaseloadQuery) {
  const { principal } = actor;
  const today = actor.clock.today();
  const result = await repository.findCaseload(db, {
    scope: childScopeOf(principal, today),
    search: query.q,
    need: query.need,
    placementGroup: query.placement,
    review: query.review,
    caseworkerId: query.mine && hasOwnCaseload(principal) ? principal.userId : undefined,
    today,
    sort: query.sort,
    limit: CASELOAD_PAGE_SIZE,
    offset: (query.page - 1) * CASELOAD_PAGE_SIZE,
  });
  // One event per list view: which children were on the page is reproducible from the filters.
  await recordAudit(db, actor, {
    subjectType: 'caseload',
    change: { filters: { ...query }, shown: result.rows.length, total: result.total },
  });
  return { ...result, today };
}

/**
 * The child, if they are in the actor's scope. A child outside it is "not found", never
 * "forbidden": its existence is not disclosed. Not audited by itself: a change audits the child
 * it changes, a read goes through openChildRecord.
 */
export async function findChildInScope(db: Database, actor: Actor, childId: string) {
  if (!isUuid(childId)) throw new NotFoundError();
  const summary = await repository.findChildSummary(db, childScopeOf(actor.principal, actor.clock.today()), childId);
  if (!summary) throw new NotFoundError();
  return summary;
}

/** Opens a child's record to read it: in scope, and the read audited (as the route declares) before anything is returned. */
export async function openChildRecord(db: Database, actor: Actor, childId: string) {
  const summary = await findChildInScope(db, actor, childId);
  await recordAudit(db, actor, { subjectType: 'child', subjectId: childId, childId });
  return summary;
}

export async function loadOverview(db: Database, actor: Actor, childId: string) {
  const summary = await openChildRecord(db, actor, childId);
  const people = await repository.findPeopleInvolved(db, actor.principal.laId, childId, actor.clock.today());
  return { summary, people };
}

export async function loadPlan(db: Database, actor: Actor, childId: string, requestedVersionId: string | undefined) {
  const summary = await openChildRecord(db, actor, childId);
  if (!summary.plan) return { summary, versions: [], version: undefined, content: undefined };
  // A draft is not a version of the plan yet: the plan editor shows it (and, once proposed, the family's view of it).
  const versions = (await repository.findPlanVersions(db, actor.principal.laId, summary.plan.id)).filter((candidate) => candidate.status !== 'draft');
  const version = versions.find((candidate) => candidate.id === requestedVersionId) ?? versions.find((candidate) => candidate.id === summary.plan?.currentVersionId);
  if (requestedVersionId && version?.id !== requestedVersionId) throw new NotFoundError();
  const content = version ? await repository.findPlanContent(db, actor.principal.laId, version.id) : undefined;
  return { summary, versions, version, content };
}

export async function loadProvision(db: Database, actor: Actor, childId: string) {
  const summary = await openChildRecord(db, actor, childId);
  const today = actor.clock.today();
  if (!summary.plan?.currentVersionId) return { summary, items: [], today, calendarKnown: false, mayRecord: false };
  const [content, versions] = await Promise.all([
    repository.findPlanContent(db, actor.principal.laId, summary.plan.currentVersionId),
    repository.findPlanVersions(db, actor.principal.laId, summary.plan.id),
  ]);
  // Provision is owed from the day the version that contains it was issued, or from the start of
  // the earlier line it carries on.
  const issuedDate = versions.find((version) => version.id === summary.plan?.currentVersionId)?.issuedDate ?? today;
  const itemIds = content.provision.map((item) => item.id);
  const [calendar, lineageRows] = await Promise.all([loadSchoolCalendar(db, actor.principal.laId), findLineages(db, actor.principal.laId, { itemIds })]);
  const lineages = itemIds.map((itemId) => lineageOf(lineageRows, itemId, issuedDate));
  const items = content.provision.map((item, index) => ({
    item,
    owed:
      item.sessionsPerPeriod && item.period && isProvisionPeriod(item.period)
        ? owedSoFar(
            {
              sessionsPerPeriod: item.sessionsPerPeriod,
              minutesPerSession: item.minutesPerSession,
              period: item.period,
              termTimeOnly: item.termTimeOnly,
              startDate: lineages[index]?.startsOn ?? issuedDate,
              endDate: null,
            },
            calendar,
            today,
          )
        : null,
  }));
  const term = termContaining(calendar, today);
  const yearStart = academicYearStart(today);
  const [deliveredThisTerm, deliveredThisYear] = await Promise.all([
    term ? deliveredSince(db, actor.principal.laId, lineages, term.start) : Promise.resolve(new Map<string, ItemLedger>()),
    deliveredSince(db, actor.principal.laId, lineages, yearStart),
  ]);
  return {
    summary,
    items: items.map((row) => ({ ...row, thisTerm: deliveredThisTerm.get(row.item.id) ?? null, thisYear: deliveredThisYear.get(row.item.id) ?? null })),
    today,
    calendarKnown: calendarCovers(calendar, today),
    mayRecord: content.provision.some((item) => mayRecordAgainst(actor.principal, item)),
  };
}

export async function loadReviews(db: Database, actor: Actor, childId: string) {
  const summary = await openChildRecord(db, actor, childId);
  return { summary, today: actor.clock.today() };
}

export async function loadFunding(db: Database, actor: Actor, childId: string) {
  const summary = await openChildRecord(db, actor, childId);
  const [placements, content] = await Promise.all([
    repository.findPlacements(db, actor.principal.laId, childId),
    summary.plan?.currentVersionId ? repository.findPlanContent(db, actor.principal.laId, summary.plan.currentVersionId) : Promise.resolve(undefined),
  ]);
  // The planned and delivered cost of each costed line, read after the record is opened (in scope, audited).
  const provisionCosts = await childProvisionCosts(db, actor.principal.laId, childId, actor.clock.today());
  return { summary, placements, provision: content?.provision ?? [], provisionCosts };
}

export async function loadInclusion(db: Database, actor: Actor, childId: string) {
  const summary = await openChildRecord(db, actor, childId);
  const placements = await repository.findPlacements(db, actor.principal.laId, childId);
  return { summary, placements };
}

export async function loadHistory(db: Database, actor: Actor, childId: string, page: number) {
  const summary = await openChildRecord(db, actor, childId);
  const history = await findChildHistory(db, {
    laId: actor.principal.laId,
    childId,
    limit: HISTORY_PAGE_SIZE,
    offset: (page - 1) * HISTORY_PAGE_SIZE,
  });
  return { summary, history };
}
