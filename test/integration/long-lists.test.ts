import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUser, task } from '../../src/db/schema/index.js';
import { TASKS_PAGE_SIZE } from '../../src/modules/tasks/service.js';
import { createTestApp, demoUser, signedInAs, type TestApp } from '../helpers/app.js';

let t: TestApp;
const TASKS = 120;

beforeAll(async () => {
  t = await createTestApp({ plans: 20, deliveryHistory: false });
  const [caseworker] = await t.database.db.select({ id: appUser.id }).from(appUser).where(eq(appUser.email, demoUser(t.demo, 'sen_caseworker').email));
  await t.database.db.insert(task).values(
    Array.from({ length: TASKS }, (_, index) => ({
      laId: t.demo.laId,
      title: `Task number ${String(index + 1).padStart(3, '0')}`,
      ownerUserId: caseworker?.id,
      // The first ten are overdue, oldest first; the rest are due far ahead.
      dueOn: index < 10 ? `2020-01-${String(index + 1).padStart(2, '0')}` : `2099-01-01`,
      sourceType: 'manual',
    })),
  );
});

afterAll(async () => {
  await t.close();
});

// A task is named in its row and again, hidden, in its buttons: count each once.
const rowsOn = (html: string) => [...new Set([...html.matchAll(/Task number (\d{3})/g)].map((match) => Number(match[1])))];

describe('long lists are paged', () => {
  it(`the work tray shows ${String(TASKS_PAGE_SIZE)} tasks a page, counts them all, and page 2 carries on`, async () => {
    expect(TASKS_PAGE_SIZE).toBeGreaterThanOrEqual(25);
    expect(TASKS_PAGE_SIZE).toBeLessThanOrEqual(50);
    const browser = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const first = await browser.get('/tasks');
    expect(first.statusCode).toBe(200);
    const firstRows = rowsOn(first.body);
    expect(firstRows).toHaveLength(TASKS_PAGE_SIZE);
    expect(firstRows.slice(0, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(first.body).toMatch(new RegExp(`${String(TASKS)} open tasks, 10 overdue`));
    expect(first.body).toContain('govuk-pagination');
    expect(first.body).toContain('href="/tasks?page=2"');

    const second = await browser.get('/tasks?page=2');
    const secondRows = rowsOn(second.body);
    expect(secondRows).toHaveLength(TASKS_PAGE_SIZE);
    expect(secondRows.filter((row) => firstRows.includes(row))).toEqual([]);

    const last = await browser.get(`/tasks?page=${String(Math.ceil(TASKS / TASKS_PAGE_SIZE))}`);
    expect(rowsOn(last.body)).toHaveLength(TASKS % TASKS_PAGE_SIZE || TASKS_PAGE_SIZE);
    expect((await browser.get('/tasks?page=nonsense')).statusCode).toBe(200);
  });

  it('the team view pages its tasks but counts each owner over the whole list', async () => {
    const browser = await signedInAs(t.app, t.demo, 'sen_team_manager');
    const first = await browser.get('/tasks/team');
    expect(first.statusCode).toBe(200);
    expect(rowsOn(first.body).length).toBeLessThanOrEqual(TASKS_PAGE_SIZE);
    expect(first.body).toContain('href="/tasks/team?page=2"');
    expect(first.body).toMatch(new RegExp(`>${String(TASKS)}<`));
    const second = await browser.get('/tasks/team?page=2');
    expect(second.statusCode).toBe(200);
    expect(rowsOn(second.body).filter((row) => rowsOn(first.body).includes(row))).toEqual([]);
  });
});
