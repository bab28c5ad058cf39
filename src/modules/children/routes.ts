import { z } from 'zod';
import { formatDate, formatDateTime } from '../../domain/formatting.js';
import { pageLink, paginationView } from '../../http/pagination.js';
import { paths } from '../../http/paths.js';
import { page, type RouteContext, type RouteEntry } from '../../http/route-table.js';
import { describeAuditAction } from '../audit/actions.js';
import { ROLE_LABELS, isFamilyRole, isRole } from '../../auth/roles.js';
import { caseloadTitleFor } from '../home/navigation.js';
import { hasPermission } from '../../auth/permissions.js';
import { educationOfferOf } from '../education/service.js';
import { childIndicator } from '../messages/service.js';
import { educationOfferView } from '../education/view-models.js';
import { caseloadQuery, historyQuery, type ChildTab } from './schemas.js';
import * as service from './service.js';
import { reviewsForChild } from '../reviews/service.js';
import { childReviewRows } from '../reviews/view-models.js';
import { concernsForChild } from '../concerns/service.js';
import { surveyInvitations } from '../resource-bases/service.js';
import { findOpenDraftOfChild } from '../plan-editor/repository.js';
import { childProvisionCostView } from '../provision-costs/view-models.js';
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

type ChildContext = RouteContext<{ childId: string }, unknown>;

/** A child's tab: the identity bar and tabs over the tab's own content. */
function renderTab(context: ChildContext, tab: ChildTab, summary: Parameters<typeof childHeaderView>[0], content: Record<string, unknown>) {
  const header = childHeaderView(summary, tab, (path) => context.mayOpen(path), context.actor.clock.today());
  return context.reply.view(`children/views/${tab}.njk`, { pageTitle: `${header.activeTabLabel} – ${header.name}`, header, ...content });
}

/** A "done" flag a redirect adds to show a success banner; anything else is ignored. */
const flag = z.literal('1').optional().catch(undefined);
const VIEW_CHILD = { permission: 'child:view' } as const;

