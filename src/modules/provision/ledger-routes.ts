import type { FastifyInstance } from 'fastify';
import { mayOpenFor } from '../../plugins/access.js';
import type { Database } from '../../db/client.js';
import { actorOf } from '../../http/actor.js';
import { childHeaderView } from '../children/view-models.js';
import { loadItemLedger } from './ledger.js';
import { itemNamePath } from './item-name-routes.js';
import { itemLedgerView } from './ledger-view.js';

interface ItemParams {
  childId: string;
  itemId: string;
}

/** One item's ledger: this week, this term, this school year and since the plan started. */
export function registerItemLedgerRoutes(app: FastifyInstance, db: Database): void {
  app.get<{ Params: ItemParams }>('/children/:childId/provision/:itemId', { config: { access: { permission: 'child:view', audit: 'VIEW_PROVISION' } } }, async (request, reply) => {
    const actor = actorOf(request);
    const data = await loadItemLedger(db, actor, request.params.childId, request.params.itemId);
    const mayOpen = mayOpenFor(request);
    const header = childHeaderView(data.summary, 'provision', mayOpen, request.server.clock.today());
    const ledger = itemLedgerView(data, actor.principal.role);
    const namePath = itemNamePath(request.params.childId, data.item.id);
    return reply.view('provision/views/item-ledger.njk', {
      pageTitle: `${ledger.title} – ${header.name}`,
      header,
      ledger,
      quantified: data.quantified,
      nameHref: mayOpen(namePath) ? namePath : null,
      renamed: (request.query as Record<string, unknown> | undefined)?.renamed === '1',
    });
  });
}
