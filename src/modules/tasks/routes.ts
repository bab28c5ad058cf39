import { z } from 'zod';
import { MissingVersionError, submittedVersion, VERSION_FIELD } from '../../http/edit-version.js';
import { TASK_SOURCES, type TaskSource } from '../../domain/tasks.js';
import { selectedFiltersView } from '../../http/filters.js';
import { paginationView, pageLink, pageOf } from '../../http/pagination.js';
import { paths } from '../../http/paths.js';
import { form, page, type FormState, type RouteContext, type RouteEntry } from '../../http/route-table.js';
import { childHeaderView } from '../children/view-models.js';
import { newTaskForm } from './schemas.js';
import { TASKS_PAGE_SIZE, completeTask, createTask, loadNewTaskForm, loadTeamTasks, loadTray, reassignTask } from './service.js';
import { newTaskFormView, teamView, trayRows } from './view-models.js';

/** A banner after a redirect: `?completed=1`. */
const flag = z.literal('1').optional().catch(undefined);
/** Where a task came from (anything else reads as any), and overdue only: both lists filter by them. */
const sourceFilter = z
  .enum(Object.keys(TASK_SOURCES) as [TaskSource, ...TaskSource[]])
  .optional()
  .catch(undefined);
const overdueFilter = z.preprocess((value) => value === 'yes', z.boolean());
/** The tray's banners and its filter: where the tasks came from (anything else reads as any), and overdue only. */
const trayQuery = z.object({
  completed: flag,
  added: flag,
  source: sourceFilter,
  overdue: overdueFilter,
});
/** The team view's banner and filter: one member (an id that is not one reads as anyone), the tray's source and overdue. */
const teamQuery = z.object({
  reassigned: flag,
  owner: z.uuid().optional().catch(undefined),
  source: sourceFilter,
  overdue: overdueFilter,
});
/** Completing sends nothing but the form's hidden fields. */
const completion = z.object({});
const reassignment = z.object({ ownerUserId: z.string().default(''), [VERSION_FIELD]: z.string().optional() });

const tray = page({
  permission: 'task:work',
  audit: 'VIEW_TASKS',
  path: paths.tasks.tray,
  query: trayQuery,
  async render(context) {
    const pageNumber = pageOf(context.request.query);
    const { source, overdue: overdueOnly } = context.query;
    const { rows, today, total, overdue } = await loadTray(context.db, context.actor, pageNumber, { source, overdue: overdueOnly });
    const filterParams = { source, overdue: overdueOnly };
    return context.reply.view('tasks/views/tray.njk', {
      pageTitle: 'Your tasks',
      rows: trayRows(rows, today),
      overdue,
      total,
      filtered: Boolean(source) || overdueOnly,
      sourceItems: [{ value: '', text: 'Anywhere' }, ...Object.entries(TASK_SOURCES).map(([value, text]) => ({ value, text, selected: value === source }))],
      overdueOnly,
      selectedFilters: selectedFiltersView(paths.tasks.tray(), filterParams, [
        { heading: 'From', param: 'source', text: source ? TASK_SOURCES[source] : undefined },
        { heading: 'Show only', param: 'overdue', text: overdueOnly ? 'Overdue tasks' : undefined },
      ]),
      pagination: paginationView(pageNumber, total, TASKS_PAGE_SIZE, pageLink(paths.tasks.tray(), filterParams)),
      completed: context.query.completed === '1',
      added: context.query.added === '1',
    });
  },
});

