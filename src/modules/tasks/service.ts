import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { isUuid } from '../../auth/child-access.js';
import { childScopeOf, type Principal } from '../../auth/child-scope.js';
import { hasPermission } from '../../auth/permissions.js';
import type { Database } from '../../db/client.js';
import { nextEditBy, staleEdit } from '../../db/edited-rows.js';
import { appUser, task } from '../../db/schema/index.js';
import type { IsoDate } from '../../domain/dates.js';
import { decideTasks } from '../../domain/tasks.js';
import type { Actor } from '../../http/actor.js';
import { NotFoundError, ValidationError } from '../../http/errors.js';
import { recordAudit } from '../audit/repository.js';
import { findChildSummary } from '../children/repository.js';
import { openChildRecord } from '../children/service.js';
import { taskAssigned } from '../../domain/notification-texts.js';
import { queueNotifications, type NewNotification } from '../notifications/outbox.js';
import { pageWindow } from '../../http/pagination.js';
import * as repository from './repository.js';
import type { NewTaskForm } from './schemas.js';

function audit(db: Database, actor: Actor, extra: { subjectId?: string | undefined; childId?: string | null; change?: Record<string, unknown> } = {}) {
  return recordAudit(db, actor, { subjectType: 'task', ...(extra.subjectId ? { subjectId: extra.subjectId } : {}), childId: extra.childId ?? null, ...(extra.change ? { change: extra.change } : {}) });
}

/**
 * What a task notification says: that there is one and when it is due, never the child's name
 * (an email may be read anywhere); the tray has the rest.
 */
function taskNotification(laId: string, userId: string, dueOn: IsoDate): NewNotification {
  // No child named: the owner reads which child in the tray, behind sign-in.
  return { laId, userId, ...taskAssigned({ child: null, dueOn }) };
}

/** Tasks a page of the tray or the team view holds: 178 on one page ran to 20,000 px. */
export const TASKS_PAGE_SIZE = 50;

/** My work tray: my open tasks, overdue first, a page at a time. */
export async function loadTray(db: Database, actor: Actor, page: number, filters: repository.TrayFilters = {}) {
  const today = actor.clock.today();
  const rows = await repository.findOpenTasksOwnedBy(db, actor.principal.laId, actor.principal.userId, { today, ...pageWindow(page, TASKS_PAGE_SIZE) }, filters);
  await audit(db, actor, { change: { view: 'tray', shown: rows.length } });
  return { rows, today, total: rows[0]?.total ?? 0, overdue: rows[0]?.overdue ?? 0 };
}

/**
 * The team view: the open tasks of the manager's team, overdue first, narrowed by the filters, and
 * who they may go to. The counts by owner are the whole team's whatever the filter.
 */
export async function loadTeamTasks(db: Database, actor: Actor, page: number, filters: repository.TeamFilters = {}) {
  const today = actor.clock.today();
  const teamId = await repository.findUserTeam(db, actor.principal.userId);
  const [rows, owners, ownerCounts] = await Promise.all([
    repository.findOpenTasksOfTeam(db, actor.principal.laId, teamId, { today, ...pageWindow(page, TASKS_PAGE_SIZE) }, filters),
    repository.findTaskOwners(db, actor.principal.laId),
    repository.countOpenTasksByOwner(db, actor.principal.laId, teamId, today),
  ]);
  await audit(db, actor, { change: { view: 'team', shown: rows.length } });
  return { rows, owners, ownerCounts, today, listed: rows[0]?.total ?? 0 };
}

/** The task, if this person may act on it: its owner, or someone who oversees the team. */
async function taskFor(db: Database, principal: Principal, taskId: string) {
  if (!isUuid(taskId)) throw new NotFoundError();
  const row = await repository.findTask(db, principal.laId, taskId);
  if (!row || row.status !== 'open') throw new NotFoundError();
  if (row.ownerUserId !== principal.userId && !hasPermission(principal.role, 'team:oversee')) throw new NotFoundError();
  return row;
}

export async function completeTask(db: Database, actor: Actor, taskId: string): Promise<void> {
  const row = await taskFor(db, actor.principal, taskId);
  await db.transaction(async (tx) => {
    const done = await tx
      .update(task)
      .set({ status: 'done', completedAt: actor.clock.now(), completedBy: actor.principal.userId, ...nextEditBy(actor.principal.userId, actor.clock.now()) })
      .where(and(eq(task.id, row.id), eq(task.status, 'open')))
      .returning({ id: task.id });
    // Completed by someone else a moment ago: nothing left to do, and nothing to audit.
    if (done.length === 0) return;
    await audit(tx, actor, { subjectId: row.id, childId: row.childId, change: { status: 'done' } });
  });
}

