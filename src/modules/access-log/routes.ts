import type { FastifyInstance } from 'fastify';
import { mayOpenFor } from '../../plugins/access.js';
import type { Database } from '../../db/client.js';
import { actorOf } from '../../http/actor.js';
import { historyQuery } from '../children/schemas.js';
import { childHeaderView } from '../children/view-models.js';
import * as service from './service.js';
import { accessLogRows } from './view-models.js';

interface ChildParams {
  childId: string;
}

/** For families: who has looked at or changed their child's record, in plain words. */
export function registerAccessLogRoutes(app: FastifyInstance, db: Database): void {
  app.get<{ Params: ChildParams }>('/children/:childId/access-log', { config: { access: { permission: 'family:access-log', audit: 'VIEW_ACCESS_LOG' } } }, async (request, reply) => {
    const actor = actorOf(request);
    const { page } = historyQuery.parse(request.query);
    const result = await service.loadAccessLog(db, actor, request.params.childId, page);
    const header = childHeaderView(result.summary, 'access-log', mayOpenFor(request), request.server.clock.today());
    const base = `/children/${request.params.childId}/access-log`;
    return reply.view('access-log/views/access-log.njk', {
      pageTitle: `${header.activeTabLabel} – ${header.name}`,
      header,
      entries: accessLogRows(result.rows, result.items),
      pagination:
        page > 1 || result.hasMore
          ? {
              previous: page > 1 ? { href: `${base}?page=${String(page - 1)}`, text: 'Newer' } : undefined,
              next: result.hasMore ? { href: `${base}?page=${String(page + 1)}`, text: 'Older' } : undefined,
            }
          : undefined,
    });
  });
}
