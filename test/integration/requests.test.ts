import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import accessPlugin, { UndeclaredAccessError } from '../../src/plugins/access.js';
import { createTestApp, signedInAs, TEST_CLOCK, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { paths } from '../../src/http/paths.js';

describe(`requests, good and bad (${testEngine})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ plans: 40, clock: TEST_CLOCK });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses to register a route that does not declare its permission and audit event', async () => {
    const app = Fastify();
    await app.register(accessPlugin);
    expect(() => app.get('/undeclared', async () => 'hello')).toThrow(UndeclaredAccessError);
    await app.close();
  });

  it('reports the database in /health', async () => {
    const response = await t.app.inject({ method: 'GET', url: paths.health() });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'UP', database: { status: 'UP', engine: testEngine } });
  });

  it('describes the API in /api/v1/openapi.json', async () => {
    const response = await t.app.inject({ method: 'GET', url: paths.api.openapi() });
    expect(response.statusCode).toBe(200);
    const document = response.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(document.openapi).toBe('3.1.0');
    for (const path of ['/children', '/children/{childId}', '/children/{childId}/provision', '/provision-items', '/deliveries']) expect(Object.keys(document.paths)).toContain(path);
  });

  it('answers an unknown page with a 404 page and an unknown API path with a problem', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/no-such-page', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Page not found');
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/nothing' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses an oversize body with 413 and a clear message', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: paths.signIn(),
      payload: `email=${'a'.repeat(2_000_000)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    });
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain('What you sent is too large');
  });

  it('shows filter mistakes in the error summary and still lists the caseload', async () => {
    const browser = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const response = await browser.get(paths.caseload({ need: 'NOTANEED', page: '-3' }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('Select a type of need from the list');
    expect(response.body).toContain('href="#need"');
    expect(response.body).toContain('of 40 children');
  });

  it('answers API query mistakes with application/problem+json naming each field', async () => {
    const browser = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const response = await browser.get(paths.api.children({ page: 'abc', sort: 'sideways' }), { accept: 'application/json' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json<{ errors: { path: string }[] }>();
    expect(problem.errors.map((error) => error.path).sort()).toEqual(['page', 'sort']);
  });

  it('searches, filters, sorts and pages the caseload on the server', async () => {
    const browser = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const all = await browser.get(paths.api.children(), { accept: 'application/json' });
    const children = all.json<{ total: number; children: { surname: string; primaryNeed: string; nextReviewDue: string }[] }>();
    expect(children.total).toBe(40);
    expect(children.children).toHaveLength(25);
    const surnames = children.children.map((row) => row.surname);
    expect(surnames).toEqual([...surnames].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }) || 0));

    const surname = children.children[3]?.surname ?? '';
    const prefix = surname.slice(0, 4).toLowerCase();
    const searched = (await browser.get(paths.api.children({ q: prefix }), { accept: 'application/json' })).json<{
      children: { forename: string; surname: string }[];
    }>();
    expect(searched.children.map((row) => row.surname)).toContain(surname);
    for (const row of searched.children) {
      const matches = [row.forename, row.surname].some((name) => name.toLowerCase().startsWith(prefix));
      expect(matches, `${row.forename} ${row.surname} matches "${prefix}"`).toBe(true);
    }

    const need = children.children[0]?.primaryNeed ?? 'ASD';
    const filtered = (await browser.get(paths.api.children({ need }), { accept: 'application/json' })).json<{ children: { primaryNeed: string }[] }>();
    expect(filtered.children.length).toBeGreaterThan(0);
    expect(filtered.children.every((row) => row.primaryNeed === need)).toBe(true);

    const byReview = (await browser.get(paths.api.children({ sort: 'review' }), { accept: 'application/json' })).json<{ children: { nextReviewDue: string }[] }>();
    const dues = byReview.children.map((row) => row.nextReviewDue);
    expect(dues).toEqual([...dues].sort());

    const { addDays } = await import('../../src/domain/dates.js');
    const today = TEST_CLOCK.today();
    for (const [review, inRange] of [
      ['overdue', (due: string) => due < today],
      ['due_soon', (due: string) => due >= today && due <= addDays(today, 56)],
    ] as const) {
      const rows = (await browser.get(paths.api.children({ review }), { accept: 'application/json' })).json<{ children: { nextReviewDue: string }[] }>();
      expect(rows.children.length, review).toBeGreaterThan(0);
      expect(
        rows.children.every((row) => inRange(row.nextReviewDue)),
        review,
      ).toBe(true);
    }

    const page2 = (await browser.get(paths.api.children({ page: 2 }), { accept: 'application/json' })).json<{ children: unknown[] }>();
    expect(page2.children).toHaveLength(15);
  });

  it('escapes what it shows: a name with markup is text, not HTML', async () => {
    const { child } = await import('../../src/db/schema/index.js');
    const { eq } = await import('drizzle-orm');
    const [row] = await t.database.db.select({ id: child.id }).from(child).where(eq(child.laId, t.demo.laId)).limit(1);
    await t.database.db
      .update(child)
      .set({ forename: '<script>alert(1)</script>' })
      .where(eq(child.id, row?.id ?? ''));
    const browser = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const page = await browser.get(paths.child.overview({ childId: row?.id ?? '' }));
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('sends security headers and never lets a page be cached', async () => {
    const browser = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const response = await browser.get(paths.caseload());
    expect(response.headers['content-security-policy']).toContain("script-src 'self' 'nonce-");
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body).toContain('govuk-frontend-supported');
  });
});
