import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { appUser, userSession } from '../../src/db/schema/index.js';
import { MAX_FAILURES_PER_IP } from '../../src/modules/auth/service.js';
import { Browser, createTestApp, demoUser, testConfig, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';

/** A sign-in form as a browser behind some proxy sends it: the client's address in X-Forwarded-For. */
async function signInFrom(app: FastifyInstance, forwardedFor: string, form: { email: string; password: string }, browser = new Browser(app)) {
  await browser.get('/sign-in', { 'x-forwarded-for': forwardedFor });
  const body = new URLSearchParams({ _csrf: browser.csrfToken, ...form }).toString();
  const response = await app.inject({
    method: 'POST',
    url: '/sign-in',
    payload: body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie: browser.jar.header(), 'x-forwarded-for': forwardedFor },
  });
  browser.jar.store(response);
  return response;
}

describe(`sign-in throttling that cannot be dodged (${testEngine})`, () => {
  let t: TestApp;
  /** The same service behind a reverse proxy at 127.0.0.1 (where injected requests come from). */
  let behindProxy: FastifyInstance;
  beforeAll(async () => {
    // Production, where X-Forwarded-For used to be believed from anyone.
    t = await createTestApp({ plans: 10, deliveryHistory: false, config: { environment: 'production' } });
    behindProxy = await buildApp({ config: testConfig({ trustedProxies: ['127.0.0.1'], sessionIdleMinutes: 1 }), database: t.database, logger: false });
    await behindProxy.ready();
  });
  afterAll(async () => {
    await behindProxy.close();
    await t.close();
  });

  it('ignores X-Forwarded-For from an address that is not a configured proxy, so changing it does not reset the per-address limit', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= MAX_FAILURES_PER_IP; attempt += 1) {
      const response = await signInFrom(t.app, `198.51.100.${String(attempt)}`, { email: `nobody-${String(attempt)}@example.org`, password: 'guess' });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, MAX_FAILURES_PER_IP)).toEqual(Array.from({ length: MAX_FAILURES_PER_IP }, () => 401));
    expect(statuses.at(-1)).toBe(429);
  });

  it('believes X-Forwarded-For from a configured proxy: each client has its own limit', async () => {
    for (let attempt = 0; attempt < MAX_FAILURES_PER_IP; attempt += 1) {
      expect((await signInFrom(behindProxy, '203.0.113.7', { email: `someone-${String(attempt)}@example.org`, password: 'guess' })).statusCode).toBe(401);
    }
    expect((await signInFrom(behindProxy, '203.0.113.7', { email: 'someone-else@example.org', password: 'guess' })).statusCode).toBe(429);
    expect((await signInFrom(behindProxy, '203.0.113.8', { email: 'someone-else@example.org', password: 'guess' })).statusCode).toBe(401);
  });

  it('locks an account after 5 wrong passwords from 5 different addresses', async () => {
    const user = demoUser(t.demo, 'finance_officer');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await signInFrom(behindProxy, `192.0.2.${String(attempt)}`, { email: user.email, password: `wrong-${String(attempt)}` })).statusCode).toBe(401);
    }
    expect((await signInFrom(behindProxy, '192.0.2.99', { email: user.email, password: user.password })).statusCode).toBe(401);
  });

  it('locks an account when 10 wrong passwords arrive at once, before the right one', async () => {
    const user = demoUser(t.demo, 'educational_psychologist');
    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, attempt) => signInFrom(behindProxy, `192.0.2.${String(100 + attempt)}`, { email: user.email, password: `wrong-${String(attempt)}` })),
    );
    expect(burst.map((response) => response.statusCode)).toEqual(Array.from({ length: 10 }, () => 401));
    const [account] = await t.database.db.select({ lockedUntil: appUser.lockedUntil }).from(appUser).where(eq(appUser.email, user.email));
    expect(account?.lockedUntil?.getTime()).toBeGreaterThan(Date.now());
    expect((await signInFrom(behindProxy, '192.0.2.200', { email: user.email, password: user.password })).statusCode).toBe(401);
  });

  it('keeps an active user signed in with a 1-minute idle timeout: every request extends the session', async () => {
    const user = demoUser(t.demo, 'sen_caseworker');
    const browser = new Browser(behindProxy);
    expect((await signInFrom(behindProxy, '203.0.113.50', user, browser)).statusCode).toBe(303);
    const [account] = await t.database.db.select({ id: appUser.id }).from(appUser).where(eq(appUser.email, user.email));
    const shiftLastSeenBack = (seconds: number) =>
      t.database.db
        .update(userSession)
        .set({ lastSeenAt: sql`${userSession.lastSeenAt} - make_interval(secs => ${seconds})` })
        .where(eq(userSession.userId, account?.id ?? ''));
    // A request every 30 seconds for two minutes: the user is never idle for a minute.
    for (let request = 0; request < 4; request += 1) {
      await shiftLastSeenBack(30);
      expect((await browser.get('/children')).statusCode).toBe(200);
    }
    // …and a minute of real inactivity still signs them out.
    await shiftLastSeenBack(61);
    expect((await browser.get('/children')).statusCode).toBe(303);
  });
});
