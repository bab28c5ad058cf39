import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mayOpenFor } from '../../plugins/access.js';
import { actorOf } from '../../http/actor.js';
import type { Database } from '../../db/client.js';
import { MISSED_REASONS } from '../../domain/delivery.js';
import { ValidationError } from '../../http/errors.js';
import { errorSummaryView, fieldErrorsFrom, type ErrorSummaryView } from '../../http/validation.js';
import { childHeaderView } from '../children/view-models.js';
import { recordDeliveryForm } from './schemas.js';
import { loadRecordForm, recordDelivery } from './service.js';

interface ChildParams {
  childId: string;
}

async function renderForm(db: Database, request: FastifyRequest<{ Params: ChildParams }>, reply: FastifyReply, values: Record<string, unknown>, errors?: ErrorSummaryView) {
  const actor = actorOf(request);
  const { summary, items } = await loadRecordForm(db, actor, request.params.childId);
  const header = childHeaderView(summary, 'provision', mayOpenFor(request), request.server.clock.today());
  return reply.code(errors ? 400 : 200).view('provision/views/record.njk', {
    pageTitle: `Record a session – ${header.name}`,
    header,
    errors,
    values,
    itemItems: items.map((item) => ({
      value: item.id,
      text: `${item.section}: ${item.description}`,
      hint: { text: item.organisationName ?? 'Provided by the school or setting' },
      checked: values.itemId === item.id,
    })),
    reasonItems: [{ value: '', text: 'Select a reason' }, ...Object.entries(MISSED_REASONS).map(([value, text]) => ({ value, text, selected: values.missedReason === value }))],
  });
}

/** Recording provision delivered or missed, session by session, by the people who deliver it. */
export function registerProvisionRoutes(app: FastifyInstance, db: Database): void {
  app.get<{ Params: ChildParams }>(
    '/children/:childId/provision/record',
    { config: { access: { permission: 'provision:record', audit: 'VIEW_PROVISION' } } },
    async (request, reply) => renderForm(db, request, reply, { status: 'delivered' }),
  );

  app.post<{ Params: ChildParams }>(
    '/children/:childId/provision/record',
    { config: { access: { permission: 'provision:record', audit: 'RECORD_PROVISION_DELIVERY' } } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const parsed = recordDeliveryForm.safeParse(body);
      if (!parsed.success) return renderForm(db, request, reply, body, errorSummaryView(fieldErrorsFrom(parsed.error)));
      try {
        await recordDelivery(db, actorOf(request), request.params.childId, parsed.data);
      } catch (error) {
        if (error instanceof ValidationError) return renderForm(db, request, reply, body, errorSummaryView(error.fieldErrors));
        throw error;
      }
      return reply.redirect(`/children/${request.params.childId}/provision?recorded=1`, 303);
    },
  );
}
