import { z } from 'zod';
import { termOrSchoolYear } from '../../http/filters.js';
import { paths } from '../../http/paths.js';
import { page, type RouteEntry } from '../../http/route-table.js';
import { loadProvisionCostReport } from './service.js';
import { provisionCostReportView } from './view-models.js';

const reportQuery = z.object({
  period: termOrSchoolYear('year'),
});

/** The LA's planned against delivered cost of provision: for finance, SEN managers and insight, never naming a child. */
export const provisionCostRoutes: RouteEntry[] = [
  page({
    permission: 'funding:report',
    audit: 'VIEW_PROVISION_COST_REPORT',
    path: paths.monitoring.provisionCosts,
    query: reportQuery,
    async render(context) {
      const { period } = context.query;
      const report = await loadProvisionCostReport(context.db, context.actor, period);
      return context.reply.view('provision-costs/views/report.njk', {
        pageTitle: 'Provision cost: planned and delivered',
        errors: context.queryErrors,
        period,
        ...provisionCostReportView(report, period),
      });
    },
  }),
];
