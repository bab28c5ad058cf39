import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mayOpenFor } from '../../plugins/access.js';
import { z } from 'zod';
import { isFamilyRole } from '../../auth/roles.js';
import type { Database } from '../../db/client.js';
import { CONCERN_LEVELS } from '../../domain/concerns.js';
import { itemName } from '../../domain/plain-words.js';
import { actorOf } from '../../http/actor.js';
import { ValidationError } from '../../http/errors.js';
import { pageLink, pageNumber, paginationView, shownText } from '../../http/pagination.js';
import { errorSummaryView, fieldErrorsFrom, type ErrorSummaryView } from '../../http/validation.js';
import { childHeaderView } from '../children/view-models.js';
import { concernStepForm, raiseConcernForm, WHOLE_PLAN } from './schemas.js';
import * as service from './service.js';
import { actionItems, concernSummaryRows, LEVEL_FILTER_ITEMS, mayWorkConcerns, openConcernRows, stepEvents } from './view-models.js';

interface ChildParams {
  childId: string;
}
interface ConcernParams extends ChildParams {
  concernId: string;
}

const openConcernsQuery = z.object({
  level: z.preprocess((value) => (value === '' ? undefined : value), z.enum(Object.keys(CONCERN_LEVELS) as [string, ...string[]], { error: 'Select a level from the list' }).optional()),
  mine: z.preprocess((value) => value === 'yes', z.boolean()),
  overdue: z.preprocess((value) => value === 'yes', z.boolean()),
  page: pageNumber,
});

async function renderRaiseForm(db: Database, request: FastifyRequest<{ Params: ChildParams }>, reply: FastifyReply, values: Record<string, unknown>, errors?: ErrorSummaryView) {
  const actor = actorOf(request);
  const { summary, items } = await service.loadRaiseForm(db, actor, request.params.childId);
  const header = childHeaderView(summary, 'provision', mayOpenFor(request), request.server.clock.today());
  const family = isFamilyRole(actor.principal.role);
  return reply.code(errors ? 400 : 200).view('concerns/views/raise.njk', {
    pageTitle: `${family ? 'Tell us provision is not happening' : 'Raise a provision concern'} – ${header.name}`,
    heading: family ? 'Tell us provision is not happening' : 'Raise a provision concern',
    family,
    header,
    errors,
    values,
    itemItems: [
      // Each named as the family reads it elsewhere, with the plan's wording beneath to tell two alike apart.
      ...items.map((item) => ({ value: item.id, text: itemName(item), hint: { text: `In the plan: ${item.description}` }, checked: values.itemId === item.id })),
      { divider: 'or' },
      { value: WHOLE_PLAN, text: 'Something else about their education or provision', checked: values.itemId === WHOLE_PLAN },
    ],
  });
}

async function renderConcern(db: Database, request: FastifyRequest<{ Params: ConcernParams }>, reply: FastifyReply, values: Record<string, unknown>, errors?: ErrorSummaryView) {
  const actor = actorOf(request);
  const { summary, concern, steps } = await service.loadConcern(db, actor, request.params.childId, request.params.concernId);
  const header = childHeaderView(summary, 'provision', mayOpenFor(request), request.server.clock.today());
  const today = actor.clock.today();
  return reply.code(errors ? 400 : 200).view('concerns/views/concern.njk', {
    pageTitle: `Provision concern – ${header.name}`,
    header,
    errors,
    values,
    concernId: concern.id,
    summaryRows: concernSummaryRows(concern, today),
    events: stepEvents(steps),
    mayWork: mayWorkConcerns(actor.principal) && concern.status === 'open',
    actionItems: actionItems(typeof values.action === 'string' ? values.action : undefined),
    stepped: (request.query as Record<string, unknown> | undefined)?.stepped === '1',
    raised: (request.query as Record<string, unknown> | undefined)?.raised === '1',
  });
}

/** Provision concerns: raised by the sweep, a family or staff, and worked up the escalation ladder. */
export function registerConcernRoutes(app: FastifyInstance, db: Database): void {
  app.get<{ Params: ChildParams }>('/children/:childId/concerns/new', { config: { access: { permission: 'concern:raise', audit: 'VIEW_PROVISION' } } }, async (request, reply) =>
    renderRaiseForm(db, request, reply, {}),
  );

  app.post<{ Params: ChildParams }>('/children/:childId/concerns/new', { config: { access: { permission: 'concern:raise', audit: 'RAISE_PROVISION_CONCERN' } } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = raiseConcernForm.safeParse(body);
    if (!parsed.success) return renderRaiseForm(db, request, reply, body, errorSummaryView(fieldErrorsFrom(parsed.error)));
    try {
      const concernId = await service.raiseConcern(db, actorOf(request), request.params.childId, parsed.data);
      return await reply.redirect(`/children/${request.params.childId}/concerns/${concernId}?raised=1`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return renderRaiseForm(db, request, reply, body, errorSummaryView(error.fieldErrors));
      throw error;
    }
  });

  app.get<{ Params: ConcernParams }>('/children/:childId/concerns/:concernId', { config: { access: { permission: 'child:view', audit: 'VIEW_PROVISION_CONCERN' } } }, async (request, reply) =>
    renderConcern(db, request, reply, {}),
  );

  app.post<{ Params: ConcernParams }>(
    '/children/:childId/concerns/:concernId/steps',
    { config: { access: { permission: 'concern:manage', audit: 'UPDATE_PROVISION_CONCERN' } } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const parsed = concernStepForm.safeParse(body);
      if (!parsed.success) return renderConcern(db, request, reply, body, errorSummaryView(fieldErrorsFrom(parsed.error)));
      try {
        await service.takeStep(db, actorOf(request), request.params.childId, request.params.concernId, parsed.data);
      } catch (error) {
        if (error instanceof ValidationError) return renderConcern(db, request, reply, body, errorSummaryView(error.fieldErrors));
        throw error;
      }
      return reply.redirect(`/children/${request.params.childId}/concerns/${request.params.concernId}?stepped=1`, 303);
    },
  );

  app.get('/concerns', { config: { access: { permission: 'concern:manage', audit: 'VIEW_PROVISION_CONCERN' } } }, async (request, reply) => {
    const actor = actorOf(request);
    const parsed = openConcernsQuery.safeParse(request.query);
    const query = parsed.success ? parsed.data : openConcernsQuery.parse({});
    const result = await service.listOpenConcerns(db, actor, { ...(query.level ? { level: query.level } : {}), mine: query.mine, overdue: query.overdue, page: query.page });
    const link = pageLink('/concerns', { level: query.level, mine: query.mine, overdue: query.overdue });
    const noun = result.total === 1 ? 'open concern' : 'open concerns';
    return reply.code(parsed.success ? 200 : 400).view('concerns/views/list.njk', {
      pageTitle: 'Provision concerns',
      errors: parsed.success ? undefined : errorSummaryView(fieldErrorsFrom(parsed.error)),
      query,
      levelItems: LEVEL_FILTER_ITEMS(query.level),
      total: result.total,
      countText: result.total > service.CONCERNS_PAGE_SIZE ? shownText(result.page, result.total, service.CONCERNS_PAGE_SIZE, noun) : `${String(result.total)} ${noun}`,
      rows: openConcernRows(result.rows, result.today),
      pagination: paginationView(result.page, result.total, service.CONCERNS_PAGE_SIZE, link),
    });
  });
}
