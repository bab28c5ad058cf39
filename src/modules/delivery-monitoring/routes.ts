import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { actorOf } from '../../http/actor.js';
import { errorSummaryView, fieldErrorsFrom } from '../../http/validation.js';
import { loadDeliveryView } from './service.js';
import { deliveryViewModel } from './view-models.js';

const deliveryQuery = z.object({
  period: z.enum(['term', 'year'], { error: 'Choose this term or this school year' }).default('term'),
});

/** The LA's view of provision delivered across all its children. */
export function registerDeliveryMonitoringRoutes(app: FastifyInstance, db: Database): void {
  app.get('/delivery', { config: { access: { permission: 'la:monitor', audit: 'VIEW_DELIVERY_MONITORING' } } }, async (request, reply) => {
    const parsed = deliveryQuery.safeParse(request.query);
    const period = parsed.success ? parsed.data.period : 'term';
    const view = await loadDeliveryView(db, actorOf(request), period);
    return reply.code(parsed.success ? 200 : 400).view('delivery-monitoring/views/delivery.njk', {
      pageTitle: 'Provision delivery',
      errors: parsed.success ? undefined : errorSummaryView(fieldErrorsFrom(parsed.error)),
      period,
      ...deliveryViewModel(view, period),
    });
  });
}
