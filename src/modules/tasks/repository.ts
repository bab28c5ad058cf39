import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { hasPermission } from '../../auth/permissions.js';
import { LA_STAFF_ROLES } from '../../auth/roles.js';
import type { Database } from '../../db/client.js';
import { appUser, child, ehcPlan, provisionConcern, task } from '../../db/schema/index.js';
import { addDays, type IsoDate } from '../../domain/dates.js';
import { REVIEW_DUE_SOON_DAYS } from '../../domain/reviews.js';
import type { ConcernClock, ReviewClock } from '../../domain/tasks.js';

const owner = alias(appUser, 'owner');

const taskColumns = {
  id: task.id,
  childId: task.childId,
  childForename: child.forename,
  childSurname: child.surname,
  title: task.title,
  ownerUserId: task.ownerUserId,
  ownerName: owner.displayName,
  ownerTeamId: owner.teamId,
  dueOn: task.dueOn,
  sourceType: task.sourceType,
  sourceId: task.sourceId,
  status: task.status,
  createdAt: task.createdAt,
  version: task.version,
  updatedBy: task.updatedBy,
  updatedAt: task.updatedAt,
};

/** Open tasks, overdue first (the earliest due date is the most overdue), then soonest due, then oldest. */
const openOrder = [asc(task.dueOn), asc(task.createdAt), asc(task.id)];

/** The whole list's counts, from the same query as the page (window functions over the filtered rows). */
function listCounts(today: IsoDate) {
  return {
    total: sql<number>`count(*) over ()`.mapWith(Number),
    overdue: sql<number>`count(*) filter (where ${task.dueOn} < ${today}) over ()`.mapWith(Number),
  };
}

interface TaskPage {
  today: IsoDate;
  limit: number;
  offset: number;
}

/** What the work tray's filter narrows to: where the tasks came from, and only those overdue. */
export interface TrayFilters {
  source?: string | undefined;
  overdue?: boolean | undefined;
}

export async function findOpenTasksOwnedBy(db: Database, laId: string, userId: string, page: TaskPage, filters: TrayFilters = {}) {
  return db
    .select({ ...taskColumns, ...listCounts(page.today) })
    .from(task)
    .leftJoin(child, eq(child.id, task.childId))
    .leftJoin(owner, eq(owner.id, task.ownerUserId))
    .where(
      and(
        eq(task.laId, laId),
        eq(task.ownerUserId, userId),
        eq(task.status, 'open'),
        filters.source ? eq(task.sourceType, filters.source) : undefined,
        filters.overdue ? sql`${task.dueOn} < ${page.today}` : undefined,
      ),
    )
    .orderBy(...openOrder)
    .limit(page.limit)
    .offset(page.offset);
}

export type TaskRow = Omit<Awaited<ReturnType<typeof findOpenTasksOwnedBy>>[number], 'total' | 'overdue'>;

/** What the team view's filter narrows to: the tray's filters, and one member's tasks. */
export interface TeamFilters extends TrayFilters {
  ownerUserId?: string | undefined;
}

/** A team's open tasks: those owned by its members (the whole LA's for a manager without a team). */
export async function findOpenTasksOfTeam(db: Database, laId: string, teamId: string | null, page: TaskPage, filters: TeamFilters = {}) {
  return db
    .select({ ...taskColumns, ...listCounts(page.today) })
    .from(task)
    .innerJoin(owner, eq(owner.id, task.ownerUserId))
    .leftJoin(child, eq(child.id, task.childId))
    .where(
      and(
        eq(task.laId, laId),
        eq(task.status, 'open'),
        teamId ? eq(owner.teamId, teamId) : undefined,
        filters.ownerUserId ? eq(task.ownerUserId, filters.ownerUserId) : undefined,
        filters.source ? eq(task.sourceType, filters.source) : undefined,
        filters.overdue ? sql`${task.dueOn} < ${page.today}` : undefined,
      ),
    )
    .orderBy(...openOrder)
    .limit(page.limit)
    .offset(page.offset);
}

