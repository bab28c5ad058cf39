import { z } from 'zod';
import { formatDate } from '../../domain/formatting.js';
import { MissingVersionError, submittedVersion } from '../../http/edit-version.js';
import { pageLink, pageNumber, pageOf, paginationView } from '../../http/pagination.js';
import { paths } from '../../http/paths.js';
import { form, page, type FormState, type RouteContext, type RouteEntry } from '../../http/route-table.js';
import { baseForm, surveyForm, visitForm } from './schemas.js';
import * as service from './service.js';
import {
  baseFormValues,
  baseFormView,
  baseListRows,
  baseSummaryRows,
  baseTotals,
  designationText,
  kindText,
  pupilRows,
  SURVEY_RESULT_HEAD,
  surveyQuestions,
  surveyResultRows,
  visitActionRows,
  visitFormView,
  visitListRows,
  visitPupilRows,
} from './view-models.js';

type Body = Record<string, unknown>;
type BaseContext = RouteContext<{ baseId: string }>;

/** The banners after a redirect: `?saved=1`, `?visited=1`. */
const bannerQuery = z.object({
  saved: z.literal('1').optional().catch(undefined),
  visited: z.literal('1').optional().catch(undefined),
  page: pageNumber,
});

const VIEW = { permission: 'base:view' } as const;
const MANAGE = { permission: 'base:manage' } as const;

const list = page({
  ...VIEW,
  audit: 'VIEW_RESOURCE_BASES',
  path: paths.resourceBases.list,
  query: z.object({ page: pageNumber }),
  async render(context) {
    const result = await service.listBases(context.db, context.actor, context.query.page);
    const totals = baseTotals(result.rows);
    const many = result.total > service.BASES_PAGE_SIZE;
    return context.reply.view('resource-bases/views/list.njk', {
      pageTitle: 'Resource bases and SEN units',
      total: result.total,
      // Totals of the page shown: said so when the list runs to more than one page.
      totalsText: many ? `On this page: ${totals.text} places filled` : `${totals.text} places filled`,
      rows: baseListRows(result.rows),
      newBase: paths.resourceBases.new(),
      pagination: paginationView(result.page, result.total, service.BASES_PAGE_SIZE, pageLink(paths.resourceBases.list())),
    });
  },
});

async function renderBaseForm(context: RouteContext<unknown>, base: { id: string; name: string } | null, values: Body, refused: FormState | undefined, schools: { id: string; name: string }[]) {
  return context.reply.view('resource-bases/views/base-form.njk', {
    pageTitle: base ? `Change ${base.name}` : 'Add a resource base or SEN unit',
    heading: base ? `Change ${base.name}` : 'Add a resource base or SEN unit',
    action: base ? paths.resourceBases.edit({ baseId: base.id }) : paths.resourceBases.new(),
    back: base ? paths.resourceBases.base({ baseId: base.id }) : paths.resourceBases.list(),
    errors: refused?.errors,
    ...baseFormView({ values, errors: refused?.errors, schools }),
  });
}

const newBase = page({
  ...MANAGE,
  audit: 'VIEW_RESOURCE_BASES',
  path: paths.resourceBases.new,
  async render(context, refused) {
    const { schools } = await service.loadNewBaseForm(context.db, context.actor);
    return renderBaseForm(context, null, refused?.values ?? {}, refused, schools);
  },
});

const editBase = page({
  ...MANAGE,
  audit: 'VIEW_RESOURCE_BASE',
  path: paths.resourceBases.edit,
  async render(context, refused) {
    const { base, schools } = await service.loadEditBaseForm(context.db, context.actor, context.params.baseId);
    // A refused save shows what was typed, over what is stored (a stale save: at the newer version).
    const values = refused ? { ...baseFormValues(base), ...refused.values } : baseFormValues(base);
    return renderBaseForm(context, base, values, refused, schools);
  },
});

const basePage = page({
  ...VIEW,
  audit: 'VIEW_RESOURCE_BASE',
  path: paths.resourceBases.base,
  query: bannerQuery,
  async render(context) {
    const { baseId } = context.params;
    const result = await service.loadBase(context.db, context.actor, baseId, context.query.page);
    const { base } = result;
    return context.reply.view('resource-bases/views/base.njk', {
      pageTitle: base.name,
      base,
      caption: `${kindText(base.kind)} at ${base.settingName}`,
      saved: context.query.saved === '1',
      visited: context.query.visited === '1',
      summaryRows: baseSummaryRows(base, result.due),
      pupilRows: pupilRows(result.pupils, result.latest, result.today, (path) => context.mayOpen(path)),
      visitRows: visitListRows(base.id, result.visits.rows),
      visitsTotal: result.visits.total,
      visitsPagination: paginationView(result.visits.page, result.visits.total, service.VISITS_PAGE_SIZE, pageLink(paths.resourceBases.base({ baseId }), {}, { fragment: 'visits' })),
      links: {
        edit: paths.resourceBases.edit({ baseId }),
        newVisit: paths.resourceBases.newVisit({ baseId }),
        results: paths.resourceBases.results({ baseId }),
      },
    });
  },
});

