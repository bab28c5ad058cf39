import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userSession } from '../../src/db/schema/index.js';
import { SESSION_COOKIE } from '../../src/plugins/session.js';
import { Browser, createTestApp, demoUser, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { paths } from '../../src/http/paths.js';

describe(`signing in and out (${testEngine})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ plans: 20 });
  });
  afterAll(async () => {
    await t.close();
  });

  it("signs in with the right password, with a brand-new session id, and lands on the role's home", async () => {
    const user = demoUser(t.demo, 'sen_caseworker');
    const browser = new Browser(t.app);
    await browser.get(paths.signIn());
    // A session cookie planted before sign-in (session fixation) must not survive it.
    browser.jar.store({ cookies: [{ name: SESSION_COOKIE, value: 'planted-by-attacker' }] } as never);
    const response = await browser.post(paths.signIn(), { email: user.email.toUpperCase(), password: user.password });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(paths.caseload());
    const token = browser.jar.get(SESSION_COOKIE);
    expect(token).toBeDefined();
    expect(token).not.toBe('planted-by-attacker');
    expect((await browser.get(paths.caseload())).statusCode).toBe(200);
  });

  // Each role lands on its daily work: the administrator on its users, not the first menu item.
  it.each([
    ['la_admin', paths.admin.users()],
    ['parent', paths.caseload()],
    ['finance_officer', paths.caseload()],
  ] as const)('%s lands on %s', async (role, home) => {
    const user = demoUser(t.demo, role);
    const browser = new Browser(t.app);
    await browser.get(paths.signIn());
    const response = await browser.post(paths.signIn(), { email: user.email, password: user.password });
    expect(response.headers.location).toBe(home);
    expect((await browser.get(home)).statusCode).toBe(200);
  });

  it('returns to the page the user asked for, but never to another site', async () => {
    const user = demoUser(t.demo, 'sen_caseworker');
    const browser = new Browser(t.app);
    await browser.get(paths.signIn({ returnTo: paths.monitoring.reports() }));
    const response = await browser.post(paths.signIn(), { email: user.email, password: user.password, returnTo: paths.monitoring.reports() });
    expect(response.headers.location).toBe(paths.monitoring.reports());
    const evil = new Browser(t.app);
    await evil.get(paths.signIn());
    const redirected = await evil.post(paths.signIn(), { email: user.email, password: user.password, returnTo: '//evil.example' });
    expect(redirected.headers.location).toBe(paths.caseload());
  });

  it('answers a wrong password and an unknown email with the same message, keeping the email typed', async () => {
    const user = demoUser(t.demo, 'finance_officer');
    const browser = new Browser(t.app);
    await browser.get(paths.signIn());
    const wrong = await browser.post(paths.signIn(), { email: user.email, password: 'not-the-password' });
    const unknown = await browser.post(paths.signIn(), { email: 'nobody@example.org', password: 'whatever' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toContain('There is a problem');
    expect(wrong.body).toContain('Enter a correct email address and password');
    expect(unknown.body).toContain('Enter a correct email address and password');
    expect(wrong.body).toContain(`value="${user.email}"`);
  });

  it('shows each missing field in the error summary', async () => {
    const browser = new Browser(t.app);
    await browser.get(paths.signIn());
    const response = await browser.post(paths.signIn(), { email: 'not an email', password: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('href="#email"');
    expect(response.body).toContain('Enter an email address in the correct format');
    expect(response.body).toContain('href="#password"');
    expect(response.body).toContain('<title>Error: Sign in');
  });

  it('locks an account after 5 wrong passwords, even against the right one', async () => {
    const user = demoUser(t.demo, 'inclusion_officer');
    const browser = new Browser(t.app);
    await browser.get(paths.signIn());
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await browser.post(paths.signIn(), { email: user.email, password: `wrong-${String(attempt)}` })).statusCode).toBe(401);
    }
    const right = await browser.post(paths.signIn(), { email: user.email, password: user.password });
    expect(right.statusCode).toBe(401);
    expect(browser.jar.get(SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses a form without its CSRF token, saving nothing', async () => {
    const user = demoUser(t.demo, 'sen_team_manager');
    const browser = new Browser(t.app);
    await browser.get(paths.signIn());
    const response = await browser.post(paths.signIn(), { email: user.email, password: user.password }, { withCsrf: false });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Your form could not be sent');
    expect(browser.jar.get(SESSION_COOKIE)).toBeUndefined();
  });

  it('signs out: the old session cookie no longer opens anything', async () => {
    const user = demoUser(t.demo, 'educational_psychologist');
    const browser = new Browser(t.app);
    await browser.signIn(user.email, user.password);
    const token = browser.jar.get(SESSION_COOKIE) ?? '';
    await browser.get(paths.caseload());
    const out = await browser.post(paths.signOut(), {});
    expect(out.statusCode).toBe(200);
    expect(out.body).toContain('You have signed out');
    const replay = await t.app.inject({ method: 'GET', url: paths.caseload(), headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    expect(replay.statusCode).toBe(303);
  });

  it('ends a session left idle for longer than the idle timeout', async () => {
    const user = demoUser(t.demo, 'sen_caseworker');
    const browser = new Browser(t.app);
    await browser.signIn(user.email, user.password);
    await t.database.db.update(userSession).set({ lastSeenAt: sql`now() - interval '31 minutes'` });
    const response = await browser.get(paths.caseload());
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(paths.signIn({ timedOut: 1, returnTo: paths.caseload() }));
    expect((await browser.get(String(response.headers.location))).body).toContain('You were signed out because you had not done anything');
  });

  it('ends a session past its absolute lifetime however active it is', async () => {
    const user = demoUser(t.demo, 'sen_caseworker');
    const browser = new Browser(t.app);
    await browser.signIn(user.email, user.password);
    const token = browser.jar.get(SESSION_COOKIE) ?? '';
    const { hashSessionToken } = await import('../../src/plugins/session.js');
    await t.database.db
      .update(userSession)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(userSession.tokenHash, hashSessionToken(token)));
    expect((await browser.get(paths.caseload())).statusCode).toBe(303);
  });

  it('stores only a hash of the session token', async () => {
    const user = demoUser(t.demo, 'sen_caseworker');
    const browser = new Browser(t.app);
    await browser.signIn(user.email, user.password);
    const token = browser.jar.get(SESSION_COOKIE) ?? '';
    const stored = await t.database.db.select({ tokenHash: userSession.tokenHash }).from(userSession).where(eq(userSession.tokenHash, token));
    expect(stored).toEqual([]);
  });
});
