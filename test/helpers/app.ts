import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { fixedClock, systemClock, type Clock } from '../../src/clock.js';
import { loadConfig, type AppConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { seedDemoLa, type DemoLaSummary } from '../../src/seed/generator.js';
import { openTestDatabase } from './database.js';

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  demo: DemoLaSummary;
  config: AppConfig;
  /** The clock the app and its seed read: fixed for a test whose result depends on the date. */
  clock: Clock;
  close(): Promise<void>;
}

/**
 * The clock a test fixes when its result depends on the date: a Wednesday in the autumn term,
 * mid-morning in London. The seed is "as at" this day too, so the test reads the same data on
 * any day it runs, and never straddles midnight.
 */
export const TEST_CLOCK = fixedClock('2026-11-25T10:30:00Z');

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), ...overrides };
}

/** A migrated database with a small seeded demo LA, and the app over it (not listening). */
export async function createTestApp(options: { plans?: number; deliveryHistory?: boolean; config?: Partial<AppConfig>; clock?: Clock } = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  const clock = options.clock ?? systemClock;
  const demo = await seedDemoLa(database.db, { plans: options.plans ?? 80, seed: 20261128, deliveryHistory: options.deliveryHistory ?? true, clock });
  const config = testConfig(options.config);
  const app = await buildApp({ config, database, logger: false, clock });
  await app.ready();
  return {
    app,
    database,
    demo,
    config,
    clock,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export interface FreshTestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * A migrated database with nothing in it, and the app over it (not listening): the test builds
 * exactly the records it is about with test/factories, instead of finding them in the demo LA.
 */
export async function createFreshTestApp(options: { config?: Partial<AppConfig> } = {}): Promise<FreshTestApp> {
  const database = await openTestDatabase();
  const config = testConfig(options.config);
  const app = await buildApp({ config, database, logger: false });
  await app.ready();
  return {
    app,
    database,
    config,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export function demoUser(demo: DemoLaSummary, role: string) {
  const user = demo.users.find((candidate) => candidate.role === role);
  if (!user) throw new Error(`The demo LA has no ${role}`);
  return user;
}

/** Cookies a browser would hold, kept across injected requests. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = cookie.maxAge === 0 || (cookie.expires !== undefined && cookie.expires.getTime() < Date.now()) || cookie.value === '';
      if (expired) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** A browser-like session: follows cookies and reads the CSRF token from the last page. */
export class Browser {
  readonly jar = new CookieJar();
  csrfToken = '';

  constructor(private readonly app: FastifyInstance) {}

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ method: 'GET', url, headers: { accept: 'text/html', cookie: this.jar.header(), ...headers } });
    this.jar.store(response);
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrfToken = token;
    return response;
  }

  async post(url: string, form: Record<string, string>, options: { withCsrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams({ ...(options.withCsrf === false ? {} : { _csrf: this.csrfToken }), ...form }).toString();
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload: body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie: this.jar.header() },
    });
    this.jar.store(response);
    return response;
  }

  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    await this.get('/sign-in');
    return this.post('/sign-in', { email, password });
  }
}

export async function signedInAs(app: FastifyInstance, demo: DemoLaSummary, role: string): Promise<Browser> {
  return signedInAsUser(app, demoUser(demo, role));
}

/** A session for any account with a password: a demo account or one made by test/factories. */
export async function signedInAsUser(app: FastifyInstance, user: { email: string; password: string; role: string }): Promise<Browser> {
  const browser = new Browser(app);
  const response = await browser.signIn(user.email, user.password);
  if (response.statusCode !== 303) throw new Error(`Sign-in as ${user.role} failed with ${String(response.statusCode)}`);
  return browser;
}

/** The ids of children linked from a page, in order. */
export function childIdsOn(html: string): string[] {
  return [...html.matchAll(/href="\/children\/([0-9a-f-]{36})"/g)].map((match) => match[1] ?? '');
}
