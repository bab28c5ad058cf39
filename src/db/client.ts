import { randomUUID } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePostgres } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { chainUnchainedAuditEvents } from '../modules/audit/chain.js';
import { fromRoot } from '../project-root.js';
import { lockIsHeld, parseLockOwner, type ProcessIdentity } from './directory-lock.js';
import * as schema from './schema/index.js';

/** The one database type every repository takes: a PGlite or pg connection, or a transaction on either. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

type DatabaseEngine = 'pglite' | 'postgres';

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
        // The migrator creates its own table first, which a role that owns nothing may not do:
        // an application role (docs/operations.md) starts here on a database already migrated.
        if (!(await migrationsAreCurrent(client))) {
          await migrateNodePostgres(drizzleNodePostgres(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
        }
        await chainUnchainedAuditEvents(db);
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

/** Whether the database has every committed migration: the newest it records is the newest in the journal. */
async function migrationsAreCurrent(client: pg.PoolClient): Promise<boolean> {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  const newest = Math.max(...journal.entries.map((entry) => entry.when));
  const table = await client.query<{ present: boolean }>("select to_regclass('drizzle.__drizzle_migrations') is not null as present");
  if (!table.rows[0]?.present) return false;
  const applied = await client.query<{ newest: string | null }>('select max(created_at)::text as newest from drizzle.__drizzle_migrations');
  return Number(applied.rows[0]?.newest ?? 0) >= newest;
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
      await chainUnchainedAuditEvents(db);
    },
    async close() {
      await client.close();
      releaseLock();
    },
  };
}

/**
 * PGlite is a single-process database: two processes on one directory would corrupt it. The lock
 * file names its owner by pid, the pid's start time and the boot, because a pid alone is reused:
 * a container's server is pid 1 on every start, so "pid 1 is alive" says nothing after a crash.
 * (PostgreSQL's postmaster.pid treats its own pid the same way.) Two containers sharing one data
 * directory cannot see each other's processes; that is what DATABASE_URL is for.
 */
/** Directories this process has open: a second open here would corrupt the database just the same. */
const locksHeldHere = new Set<string>();

function takeDirectoryLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'openehcp.lock');
  if (locksHeldHere.has(path.resolve(lockPath))) throw new DatabaseLockedError(dataDir, process.pid);
  const ours = JSON.stringify({ ...currentProcessIdentity(), nonce: randomUUID() });
  // Written in full under a private name and then linked into place, so no other process ever
  // reads a half-written lock, and link() fails if any lock is already there: one winner.
  const candidate = `${lockPath}.${String(process.pid)}.${randomUUID()}`;
  writeFileSync(candidate, ours, { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        linkSync(candidate, lockPath);
        locksHeldHere.add(path.resolve(lockPath));
        return () => {
          locksHeldHere.delete(path.resolve(lockPath));
          if (readIfPresent(lockPath) === ours) rmSync(lockPath, { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const held = readIfPresent(lockPath);
      if (held === undefined) continue;
      const owner = parseLockOwner(held);
      if (lockIsHeld(owner, currentProcessIdentity(), { isAlive: isProcessAlive, startTimeOf: processStartTime })) {
        throw new DatabaseLockedError(dataDir, owner?.pid ?? Number.NaN);
      }
      // Another process may be taking over the same stale lock: move it aside under a name of
      // our own, and if what we moved is not the lock we judged stale, put it back.
      const setAside = `${candidate}.stale`;
      try {
        renameSync(lockPath, setAside);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      if (readIfPresent(setAside) !== held) {
        try {
          linkSync(setAside, lockPath);
        } catch {
          // Someone else holds a newer lock already; theirs stands.
        }
      }
      rmSync(setAside, { force: true });
    }
    throw new DatabaseLockedError(dataDir, Number.NaN);
  } finally {
    rmSync(candidate, { force: true });
  }
}

function readIfPresent(filePath: string): string | undefined {
  try {
    return readFileSync(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function currentProcessIdentity(): ProcessIdentity {
  return { pid: process.pid, startTime: processStartTime(process.pid), bootId: bootId() };
}

/** Clock ticks since boot when the process started: field 22 of /proc/<pid>/stat (Linux only). */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
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
