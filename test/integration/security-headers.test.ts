import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { testConfig } from '../helpers/app.js';
import { openTestDatabase, testEngine } from '../helpers/database.js';

describe(`Strict-Transport-Security (${testEngine})`, () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await openTestDatabase();
  }, 240_000);
  afterAll(async () => {
    await database.close();
  });

  async function hstsHeader(overrides: Parameters<typeof testConfig>[0]): Promise<string | undefined> {
    const app = await buildApp({ config: testConfig(overrides), database, logger: false });
    try {
      const response = await app.inject({ method: 'GET', url: '/sign-in' });
      expect(response.statusCode).toBe(200);
      const header = response.headers['strict-transport-security'];
      return typeof header === 'string' ? header : undefined;
    } finally {
      await app.close();
    }
  }

  it('is sent in production with secure cookies, for a year, including subdomains', async () => {
    expect(await hstsHeader({ environment: 'production', secureCookies: true })).toMatch(/^max-age=31536000; includeSubDomains/);
  });

  it('is never sent over plain HTTP: not without secure cookies, and not outside production (localhost must stay reachable)', async () => {
    expect(await hstsHeader({ environment: 'production', secureCookies: false })).toBeUndefined();
    expect(await hstsHeader({ environment: 'development', secureCookies: true })).toBeUndefined();
  });
});
