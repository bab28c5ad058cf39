import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mayOpenFor } from '../../plugins/access.js';
import type { Database } from '../../db/client.js';
import { actorOf } from '../../http/actor.js';
import { MissingVersionError, StaleEditError, submittedVersion } from '../../http/edit-version.js';
import { ValidationError } from '../../http/errors.js';
import { errorSummaryView, fieldErrorsFrom, type ErrorSummaryView } from '../../http/validation.js';
import { childHeaderView } from '../children/view-models.js';
import { newTaskForm } from './schemas.js';
import { paginationView, pageOf } from '../../http/pagination.js';
import { TASKS_PAGE_SIZE, completeTask, createTask, loadNewTaskForm, loadTeamTasks, loadTray, reassignTask } from './service.js';
import { newTaskFormView, teamView, trayRows } from './view-models.js';

interface ChildParams {
  childId: string;
}
interface TaskParams {
  taskId: string;
}

const csrfOf = (reply: FastifyReply): string => {
  const token = (reply.locals as Record<string, unknown> | undefined)?.csrfToken;
  return typeof token === 'string' ? token : '';
};

/** Work trays: my open tasks, the team's for a manager, and tasks added by hand on a child. */
export function registerTaskRoutes(app: FastifyInstance, db: Database): void {
  app.get('/tasks', { config: { access: { permission: 'task:work', audit: 'VIEW_TASKS' } } }, async (request, reply) => {
    const page = pageOf(request.query);
    const { rows, today, total, overdue } = await loadTray(db, actorOf(request), page);
    const query = request.query as Record<string, unknown>;
    return reply.view('tasks/views/tray.njk', {
      pageTitle: 'Your tasks',
      rows: trayRows(rows, today, csrfOf(reply)),
      overdue,
      total,
      pagination: paginationView(page, total, TASKS_PAGE_SIZE, (number) => `/tasks${number === 1 ? '' : `?page=${String(number)}`}`),
      completed: query.completed === '1',
      added: query.added === '1',
    });
  });

  app.post<{ Params: TaskParams }>('/tasks/:taskId/complete', { config: { access: { permission: 'task:work', audit: 'UPDATE_TASK' } } }, async (request, reply) => {
    await completeTask(db, actorOf(request), request.params.taskId);
    const referer = request.headers.referer ?? '';
    return reply.redirect(referer.includes('/tasks/team') ? '/tasks/team?completed=1' : '/tasks?completed=1', 303);
  });

  const renderTeam = async (request: FastifyRequest, reply: FastifyReply, errors?: ErrorSummaryView, statusCode = 400) => {
    const page = pageOf(request.query);
    const { rows, owners, ownerCounts, today } = await loadTeamTasks(db, actorOf(request), page);
    const view = teamView({ rows, ownerCounts, owners, today, csrfToken: csrfOf(reply), errors });
    const query = request.query as Record<string, unknown>;
    return reply.code(errors ? statusCode : 200).view('tasks/views/team.njk', {
      pageTitle: "Your team's tasks",
      errors,
      pagination: paginationView(page, view.total, TASKS_PAGE_SIZE, (number) => `/tasks/team${number === 1 ? '' : `?page=${String(number)}`}`),
      reassigned: query.reassigned === '1',
      ...view,
    });
  };

  app.get('/tasks/team', { config: { access: { permission: 'team:oversee', audit: 'VIEW_TASKS' } } }, async (request, reply) => renderTeam(request, reply));

  app.post<{ Params: TaskParams }>('/tasks/:taskId/reassign', { config: { access: { permission: 'team:oversee', audit: 'UPDATE_TASK' } } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      const version = submittedVersion(body);
      if (version === undefined) throw new MissingVersionError();
      await reassignTask(db, actorOf(request), request.params.taskId, typeof body.ownerUserId === 'string' ? body.ownerUserId : '', version);
    } catch (error) {
      if (error instanceof ValidationError) return renderTeam(request, reply, errorSummaryView(error.fieldErrors));
      if (error instanceof StaleEditError) return renderTeam(request, reply, errorSummaryView(error.fieldErrors), 409);
      throw error;
    }
    return reply.redirect('/tasks/team?reassigned=1', 303);
  });

  const renderNewTask = async (request: FastifyRequest<{ Params: ChildParams }>, reply: FastifyReply, values: Record<string, unknown>, errors?: ErrorSummaryView) => {
    const actor = actorOf(request);
    const { summary, owners } = await loadNewTaskForm(db, actor, request.params.childId);
    // A task sits with the child's record as a whole; the Overview is its tab.
    const header = childHeaderView(summary, 'overview', mayOpenFor(request), request.server.clock.today());
    return reply.code(errors ? 400 : 200).view('tasks/views/new.njk', {
      pageTitle: `Add a task – ${header.name}`,
      header,
      ...newTaskFormView({ owners, values, errors, defaultOwnerId: summary.child.caseworkerId ?? actor.principal.userId }),
    });
  };

  app.get<{ Params: ChildParams }>('/children/:childId/tasks/new', { config: { access: { permission: 'task:work', audit: 'VIEW_TASKS' } } }, async (request, reply) => renderNewTask(request, reply, {}));

  app.post<{ Params: ChildParams }>('/children/:childId/tasks/new', { config: { access: { permission: 'task:work', audit: 'UPDATE_TASK' } } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = newTaskForm.safeParse(body);
    if (!parsed.success) return renderNewTask(request, reply, body, errorSummaryView(fieldErrorsFrom(parsed.error)));
    try {
      await createTask(db, actorOf(request), request.params.childId, parsed.data);
    } catch (error) {
      if (error instanceof ValidationError) return renderNewTask(request, reply, body, errorSummaryView(error.fieldErrors));
      throw error;
    }
    return reply.redirect('/tasks?added=1', 303);
  });
}
