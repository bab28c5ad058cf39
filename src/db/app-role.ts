import { sql } from 'drizzle-orm';
import type { Database } from './client.js';

/**
 * Gives the role the application runs as exactly what it needs, on PostgreSQL, after migrating
 * as the owner of the tables. Owning nothing, it cannot switch off a trigger, and it may only
 * read and append to the audit trail: rewriting history takes the owner's login, and even then
 * `openehcp audit verify` finds it. Run again after every upgrade: it covers new tables.
 */
export async function grantAppRole(db: Database, role: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new AppRoleError(`"${role}" is not a plain PostgreSQL role name (lower-case letters, digits and _).`);
  await db.transaction(async (tx) => {
    const found = await tx.execute(sql`
      select r.rolsuper as superuser, r.rolname = current_user as is_owner,
             exists (select 1 from pg_tables t where t.schemaname = 'public' and t.tableowner = r.rolname) as owns_tables
        from pg_roles r where r.rolname = ${role}`);
    const [row] = (found as { rows: { superuser: boolean; is_owner: boolean; owns_tables: boolean }[] }).rows;
    if (!row) throw new AppRoleError(`There is no role ${role}. Create it first: create role ${role} login password '…';`);
    if (row.superuser || row.is_owner || row.owns_tables) {
      throw new AppRoleError(`${role} is a superuser or owns the tables, so it could switch the audit trail's protection off. Use a role that owns nothing.`);
    }
    const name = sql.identifier(role);
    for (const statement of [
      sql`revoke all on all tables in schema public from ${name}`,
      sql`revoke all on all sequences in schema public from ${name}`,
      sql`grant usage on schema public to ${name}`,
      sql`grant select, insert, update, delete on all tables in schema public to ${name}`,
      sql`revoke update, delete on audit_event from ${name}`,
      sql`revoke delete on audit_chain from ${name}`,
      sql`grant usage, select on all sequences in schema public to ${name}`,
      // Read only, so that the application can see at start-up that there is nothing to migrate.
      sql`grant usage on schema drizzle to ${name}`,
      sql`grant select on drizzle.__drizzle_migrations to ${name}`,
    ]) {
      await tx.execute(statement);
    }
  });
}

export class AppRoleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppRoleError';
  }
}
