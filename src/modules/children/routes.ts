import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mayOpenFor } from '../../plugins/access.js';
import { actorOf } from '../../http/actor.js';
import type { Database } from '../../db/client.js';
import { formatDate, formatDateTime } from '../../domain/formatting.js';
import { pageLink, paginationView } from '../../http/pagination.js';
import { errorSummaryView, fieldErrorsFrom } from '../../http/validation.js';
import { describeAuditAction } from '../audit/actions.js';
import { ROLE_LABELS, isFamilyRole, isRole } from '../../auth/roles.js';
import { caseloadTitleFor } from '../home/navigation.js';
import { hasPermission } from '../../auth/permissions.js';
import { educationOfferOf } from '../education/service.js';
import { childIndicator } from '../messages/service.js';
import { educationOfferView } from '../education/view-models.js';
import { caseloadQuery, historyQuery, type ChildTab } from './schemas.js';
import * as service from './service.js';
import { concernsForChild } from '../concerns/service.js';
import { childConcernRows } from '../concerns/view-models.js';
import {
  caseloadView,
  childHeaderView,
  fundingView,
  personDetailsRows,
  placementLabel,
  planContentView,
  planSummaryRows,
  planVersionLabel,
  provisionRows,
  provisionSentences,
  seesPersonalDetails,
} from './view-models.js';

interface ChildParams {
  childId: string;
}

