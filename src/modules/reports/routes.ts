import { z } from 'zod';
import { paths } from '../../http/paths.js';
import { page, type RouteEntry } from '../../http/route-table.js';
import { reviewKpiViewModel } from './review-kpi-view-models.js';
import { loadLaSummary, loadReviewKpis } from './service.js';
import { needRows, placementCostRows } from './view-models.js';

const reviewsQuery = z.object({
  /** The school year by the calendar year it starts in; the current one when not given. */
  year: z.coerce
    .number({ error: 'Choose a school year from the list' })
    .int({ error: 'Choose a school year from the list' })
    .min(2014, { error: 'Choose a school year from the list' })
    .max(2100, { error: 'Choose a school year from the list' })
    .optional(),
});

/** The LA's summary reports: plans in force by placement type and cost, and by primary need; the review figures for a school year. */
export const reportRoutes: RouteEntry[] = [
  page({
    permission: 'reports:view',
    audit: 'VIEW_REPORTS',
    path: paths.monitoring.reports,
    async render(context) {
      const { costs, needs } = await loadLaSummary(context.db, context.actor);
      return context.reply.view('reports/views/summary.njk', {
        pageTitle: 'Reports',
        costRows: placementCostRows(costs),
        needRows: needRows(needs),
        plans: needs.reduce((sum, row) => sum + row.plans, 0),
      });
    },
  }),
  page({
    permission: 'reports:view',
    audit: 'VIEW_REVIEW_KPIS',
    path: paths.monitoring.reviewReports,
    query: reviewsQuery,
    async render(context) {
      const data = await loadReviewKpis(context.db, context.actor, context.query.year);
      const view = reviewKpiViewModel(data);
      return context.reply.view('reports/views/reviews.njk', {
        pageTitle: `Reviews of EHC plans, ${view.yearLabel}`,
        errors: context.queryErrors,
        ...view,
      });
    },
  }),
];
