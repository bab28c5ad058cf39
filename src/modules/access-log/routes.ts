import { paths } from '../../http/paths.js';
import { page, type RouteEntry } from '../../http/route-table.js';
import { historyQuery } from '../children/schemas.js';
import { childHeaderView } from '../children/view-models.js';
import * as service from './service.js';
import { accessLogRows } from './view-models.js';

/** For families: who has looked at or changed their child's record, in plain words. */
export const accessLogRoutes: RouteEntry[] = [
  page({
    permission: 'family:access-log',
    audit: 'VIEW_ACCESS_LOG',
    path: paths.child.accessLog,
    query: historyQuery,
    async render(context) {
      const { page: pageNumber } = context.query;
      const { childId } = context.params;
      const result = await service.loadAccessLog(context.db, context.actor, childId, pageNumber);
      const header = childHeaderView(result.summary, 'access-log', (path) => context.mayOpen(path), context.actor.clock.today());
      return context.reply.view('access-log/views/access-log.njk', {
        pageTitle: `${header.activeTabLabel} – ${header.name}`,
        header,
        entries: accessLogRows(result.rows, result.items),
        pagination:
          pageNumber > 1 || result.hasMore
            ? {
                previous: pageNumber > 1 ? { href: paths.child.accessLog({ childId }, { page: pageNumber - 1 }), text: 'Newer' } : undefined,
                next: result.hasMore ? { href: paths.child.accessLog({ childId }, { page: pageNumber + 1 }), text: 'Older' } : undefined,
              }
            : undefined,
      });
    },
  }),
];
