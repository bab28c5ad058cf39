import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mayOpenFor } from '../../plugins/access.js';
import { hasPermission } from '../../auth/permissions.js';
import type { Database } from '../../db/client.js';
import { audiencesWritableBy } from '../../domain/audience.js';
import { actorOf } from '../../http/actor.js';
import { ValidationError } from '../../http/errors.js';
import { errorSummaryView, fieldErrorsFrom, type ErrorSummaryView } from '../../http/validation.js';
import { childHeaderView } from '../children/view-models.js';
import { logContactForm, MAX_DETAILS_LENGTH, timelineQuery } from './schemas.js';
import * as service from './service.js';
import { kindFilterItems, logFormItems, personFilterItems, timelinePagination, timelineItems } from './view-models.js';

interface ChildParams {
  childId: string;
}

/** A date input's error links to its day box, the first thing to correct. */
function withDateLinks(errors: ErrorSummaryView, dateFields: readonly string[]): ErrorSummaryView {
  return { ...errors, errorList: errors.errorList.map((error) => (dateFields.some((field) => error.href === `#${field}`) ? { ...error, href: `${error.href}-day` } : error)) };
}

async function renderLogForm(db: Database, request: FastifyRequest<{ Params: ChildParams }>, reply: FastifyReply, values: Record<string, unknown>, errors?: ErrorSummaryView) {
  const actor = actorOf(request);
  const summary = await service.loadLogForm(db, actor, request.params.childId);
  const header = childHeaderView(summary, 'timeline', mayOpenFor(request), request.server.clock.today());
  return reply.code(errors ? 400 : 200).view('timeline/views/log.njk', {
    pageTitle: `Log a call, letter, meeting or note – ${header.name}`,
    header,
    errors: errors ? withDateLinks(errors, ['when']) : undefined,
    values,
    maxDetails: MAX_DETAILS_LENGTH,
    ...logFormItems(values, audiencesWritableBy(actor.principal.role), service.restrictableBy(actor.principal.role)),
  });
}

/** The child's shared timeline: what happened, newest first, as this person may see it; and logging a contact. */
export function registerTimelineRoutes(app: FastifyInstance, db: Database): void {
  app.get<{ Params: ChildParams }>('/children/:childId/timeline', { config: { access: { permission: 'child:view', audit: 'VIEW_TIMELINE' } } }, async (request, reply) => {
    const actor = actorOf(request);
    const parsed = timelineQuery.safeParse(request.query ?? {});
    // An invalid filter is reported and left out; the valid ones still apply.
    const query = parsed.success ? parsed.data : timelineQuery.parse({ ...(request.query as Record<string, unknown>), ...invalidFiltersCleared(parsed.error) });
    const { summary, page, authors } = await service.loadTimeline(db, actor, request.params.childId, query);
    const header = childHeaderView(summary, 'timeline', mayOpenFor(request), request.server.clock.today());
    return reply.code(parsed.success ? 200 : 400).view('timeline/views/timeline.njk', {
      pageTitle: `${header.activeTabLabel} – ${header.name}`,
      header,
      errors: parsed.success ? undefined : withDateLinks(errorSummaryView(fieldErrorsFrom(parsed.error)), ['from', 'to']),
      values: query.raw,
      filtered: Boolean(query.kind ?? query.person ?? query.from ?? query.to) || !parsed.success,
      kindItems: kindFilterItems(query.raw.kind),
      personItems: personFilterItems(authors, query.raw.person),
      entries: timelineItems(page.rows, request.params.childId, mayOpenFor(request)),
      pagination: timelinePagination(request.params.childId, query, page),
      mayLog: hasPermission(actor.principal.role, 'timeline:log'),
      logged: (request.query as Record<string, unknown>).logged === '1',
    });
  });

  app.get<{ Params: ChildParams }>('/children/:childId/timeline/new', { config: { access: { permission: 'timeline:log', audit: 'VIEW_TIMELINE' } } }, async (request, reply) =>
    renderLogForm(db, request, reply, {}),
  );

  app.post<{ Params: ChildParams }>('/children/:childId/timeline/new', { config: { access: { permission: 'timeline:log', audit: 'ADD_TIMELINE_ENTRY' }, input: { lists: ['restrictedToRoles'] } } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = logContactForm.safeParse(body);
    if (!parsed.success) return renderLogForm(db, request, reply, body, errorSummaryView(fieldErrorsFrom(parsed.error)));
    try {
      await service.logContact(db, actorOf(request), request.params.childId, parsed.data);
    } catch (error) {
      if (error instanceof ValidationError) return renderLogForm(db, request, reply, body, errorSummaryView(error.fieldErrors));
      throw error;
    }
    return reply.redirect(`/children/${request.params.childId}/timeline?logged=1`, 303);
  });
}

/** The query with each invalid filter's boxes emptied, so the valid filters still apply. */
function invalidFiltersCleared(error: import('zod').ZodError): Record<string, string> {
  const cleared: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    if (field === 'from' || field === 'to') Object.assign(cleared, { [`${field}-day`]: '', [`${field}-month`]: '', [`${field}-year`]: '' });
    else if (field) cleared[field] = '';
  }
  return cleared;
}
