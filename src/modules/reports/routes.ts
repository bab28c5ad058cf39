import { paths } from '../../http/paths.js';
import { page, type RouteEntry } from '../../http/route-table.js';
import { loadLaSummary } from './service.js';
import { needRows, placementCostRows } from './view-models.js';

/** The LA's summary reports: plans in force by placement type and cost, and by primary need. */
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
];
