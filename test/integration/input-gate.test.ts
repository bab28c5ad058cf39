import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPermission } from '../../src/auth/permissions.js';
import { ROLES, type Role } from '../../src/auth/roles.js';
import type { DeclaredRoute } from '../../src/plugins/access.js';
import { createTestApp, demoUser, signedInAs, TEST_CLOCK, type Browser, type TestApp } from '../helpers/app.js';

/**
 * Every registered route, fed arbitrary input through the input gate: text with NUL, controls,
 * lone surrogates and bidi overrides; repeated fields; prototype keys; arrays where text is
 * expected; JSON of the wrong types. Whatever arrives, the answer is 2xx, 3xx or 4xx, never 5xx.
 */

/** Enough to meet every kind of bad input on every route, small enough for both engines in CI. */
const RUNS_PER_ROUTE = 12;

const NASTY_TEXT = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '%00',
  '\uD800',
  'x\uDFFFy',
  'Sam\u202Eevil',
  '__proto__',
  'constructor',
  '-1',
  '0',
  '1.5',
  '1e400',
  '99999999999999999999',
  'true',
  '2026-02-30',
  '2026-13-01',
  "'; drop table child; --",
  '<script>alert(1)</script>',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  'yes',
  'delivered',
  'missed',
  'family',
];

const ID_QUERIES: Record<string, string> = {
  childId: 'select id from child order by id limit 1',
  itemId: 'select id from provision_item order by id limit 1',
  concernId: 'select id from provision_concern order by id limit 1',
  threadId: 'select id from message_thread order by id limit 1',
  documentId: 'select id from document order by id limit 1',
  taskId: 'select id from task order by id limit 1',
  keyId: 'select id from api_key order by id limit 1',
  id: 'select id from notification order by id limit 1',
};

