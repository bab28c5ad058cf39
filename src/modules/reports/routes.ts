import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../http/actor.js';
import type { Database } from '../../db/client.js';
import { loadLaSummary } from './service.js';
import { needRows, placementCostRows } from './view-models.js';

export function registerReportRoutes(app: FastifyInstance, db: Database): void {
  app.get('/reports', { config: { access: { permission: 'reports:view', audit: 'VIEW_REPORTS' } } }, async (request, reply) => {
    const { costs, needs } = await loadLaSummary(db, actorOf(request));
    return reply.view('reports/views/summary.njk', {
      pageTitle: 'Reports',
      costRows: placementCostRows(costs),
      needRows: needRows(needs),
      plans: needs.reduce((sum, row) => sum + row.plans, 0),
    });
  });
}
