import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePostgres } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { fromRoot } from '../paths.js';
import * as schema from './schema/index.js';

/** The one database type every repository takes: a PGlite or pg connection, or a transaction on either. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseEngine = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  engine: DatabaseEngine;
  /** Applies committed migrations; safe to call from several processes at once on PostgreSQL. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS_FOLDER = fromRoot('src', 'db', 'migrations');

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string. Without it the embedded PGlite engine is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory, or `memory://` for a throwaway database. */
  dataDir?: string;
  poolSize?: number;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  }
  return openPglite(options.dataDir ?? 'memory://');
}

async function openPostgres(connectionString: string, poolSize: number): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // Dates stay date-only strings ("2026-01-15"): statutory deadlines must not drift with time zones.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const db = drizzleNodePostgres(pool, { schema }) as unknown as Database;
  await db.execute(sql`select 1`);
  return {
    db,
    engine: 'postgres',
    async migrate() {
      // A session-level advisory lock serialises concurrent app processes starting together.
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock(727001)');
        await migrateNodePostgres(drizzleNodePostgres(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await client.query('select pg_advisory_unlock(727001)').catch(() => undefined);
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith('memory://');
  let releaseLock = (): void => undefined;
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true });
    releaseLock = takeDirectoryLock(dataDir);
  }
  let client: PGlite;
  try {
    client = await PGlite.create(inMemory ? undefined : dataDir);
  } catch (error) {
    releaseLock();
    throw error;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    engine: 'pglite',
    async migrate() {
      await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    },
    async close() {
      await client.close();
      releaseLock();
    },
  };
}

/**
 * PGlite is a single-process database: two processes on one directory would corrupt it.
 * The lock file holds the owner's pid; a lock left by a process that has died is taken over.
 */
function takeDirectoryLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'openehcp.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const ownerPid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      // Our own pid counts too: a second open in this process would corrupt the database just the same.
      if (Number.isInteger(ownerPid) && isProcessAlive(ownerPid)) {
        throw new DatabaseLockedError(dataDir, ownerPid);
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseLockedError(dataDir, Number.NaN);
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DatabaseLockedError extends Error {
  constructor(dataDir: string, ownerPid: number) {
    super(
      `The embedded database in ${dataDir} is already open in another OpenEHCP process (pid ${String(ownerPid)}). ` +
        'Stop that process first, or set DATABASE_URL to use PostgreSQL, which many processes can share.',
    );
    this.name = 'DatabaseLockedError';
  }
}