const team = page({
  permission: 'team:oversee',
  audit: 'VIEW_TASKS',
  path: paths.tasks.team,
  query: teamQuery,
  async render(context, refused) {
    const pageNumber = pageOf(context.request.query);
    const { owner, source, overdue: overdueOnly } = context.query;
    const { rows, owners, ownerCounts, today, listed } = await loadTeamTasks(context.db, context.actor, pageNumber, { ownerUserId: owner, source, overdue: overdueOnly });
    const view = teamView({ rows, ownerCounts, owners, today });
    const filterParams = { owner, source, overdue: overdueOnly };
    const ownerName = ownerCounts.find((entry) => entry.ownerUserId === owner)?.ownerName;
    return context.reply.view('tasks/views/team.njk', {
      pageTitle: "Your team's tasks",
      errors: refused?.errors,
      listed,
      filtered: Boolean(owner) || Boolean(source) || overdueOnly,
      ownerFilterItems: [
        { value: '', text: 'Anyone' },
        ...ownerCounts.map((entry) => ({ value: entry.ownerUserId, text: entry.ownerName, selected: entry.ownerUserId === owner })).sort((a, b) => a.text.localeCompare(b.text)),
      ],
      sourceItems: [{ value: '', text: 'Anywhere' }, ...Object.entries(TASK_SOURCES).map(([value, text]) => ({ value, text, selected: value === source }))],
      overdueOnly,
      selectedFilters: selectedFiltersView(paths.tasks.team(), filterParams, [
        { heading: 'Owner', param: 'owner', text: owner ? (ownerName ?? 'Someone no longer in the team') : undefined },
        { heading: 'From', param: 'source', text: source ? TASK_SOURCES[source] : undefined },
        { heading: 'Show only', param: 'overdue', text: overdueOnly ? 'Overdue tasks' : undefined },
      ]),
      pagination: paginationView(pageNumber, listed, TASKS_PAGE_SIZE, pageLink(paths.tasks.team(), filterParams)),
      reassigned: !refused && context.query.reassigned === '1',
      ...view,
    });
  },
});

async function renderNewTask(context: RouteContext<{ childId: string }>, refused?: FormState) {
  const { actor } = context;
  const { summary, owners } = await loadNewTaskForm(context.db, actor, context.params.childId);
  // A task sits with the child's record as a whole; the Overview is its tab.
  const header = childHeaderView(summary, 'overview', (path) => context.mayOpen(path), context.actor.clock.today());
  return context.reply.view('tasks/views/new.njk', {
    pageTitle: `Add a task – ${header.name}`,
    header,
    ...newTaskFormView({ owners, values: refused?.values ?? {}, errors: refused?.errors, defaultOwnerId: summary.child.caseworkerId ?? actor.principal.userId }),
  });
}

const newTask = page({ permission: 'task:work', audit: 'VIEW_TASKS', path: paths.child.newTask, render: renderNewTask });

/** Work trays: my open tasks, the team's for a manager, and tasks added by hand on a child. */
export const taskRoutes: RouteEntry[] = [
  tray,
  form({
    permission: 'task:work',
    audit: 'UPDATE_TASK',
    path: paths.tasks.complete,
    body: completion,
    page: tray,
    async submit(context) {
      await completeTask(context.db, context.actor, context.params.taskId);
      // Back to the list the task was done from.
      const referer = context.request.headers.referer ?? '';
      return context.reply.redirect(referer.includes(paths.tasks.team()) ? paths.tasks.team({ completed: 1 }) : paths.tasks.tray({ completed: 1 }), 303);
    },
  }),
  team,
  form({
    permission: 'team:oversee',
    audit: 'UPDATE_TASK',
    path: paths.tasks.reassign,
    body: reassignment,
    page: team,
    async submit(context, input) {
      const version = submittedVersion(input);
      if (version === undefined) throw new MissingVersionError();
      await reassignTask(context.db, context.actor, context.params.taskId, input.ownerUserId, version);
      return context.reply.redirect(paths.tasks.team({ reassigned: 1 }), 303);
    },
  }),
  newTask,
  form({
    permission: 'task:work',
    audit: 'UPDATE_TASK',
    path: paths.child.newTask,
    body: newTaskForm,
    page: newTask,
    async submit(context, input) {
      await createTask(context.db, context.actor, context.params.childId, input);
      return context.reply.redirect(paths.tasks.tray({ added: 1 }), 303);
    },
  }),
];