/** A manager gives a task to someone else; they are told. */
export async function reassignTask(db: Database, actor: Actor, taskId: string, ownerUserId: string, openedAtVersion: number): Promise<void> {
  const row = await taskFor(db, actor.principal, taskId);
  // Reassigned (or otherwise changed) by someone else since the team view was opened: not silently undone.
  if (row.version !== openedAtVersion) throw await staleEdit(db, row, actor.clock.now(), `owner-${row.id}`);
  const owners = await repository.findTaskOwners(db, actor.principal.laId);
  const newOwner = owners.find((candidate) => candidate.id === ownerUserId);
  if (!newOwner) throw new ValidationError([{ path: `owner-${row.id}`, message: 'Select who the task should go to' }]);
  if (newOwner.id === row.ownerUserId) return;
  await db.transaction(async (tx) => {
    const moved = await tx
      .update(task)
      .set({ ownerUserId: newOwner.id, teamId: newOwner.teamId, ...nextEditBy(actor.principal.userId, actor.clock.now()) })
      .where(and(eq(task.id, row.id), eq(task.status, 'open'), eq(task.version, openedAtVersion)))
      .returning({ id: task.id });
    if (moved.length === 0) {
      const now = await repository.findTask(tx, actor.principal.laId, row.id);
      if (now?.status === 'open') throw await staleEdit(tx, now, actor.clock.now(), `owner-${row.id}`);
      return;
    }
    await audit(tx, actor, { subjectId: row.id, childId: row.childId, change: { ownerUserId: { from: row.ownerUserId, to: newOwner.id } } });
    await queueNotifications(tx, [taskNotification(actor.principal.laId, newOwner.id, row.dueOn)]);
  });
}

/** The add-a-task page for a child: its header (an audited read) and who may own the task. */
export async function loadNewTaskForm(db: Database, actor: Actor, childId: string) {
  const summary = await openChildRecord(db, actor, childId);
  const owners = await repository.findTaskOwners(db, actor.principal.laId);
  return { summary, owners };
}

/** A task made by hand on a child, for someone in the LA; they are told unless they made it. */
export async function createTask(db: Database, actor: Actor, childId: string, form: NewTaskForm): Promise<void> {
  const { principal } = actor;
  const today = actor.clock.today();
  if (!isUuid(childId) || !(await findChildSummary(db, childScopeOf(principal, today), childId))) throw new NotFoundError();
  const owners = await repository.findTaskOwners(db, principal.laId);
  const newOwner = owners.find((candidate) => candidate.id === form.ownerUserId);
  const errors = [];
  if (!newOwner) errors.push({ path: 'ownerUserId', message: 'Select who the task is for' });
  if (form.dueOn < today) errors.push({ path: 'dueOn', message: 'The due date must be today or in the future' });
  if (errors.length > 0 || !newOwner) throw new ValidationError(errors);
  await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(task)
      .values({ laId: principal.laId, childId, title: form.title, ownerUserId: newOwner.id, teamId: newOwner.teamId, dueOn: form.dueOn, sourceType: 'manual', createdBy: principal.userId })
      .returning({ id: task.id });
    await audit(tx, actor, { subjectId: created?.id, childId, change: { created: true, title: form.title, ownerUserId: newOwner.id, dueOn: form.dueOn } });
    if (newOwner.id !== principal.userId) await queueNotifications(tx, [taskNotification(principal.laId, newOwner.id, form.dueOn)]);
  });
}

/** A task another module's record sets for someone (a monitoring visit's action), with where it came from. */
export interface SourcedTask {
  title: string;
  ownerUserId: string;
  dueOn: IsoDate;
  sourceType: string;
  sourceId: string;
  childId: string | null;
}

/**
 * Tasks made in the transaction `tx` of the record that sets them, each owner told unless they
 * made it themselves. Whoever may own a task was checked by the caller (findTaskOwners). The
 * record's own event covers them: no audit here.
 */
export async function addSourcedTasks(tx: Database, actor: Actor, rows: SourcedTask[]): Promise<void> {
  if (rows.length === 0) return;
  const { principal } = actor;
  const owners = new Map((await repository.findTaskOwners(tx, principal.laId)).map((owner) => [owner.id, owner]));
  await tx.insert(task).values(
    rows.map((row) => ({
      laId: principal.laId,
      childId: row.childId,
      title: row.title,
      ownerUserId: row.ownerUserId,
      teamId: owners.get(row.ownerUserId)?.teamId ?? null,
      dueOn: row.dueOn,
      sourceType: row.sourceType,
      sourceId: row.sourceId,
      createdBy: principal.userId,
    })),
  );
  await queueNotifications(
    tx,
    rows.filter((row) => row.ownerUserId !== principal.userId).map((row) => taskNotification(principal.laId, row.ownerUserId, row.dueOn)),
  );
}