/** Each team member's open and overdue tasks, over the whole list rather than the page shown. */
export async function countOpenTasksByOwner(db: Database, laId: string, teamId: string | null, today: IsoDate) {
  return db
    .select({ ownerUserId: task.ownerUserId, ownerName: owner.displayName, ...listCountsByGroup(today) })
    .from(task)
    .innerJoin(owner, eq(owner.id, task.ownerUserId))
    .where(and(eq(task.laId, laId), eq(task.status, 'open'), teamId ? eq(owner.teamId, teamId) : undefined))
    .groupBy(task.ownerUserId, owner.displayName);
}

function listCountsByGroup(today: IsoDate) {
  return {
    open: sql<number>`count(*)`.mapWith(Number),
    overdue: sql<number>`count(*) filter (where ${task.dueOn} < ${today})`.mapWith(Number),
  };
}

export async function findTask(db: Database, laId: string, taskId: string): Promise<TaskRow | undefined> {
  const [row] = await db
    .select(taskColumns)
    .from(task)
    .leftJoin(child, eq(child.id, task.childId))
    .leftJoin(owner, eq(owner.id, task.ownerUserId))
    .where(and(eq(task.laId, laId), eq(task.id, taskId)));
  return row;
}

export async function findUserTeam(db: Database, userId: string): Promise<string | null> {
  const [row] = await db.select({ teamId: appUser.teamId }).from(appUser).where(eq(appUser.id, userId));
  return row?.teamId ?? null;
}

/** LA staff who keep a work tray: whoever may be given a task. */
export async function findTaskOwners(db: Database, laId: string) {
  const roles = LA_STAFF_ROLES.filter((role) => hasPermission(role, 'task:work'));
  return db
    .select({ id: appUser.id, displayName: appUser.displayName, role: appUser.role, teamId: appUser.teamId })
    .from(appUser)
    .where(and(eq(appUser.laId, laId), eq(appUser.disabled, false), inArray(appUser.role, roles)))
    .orderBy(asc(appUser.displayName), asc(appUser.id));
}

/** Plans in force whose annual review falls within the "due soon" window, or is already late. */
export async function findReviewClocks(db: Database, laId: string, today: IsoDate): Promise<ReviewClock[]> {
  const rows = await db
    .select({ childId: child.id, planId: ehcPlan.id, forename: child.forename, nextReviewDue: ehcPlan.nextReviewDue, caseworkerId: child.caseworkerId })
    .from(ehcPlan)
    .innerJoin(child, eq(child.id, ehcPlan.childId))
    .where(and(eq(ehcPlan.laId, laId), eq(ehcPlan.status, 'active'), sql`${ehcPlan.nextReviewDue} <= ${addDays(today, REVIEW_DUE_SOON_DAYS)}::date`));
  return rows.flatMap((row) => (row.nextReviewDue ? [{ ...row, nextReviewDue: row.nextReviewDue }] : []));
}

export async function findConcernClocks(db: Database, laId: string): Promise<ConcernClock[]> {
  return db
    .select({
      concernId: provisionConcern.id,
      childId: provisionConcern.childId,
      forename: child.forename,
      summary: provisionConcern.summary,
      ownerUserId: provisionConcern.ownerUserId,
      dueOn: provisionConcern.dueOn,
    })
    .from(provisionConcern)
    .innerJoin(child, eq(child.id, provisionConcern.childId))
    .where(and(eq(provisionConcern.laId, laId), eq(provisionConcern.status, 'open')));
}

/** Every clock task the LA ever had (any status), and which are still open. */
export async function findClockTasks(db: Database, laId: string) {
  return db
    .select({ sourceType: task.sourceType, sourceId: task.sourceId, status: task.status })
    .from(task)
    .where(and(eq(task.laId, laId), inArray(task.sourceType, ['review', 'concern']), sql`${task.sourceId} is not null`));
}
