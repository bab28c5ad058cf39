import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../src/auth/passwords.js';
import type { Database } from '../../src/db/client.js';

/**
 * Where a factory writes: a database and the LA every row belongs to. `aLocalAuthority` makes one
 * in a fresh database; `theDemoLa` wraps the seeded demo LA, so a test that still needs the demo's
 * bulk can build its own particular children beside it.
 */
export interface TestLa {
  db: Database;
  laId: string;
}

/** Anything with an id, or the id itself: factories take either, so results pass straight on. */
export type Ref = string | { id: string };

export function idOf(ref: Ref): string {
  return typeof ref === 'string' ? ref : ref.id;
}

/**
 * Distinct names and emails without coordination: a counter for readability, and a tag per test
 * process because the email index is unique across every LA in a database (PostgreSQL test
 * databases are created per file, but a PGlite file may build several LAs).
 */
const PROCESS_TAG = randomBytes(3).toString('hex');
let sequence = 0;

export function nextNumber(): number {
  sequence += 1;
  return sequence;
}

export function uniqueTag(): string {
  return `${PROCESS_TAG}${String(nextNumber())}`;
}

/** Every account a factory makes signs in with this password. */
export const FACTORY_PASSWORD = 'factory-password';

/** argon2 costs tens of milliseconds a hash: one per process is enough for every factory account. */
let passwordHash: Promise<string> | undefined;
export function factoryPasswordHash(): Promise<string> {
  passwordHash ??= hashPassword(FACTORY_PASSWORD);
  return passwordHash;
}