/**
 * The daily task run for one LA (called from the daily sweep): a task for each annual review due
 * within 8 weeks and each open provision concern, made once per clock (the unique index
 * task_one_open_per_source makes a concurrent second run a no-op), with the owner told; and clock
 * tasks whose clock has moved on (review held, concern resolved or stepped) are cancelled.
 * Returns how many tasks it made.
 */
export async function createDueTasks(db: Database, laId: string, today: IsoDate): Promise<number> {
  const [reviews, concerns, existing] = await Promise.all([repository.findReviewClocks(db, laId, today), repository.findConcernClocks(db, laId), repository.findClockTasks(db, laId)]);
  const decision = decideTasks({
    today,
    reviews,
    concerns,
    known: new Set(existing.map((row) => `${row.sourceType}|${row.sourceId ?? ''}`)),
    open: existing.filter((row) => row.status === 'open').map((row) => ({ sourceType: row.sourceType, sourceId: row.sourceId ?? '' })),
  });
  if (decision.create.length === 0 && decision.cancelSourceIds.length === 0) return 0;
  const ownerIds = [...new Set(decision.create.map((row) => row.ownerUserId))];
  const teams = new Map<string, string | null>();
  for (let start = 0; start < ownerIds.length; start += 5000) {
    const rows = await db
      .select({ id: appUser.id, teamId: appUser.teamId })
      .from(appUser)
      .where(inArray(appUser.id, ownerIds.slice(start, start + 5000)));
    for (const row of rows) teams.set(row.id, row.teamId);
  }
  return db.transaction(async (tx) => {
    let created = 0;
    for (let start = 0; start < decision.create.length; start += 1000) {
      const inserted = await tx
        .insert(task)
        .values(decision.create.slice(start, start + 1000).map((row) => ({ laId, ...row, teamId: teams.get(row.ownerUserId) ?? null })))
        .onConflictDoNothing()
        .returning({ ownerUserId: task.ownerUserId, dueOn: task.dueOn });
      await queueNotifications(
        tx,
        inserted.flatMap((row) => (row.ownerUserId ? [taskNotification(laId, row.ownerUserId, row.dueOn)] : [])),
      );
      created += inserted.length;
    }
    for (let start = 0; start < decision.cancelSourceIds.length; start += 1000) {
      const batch = decision.cancelSourceIds.slice(start, start + 1000);
      await tx
        .update(task)
        .set({ status: 'cancelled', version: sql`version + 1`, updatedAt: new Date() })
        .where(and(eq(task.laId, laId), eq(task.status, 'open'), or(...batch.map((row) => and(eq(task.sourceType, row.sourceType), eq(task.sourceId, row.sourceId))))));
    }
    return created;
  });
}

/** A task another module's clock makes for a step's owner (a review's next step), once per source id. */
export interface StepTask {
  laId: string;
  childId: string;
  title: string;
  ownerUserId: string;
  dueOn: IsoDate;
  sourceType: 'review_step';
  sourceId: string;
}

/**
 * Makes clock tasks in the caller's transaction, each once: a source id that already has an open
 * task is skipped (task_one_open_per_source), and the owner is told of each new one.
 */
export async function createStepTasks(tx: Database, tasks: StepTask[]): Promise<number> {
  if (tasks.length === 0) return 0;
  const ownerIds = [...new Set(tasks.map((row) => row.ownerUserId))];
  const teams = new Map((await tx.select({ id: appUser.id, teamId: appUser.teamId }).from(appUser).where(inArray(appUser.id, ownerIds))).map((row) => [row.id, row.teamId]));
  const inserted = await tx
    .insert(task)
    .values(tasks.map((row) => ({ ...row, teamId: teams.get(row.ownerUserId) ?? null })))
    .onConflictDoNothing()
    .returning({ laId: task.laId, ownerUserId: task.ownerUserId, dueOn: task.dueOn });
  await queueNotifications(
    tx,
    inserted.flatMap((row) => (row.ownerUserId ? [taskNotification(row.laId, row.ownerUserId, row.dueOn)] : [])),
  );
  return inserted.length;
}

/** Marks done the open clock tasks whose source id starts with a prefix (a review's step, once taken). */
export async function completeStepTasks(tx: Database, laId: string, sourceType: 'review_step', sourceIdPrefix: string, now: Date, userId: string | null): Promise<void> {
  await tx
    .update(task)
    .set({ status: 'done', completedAt: now, completedBy: userId, version: sql`version + 1`, updatedAt: now })
    .where(and(eq(task.laId, laId), eq(task.status, 'open'), eq(task.sourceType, sourceType), sql`${task.sourceId} like ${`${sourceIdPrefix}%`}`));
}
