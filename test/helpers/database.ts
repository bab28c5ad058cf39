import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';

/**
 * The engine integration tests run on: PGlite in memory by default, and PostgreSQL when
 * TEST_DATABASE_URL is set (each call gets its own freshly created database, dropped on close).
 */
export const testEngine: 'pglite' | 'postgres' = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

export async function openTestDatabase(options: { migrate?: boolean } = {}): Promise<DatabaseHandle> {
  return (await openSharedTestDatabase(options)).first;
}

/**
 * A test database with a way to open it again, as a second app process would. On PostgreSQL the
 * second handle is its own pool on the same database; PGlite is one process's alone (its data
 * directory is locked), so there the second handle is the first, with a close that does nothing.
 */
export async function openSharedTestDatabase(options: { migrate?: boolean } = {}): Promise<{ first: DatabaseHandle; openAnother(): Promise<DatabaseHandle> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const handle = await openDatabase({ dataDir: 'memory://' });
    if (options.migrate !== false) await handle.migrate();
    return { first: handle, openAnother: async () => ({ ...handle, close: async () => undefined }) };
  }
  const name = `openehcp_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  if (options.migrate !== false) await handle.migrate();
  return {
    first: {
      ...handle,
      async close() {
        await handle.close();
        const cleanup = new pg.Client({ connectionString: adminUrl });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    },
    // Close it before the first: closing the first drops the database.
    openAnother: () => openDatabase({ databaseUrl: url.toString(), poolSize: 4 }),
  };
}

/** The database's own message when it refuses a statement (Drizzle wraps it as the error's cause). */
export async function refusalOf(statement: Promise<unknown>): Promise<string> {
  try {
    await statement;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : String(error);
  }
  return 'the database accepted it';
}
