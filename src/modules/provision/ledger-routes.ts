import { z } from 'zod';
import { paths } from '../../http/paths.js';
import { page, type RouteEntry } from '../../http/route-table.js';
import { childHeaderView } from '../children/view-models.js';
import { loadItemLedger } from './ledger.js';
import { itemLedgerView } from './ledger-view.js';

/** One item's ledger: this week, this term, this school year and since the plan started. */
export const itemLedgerRoutes: RouteEntry[] = [
  page({
    permission: 'child:view',
    audit: 'VIEW_PROVISION',
    path: paths.provision.item,
    query: z.object({ renamed: z.literal('1').optional().catch(undefined) }),
    async render(context) {
      const { actor, params } = context;
      const data = await loadItemLedger(context.db, actor, params.childId, params.itemId);
      const header = childHeaderView(data.summary, 'provision', (path) => context.mayOpen(path), context.actor.clock.today());
      const ledger = itemLedgerView(data, actor.principal.role);
      const namePath = paths.provision.itemName({ childId: params.childId, itemId: data.item.id });
      return context.reply.view('provision/views/item-ledger.njk', {
        pageTitle: `${ledger.title} – ${header.name}`,
        header,
        ledger,
        quantified: data.quantified,
        nameHref: context.mayOpen(namePath) ? namePath : null,
        renamed: context.query.renamed === '1',
      });
    },
  }),
];