describe('the input gate, over every registered route', () => {
  let t: TestApp;
  const browsers = new Map<Role, Browser>();
  const realIds = new Map<string, string>();
  let apiToken = '';

  beforeAll(async () => {
    t = await createTestApp({ plans: 30, deliveryHistory: false, clock: TEST_CLOCK });
    for (const role of ROLES) {
      if (t.demo.users.some((user) => user.role === role)) {
        const browser = await signedInAs(t.app, t.demo, role);
        await browser.get('/');
        browsers.set(role, browser);
      }
    }
    const admin = browsers.get('la_admin');
    if (admin) {
      await admin.get('/admin/api-keys/new');
      const holder = await t.database.db.execute(sql`select id from app_user where email = ${demoUser(t.demo, 'school_senco').email}`);
      const userId = idsIn(holder)[0] ?? '';
      const issued = await admin.post('/admin/api-keys', { userId, name: 'Fuzz' });
      apiToken = /<code id="api-key">(oehcp_[^<]+)<\/code>/.exec(issued.body)?.[1] ?? '';
    }
    for (const [name, query] of Object.entries(ID_QUERIES)) {
      const id = idsIn(await t.database.db.execute(sql.raw(query)))[0];
      if (id !== undefined) realIds.set(name, id);
    }
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  /** Someone allowed through the route's door, so the input reaches the handler. */
  function browserFor(route: DeclaredRoute): Browser | undefined {
    const { permission } = route.access;
    if (permission === 'public') return undefined;
    const preferred: Role[] = ['sen_caseworker', 'la_admin', 'sen_team_manager', 'school_senco', 'professional', 'parent', 'finance_officer', 'insight_analyst', 'inclusion_officer'];
    const role = preferred.find((candidate) => browsers.has(candidate) && (permission === 'signed-in' || hasPermission(candidate, permission)));
    return role ? browsers.get(role) : browsers.get('sen_caseworker');
  }

  it('answers every route, whatever it is sent, without a 5xx', async () => {
    expect(t.app.declaredRoutes.length).toBeGreaterThan(50);
    const text = fc.oneof(fc.constantFrom(...NASTY_TEXT, ...realIds.values()), fc.string({ unit: 'binary', maxLength: 40 }));
    const value = fc.oneof(text, fc.array(text, { minLength: 2, maxLength: 3 }));
    const json = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({
        records: fc.array(fc.dictionary(fc.constantFrom('itemId', 'date', 'status', 'minutes', 'sessions', 'missedReason', 'madeUp', 'correctsId', '__proto__'), fc.jsonValue({ maxDepth: 1 })), {
          maxLength: 3,
        }),
      }),
    );

    const routes = t.app.declaredRoutes.filter((route) => !route.url.startsWith('/assets/') && route.url !== '/sign-out' && (route.method === 'GET' || route.method === 'POST'));
    const failures: string[] = [];
    for (const route of routes) {
      const browser = browserFor(route);
      const headers: Record<string, string> = { accept: 'text/html', cookie: browser?.jar.header() ?? '' };
      const paramNames = [...route.url.matchAll(/:(\w+)/g)].map((match) => match[1] ?? '');
      const realUrl = route.url.replace(/:(\w+)/g, (_match, name: string) => realIds.get(name) ?? 'x');
      // The fields of the form or filters on the page at this address are what the route reads.
      const page = await t.app.inject({ method: 'GET', url: realUrl, headers });
      const pageFields = [...new Set([...page.body.matchAll(/name="([^"]+)"/g)].map((match) => match[1] ?? '').filter((name) => name !== '_csrf'))];
      const names = [...new Set([...pageFields, 'q', 'page', '__proto__', 'constructor'])];
      // Many fields at once find interactions; a single bad field finds what a valid rest would hide.
      const fields = fc.oneof(
        fc.dictionary(fc.constantFrom(...names), value, { minKeys: Math.min(3, names.length), maxKeys: names.length }),
        fc.dictionary(fc.constantFrom(...names), value, { minKeys: 1, maxKeys: 1 }),
      );
      const params = fc.record(
        Object.fromEntries(paramNames.map((name) => [name, realIds.has(name) ? fc.oneof(fc.constant(realIds.get(name) ?? ''), fc.constant(realIds.get(name) ?? ''), text) : text])),
      );
      await fc.assert(
        fc.asyncProperty(params, fields, json, async (paramValues, input, jsonBody) => {
          const path = route.url.replace(/:(\w+)/g, (_match, name: string) => component(paramValues[name] ?? ''));
          let response: LightMyRequestResponse;
          let sent: string;
          if (route.method === 'GET') {
            sent = `${path}?${encoded(input)}`;
            response = await t.app.inject({ method: 'GET', url: sent, headers });
          } else if (route.url.startsWith('/api/')) {
            sent = `${path} ${JSON.stringify(jsonBody).slice(0, 200)}`;
            response = await t.app.inject({
              method: 'POST',
              url: path,
              payload: JSON.stringify(jsonBody),
              headers: { ...headers, accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${apiToken}`, 'idempotency-key': `fuzz-${String(Math.random())}` },
            });
          } else {
            sent = `${path} ${encoded(input).slice(0, 200)}`;
            response = await t.app.inject({
              method: 'POST',
              url: path,
              payload: `_csrf=${encodeURIComponent(browser?.csrfToken ?? '')}&${encoded(input)}`,
              headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
            });
          }
          // Collected rather than thrown, so one run lists every route that fails.
          if (response.statusCode >= 500) failures.push(`${route.method} ${route.url} → ${String(response.statusCode)}: ${sent}`);
        }),
        { numRuns: RUNS_PER_ROUTE, seed: 20261201 },
      );
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it.each([
    ['the caseload search with a NUL', '/children?q=a%00b'],
    ['the API search with a NUL', '/api/v1/children?q=%00'],
    ['a repeated date field on the timeline', '/children/:childId/timeline?from-day=1&from-day=2&from-month=3&from-year=2026'],
    ['a repeated page number', '/children?page=1&page=2'],
  ])('answers %s without a 5xx', async (_name, template) => {
    const browser = browsers.get('sen_caseworker');
    const response = await browser?.get(template.replace(':childId', realIds.get('childId') ?? ''));
    expect(response?.statusCode).toBeLessThan(500);
    expect(response?.statusCode).toBeGreaterThanOrEqual(200);
  });

  it('stores a form whose every text field carries a NUL, without it, on every form', async () => {
    const formRoutes = t.app.declaredRoutes.filter((route) => route.method === 'POST' && !route.url.startsWith('/api/') && !['/sign-out', '/sign-in'].includes(route.url));
    const failures: string[] = [];
    let stored = 0;
    for (const route of formRoutes) {
      const browser = browserFor(route);
      if (!browser) continue;
      const url = route.url.replace(/:(\w+)/g, (_match, name: string) => realIds.get(name) ?? 'x');
      const page = await browser.get(url);
      if (page.statusCode !== 200) continue;
      const response = await browser.post(url, plausibleFormWithNul(page.body));
      if (response.statusCode >= 500) failures.push(`POST ${route.url} → ${String(response.statusCode)}`);
      if (response.statusCode < 400) stored += 1;
    }
    expect(failures).toEqual([]);
    // Most forms take the NUL-laden values and store them (without the NUL); none fails.
    expect(stored).toBeGreaterThan(3);
  }, 300_000);
});

/** The ids a raw query returned (both drivers give `{ rows }`). */
function idsIn(result: unknown): string[] {
  return (result as { rows: { id: string }[] }).rows.map((row) => row.id);
}

/** Fields as a query string: an array is the field repeated, as a browser sends checkboxes. */
function encoded(fields: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) parts.push(`${component(name)}=${component(String(item))}`);
  }
  return parts.join('&');
}

/** Percent-encoded as a careless client would: a lone surrogate goes out as its raw (invalid) UTF-8 bytes. */
function component(text: string): string {
  return Array.from(text)
    .map((character) => (/[\uD800-\uDFFF]/.test(character) ? '%ED%A0%80' : encodeURIComponent(character)))
    .join('');
}

/**
 * The fields of the first form on a page with values a person might give, every free-text value
 * carrying a NUL: dates are real, numbers are numbers, the first choice of each list is chosen.
 */
function plausibleFormWithNul(html: string): Record<string, string> {
  // The page's own form, not the header's sign-out button.
  const forms = [...html.matchAll(/<form([^>]*)method="post"([^>]*)>([\s\S]*?)<\/form>/gi)].filter((match) => !`${match[1] ?? ''}${match[2] ?? ''}`.includes('/sign-out'));
  const form = forms[0]?.[3] ?? '';
  const fields: Record<string, string> = {};
  // The app's today, not the machine's (whose zone may not be London's).
  const [year = '', month = '', day = ''] = TEST_CLOCK.today().split('-');
  for (const match of form.matchAll(/<input([^>]*)>/g)) {
    const attributes = match[1] ?? '';
    const name = /name="([^"]+)"/.exec(attributes)?.[1];
    if (!name || name === '_csrf') continue;
    const type = /type="([^"]+)"/.exec(attributes)?.[1] ?? 'text';
    const value = /value="([^"]*)"/.exec(attributes)?.[1] ?? '';
    if (type === 'hidden') fields[name] = value;
    else if (type === 'radio' || type === 'checkbox') fields[name] ??= value;
    else if (name.endsWith('-day')) fields[name] = String(Number(day));
    else if (name.endsWith('-month')) fields[name] = String(Number(month));
    else if (name.endsWith('-year')) fields[name] = year;
    else if (attributes.includes('inputmode="numeric"')) fields[name] = '30';
    else if (type === 'email') fields[name] = 'canary\u0000@example.org';
    else if (type === 'file') continue;
    else fields[name] = value || 'Canary text with a NUL\u0000 inside';
  }
  for (const match of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>/g)) fields[match[1] ?? ''] = 'A longer canary\u0000 text';
  for (const match of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const options = [...(match[2] ?? '').matchAll(/<option value="([^"]+)"/g)].map((option) => option[1] ?? '');
    fields[match[1] ?? ''] = options[0] ?? '';
  }
  return fields;
}
