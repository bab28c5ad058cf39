import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { launchOptionsFrom } from '../../src/server.js';
import { openTestDatabase, testEngine } from '../helpers/database.js';

/** How many template files rendering one page reads from disk. */
async function templateReadsForOnePage(reloadTemplates: boolean | undefined, database: DatabaseHandle): Promise<number> {
  // The configuration `npm start` runs with on a fresh clone: nothing set, so NODE_ENV is development.
  const config = { ...loadConfig({}), logLevel: 'silent' };
  const app = await buildApp({ config, database, logger: false, ...(reloadTemplates === undefined ? {} : { reloadTemplates }) });
  await app.ready();
  try {
    expect((await app.inject({ method: 'GET', url: '/sign-in' })).statusCode).toBe(200);
    const reads = vi.spyOn(fs, 'readFileSync');
    expect((await app.inject({ method: 'GET', url: '/sign-in' })).statusCode).toBe(200);
    const count = reads.mock.calls.filter(([file]) => String(file).endsWith('.njk')).length;
    reads.mockRestore();
    return count;
  } finally {
    await app.close();
  }
}

describe(`templates under npm start and npm run dev (${testEngine})`, () => {
  let database: DatabaseHandle | undefined;
  afterEach(async () => {
    await database?.close();
  });

  it('compiles each template once by default, as `npm start` runs, even with NODE_ENV unset', async () => {
    database = await openTestDatabase();
    expect(await templateReadsForOnePage(undefined, database)).toBe(0);
  });

  it('re-reads templates on every request only when launched by `npm run dev`', async () => {
    database = await openTestDatabase();
    expect(await templateReadsForOnePage(true, database)).toBeGreaterThan(0);
    expect(launchOptionsFrom(['--reload-templates'])).toEqual({ reloadTemplates: true });
    expect(launchOptionsFrom([])).toEqual({ reloadTemplates: false });
  });
});