export function registerChildrenRoutes(app: FastifyInstance, db: Database): void {
  app.get('/children', { config: { access: { permission: 'caseload:view', audit: 'VIEW_CASELOAD' } } }, async (request, reply) => {
    const actor = actorOf(request);
    const parsed = caseloadQuery.safeParse(request.query);
    const query = parsed.success ? parsed.data : caseloadQuery.parse({});
    const result = await service.listCaseload(db, actor, query);
    return reply.code(parsed.success ? 200 : 400).view('children/views/caseload.njk', {
      pageTitle: caseloadTitleFor(actor.principal.role),
      errors: parsed.success ? undefined : errorSummaryView(fieldErrorsFrom(parsed.error)),
      ...caseloadView({
        rows: result.rows,
        total: result.total,
        query,
        today: result.today,
        pageSize: service.CASELOAD_PAGE_SIZE,
        showMineFilter: service.hasOwnCaseload(actor.principal),
      }),
    });
  });

  const renderTab = (reply: FastifyReply, request: FastifyRequest, tab: ChildTab, summary: Parameters<typeof childHeaderView>[0], context: Record<string, unknown>) => {
    const header = childHeaderView(summary, tab, mayOpenFor(request), request.server.clock.today());
    return reply.view(`children/views/${tab}.njk`, { pageTitle: `${header.activeTabLabel} – ${header.name}`, header, ...context });
  };

  app.get<{ Params: ChildParams }>('/children/:childId', { config: { access: { permission: 'child:view', audit: 'VIEW_CHILD' } } }, async (request, reply) => {
    const actor = actorOf(request);
    const { summary, people } = await service.loadOverview(db, actor, request.params.childId);
    const personal = seesPersonalDetails(actor.principal);
    // The communication promise in one line, for those who can open the child's messages.
    const communication = hasPermission(actor.principal.role, 'message:send') ? await childIndicator(db, actor.principal, request.params.childId, actor.clock.today()) : null;
    return renderTab(reply, request, 'overview', summary, {
      communication,
      personRows: personDetailsRows(summary, actor.principal, actor.clock.today()),
      planRows: planSummaryRows(summary, actor.clock.today()),
      family: personal ? people.family : [],
      showFamily: personal,
      professionals: people.professionals,
    });
  });

  app.get<{ Params: ChildParams; Querystring: { version?: string } }>(
    '/children/:childId/plan',
    { config: { access: { permission: 'child:view', audit: 'VIEW_PLAN' } } },
    async (request, reply) => {
      const version = typeof request.query.version === 'string' && request.query.version !== '' ? request.query.version : undefined;
      const result = await service.loadPlan(db, actorOf(request), request.params.childId, version);
      return renderTab(reply, request, 'plan', result.summary, {
        versions: result.versions.map((candidate) => ({
          id: candidate.id,
          label: planVersionLabel(candidate),
          current: candidate.id === result.version?.id,
        })),
        versionLabel: result.version ? planVersionLabel(result.version) : undefined,
        plan: result.content ? planContentView(result.content) : undefined,
      });
    },
  );

  app.get<{ Params: ChildParams }>('/children/:childId/provision', { config: { access: { permission: 'child:view', audit: 'VIEW_PROVISION' } } }, async (request, reply) => {
    const actor = actorOf(request);
    const { summary, items, today, calendarKnown, mayRecord } = await service.loadProvision(db, actor, request.params.childId);
    const { concerns } = await concernsForChild(db, actor.principal, request.params.childId);
    const query = request.query as Record<string, unknown>;
    return renderTab(reply, request, 'provision', summary, {
      // Full-time education concerns are about the child's week, not an item: the Inclusion tab shows them.
      concernRows: childConcernRows(request.params.childId, concerns.filter((concern) => concern.kind !== 'not_full_time'), today),
      mayRaiseConcern: hasPermission(actor.principal.role, 'concern:raise'),
      isFamilyViewer: isFamilyRole(actor.principal.role),
      provisionRows: provisionRows(items, request.params.childId, mayOpenFor(request)),
      sentences: isFamilyRole(actor.principal.role) ? provisionSentences(items) : [],
      todayText: formatDate(today),
      calendarKnown,
      mayRecord,
      recorded: query.recorded === '1',
    });
  });

  app.get<{ Params: ChildParams }>('/children/:childId/reviews', { config: { access: { permission: 'child:view', audit: 'VIEW_REVIEWS' } } }, async (request, reply) => {
    const { summary } = await service.loadReviews(db, actorOf(request), request.params.childId);
    return renderTab(reply, request, 'reviews', summary, { planRows: planSummaryRows(summary, request.server.clock.today()) });
  });

  app.get<{ Params: ChildParams }>('/children/:childId/funding', { config: { access: { permission: 'child:view', audit: 'VIEW_FUNDING' } } }, async (request, reply) => {
    const { summary, placements, provision } = await service.loadFunding(db, actorOf(request), request.params.childId);
    return renderTab(reply, request, 'funding', summary, fundingView(placements, provision));
  });

  app.get<{ Params: ChildParams }>('/children/:childId/inclusion', { config: { access: { permission: 'child:view', audit: 'VIEW_INCLUSION' } } }, async (request, reply) => {
    const actor = actorOf(request);
    const { summary, placements } = await service.loadInclusion(db, actor, request.params.childId);
    const education = await educationOfferOf(db, actor.principal.laId, request.params.childId, actor.clock.today());
    const { concerns } = await concernsForChild(db, actor.principal, request.params.childId);
    return renderTab(reply, request, 'inclusion', summary, {
      educationConcernRows: childConcernRows(request.params.childId, concerns.filter((concern) => concern.kind === 'not_full_time'), actor.clock.today()),
      education: educationOfferView(education),
      mayRecordEducation: hasPermission(actor.principal.role, 'education:record'),
      educationRecorded: (request.query as Record<string, unknown>).educationRecorded === '1',
      placementRows: placements.map((row) => [
        { text: placementLabel(row) },
        { text: formatDate(row.startDate) },
        { text: row.endDate ? formatDate(row.endDate) : 'Current' },
        { text: [row.senUnit ? 'SEN unit' : '', row.resourcedProvision ? 'Resourced provision' : ''].filter(Boolean).join(', ') || 'None' },
      ]),
    });
  });

  app.get<{ Params: ChildParams }>('/children/:childId/history', { config: { access: { permission: 'child:history', audit: 'VIEW_CHILD_HISTORY' } } }, async (request, reply) => {
    const { page } = historyQuery.parse(request.query);
    const { summary, history } = await service.loadHistory(db, actorOf(request), request.params.childId, page);
    return renderTab(reply, request, 'history', summary, {
      historyRows: history.rows.map((row) => [
        { text: formatDateTime(row.occurredAt) },
        { text: row.actorName ?? 'Unknown user' },
        { text: row.actorRole && isRole(row.actorRole) ? ROLE_LABELS[row.actorRole] : '' },
        { text: describeAuditAction(row.action) },
      ]),
      total: history.total,
      pagination: paginationView(page, history.total, service.HISTORY_PAGE_SIZE, pageLink(`/children/${request.params.childId}/history`)),
    });
  });
}
