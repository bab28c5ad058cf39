import { z } from 'zod';
import { isFamilyRole } from '../../auth/roles.js';
import { CONCERN_LEVELS } from '../../domain/concerns.js';
import { itemName } from '../../domain/plain-words.js';
import { selectedFiltersView } from '../../http/filters.js';
import { pageLink, pageNumber, paginationView, shownText } from '../../http/pagination.js';
import { paths } from '../../http/paths.js';
import { form, page, type FormState, type RouteContext, type RouteEntry } from '../../http/route-table.js';
import { childHeaderView } from '../children/view-models.js';
import { concernStepForm, raiseConcernForm, WHOLE_PLAN } from './schemas.js';
import * as service from './service.js';
import { actionItems, concernSummaryRows, LEVEL_FILTER_ITEMS, mayWorkConcerns, openConcernRows, stepEvents } from './view-models.js';

const openConcernsQuery = z.object({
  level: z.preprocess((value) => (value === '' ? undefined : value), z.enum(Object.keys(CONCERN_LEVELS) as [string, ...string[]], { error: 'Select a level from the list' }).optional()),
  mine: z.preprocess((value) => value === 'yes', z.boolean()),
  overdue: z.preprocess((value) => value === 'yes', z.boolean()),
  page: pageNumber,
});

/** The banners after a redirect: `?raised=1` or `?stepped=1`. */
const bannerQuery = z.object({
  raised: z.literal('1').optional().catch(undefined),
  stepped: z.literal('1').optional().catch(undefined),
});

async function renderRaiseForm(context: RouteContext<{ childId: string }>, refused?: FormState) {
  const { actor } = context;
  const values = refused?.values ?? {};
  const { summary, items } = await service.loadRaiseForm(context.db, actor, context.params.childId);
  const header = childHeaderView(summary, 'provision', (path) => context.mayOpen(path), context.actor.clock.today());
  const family = isFamilyRole(actor.principal.role);
  return context.reply.view('concerns/views/raise.njk', {
    pageTitle: `${family ? 'Tell us provision is not happening' : 'Raise a provision concern'} – ${header.name}`,
    heading: family ? 'Tell us provision is not happening' : 'Raise a provision concern',
    family,
    header,
    errors: refused?.errors,
    values,
    itemItems: [
      // Each named as the family reads it elsewhere, with the plan's wording beneath to tell two alike apart.
      ...items.map((item) => ({ value: item.id, text: itemName(item), hint: { text: `In the plan: ${item.description}` }, checked: values.itemId === item.id })),
      { divider: 'or' },
      { value: WHOLE_PLAN, text: 'Something else about their education or provision', checked: values.itemId === WHOLE_PLAN },
    ],
  });
}

const raiseForm = page({
  permission: 'concern:raise',
  audit: 'VIEW_PROVISION',
  path: paths.concerns.raise,
  render: renderRaiseForm,
});

const concernPage = page({
  permission: 'child:view',
  audit: 'VIEW_PROVISION_CONCERN',
  path: paths.concerns.concern,
  query: bannerQuery,
  async render(context, refused) {
    const { actor } = context;
    const values = refused?.values ?? {};
    const { summary, concern, steps, earlyReviewPath } = await service.loadConcern(context.db, actor, context.params.childId, context.params.concernId);
    const header = childHeaderView(summary, 'provision', (path) => context.mayOpen(path), context.actor.clock.today());
    const today = context.actor.clock.today();
    return context.reply.view('concerns/views/concern.njk', {
      pageTitle: `Provision concern – ${header.name}`,
      header,
      errors: refused?.errors,
      values,
      concernId: concern.id,
      summaryRows: concernSummaryRows(concern, today, earlyReviewPath),
      events: stepEvents(steps),
      mayWork: mayWorkConcerns(actor.principal) && concern.status === 'open',
      // At the top of the ladder the head of service calls an interim review in one step.
      mayCallReview: mayWorkConcerns(actor.principal) && concern.status === 'open' && concern.level === 'head_of_service' && !concern.earlyReviewCalled,
      actionItems: actionItems(typeof values.action === 'string' ? values.action : undefined),
      // A refused step is shown again with no banner (its query is not this page's).
      stepped: !refused && context.query.stepped === '1',
      raised: !refused && context.query.raised === '1',
    });
  },
});

/** Provision concerns: raised by the sweep, a family or staff, and worked up the escalation ladder. */
export const concernRoutes: RouteEntry[] = [
  raiseForm,
  form({
    permission: 'concern:raise',
    audit: 'RAISE_PROVISION_CONCERN',
    path: paths.concerns.raise,
    body: raiseConcernForm,
    page: raiseForm,
    async submit(context, input) {
      const { childId } = context.params;
      const concernId = await service.raiseConcern(context.db, context.actor, childId, input);
      return context.reply.redirect(paths.concerns.concern({ childId, concernId }, { raised: 1 }), 303);
    },
  }),
  concernPage,
  form({
    permission: 'concern:manage',
    audit: 'UPDATE_PROVISION_CONCERN',
    path: paths.concerns.steps,
    body: concernStepForm,
    page: concernPage,
    async submit(context, input) {
      const { childId, concernId } = context.params;
      await service.takeStep(context.db, context.actor, childId, concernId, input);
      return context.reply.redirect(paths.concerns.concern({ childId, concernId }, { stepped: 1 }), 303);
    },
  }),
  page({
    permission: 'concern:manage',
    audit: 'VIEW_PROVISION_CONCERN',
    path: paths.concerns.list,
    query: openConcernsQuery,
    async render(context) {
      const { query } = context;
      const result = await service.listOpenConcerns(context.db, context.actor, { ...(query.level ? { level: query.level } : {}), mine: query.mine, overdue: query.overdue, page: query.page });
      const filterParams = { level: query.level, mine: query.mine, overdue: query.overdue };
      const link = pageLink(paths.concerns.list(), filterParams);
      const noun = result.total === 1 ? 'open concern' : 'open concerns';
      return context.reply.view('concerns/views/list.njk', {
        pageTitle: 'Provision concerns',
        errors: context.queryErrors,
        query,
        levelItems: LEVEL_FILTER_ITEMS(query.level),
        selectedFilters: selectedFiltersView(paths.concerns.list(), filterParams, [
          { heading: 'Level', param: 'level', text: query.level ? CONCERN_LEVELS[query.level as keyof typeof CONCERN_LEVELS] : undefined },
          { heading: 'Show only', param: 'mine', text: query.mine ? 'Concerns I own' : undefined },
          { heading: 'Show only', param: 'overdue', text: query.overdue ? 'Overdue concerns' : undefined },
        ]),
        total: result.total,
        countText: result.total > service.CONCERNS_PAGE_SIZE ? shownText(result.page, result.total, service.CONCERNS_PAGE_SIZE, noun) : `${String(result.total)} ${noun}`,
        rows: openConcernRows(result.rows, result.today),
        pagination: paginationView(result.page, result.total, service.CONCERNS_PAGE_SIZE, link),
      });
    },
  }),
];
