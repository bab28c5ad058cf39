import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mayOpenFor } from '../../plugins/access.js';
import type { Database } from '../../db/client.js';
import { actorOf } from '../../http/actor.js';
import { ValidationError } from '../../http/errors.js';
import { errorSummaryView, fieldErrorsFrom, type ErrorSummaryView } from '../../http/validation.js';
import { childHeaderView } from '../children/view-models.js';
import { notFullTimeQuery, recordArrangementForm } from './schemas.js';
import { listNotFullTime, loadRecordForm, NOT_FULL_TIME_PAGE_SIZE, recordArrangement } from './service.js';
import { notFullTimeView, recordFormView } from './view-models.js';

interface ChildParams {
  childId: string;
}

async function renderForm(db: Database, request: FastifyRequest<{ Params: ChildParams }>, reply: FastifyReply, values: Record<string, unknown>, errors?: ErrorSummaryView) {
  const actor = actorOf(request);
  const { summary, offer, defaultFullTimeMinutes } = await loadRecordForm(db, actor, request.params.childId);
  // The education offer is shown on the Inclusion tab, so the form sits under it.
  const header = childHeaderView(summary, 'inclusion', mayOpenFor(request), request.server.clock.today());
  return reply.code(errors ? 400 : 200).view('education/views/record.njk', {
    pageTitle: `Record the education offered – ${header.name}`,
    header,
    ...recordFormView({ values, errors, offer, defaultFullTimeMinutes }),
  });
}

/** The education each child is offered (full-time, a part-time timetable or no setting), and the LA's list of children without full-time education. */
export function registerEducationRoutes(app: FastifyInstance, db: Database): void {
  app.get<{ Params: ChildParams }>(
    '/children/:childId/education/record',
    { config: { access: { permission: 'education:record', audit: 'VIEW_EDUCATION' } } },
    async (request, reply) => renderForm(db, request, reply, {}),
  );

  app.post<{ Params: ChildParams }>(
    '/children/:childId/education/record',
    { config: { access: { permission: 'education:record', audit: 'RECORD_EDUCATION_ARRANGEMENT' } } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const parsed = recordArrangementForm.safeParse(body);
      if (!parsed.success) return renderForm(db, request, reply, body, errorSummaryView(fieldErrorsFrom(parsed.error)));
      try {
        await recordArrangement(db, actorOf(request), request.params.childId, parsed.data);
      } catch (error) {
        if (error instanceof ValidationError) return renderForm(db, request, reply, body, errorSummaryView(error.fieldErrors));
        throw error;
      }
      return reply.redirect(`/children/${request.params.childId}/inclusion?educationRecorded=1`, 303);
    },
  );

  app.get('/education/not-full-time', { config: { access: { permission: 'la:monitor', audit: 'VIEW_NOT_FULL_TIME' } } }, async (request, reply) => {
    const { page } = notFullTimeQuery.parse(request.query);
    const result = await listNotFullTime(db, actorOf(request), page);
    return reply.view('education/views/not-full-time.njk', {
      pageTitle: 'Children without full-time education',
      ...notFullTimeView({ rows: result.rows, total: result.total, page, pageSize: NOT_FULL_TIME_PAGE_SIZE, today: result.today }),
    });
  });
}
