import { inArray } from 'drizzle-orm';
import { isRole, type Role } from '../../src/auth/roles.js';
import type { Database } from '../../src/db/client.js';
import { appUser } from '../../src/db/schema/index.js';
import type { DemoLaSummary } from '../../src/seed/generator.js';
import type { TestUser } from './people.js';

/**
 * The seeded demo LA's accounts, one per role, with their ids and links, read in one query.
 * A test on the demo LA asks this instead of selecting each account by email.
 */
export async function demoAccounts(t: { database: { db: Database }; demo: DemoLaSummary }): Promise<Record<Role, TestUser>> {
  const rows = await t.database.db
    .select()
    .from(appUser)
    .where(
      inArray(
        appUser.email,
        t.demo.users.map((user) => user.email),
      ),
    );
  const accounts: Partial<Record<Role, TestUser>> = {};
  for (const user of t.demo.users) {
    const row = rows.find((candidate) => candidate.email === user.email);
    if (!row || !isRole(row.role) || accounts[user.role]) continue;
    accounts[user.role] = {
      id: row.id,
      laId: row.laId,
      role: row.role,
      email: row.email,
      password: user.password,
      displayName: row.displayName,
      settingId: row.settingId,
      organisationId: row.organisationId,
      childId: row.childId,
      teamId: row.teamId,
    };
  }
  for (const user of t.demo.users) if (!accounts[user.role]) throw new Error(`The demo LA's ${user.role} account was not found`);
  return accounts as Record<Role, TestUser>;
}
