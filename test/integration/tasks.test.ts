import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUser, auditEvent, child, ehcPlan, notification, task } from '../../src/db/schema/index.js';
import { addDays } from '../../src/domain/dates.js';
import { createDueTasks } from '../../src/modules/tasks/service.js';
import { paths } from '../../src/http/paths.js';
import { createTestApp, demoUser, signedInAs, TEST_CLOCK, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';

describe(`tasks (${testEngine})`, () => {
  let t: TestApp;
  let caseworkerId: string;
  let managerId: string;
  let someChild: string;
  const today = TEST_CLOCK.today();
  const userId = async (role: string) => {
    const [row] = await t.database.db
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, role).email));
    return row?.id ?? '';
  };
  const addTask = async (title: string, dueOn: string, ownerUserId: string) => {
    const [row] = await t.database.db.insert(task).values({ laId: t.demo.laId, childId: someChild, title, ownerUserId, dueOn, sourceType: 'manual' }).returning({ id: task.id });
    return row?.id ?? '';
  };

  beforeAll(async () => {
    t = await createTestApp({ plans: 40, deliveryHistory: false, clock: TEST_CLOCK });
    caseworkerId = await userId('sen_caseworker');
    managerId = await userId('sen_team_manager');
    const [row] = await t.database.db.select({ id: child.id }).from(child).limit(1);
    someChild = row?.id ?? '';
  });

  afterAll(async () => {
    await t.close();
  });

  it('makes tasks from the clocks once, tells the owners, and makes none on a second run', async () => {
    // Bring one plan's review within 8 weeks, with the demo caseworker as the child's caseworker.
    const [plan] = await t.database.db.select({ id: ehcPlan.id, childId: ehcPlan.childId }).from(ehcPlan).where(eq(ehcPlan.status, 'active')).limit(1);
    await t.database.db
      .update(ehcPlan)
      .set({ nextReviewDue: addDays(today, 20) })
      .where(eq(ehcPlan.id, plan?.id ?? ''));
    await t.database.db
      .update(child)
      .set({ caseworkerId })
      .where(eq(child.id, plan?.childId ?? ''));
    const created = await createDueTasks(t.database.db, t.demo.laId, today);
    expect(created).toBeGreaterThanOrEqual(1);
    const [reviewTask] = await t.database.db
      .select()
      .from(task)
      .where(and(eq(task.sourceType, 'review'), eq(task.childId, plan?.childId ?? '')));
    expect(reviewTask).toMatchObject({ ownerUserId: caseworkerId, dueOn: addDays(today, 20), status: 'open' });
    expect(reviewTask?.title).toMatch(/^Arrange the annual review for .+ \(due .+\)$/);
    const told = await t.database.db
      .select()
      .from(notification)
      .where(and(eq(notification.userId, caseworkerId), eq(notification.kind, 'task_assigned')));
    expect(told.length).toBeGreaterThanOrEqual(1);
    expect(told[0]?.link).toBe(paths.tasks.tray());

    const open = (await t.database.db.select({ n: count() }).from(task).where(eq(task.status, 'open')))[0]?.n;
    expect(await createDueTasks(t.database.db, t.demo.laId, today)).toBe(0);
    expect((await t.database.db.select({ n: count() }).from(task).where(eq(task.status, 'open')))[0]?.n).toBe(open);

    // Done is done: the same review is not made again tomorrow.
    await t.database.db
      .update(task)
      .set({ status: 'done' })
      .where(eq(task.id, reviewTask?.id ?? ''));
    expect(await createDueTasks(t.database.db, t.demo.laId, today)).toBe(0);
    // Held: the next review is a year away, and had it been open, its task would be cancelled.
    await t.database.db
      .update(task)
      .set({ status: 'open' })
      .where(eq(task.id, reviewTask?.id ?? ''));
    await t.database.db
      .update(ehcPlan)
      .set({ nextReviewDue: addDays(today, 365) })
      .where(eq(ehcPlan.id, plan?.id ?? ''));
    await createDueTasks(t.database.db, t.demo.laId, today);
    const [after] = await t.database.db
      .select({ status: task.status })
      .from(task)
      .where(eq(task.id, reviewTask?.id ?? ''));
    expect(after?.status).toBe('cancelled');
  });

  it('lists my open tasks overdue first, then soonest due, and completes one', async () => {
    await t.database.db.update(task).set({ status: 'cancelled' }).where(eq(task.ownerUserId, caseworkerId));
    await addTask('Due next month', addDays(today, 30), caseworkerId);
    await addTask('Long overdue', addDays(today, -10), caseworkerId);
    const dueSoon = await addTask('Due in two days', addDays(today, 2), caseworkerId);
    await addTask('Someone else’s', addDays(today, -20), managerId);
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const tray = await caseworker.get(paths.tasks.tray());
    expect(tray.statusCode).toBe(200);
    expect(tray.body).toContain('href="/tasks"');
    const order = ['Long overdue', 'Due in two days', 'Due next month'].map((title) => tray.body.indexOf(title));
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(tray.body).not.toContain('Someone else’s');
    expect(tray.body).toContain('Overdue');
    const views = await t.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'VIEW_TASKS'), eq(auditEvent.actorUserId, caseworkerId)));
    expect(views.length).toBeGreaterThanOrEqual(1);

    const done = await caseworker.post(paths.tasks.complete({ taskId: dueSoon }), {});
    expect(done.statusCode).toBe(303);
    const [row] = await t.database.db.select().from(task).where(eq(task.id, dueSoon));
    expect(row?.status).toBe('done');
    expect(row?.completedBy).toBe(caseworkerId);
    expect(row?.completedAt).toBeInstanceOf(Date);
    const audited = await t.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'UPDATE_TASK'), eq(auditEvent.subjectId, dueSoon)));
    expect(audited).toHaveLength(1);
    expect((await caseworker.get(paths.tasks.tray())).body).not.toContain('Due in two days');
    // Nobody completes a task that is not theirs, nor one already done.
    const [others] = await t.database.db.select({ id: task.id }).from(task).where(eq(task.title, 'Someone else’s'));
    expect((await caseworker.post(paths.tasks.complete({ taskId: others?.id ?? '' }), {})).statusCode).toBe(404);
    expect((await caseworker.post(paths.tasks.complete({ taskId: dueSoon }), {})).statusCode).toBe(404);
  });

  it('shows the team view to a manager only, and a manager reassigns a task', async () => {
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    expect((await caseworker.get(paths.tasks.team())).statusCode).toBe(403);
    const manager = await signedInAs(t.app, t.demo, 'sen_team_manager');
    const taskId = await addTask('Chase the school for its advice', addDays(today, -3), caseworkerId);
    const team = await manager.get(paths.tasks.team());
    expect(team.statusCode).toBe(200);
    expect(team.body).toContain('Chase the school for its advice');
    expect(team.body).toContain('Priya Shah');
    const version = new RegExp(`action="${paths.tasks.reassign({ taskId })}"[^>]*>.*?name="_version" value="(\\d+)"`).exec(team.body)?.[1] ?? '';
    const moved = await manager.post(paths.tasks.reassign({ taskId }), { _version: version, ownerUserId: managerId });
    expect(moved.statusCode).toBe(303);
    const [row] = await t.database.db.select({ ownerUserId: task.ownerUserId }).from(task).where(eq(task.id, taskId));
    expect(row?.ownerUserId).toBe(managerId);
    // Sent again from the page opened before the move: refused, naming who moved it.
    const stale = await manager.post(paths.tasks.reassign({ taskId }), { _version: version, ownerUserId: caseworkerId });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toMatch(/This was changed by .+ at \d\d:\d\d/);
    const fresh = new RegExp(`action="${paths.tasks.reassign({ taskId })}"[^>]*>.*?name="_version" value="(\\d+)"`).exec(stale.body)?.[1] ?? '';
    const bad = await manager.post(paths.tasks.reassign({ taskId }), { _version: fresh, ownerUserId: demoUser(t.demo, 'parent').email });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select who the task should go to');
  });

  it('adds a task by hand on a child, with the form validated', async () => {
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const form = await caseworker.get(paths.child.newTask({ childId: someChild }));
    expect(form.statusCode).toBe(200);
    const empty = await caseworker.post(paths.child.newTask({ childId: someChild }), { title: '', ownerUserId: '', 'dueOn-day': '31', 'dueOn-month': '2', 'dueOn-year': '2027' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter what needs to be done');
    expect(empty.body).toContain('Select who the task is for');
    expect(empty.body).toContain('The due date must be a real date');
    const past = addDays(today, -1).split('-');
    const pastResponse = await caseworker.post(paths.child.newTask({ childId: someChild }), {
      title: 'Ring the parent',
      ownerUserId: managerId,
      'dueOn-day': past[2] ?? '',
      'dueOn-month': past[1] ?? '',
      'dueOn-year': past[0] ?? '',
    });
    expect(pastResponse.statusCode).toBe(400);
    expect(pastResponse.body).toContain('today or in the future');
    const due = addDays(today, 7).split('-');
    const added = await caseworker.post(paths.child.newTask({ childId: someChild }), {
      title: 'Ring the parent about transport',
      ownerUserId: managerId,
      'dueOn-day': due[2] ?? '',
      'dueOn-month': due[1] ?? '',
      'dueOn-year': due[0] ?? '',
    });
    expect(added.statusCode).toBe(303);
    const [row] = await t.database.db.select().from(task).where(eq(task.title, 'Ring the parent about transport'));
    expect(row).toMatchObject({ ownerUserId: managerId, childId: someChild, sourceType: 'manual', createdBy: caseworkerId, dueOn: addDays(today, 7) });
    const told = await t.database.db
      .select({ n: count() })
      .from(notification)
      .where(and(eq(notification.userId, managerId), eq(notification.kind, 'task_assigned')));
    expect(told[0]?.n).toBeGreaterThanOrEqual(1);
    // A parent has no work tray.
    const parent = await signedInAs(t.app, t.demo, 'parent');
    expect((await parent.get(paths.tasks.tray())).statusCode).toBe(403);
    expect((await caseworker.get(paths.child.newTask({ childId: '00000000-0000-4000-8000-000000000000' }))).statusCode).toBe(404);
  });
});
