import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAuditVerify } from '../../src/cli/audit-verify.js';
import type { Database } from '../../src/db/client.js';
import { auditEvent, child } from '../../src/db/schema/index.js';
import { insertAuditEvent, insertAuditEvents } from '../../src/modules/audit/repository.js';
import { verifyAuditChains } from '../../src/modules/audit/chain.js';
import { fromRoot } from '../../src/project-root.js';
import { createTestApp, signedInAs, type TestApp } from '../helpers/app.js';
import { openTestDatabase, refusalOf, testEngine } from '../helpers/database.js';

/** Does what the owner of the tables can do: write to audit_event with its trigger out of the way. */
async function tamperAsOwner(db: Database, statement: SQL): Promise<void> {
  await db.transaction(async (tx) => {
    if (testEngine === 'postgres') {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(statement);
    } else {
      await tx.execute(sql`alter table audit_event disable trigger audit_event_append_only`);
      await tx.execute(statement);
      await tx.execute(sql`alter table audit_event enable trigger audit_event_append_only`);
    }
  });
}

async function verifyOutput(db: Database, la?: string): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runAuditVerify(db, la ? { la } : {}, (line) => lines.push(line));
  return { code, lines };
}

describe(`the audit hash chain (${testEngine})`, () => {
  let t: TestApp;
  let childId: string;
  beforeAll(async () => {
    t = await createTestApp({ plans: 10, deliveryHistory: false });
    const [row] = await t.database.db.select({ id: child.id }).from(child).where(eq(child.laId, t.demo.laId)).limit(1);
    childId = row?.id ?? '';
    const browser = await signedInAs(t.app, t.demo, 'sen_caseworker');
    for (const page of ['', '/plan', '/provision', '/timeline', '/history']) {
      expect((await browser.get(`/children/${childId}${page}`)).statusCode).toBe(200);
    }
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('verifies the demo LA as intact, with every event checked', async () => {
    const { code, lines } = await verifyOutput(t.database.db, t.demo.laId);
    const [events] = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvent)
      .where(eq(auditEvent.laId, t.demo.laId));
    expect(events?.n).toBeGreaterThan(5);
    expect(lines).toEqual([expect.stringMatching(new RegExp(`\\(LA ${t.demo.laId}\\): ${String(events?.n)} events checked, intact\\. Last hash [0-9a-f]{64}\\.$`))]);
    expect(code).toBe(0);
  });

  it('links writers that append for the same LA at the same time one after another', async () => {
    const entry = { laId: t.demo.laId, actorUserId: null, actorRole: null, action: 'VIEW_REPORTS' as const, requestId: 'concurrent' };
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        index % 3 === 0
          ? insertAuditEvents(
              t.database.db,
              Array.from({ length: 50 }, () => entry),
            )
          : insertAuditEvent(t.database.db, { ...entry, change: { index } }),
      ),
    );
    const [verdict] = await verifyAuditChains(t.database.db, { laId: t.demo.laId });
    expect(verdict?.broken).toBeUndefined();
    const seqs = await t.database.db.execute(sql`select count(*)::int as n, max(chain_seq)::int as last from audit_event where la_id = ${t.demo.laId}`);
    const [counts] = (seqs as { rows: { n: number; last: number }[] }).rows;
    expect(counts?.last).toBe(counts?.n);
  });

  it('chains events with no LA (an unknown email failing to sign in) on their own', async () => {
    await insertAuditEvent(t.database.db, { laId: null, actorUserId: null, actorRole: null, action: 'SIGN_IN_FAILED', requestId: 'r' });
    const { code, lines } = await verifyOutput(t.database.db);
    expect(lines).toContainEqual(expect.stringMatching(/^Events with no LA: \d+ events? checked, intact/));
    expect(code).toBe(0);
  });

  it('names the event that was edited as the owner with the trigger switched off, and is intact once it is put back', async () => {
    const [victim] = await t.database.db.select().from(auditEvent).where(eq(auditEvent.laId, t.demo.laId)).orderBy(auditEvent.chainSeq).offset(2).limit(1);
    const id = victim?.id ?? 0;
    await tamperAsOwner(t.database.db, sql`update audit_event set actor_role = 'parent' where id = ${id}`);
    const { code, lines } = await verifyOutput(t.database.db, t.demo.laId);
    expect(lines[0]).toMatch(new RegExp(`: 3 events checked, BROKEN at event ${String(id)} \\(\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\): its contents do not match its hash`));
    expect(code).toBe(1);
    await tamperAsOwner(t.database.db, sql`update audit_event set actor_role = ${victim?.actorRole ?? null} where id = ${id}`);
    expect((await verifyOutput(t.database.db, t.demo.laId)).code).toBe(0);
  });

  it('names the event after one that was deleted, and the end of a chain cut short', async () => {
    const rows = await t.database.db.select({ id: auditEvent.id }).from(auditEvent).where(eq(auditEvent.laId, t.demo.laId)).orderBy(auditEvent.chainSeq);
    const deleted = rows[3]?.id ?? 0;
    const next = rows[4]?.id ?? 0;
    const savedRow = await t.database.db.execute(sql`select to_jsonb(e) as row from audit_event e where id = ${deleted}`);
    const saved = (savedRow as { rows: { row: unknown }[] }).rows[0]?.row;
    await tamperAsOwner(t.database.db, sql`delete from audit_event where id = ${deleted}`);
    const afterDelete = await verifyOutput(t.database.db, t.demo.laId);
    expect(afterDelete.lines[0]).toContain(`BROKEN at event ${String(next)} (`);
    expect(afterDelete.lines[0]).toContain('1 event before it is missing (deleted)');
    expect(afterDelete.code).toBe(1);

    await tamperAsOwner(t.database.db, sql`insert into audit_event select * from jsonb_populate_record(null::audit_event, ${JSON.stringify(saved)}::jsonb)`);
    expect((await verifyOutput(t.database.db, t.demo.laId)).code).toBe(0);

    await tamperAsOwner(t.database.db, sql`delete from audit_event where id in (${rows.at(-1)?.id ?? 0}, ${rows.at(-2)?.id ?? 0})`);
    const cut = await verifyOutput(t.database.db, t.demo.laId);
    expect(cut.lines[0]).toContain(`: ${String(rows.length - 2)} events checked, BROKEN at the end of the chain: the last 2 events were deleted.`);
    expect(cut.code).toBe(1);
  });

  it('refuses an event written around the application without a chain', async () => {
    expect(await refusalOf(t.database.db.execute(sql`insert into audit_event (la_id, action) values (${t.demo.laId}, 'FORGED')`))).toMatch(/audit_event_chained/);
  });

  it('refuses to rewind the end of a chain, which would hide events cut from the end', async () => {
    expect(await refusalOf(t.database.db.execute(sql`update audit_chain set last_seq = 1 where la_id = ${t.demo.laId}`))).toMatch(/only moves forward/);
    expect(await refusalOf(t.database.db.execute(sql`delete from audit_chain`))).toMatch(/only moves forward/);
  });
});