/** The caseload and the tabs of a child's record that this module owns. */
export const childrenRoutes: RouteEntry[] = [
  page({
    permission: 'caseload:view',
    audit: 'VIEW_CASELOAD',
    path: paths.caseload,
    query: caseloadQuery,
    async render(context) {
      const { actor, query } = context;
      const result = await service.listCaseload(context.db, actor, query);
      return context.reply.view('children/views/caseload.njk', {
        pageTitle: caseloadTitleFor(actor.principal.role),
        errors: context.queryErrors,
        ...caseloadView({
          rows: result.rows,
          total: result.total,
          query,
          today: result.today,
          pageSize: service.CASELOAD_PAGE_SIZE,
          showMineFilter: service.hasOwnCaseload(actor.principal),
        }),
      });
    },
  }),
  page({
    ...VIEW_CHILD,
    audit: 'VIEW_CHILD',
    path: paths.child.overview,
    async render(context) {
      const { actor } = context;
      const { childId } = context.params;
      const { summary, people } = await service.loadOverview(context.db, actor, childId);
      const personal = seesPersonalDetails(actor.principal);
      // The communication promise in one line, for those who can open the child's messages.
      const communication = hasPermission(actor.principal.role, 'message:send') ? await childIndicator(context.db, actor.principal, childId, actor.clock.today()) : null;
      // A parent whose child is placed in a resource base is asked, once a term, what they think of it.
      const surveys = (await surveyInvitations(context.db, actor, childId)).filter((invitation) => !invitation.answered);
      return renderTab(context, 'overview', summary, {
        communication,
        surveys: surveys.map((invitation) => ({ ...invitation, href: paths.resourceBases.survey({ baseId: invitation.baseId }) })),
        personRows: personDetailsRows(summary, actor.principal, actor.clock.today()),
        planRows: planSummaryRows(summary, actor.clock.today()),
        family: personal ? people.family : [],
        showFamily: personal,
        professionals: people.professionals,
      });
    },
  }),
  page({
    ...VIEW_CHILD,
    audit: 'VIEW_PLAN',
    path: paths.child.plan,
    // Another version of the plan than the one in force; '' or anything not a string means the one in force.
    query: z.object({ version: z.string().optional().catch(undefined), issued: flag }),
    async render(context) {
      const version = context.query.version === '' ? undefined : context.query.version;
      const { childId } = context.params;
      const result = await service.loadPlan(context.db, context.actor, childId, version);
      const draft = await findOpenDraftOfChild(context.db, context.actor.principal.laId, childId);
      const mayAmend = hasPermission(context.actor.principal.role, 'plan:amend');
      return renderTab(context, 'plan', result.summary, {
        issued: context.query.issued === '1',
        // Those who amend plans reach the draft (or start one); everyone else sees proposed changes once sent.
        amendHref: mayAmend && result.summary.plan?.currentVersionId ? (draft ? paths.planEditor.draft({ childId, versionId: draft.id }) : paths.planEditor.start({ childId })) : undefined,
        amendText: draft ? 'Go to the draft amendment' : 'Amend the plan',
        proposalHref: draft?.proposedOn && draft.amendsVersionId ? paths.planEditor.proposal({ childId, versionId: draft.id }) : undefined,
        versions: result.versions.map((candidate) => ({
          id: candidate.id,
          label: planVersionLabel(candidate),
          current: candidate.id === result.version?.id,
        })),
        versionLabel: result.version ? planVersionLabel(result.version) : undefined,
        plan: result.content ? planContentView(result.content) : undefined,
      });
    },
  }),
  page({
    ...VIEW_CHILD,
    audit: 'VIEW_PROVISION',
    path: paths.child.provision,
    query: z.object({ recorded: flag }),
    async render(context) {
      const { actor } = context;
      const { childId } = context.params;
      const { summary, items, today, calendarKnown, mayRecord } = await service.loadProvision(context.db, actor, childId);
      const { concerns } = await concernsForChild(context.db, actor.principal, childId);
      return renderTab(context, 'provision', summary, {
        // Full-time education concerns are about the child's week, not an item: the Inclusion tab shows them.
        concernRows: childConcernRows(
          childId,
          concerns.filter((concern) => concern.kind !== 'not_full_time'),
          today,
        ),
        mayRaiseConcern: hasPermission(actor.principal.role, 'concern:raise'),
        isFamilyViewer: isFamilyRole(actor.principal.role),
        provisionRows: provisionRows(items, childId, (path) => context.mayOpen(path)),
        sentences: isFamilyRole(actor.principal.role) ? provisionSentences(items) : [],
        todayText: formatDate(today),
        calendarKnown,
        mayRecord,
        recorded: context.query.recorded === '1',
      });
    },
  }),
  page({
    ...VIEW_CHILD,
    audit: 'VIEW_REVIEWS',
    path: paths.child.reviews,
    async render(context) {
      const { childId } = context.params;
      const { summary, today } = await service.loadReviews(context.db, context.actor, childId);
      const reviews = await reviewsForChild(context.db, context.actor.principal, childId, today);
      return renderTab(context, 'reviews', summary, {
        planRows: planSummaryRows(summary, today),
        reviewRows: childReviewRows(childId, reviews),
        newReviewPath: summary.plan && context.mayOpen(paths.reviews.new({ childId })) ? paths.reviews.new({ childId }) : null,
      });
    },
  }),
  page({
    // The LA's rates are not for families, schools or providers (issue 13, item 7): they see the provision itself.
    permission: 'funding:view',
    audit: 'VIEW_FUNDING',
    path: paths.child.funding,
    async render(context) {
      const { summary, placements, provision, provisionCosts } = await service.loadFunding(context.db, context.actor, context.params.childId);
      return renderTab(context, 'funding', summary, { ...fundingView(placements, provision), provisionCosts: childProvisionCostView(provisionCosts) });
    },
  }),
  page({
    ...VIEW_CHILD,
    audit: 'VIEW_INCLUSION',
    path: paths.child.inclusion,
    query: z.object({ educationRecorded: flag }),
    async render(context) {
      const { actor } = context;
      const { childId } = context.params;
      const { summary, placements } = await service.loadInclusion(context.db, actor, childId);
      const education = await educationOfferOf(context.db, actor.principal.laId, childId, actor.clock.today());
      const { concerns } = await concernsForChild(context.db, actor.principal, childId);
      return renderTab(context, 'inclusion', summary, {
        educationConcernRows: childConcernRows(
          childId,
          concerns.filter((concern) => concern.kind === 'not_full_time'),
          context.actor.clock.today(),
        ),
        education: educationOfferView(education),
        mayRecordEducation: hasPermission(actor.principal.role, 'education:record'),
        educationRecorded: context.query.educationRecorded === '1',
        placementRows: placements.map((row) => [
          { text: placementLabel(row) },
          { text: formatDate(row.startDate) },
          { text: row.endDate ? formatDate(row.endDate) : 'Current' },
          { text: [row.senUnit ? 'SEN unit' : '', row.resourcedProvision ? 'Resourced provision' : ''].filter(Boolean).join(', ') || 'None' },
        ]),
      });
    },
  }),
  page({
    permission: 'child:history',
    audit: 'VIEW_CHILD_HISTORY',
    path: paths.child.history,
    query: historyQuery,
    async render(context) {
      const { page: pageNumber } = context.query;
      const { childId } = context.params;
      const { summary, history } = await service.loadHistory(context.db, context.actor, childId, pageNumber);
      return renderTab(context, 'history', summary, {
        historyRows: history.rows.map((row) => [
          { text: formatDateTime(row.occurredAt) },
          { text: row.actorName ?? 'Unknown user' },
          { text: row.actorRole && isRole(row.actorRole) ? ROLE_LABELS[row.actorRole] : '' },
          { text: describeAuditAction(row.action) },
        ]),
        total: history.total,
        pagination: paginationView(pageNumber, history.total, service.HISTORY_PAGE_SIZE, pageLink(paths.child.history({ childId }))),
      });
    },
  }),
];
