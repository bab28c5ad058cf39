import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPermission, type Permission } from '../../src/auth/permissions.js';
import { ROLES, type Role } from '../../src/auth/roles.js';
import { runDailySweep } from '../../src/jobs/provision-sweep.js';
import { paths } from '../../src/http/paths.js';
import type { DeclaredRoute } from '../../src/plugins/access.js';
import { createTestApp, signedInAs, type Browser, type TestApp } from '../helpers/app.js';

/**
 * Every page writes exactly the audit event its route declares: opened by someone it is for, with
 * real records behind its path, each GET writes at least one event and only of the declared
 * action (none where it declares 'none'). The route table writes the declared action into every
 * event a request writes, and a request that should have written one and did not fails in tests,
 * so removing an audit write fails this test and every other test that reaches the route.
 */

/** Real records for each set of path parameters, consistent with each other (the concern's child). */
const PARAMETER_QUERIES: Record<string, string> = {
  childId: `select p.child_id as "childId" from ehc_plan p where p.status = 'active' order by p.child_id limit 1`,
  'childId,itemId': `select p.child_id as "childId", i.id as "itemId" from provision_item i join ehc_plan p on p.current_version_id = i.plan_version_id order by i.id limit 1`,
  'childId,concernId': `select child_id as "childId", id as "concernId" from provision_concern order by id limit 1`,
  'childId,threadId': `select child_id as "childId", id as "threadId" from message_thread where audience = 'family' order by id limit 1`,
  'childId,documentId': `select child_id as "childId", id as "documentId" from document where audience = 'family' order by id limit 1`,
  'documentId,version': `select d.id as "documentId", v.version::text as version from document d join document_version v on v.document_id = d.id where d.audience = 'family' order by d.id limit 1`,
  keyId: `select id as "keyId" from api_key order by id limit 1`,
  baseId: `select id as "baseId" from resource_base order by id limit 1`,
  'baseId,visitId': `select resource_base_id as "baseId", id as "visitId" from resource_base_visit order by id limit 1`,
  // The plan editor: the demo's draft already sent to the family as proposed changes, and its lines.
  'childId,versionId': `select p.child_id as "childId", v.id as "versionId" from plan_version v join ehc_plan p on p.id = v.plan_id where v.status = 'draft' and v.proposed_on is not null order by v.id limit 1`,
  'childId,versionId,lineId': `select p.child_id as "childId", v.id as "versionId", i.id as "lineId" from plan_version v join ehc_plan p on p.id = v.plan_id join provision_item i on i.plan_version_id = v.id where v.status = 'draft' and v.proposed_on is not null order by i.id limit 1`,
  '/children/:childId/plan/drafts/:versionId/sections/:section': `select p.child_id as "childId", v.id as "versionId", 'A' as section from plan_version v join ehc_plan p on p.id = v.plan_id where v.status = 'draft' and v.proposed_on is not null order by v.id limit 1`,
  '/children/:childId/plan/drafts/:versionId/provision/:section': `select p.child_id as "childId", v.id as "versionId", 'F' as section from plan_version v join ehc_plan p on p.id = v.plan_id where v.status = 'draft' and v.proposed_on is not null order by v.id limit 1`,
  '/children/:childId/plan/drafts/:versionId/provision/:section/new': `select p.child_id as "childId", v.id as "versionId", 'F' as section from plan_version v join ehc_plan p on p.id = v.plan_id where v.status = 'draft' and v.proposed_on is not null order by v.id limit 1`,
  // An early review the demo LA has called (the seed calls a few).
  '/children/:childId/interim-reviews/:reviewId': `select child_id as "childId", id as "reviewId" from review where kind = 'interim' order by id limit 1`,
  'childId,reviewId': `select child_id as "childId", id as "reviewId" from review order by id limit 1`,
  settingId: `select setting_id as "settingId" from review where setting_id is not null order by id limit 1`,
};

/** Pages whose records belong to one person: the ids come from the records of the account signed in for a role. */
function ownRecordQueries(demo: TestApp['demo']): Record<string, string> {
  const email = (role: string) => demo.users.find((user) => user.role === role)?.email ?? '';
  return {
    '/children/:childId/access-log': `select f.child_id as "childId" from family_link f join app_user u on u.id = f.user_id where u.email = '${email('parent')}' order by f.child_id limit 1`,
    // A record the school's SENCO may correct: her pupil's, against school provision in force.
    '/children/:childId/provision/records/:recordId/correct': `select d.child_id as "childId", d.id as "recordId" from provision_delivery d
        join provision_item i on i.id = d.provision_item_id join ehc_plan p on p.current_version_id = i.plan_version_id
        join placement pl on pl.child_id = d.child_id and pl.end_date is null join app_user u on u.setting_id = pl.setting_id
       where u.email = '${email('school_senco')}' and i.provider_kind = 'school' and not exists (select 1 from provision_delivery c where c.corrects_id = d.id)
       order by d.id limit 1`,
    // The survey of a base the parent's child is placed in.
    '/resource-bases/:baseId/survey': `select p.resource_base_id as "baseId" from placement p join family_link f on f.child_id = p.child_id join app_user u on u.id = f.user_id
       where u.email = '${email('parent')}' and p.resource_base_id is not null and p.end_date is null order by p.resource_base_id limit 1`,
  };
}

function parameterNames(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1] ?? '');
}