describe(`upgrading a database whose audit events were written before chaining (${testEngine})`, () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'openehcp-migrations-'));
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('chains them in migrate, so the trail verifies, and lets each be chained only once', async () => {
    const source = fromRoot('src', 'db', 'migrations');
    const journal = JSON.parse(readFileSync(path.join(source, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const before = journal.entries.filter((entry) => entry.tag < '0010');
    mkdirSync(path.join(folder, 'meta'));
    writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: before }));
    for (const file of readdirSync(source).filter((name) => before.some((entry) => name === `${entry.tag}.sql`))) copyFileSync(path.join(source, file), path.join(folder, file));

    const database = await openTestDatabase({ migrate: false });
    try {
      const migrator = testEngine === 'postgres' ? await import('drizzle-orm/node-postgres/migrator') : await import('drizzle-orm/pglite/migrator');
      await migrator.migrate(database.db as never, { migrationsFolder: folder });
      const la = '019acce8-cc00-7000-8000-00000000abcd';
      await database.db.execute(sql`
        insert into audit_event (la_id, action, change, occurred_at)
        select ${la}::uuid, 'VIEW_CHILD', jsonb_build_object('n', g, 'z', 'last', 'a', 'first'), now() - g * interval '1 minute'
          from generate_series(1, 40) g`);
      await database.db.execute(sql`insert into audit_event (la_id, action) values (null, 'SIGN_IN_FAILED')`);

      await database.migrate();
      const verdicts = await verifyAuditChains(database.db);
      expect(verdicts.map((verdict) => [verdict.laId, verdict.checked, verdict.broken])).toEqual([
        [null, 1, undefined],
        [la, 40, undefined],
      ]);
      expect(await refusalOf(database.db.execute(sql`update audit_event set chain_seq = 99, hash = 'x' where la_id = ${la}`))).toMatch(/append-only/);
    } finally {
      await database.close();
    }
  }, 120_000);
});
