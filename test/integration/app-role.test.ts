import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { grantAppRole } from '../../src/db/app-role.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { child } from '../../src/db/schema/index.js';
import { insertAuditEvent } from '../../src/modules/audit/repository.js';
import { verifyAuditChains } from '../../src/modules/audit/chain.js';
import { createTestApp, signedInAs, testConfig, type TestApp } from '../helpers/app.js';
import { refusalOf, testEngine } from '../helpers/database.js';

// PGlite has no roles: whoever opens it owns everything, so there is nothing to separate there.
describe.skipIf(testEngine !== 'postgres')('running the application as a role that owns no tables (PostgreSQL only: PGlite has no roles)', () => {
  const role = `openehcp_app_${randomBytes(4).toString('hex')}`;
  let owner: TestApp;
  let asApp: DatabaseHandle;
  beforeAll(async () => {
    owner = await createTestApp({ plans: 5, deliveryHistory: false });
    await owner.database.db.execute(sql.raw(`create role ${role} login`));
    await grantAppRole(owner.database.db, role);
    const result = await owner.database.db.execute(sql`select current_database() as name`);
    const [current] = (result as { rows: { name: string }[] }).rows;
    const url = new URL(process.env.TEST_DATABASE_URL ?? '');
    url.username = role;
    url.pathname = `/${current?.name ?? ''}`;
    asApp = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
  }, 120_000);
  afterAll(async () => {
    await asApp.close();
    await owner.close();
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`drop role if exists ${role}`);
    await admin.end();
  });

  it('starts (nothing to migrate), serves a child record and appends to the audit trail', async () => {
    await asApp.migrate();
    const app = await buildApp({ config: testConfig(), database: asApp, logger: false });
    await app.ready();
    try {
      const [row] = await asApp.db.select({ id: child.id }).from(child).where(eq(child.laId, owner.demo.laId)).limit(1);
      const browser = await signedInAs(app, owner.demo, 'sen_caseworker');
      expect((await browser.get(`/children/${row?.id ?? ''}`)).statusCode).toBe(200);
    } finally {
      await app.close();
    }
    await insertAuditEvent(asApp.db, { laId: owner.demo.laId, actorUserId: null, actorRole: null, action: 'VIEW_REPORTS', requestId: 'app-role' });
    const [verdict] = await verifyAuditChains(asApp.db, { laId: owner.demo.laId });
    expect(verdict?.broken).toBeUndefined();
    expect(verdict?.checked).toBeGreaterThan(1);
  });

  it.each([
    ['update an audit event', 'update audit_event set action = $$TAMPERED$$', /permission denied for table audit_event/],
    ['delete an audit event', 'delete from audit_event', /permission denied for table audit_event/],
    ['truncate the audit trail', 'truncate audit_event', /permission denied for table audit_event/],
    ['switch the append-only trigger off', 'alter table audit_event disable trigger audit_event_append_only', /must be owner of table audit_event/],
    ['switch every trigger off for its session', 'set session_replication_role = replica', /permission denied to set parameter "session_replication_role"/],
    ['rewind the end of a chain', 'update audit_chain set last_seq = 0', /only moves forward/],
    ['delete the end of a chain', 'delete from audit_chain', /permission denied for table audit_chain/],
    ['create a table', 'create table sneaky (id int)', /permission denied for schema public/],
  ])('may not %s', async (_what, statement, refusal) => {
    expect(await refusalOf(asApp.db.execute(sql.raw(statement)))).toMatch(refusal);
  });

  it('refuses to set up a role that owns the tables', async () => {
    await expect(grantAppRole(owner.database.db, 'postgres')).rejects.toThrow(/superuser or owns the tables/);
    await expect(grantAppRole(owner.database.db, 'no_such_role_here')).rejects.toThrow(/There is no role no_such_role_here/);
    await expect(grantAppRole(owner.database.db, 'x; drop table child')).rejects.toThrow(/not a plain PostgreSQL role name/);
  });
});
