import { z } from 'zod';
import { termOrSchoolYear } from '../../http/filters.js';
import { paths } from '../../http/paths.js';
import { page, type RouteEntry } from '../../http/route-table.js';
import { loadDeliveryView } from './service.js';
import { deliveryViewModel } from './view-models.js';

const deliveryQuery = z.object({
  period: termOrSchoolYear('term'),
});

/** The LA's view of provision delivered across all its children. */
export const deliveryMonitoringRoutes: RouteEntry[] = [
  page({
    permission: 'la:monitor',
    audit: 'VIEW_DELIVERY_MONITORING',
    path: paths.monitoring.delivery,
    query: deliveryQuery,
    async render(context) {
      const { period } = context.query;
      const view = await loadDeliveryView(context.db, context.actor, period);
      return context.reply.view('delivery-monitoring/views/delivery.njk', {
        pageTitle: 'Provision delivery',
        errors: context.queryErrors,
        period,
        ...deliveryViewModel(view, period),
      });
    },
  }),
];