describe('every route writes the audit event it declares', () => {
  let t: TestApp;
  const browsers = new Map<Role, Browser>();
  const parameters = new Map<string, Record<string, string>>();

  beforeAll(async () => {
    t = await createTestApp({ plans: 30, deliveryHistory: true });
    for (const role of ROLES) {
      if (t.demo.users.some((user) => user.role === role)) browsers.set(role, await signedInAs(t.app, t.demo, role));
    }
    // Concerns are raised by the daily check, as every night in a running service.
    await runDailySweep(t.database.db, t.clock.today());
    for (const [names, query] of Object.entries(PARAMETER_QUERIES)) {
      const result = await t.database.db.execute(sql.raw(query));
      const row = (result as { rows: Record<string, string>[] }).rows[0];
      if (row) parameters.set(names, row);
    }
    // Term dates may still be England's defaults, held in code: take a term and a closure from the list.
    const admin = [...browsers.entries()].find(([role]) => hasPermission(role, 'admin:manage'))?.[1];
    const list = (await admin?.get('/admin/term-dates'))?.body ?? '';
    const start = /\/admin\/term-dates\/terms\/(\d{4}-\d{2}-\d{2})/.exec(list)?.[1];
    const date = /\/admin\/term-dates\/closures\/(\d{4}-\d{2}-\d{2})/.exec(list)?.[1];
    if (start) parameters.set('start', { start });
    // A notification the parent can open: the first one their own list links to.
    const notifications = (await browsers.get('parent')?.get(paths.notifications.list()))?.body ?? '';
    const notificationId = /\/notifications\/([0-9a-f-]{36})/.exec(notifications)?.[1];
    if (notificationId) parameters.set('/notifications/:id', { id: notificationId });
    for (const [url, query] of Object.entries(ownRecordQueries(t.demo))) {
      const result = await t.database.db.execute(sql.raw(query));
      const row = (result as { rows: Record<string, string>[] }).rows[0];
      if (row) parameters.set(url, row);
    }
    // The demo LA issues no API keys: issue one, as an administrator would.
    const senco = await t.database.db.execute(sql`select id from app_user where email = ${t.demo.users.find((user) => user.role === 'school_senco')?.email ?? ''}`);
    await admin?.get('/admin/api-keys/new');
    await admin?.post('/admin/api-keys', { userId: (senco as { rows: { id: string }[] }).rows[0]?.id ?? '', name: 'Audit check' });
    const key = await t.database.db.execute(sql`select id from api_key order by created_at desc limit 1`);
    const keyId = (key as { rows: { id: string }[] }).rows[0]?.id;
    if (keyId) parameters.set('keyId', { keyId });
    if (date) parameters.set('date', { date });
  });
  afterAll(async () => {
    await t.close();
  });

  async function lastAuditId(): Promise<number> {
    const result = await t.database.db.execute(sql`select coalesce(max(id), 0)::int as id from audit_event`);
    return (result as { rows: { id: number }[] }).rows[0]?.id ?? 0;
  }

  async function actionsSince(id: number): Promise<string[]> {
    const result = await t.database.db.execute(sql`select action from audit_event where id > ${id} order by id`);
    return (result as { rows: { action: string }[] }).rows.map((row) => row.action);
  }

  function concretePath(route: DeclaredRoute): string | undefined {
    const names = parameterNames(route.url);
    if (names.length === 0) return route.url;
    const values = parameters.get(route.url) ?? parameters.get(names.join(','));
    if (!values) return undefined;
    return route.url.replace(/:([A-Za-z]+)/g, (_match, name: string) => encodeURIComponent(values[name] ?? ''));
  }

  it('for every page a signed-in person may open', async () => {
    const pages = t.app.declaredRoutes.filter(
      (route) => route.method === 'GET' && route.access.permission !== 'public' && !route.url.startsWith('/api/') && !route.url.endsWith('.csv') && !route.url.includes('/download'),
    );
    expect(pages.length).toBeGreaterThan(40);
    const checked: string[] = [];
    const unchecked: string[] = [];
    const refusals: string[] = [];
    for (const route of pages) {
      const path = concretePath(route);
      const roles = [...browsers.keys()].filter((role) => route.access.permission === 'signed-in' || hasPermission(role, route.access.permission as Permission));
      let opened = false;
      for (const role of roles) {
        if (!path) break;
        const before = await lastAuditId();
        const response = await browsers.get(role)?.get(path);
        // Not this person's record (a school's pupil, a parent's child): another role will open it.
        if (!response || response.statusCode >= 400) {
          refusals.push(`${route.url} as ${role}: ${String(response?.statusCode)}`);
          continue;
        }
        const actions = await actionsSince(before);
        if (route.access.audit === 'none') expect(actions, `${route.url} as ${role}`).toEqual([]);
        else {
          expect(actions.length, `${route.url} as ${role} wrote nothing`).toBeGreaterThan(0);
          expect(new Set(actions), `${route.url} as ${role}`).toEqual(new Set([route.access.audit]));
        }
        opened = true;
        break;
      }
      (opened ? checked : unchecked).push(route.url);
    }
    // Every page is reached by someone; a page nobody can open in the demo LA is itself a gap.
    expect(unchecked, [...unchecked, ...refusals.filter((line) => unchecked.some((url) => line.startsWith(`${url} `)))].join('\n')).toEqual([]);
    expect(checked.length).toBe(pages.length);
  });

  it('writes its event for a list with nobody on it (a team manager has no pupils of their own on the week grid)', async () => {
    const manager = browsers.get('sen_team_manager');
    const before = await lastAuditId();
    const response = await manager?.get(paths.provision.week());
    expect(response?.statusCode).toBe(200);
    expect(new Set(await actionsSince(before))).toEqual(new Set(['VIEW_PROVISION']));
  });
});
