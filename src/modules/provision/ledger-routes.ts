import type { FastifyInstance } from 'fastify';
import { mayOpenFor } from '../../plugins/access.js';
import type { Database } from '../../db/client.js';
import { actorOf } from '../../http/actor.js';
import { childHeaderView } from '../children/view-models.js';
import { loadItemLedger } from './ledger.js';
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
    const header = childHeaderView(data.summary, 'provision', mayOpenFor(request), request.server.clock.today());
    const ledger = itemLedgerView(data, actor.principal.role);
    return reply.view('provision/views/item-ledger.njk', { pageTitle: `${ledger.title} – ${header.name}`, header, ledger, quantified: data.quantified });
  });
}
