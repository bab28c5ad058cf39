import { and, eq, lt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUser, task } from '../../src/db/schema/index.js';
import { paths } from '../../src/http/paths.js';
import { createTestApp, demoUser, signedInAs, TEST_CLOCK, type TestApp } from '../helpers/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ plans: 20, deliveryHistory: false, clock: TEST_CLOCK });
});

afterAll(async () => {
  await t.close();
});

/** The hrefs of the MoJ filter's "remove this filter" tags, by their text. */
function filterTags(html: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const match of html.matchAll(/<a class="moj-filter__tag" href="([^"]*)"><span class="govuk-visually-hidden">Remove this filter<\/span>\s*([^<]+)<\/a>/g)) {
    tags[(match[2] ?? '').trim()] = (match[1] ?? '').replaceAll('&amp;', '&');
  }
  return tags;
}

const clearLink = (html: string) => /<a class="govuk-link govuk-link--no-visited-state" href="([^"]*)">Clear filters<\/a>/.exec(html)?.[1]?.replaceAll('&amp;', '&');

/** The filter's GET form: where it goes, and that it holds the component and its button. */
function filterForm(html: string) {
  const start = html.indexOf('<form method="get"');
  const form = html.slice(start, html.indexOf('</form>', start));
  return { action: /action="([^"]*)"/.exec(form)?.[1], hasComponent: form.includes('class="moj-filter"'), hasButton: /<button[^>]*data-testid="apply-filters"/.test(form) };
}