const newVisit = page({
  permission: 'base:visit',
  audit: 'VIEW_RESOURCE_BASE',
  path: paths.resourceBases.newVisit,
  async render(context: BaseContext, refused?: FormState) {
    const { base, pupils, owners } = await service.loadVisitForm(context.db, context.actor, context.params.baseId);
    return context.reply.view('resource-bases/views/visit-form.njk', {
      pageTitle: `Record a monitoring visit – ${base.name}`,
      base,
      errors: refused?.errors,
      ...visitFormView({ values: refused?.values ?? {}, errors: refused?.errors, pupils, owners, defaultOwnerId: context.actor.principal.userId }),
    });
  },
});

const visitPage = page({
  ...VIEW,
  audit: 'VIEW_RESOURCE_BASE_VISIT',
  path: paths.resourceBases.visit,
  async render(context) {
    const { base, visit, pupils, actions } = await service.loadVisit(context.db, context.actor, context.params.baseId, context.params.visitId);
    return context.reply.view('resource-bases/views/visit.njk', {
      pageTitle: `Monitoring visit on ${formatDate(visit.visitedOn)} – ${base.name}`,
      base,
      visit,
      visitedOnText: formatDate(visit.visitedOn),
      pupilRows: visitPupilRows(pupils, (path) => context.mayOpen(path)),
      actionRows: visitActionRows(actions, context.actor.clock.today()),
    });
  },
});

const surveyPage = page({
  permission: 'base:survey',
  audit: 'VIEW_BASE_SURVEY',
  path: paths.resourceBases.survey,
  query: z.object({ thanks: z.literal('1').optional().catch(undefined) }),
  async render(context, refused) {
    const survey = await service.loadSurvey(context.db, context.actor, context.params.baseId);
    return context.reply.view('resource-bases/views/survey.njk', {
      pageTitle: `What do you think of ${survey.baseName}?`,
      survey,
      kindText: kindText(survey.kind).toLowerCase().replace('sen', 'SEN'),
      thanks: !refused && context.query.thanks === '1',
      errors: refused?.errors,
      values: refused?.values ?? {},
      questions: surveyQuestions(refused?.values ?? {}),
    });
  },
});

const resultsPage = page({
  ...VIEW,
  audit: 'VIEW_BASE_SURVEY_RESULTS',
  path: paths.resourceBases.results,
  async render(context) {
    const { baseId } = context.params;
    const { base, results, comments } = await service.loadSurveyResults(context.db, context.actor, baseId, pageOf(context.query, 'comments'));
    return context.reply.view('resource-bases/views/results.njk', {
      pageTitle: `Parent survey results – ${base.name}`,
      base,
      designation: designationText(base.designation),
      head: SURVEY_RESULT_HEAD,
      rows: surveyResultRows(results),
      answers: results.reduce((sum, row) => sum + row.answers, 0),
      commentRows: comments.rows.map((row) => [{ text: row.termName }, { text: row.comment }]),
      commentsTotal: comments.total,
      commentsPagination: paginationView(comments.page, comments.total, service.COMMENTS_PAGE_SIZE, pageLink(paths.resourceBases.results({ baseId }), {}, { name: 'comments', fragment: 'comments' })),
    });
  },
});

/** The version an edit form was opened at: refused when it does not say. */
function versionOf(body: unknown): number {
  const version = submittedVersion((body ?? {}) as Body);
  if (version === undefined) throw new MissingVersionError();
  return version;
}

/** Resource bases and SEN units: the LA's list, each base, its monitoring visits and its parents' survey. */
export const resourceBaseRoutes: RouteEntry[] = [
  list,
  newBase,
  form({
    ...MANAGE,
    audit: 'MANAGE_RESOURCE_BASE',
    path: paths.resourceBases.new,
    body: baseForm,
    page: newBase,
    async submit(context, input) {
      const baseId = await service.createBase(context.db, context.actor, input);
      return context.reply.redirect(paths.resourceBases.base({ baseId }, { saved: 1 }), 303);
    },
  }),
  basePage,
  editBase,
  form({
    ...MANAGE,
    audit: 'MANAGE_RESOURCE_BASE',
    path: paths.resourceBases.edit,
    body: baseForm,
    page: editBase,
    async submit(context, input) {
      const { baseId } = context.params;
      await service.updateBase(context.db, context.actor, baseId, input, versionOf(context.request.body));
      return context.reply.redirect(paths.resourceBases.base({ baseId }, { saved: 1 }), 303);
    },
  }),
  newVisit,
  form({
    permission: 'base:visit',
    audit: 'RECORD_RESOURCE_BASE_VISIT',
    path: paths.resourceBases.newVisit,
    body: visitForm,
    page: newVisit,
    async submit(context, input) {
      const { baseId } = context.params;
      await service.recordVisit(context.db, context.actor, baseId, input);
      return context.reply.redirect(paths.resourceBases.base({ baseId }, { visited: 1 }), 303);
    },
  }),
  visitPage,
  surveyPage,
  form({
    permission: 'base:survey',
    audit: 'ANSWER_BASE_SURVEY',
    path: paths.resourceBases.survey,
    body: surveyForm,
    page: surveyPage,
    async submit(context, input) {
      const { baseId } = context.params;
      await service.answerSurvey(context.db, context.actor, baseId, input);
      return context.reply.redirect(paths.resourceBases.survey({ baseId }, { thanks: 1 }), 303);
    },
  }),
  resultsPage,
];
