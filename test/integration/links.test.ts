import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/auth/roles.js';
import { runDailySweep } from '../../src/jobs/provision-sweep.js';
import { createTestApp, signedInAs, TEST_CLOCK, type TestApp } from '../helpers/app.js';
import { paths } from '../../src/http/paths.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ plans: 40, clock: TEST_CLOCK });
  // The delivery and concern pages show their figures, and the links in them, once the daily check has run.
  await runDailySweep(t.database.db, TEST_CLOCK.today());
});

afterAll(async () => {
  await t.close();
});

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Links a person can follow from a page: same-site, not the stylesheet or scripts. */
function linksOn(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*\bhref="(\/[^"]*)"/g)].map((match) => (match[1] ?? '').replaceAll('&amp;', '&')).filter((href) => !href.startsWith('/assets/') && !href.startsWith('//'));
}

/** The same page for another child or another filter: visiting two of each is enough to find a bad link. */
function pageKind(href: string): string {
  return href.split(/[?#]/)[0]?.replace(UUID, ':id') ?? href;
}

describe('no page links to a page its reader cannot open', () => {
  it.each(ROLES)('%s: every link on every page they can open opens', async (role) => {
    const browser = await signedInAs(t.app, t.demo, role);
    const start = await browser.get(paths.home());
    const queue = [start.headers.location as string];
    const visited = new Set<string>();
    const perKind = new Map<string, number>();
    const refused: string[] = [];
    while (queue.length > 0 && visited.size < 160) {
      const url = queue.shift() as string;
      if (visited.has(url)) continue;
      visited.add(url);
      const response = await browser.get(url);
      if (response.statusCode === 403) {
        refused.push(url);
        continue;
      }
      if (!String(response.headers['content-type']).includes('text/html')) continue;
      for (const href of linksOn(response.body)) {
        const kind = pageKind(href);
        if (visited.has(href) || (perKind.get(kind) ?? 0) >= 2) continue;
        perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
        queue.push(href);
      }
    }
    expect(refused, `${role} was shown links to pages they cannot open`).toEqual([]);
    expect(visited.size).toBeGreaterThan(2);
  });
});

describe('mayOpen follows the route table', () => {
  it('answers from the permission the matching route declares', () => {
    const child = { childId: '00000000-0000-4000-8000-000000000000' };
    expect(t.app.mayOpen({ role: 'inclusion_officer' }, paths.concerns.list())).toBe(false);
    expect(t.app.mayOpen({ role: 'sen_caseworker' }, paths.concerns.list({ page: 2 }))).toBe(true);
    expect(t.app.mayOpen({ role: 'finance_officer' }, paths.messages.list(child))).toBe(false);
    expect(t.app.mayOpen({ role: 'parent' }, paths.child.accessLog(child))).toBe(true);
    expect(t.app.mayOpen({ role: 'parent' }, paths.child.history(child))).toBe(false);
    expect(t.app.mayOpen(null, paths.accessibility())).toBe(true);
    expect(t.app.mayOpen(null, paths.notifications.list())).toBe(false);
    expect(t.app.mayOpen({ role: 'la_admin' }, '/no-such-page')).toBe(false);
  });
});

describe('the page a person cannot open', () => {
  it('says what it is for, who can open it and who to ask', async () => {
    const browser = await signedInAs(t.app, t.demo, 'inclusion_officer');
    const response = await browser.get(paths.concerns.list());
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('You cannot open this page');
    expect(response.body).toContain('follow up concerns that support is not happening');
    expect(response.body).toContain('<li>SEN caseworker</li>');
    expect(response.body).toContain('<li>SEN team manager</li>');
    expect(response.body).not.toContain('<li>Inclusion and SEN officer</li>');
    expect(response.body).toContain('ask your LA administrator');
  });

  it('says the same in a JSON problem', async () => {
    const browser = await signedInAs(t.app, t.demo, 'parent');
    const response = await browser.get(paths.monitoring.reports(), { accept: 'application/json' });
    expect(response.statusCode).toBe(403);
    const problem = response.json<{ status: number; detail: string }>();
    expect(problem.status).toBe(403);
    expect(problem.detail).toContain('It can be opened by: SEN caseworker, SEN team manager, Finance officer and Insight and FOI analyst.');
  });
});