describe('filtered lists use the MoJ filter, with the chosen filters shown and a way to clear them', () => {
  it('the caseload: no filter chosen shows only the options; chosen filters are tags that each remove one, keeping the sort', async () => {
    const browser = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const plain = await browser.get(paths.caseload());
    expect(plain.statusCode).toBe(200);
    expect(filterForm(plain.body)).toEqual({ action: paths.caseload(), hasComponent: true, hasButton: true });
    expect(plain.body).not.toContain('Selected filters');

    const filtered = await browser.get(paths.caseload({ q: 'Smith', need: 'ASD', review: 'overdue', mine: true, sort: 'review' }));
    expect(filtered.statusCode).toBe(200);
    expect(filtered.body).toContain('Selected filters');
    expect(filterTags(filtered.body)).toEqual({
      '“Smith”': paths.caseload({ need: 'ASD', review: 'overdue', mine: true, sort: 'review' }),
      'Autistic spectrum disorder': paths.caseload({ q: 'Smith', review: 'overdue', mine: true, sort: 'review' }),
      'Review overdue': paths.caseload({ q: 'Smith', need: 'ASD', mine: true, sort: 'review' }),
      'Only my caseload': paths.caseload({ q: 'Smith', need: 'ASD', review: 'overdue', sort: 'review' }),
    });
    expect(clearLink(filtered.body)).toBe(paths.caseload({ sort: 'review' }));
    // Every tag's link opens.
    for (const href of Object.values(filterTags(filtered.body))) expect((await browser.get(href)).statusCode).toBe(200);
  });

  it('/concerns: the level and the "show only" choices are tags under their headings, and Clear filters shows every open concern', async () => {
    const browser = await signedInAs(t.app, t.demo, 'sen_team_manager');
    const plain = await browser.get(paths.concerns.list());
    expect(plain.statusCode).toBe(200);
    expect(filterForm(plain.body)).toEqual({ action: paths.concerns.list(), hasComponent: true, hasButton: true });
    expect(plain.body).not.toContain('Selected filters');

    const filtered = await browser.get(paths.concerns.list({ level: 'team_manager', mine: true, overdue: true, page: 2 }));
    expect(filtered.statusCode).toBe(200);
    expect(filterTags(filtered.body)).toEqual({
      'SEN team manager': paths.concerns.list({ mine: true, overdue: true }),
      'Concerns I own': paths.concerns.list({ level: 'team_manager', overdue: true }),
      'Overdue concerns': paths.concerns.list({ level: 'team_manager', mine: true }),
    });
    expect(filtered.body).toMatch(/<h3 class="govuk-heading-s govuk-!-margin-bottom-0">Show only<\/h3>/);
    expect(clearLink(filtered.body)).toBe(paths.concerns.list());
  });

  it('the work tray filters by where a task came from and by overdue, in SQL, and says so when nothing matches', async () => {
    const db = t.database.db;
    const [caseworker] = await db
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, 'sen_caseworker').email));
    const base = { laId: t.demo.laId, ownerUserId: caseworker?.id ?? '' };
    await db.insert(task).values([
      { ...base, title: 'Filter task overdue by hand', dueOn: '2026-01-05', sourceType: 'manual' },
      { ...base, title: 'Filter task later by hand', dueOn: '2099-01-05', sourceType: 'manual' },
      { ...base, title: 'Filter task from a message', dueOn: '2026-02-05', sourceType: 'message' },
    ]);
    const titles = (html: string) => [...new Set([...html.matchAll(/Filter task [a-z ]+?(?=<)/g)].map((match) => match[0]))].sort();
    const browser = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const plain = await browser.get(paths.tasks.tray());
    expect(plain.statusCode).toBe(200);
    expect(filterForm(plain.body)).toEqual({ action: paths.tasks.tray(), hasComponent: true, hasButton: true });
    expect(titles(plain.body)).toEqual(['Filter task from a message', 'Filter task later by hand', 'Filter task overdue by hand']);

    const byHand = await browser.get(paths.tasks.tray({ source: 'manual' }));
    expect(titles(byHand.body)).toEqual(['Filter task later by hand', 'Filter task overdue by hand']);
    const overdueByHand = await browser.get(paths.tasks.tray({ source: 'manual', overdue: true }));
    expect(titles(overdueByHand.body)).toEqual(['Filter task overdue by hand']);
    expect(overdueByHand.body).toMatch(/1 open task, 1 overdue/);
    expect(filterTags(overdueByHand.body)).toEqual({ 'Added by hand': paths.tasks.tray({ overdue: true }), 'Overdue tasks': paths.tasks.tray({ source: 'manual' }) });
    expect(clearLink(overdueByHand.body)).toBe(paths.tasks.tray());

    const none = await browser.get(paths.tasks.tray({ source: 'message', overdue: true, page: 1 }));
    expect(none.statusCode).toBe(200);
    const noneFromMessages = await browser.get(paths.tasks.tray({ source: 'review' }));
    expect(titles(noneFromMessages.body)).toEqual([]);
    // A source that is not one reads as any, never an error.
    expect(titles((await browser.get(`${paths.tasks.tray()}?source=nonsense`)).body)).toHaveLength(3);
  });

  it('the team view filters its tasks by owner, source and overdue, while the counts by owner stay the whole team', async () => {
    const db = t.database.db;
    const idOf = async (role: string) =>
      (
        await db
          .select({ id: appUser.id })
          .from(appUser)
          .where(eq(appUser.email, demoUser(t.demo, role).email))
      )[0]?.id ?? '';
    const caseworkerId = await idOf('sen_caseworker');
    const managerId = await idOf('sen_team_manager');
    await db.insert(task).values([
      { laId: t.demo.laId, ownerUserId: caseworkerId, title: 'Team filter overdue by hand', dueOn: '2026-01-05', sourceType: 'manual' },
      { laId: t.demo.laId, ownerUserId: caseworkerId, title: 'Team filter later by hand', dueOn: '2099-01-05', sourceType: 'manual' },
      { laId: t.demo.laId, ownerUserId: managerId, title: 'Team filter the manager’s own', dueOn: '2026-01-05', sourceType: 'manual' },
    ]);
    const titles = (html: string) => [...new Set([...html.matchAll(/Team filter [a-z’ ]+?(?=<)/g)].map((match) => match[0]))].sort();
    const manager = await signedInAs(t.app, t.demo, 'sen_team_manager');
    const plain = await manager.get(paths.tasks.team());
    expect(plain.statusCode).toBe(200);
    expect(filterForm(plain.body.slice(plain.body.indexOf('Open tasks by owner')))).toEqual({ action: paths.tasks.team(), hasComponent: true, hasButton: true });

    const mine = await manager.get(paths.tasks.team({ owner: caseworkerId, source: 'manual', overdue: true }));
    expect(mine.statusCode).toBe(200);
    expect(titles(mine.body)).toEqual(['Team filter overdue by hand']);
    // The count is the filter's over the whole list (this file's other tests add the caseworker tasks too).
    const matching = await db
      .select({ id: task.id })
      .from(task)
      .where(and(eq(task.ownerUserId, caseworkerId), eq(task.sourceType, 'manual'), eq(task.status, 'open'), lt(task.dueOn, TEST_CLOCK.today())));
    expect(mine.body).toContain(`${String(matching.length)} ${matching.length === 1 ? 'task matches' : 'tasks match'} these filters.`);
    const ownerName = demoUser(t.demo, 'sen_caseworker').displayName;
    expect(filterTags(mine.body)).toEqual({
      [ownerName]: paths.tasks.team({ source: 'manual', overdue: true }),
      'Added by hand': paths.tasks.team({ owner: caseworkerId, overdue: true }),
      'Overdue tasks': paths.tasks.team({ owner: caseworkerId, source: 'manual' }),
    });
    // The counts by owner are the team's whatever the filter: the same table as unfiltered.
    const ownerTable = (html: string) => html.slice(html.indexOf('Open tasks by owner'), html.indexOf('</table>', html.indexOf('Open tasks by owner')));
    expect(ownerTable(mine.body)).toBe(ownerTable(plain.body));
    // An owner that is not an id reads as anyone.
    expect(titles((await manager.get(`${paths.tasks.team()}?owner=nonsense&source=manual`)).body)).toEqual([
      'Team filter later by hand',
      'Team filter overdue by hand',
      'Team filter the manager’s own',
    ]);
  });

  it('the users list filters by role and by status, in SQL, with the filters kept in its links', async () => {
    const admin = await signedInAs(t.app, t.demo, 'la_admin');
    const plain = await admin.get(paths.admin.users());
    expect(plain.statusCode).toBe(200);
    expect(filterForm(plain.body)).toEqual({ action: paths.admin.users(), hasComponent: true, hasButton: true });
    const rolesIn = (html: string) => [
      ...new Set([...html.slice(html.indexOf('<tbody')).matchAll(/<td class="govuk-table__cell">(SEN caseworker|Parent or carer|LA administrator)<\/td>/g)].map((match) => match[1])),
    ];
    const caseworkers = await admin.get(paths.admin.users({ role: 'sen_caseworker', status: 'active' }));
    expect(caseworkers.statusCode).toBe(200);
    expect(rolesIn(caseworkers.body)).toEqual(['SEN caseworker']);
    expect(filterTags(caseworkers.body)).toEqual({ 'SEN caseworker': paths.admin.users({ status: 'active' }), Active: paths.admin.users({ role: 'sen_caseworker' }) });
    expect(clearLink(caseworkers.body)).toBe(paths.admin.users());
    const disabledAdmins = await admin.get(paths.admin.users({ role: 'la_admin', status: 'disabled' }));
    expect(disabledAdmins.body).toContain('No users match these filters.');
    // A role that is not one reads as any.
    expect((await admin.get(`${paths.admin.users()}?role=nonsense`)).statusCode).toBe(200);
  });
});
