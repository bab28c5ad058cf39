import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Database } from '../../../src/db/client.js';
import { ValidationError } from '../../../src/http/errors.js';
import { pathTo } from '../../../src/http/paths.js';
import { form, handler, page, registerRouteTable } from '../../../src/http/route-table.js';
import accessPlugin from '../../../src/plugins/access.js';

/** The registrar on a bare app: public routes, so no session is needed; the audit check is the access plugin's. */
async function appWith(entries: Parameters<typeof registerRouteTable>[2], failOnMissingAudit = true) {
  const app = Fastify();
  await app.register(accessPlugin, { failOnMissingAudit });
  await app.register(import('@fastify/formbody'));
  registerRouteTable(app, null as unknown as Database, entries);
  await app.ready();
  return app;
}

const thing = pathTo('/things/:thingId');

describe('the route table', () => {
  it('registers each entry at its pattern with its declared access', async () => {
    const app = await appWith([handler({ method: 'GET', path: thing, permission: 'public', audit: 'none', handle: ({ params }) => ({ id: params.thingId }) })]);
    expect(app.declaredRoutes.find((route) => route.url === '/things/:thingId')?.access).toEqual({ permission: 'public', audit: 'none' });
    expect((await app.inject('/things/42')).json()).toEqual({ id: '42' });
  });

  it('fails a successful request that wrote none of its declared event, and only logs it in production', async () => {
    const entry = handler({ method: 'GET', path: thing, permission: 'public', audit: 'VIEW_USERS', handle: () => 'forgot to audit' });
    const strict = await appWith([entry]);
    const refused = await strict.inject('/things/1');
    expect(refused.statusCode).toBe(500);
    expect(refused.body).toContain('declares VIEW_USERS but wrote no audit event');
    const production = await appWith([entry], false);
    expect((await production.inject('/things/1')).statusCode).toBe(200);
  });

  it('lets a request that wrote its event through', async () => {
    const app = await appWith([
      handler({
        method: 'GET',
        path: thing,
        permission: 'public',
        audit: 'VIEW_USERS',
        handle: ({ request }) => {
          request.audit.written.push(request.audit.action as 'VIEW_USERS');
          return 'audited';
        },
      }),
    ]);
    expect((await app.inject('/things/1')).statusCode).toBe(200);
  });

  it('parses the query, and gives its defaults with the errors when it does not parse', async () => {
    const app = await appWith([
      page({
        path: pathTo('/list'),
        permission: 'public',
        audit: 'none',
        query: z.object({ page: z.coerce.number().int().min(1).default(1) }),
        render: ({ query, queryErrors, reply }) => reply.send({ page: query.page, errors: queryErrors?.errorList.length ?? 0 }),
      }),
    ]);
    expect((await app.inject('/list?page=3')).json()).toEqual({ page: 3, errors: 0 });
    const bad = await app.inject('/list?page=nope');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ page: 1, errors: 1 });
  });

  it.each([
    ['a body that does not parse', { name: '' }, 'Enter a name'],
    ['a refusal by the service', { name: 'taken' }, 'That name is taken'],
  ])('shows the form again for %s, with what was typed, as the page it came from', async (_case, body, message) => {
    const shown: { values: unknown; errors: string[]; audit: string }[] = [];
    const newThing = page({
      path: pathTo('/things/new'),
      permission: 'public',
      audit: 'none',
      render: ({ reply, request }, refused) => {
        shown.push({ values: refused?.values, errors: refused?.errors.errorList.map((error) => error.text) ?? [], audit: request.audit.action });
        return reply.send('form');
      },
    });
    const app = await appWith([
      newThing,
      form({
        path: pathTo('/things/new'),
        permission: 'public',
        audit: 'VIEW_USERS',
        body: z.object({ name: z.string().min(1, 'Enter a name') }),
        page: newThing,
        submit: ({ reply }, input) => {
          if (input.name === 'taken') throw new ValidationError([{ path: 'name', message: 'That name is taken' }]);
          return reply.redirect('/things', 303);
        },
      }),
    ]);
    const response = await app.inject({ method: 'POST', url: '/things/new', payload: body });
    expect(response.statusCode).toBe(400);
    // Shown again as the page it came from: the page's event, not the change that did not happen.
    expect(shown).toEqual([{ values: body, errors: [message], audit: 'none' }]);
  });
});

describe('path builders', () => {
  it.each([
    [pathTo('/children'), [], '/children'],
    [pathTo('/children'), [{ page: 2, need: 'ASD', mine: true, empty: '', off: false, unset: undefined }], '/children?page=2&need=ASD&mine=yes'],
    [pathTo('/children/:childId/plan'), [{ childId: 'c1' }], '/children/c1/plan'],
    [pathTo('/children/:childId/concerns/:concernId'), [{ childId: 'c 1', concernId: 'x/y' }, { raised: 1 }], '/children/c%201/concerns/x%2Fy?raised=1'],
  ] as const)('%s builds %s', (builder, args, expected) => {
    expect((builder as (...values: unknown[]) => string)(...args)).toBe(expected);
  });

  it('refuses a missing parameter rather than link to /children/undefined', () => {
    const plan = pathTo('/children/:childId/plan') as unknown as (params: object) => string;
    expect(() => plan({})).toThrow(/needs childId/);
  });
});
