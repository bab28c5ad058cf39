import { and, count, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey, appUser, child, childContact, document, documentVersion, ehcPlan, familyLink, message, messageThread, notification, provisionConcern, task } from '../../src/db/schema/index.js';
import { addDays } from '../../src/domain/dates.js';
import { USERS_PAGE_SIZE } from '../../src/modules/admin/service.js';
import { API_KEYS_PAGE_SIZE } from '../../src/modules/api-keys/service.js';
import { CONCERNS_PAGE_SIZE } from '../../src/modules/concerns/service.js';
import { DOCUMENTS_PAGE_SIZE, seesDocument } from '../../src/modules/documents/service.js';
import { findChildThreadsPage } from '../../src/modules/messages/repository.js';
import { PROMISE_PAGE_SIZE, THREADS_PAGE_SIZE } from '../../src/modules/messages/service.js';
import { OUTBOX_PAGE_SIZE } from '../../src/modules/notifications/service.js';
import { CONTACTS_PAGE_SIZE } from '../../src/modules/people/service.js';
import { TASKS_PAGE_SIZE } from '../../src/modules/tasks/service.js';
import { createTestApp, demoUser, signedInAs, TEST_CLOCK, type Browser, type TestApp } from '../helpers/app.js';
import { paths } from '../../src/http/paths.js';

let t: TestApp;
const TASKS = 120;

beforeAll(async () => {
  t = await createTestApp({ plans: 20, deliveryHistory: false, clock: TEST_CLOCK });
  const [caseworker] = await t.database.db
    .select({ id: appUser.id })
    .from(appUser)
    .where(eq(appUser.email, demoUser(t.demo, 'sen_caseworker').email));
  // The demo LA's own tasks for the caseworker (reviews, visits) are finished first: the tray then holds exactly these.
  await t.database.db
    .update(task)
    .set({ status: 'done', completedAt: new Date(), completedBy: caseworker?.id })
    .where(and(eq(task.laId, t.demo.laId), eq(task.ownerUserId, caseworker?.id ?? ''), eq(task.status, 'open')));
  await t.database.db.insert(task).values(
    Array.from({ length: TASKS }, (_, index) => ({
      laId: t.demo.laId,
      title: `Task number ${String(index + 1).padStart(3, '0')}`,
      ownerUserId: caseworker?.id,
      // The first ten are overdue, oldest first; the rest are due far ahead.
      dueOn: index < 10 ? `2020-01-${String(index + 1).padStart(2, '0')}` : `2099-01-01`,
      sourceType: 'manual',
    })),
  );
});

afterAll(async () => {
  await t.close();
});

// A task is named in its row and again, hidden, in its buttons: count each once.
const rowsOn = (html: string) => [...new Set([...html.matchAll(/Task number (\d{3})/g)].map((match) => Number(match[1])))];

describe('long lists are paged', () => {
  it(`the work tray shows ${String(TASKS_PAGE_SIZE)} tasks a page, counts them all, and page 2 carries on`, async () => {
    expect(TASKS_PAGE_SIZE).toBeGreaterThanOrEqual(25);
    expect(TASKS_PAGE_SIZE).toBeLessThanOrEqual(50);
    const browser = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const first = await browser.get(paths.tasks.tray());
    expect(first.statusCode).toBe(200);
    const firstRows = rowsOn(first.body);
    expect(firstRows).toHaveLength(TASKS_PAGE_SIZE);
    expect(firstRows.slice(0, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(first.body).toMatch(new RegExp(`${String(TASKS)} open tasks, 10 overdue`));
    expect(first.body).toContain('govuk-pagination');
    expect(first.body).toContain(`href="${paths.tasks.tray({ page: 2 })}"`);

    const second = await browser.get(paths.tasks.tray({ page: 2 }));
    const secondRows = rowsOn(second.body);
    expect(secondRows).toHaveLength(TASKS_PAGE_SIZE);
    expect(secondRows.filter((row) => firstRows.includes(row))).toEqual([]);

    const last = await browser.get(paths.tasks.tray({ page: Math.ceil(TASKS / TASKS_PAGE_SIZE) }));
    expect(rowsOn(last.body)).toHaveLength(TASKS % TASKS_PAGE_SIZE || TASKS_PAGE_SIZE);
    expect((await browser.get(paths.tasks.tray({ page: 'nonsense' }))).statusCode).toBe(200);
  });

  it('the team view pages its tasks but counts each owner over the whole list', async () => {
    const browser = await signedInAs(t.app, t.demo, 'sen_team_manager');
    const first = await browser.get(paths.tasks.team());
    expect(first.statusCode).toBe(200);
    expect(rowsOn(first.body).length).toBeLessThanOrEqual(TASKS_PAGE_SIZE);
    expect(first.body).toContain(`href="${paths.tasks.team({ page: 2 })}"`);
    expect(first.body).toMatch(new RegExp(`>${String(TASKS)}<`));
    const second = await browser.get(paths.tasks.team({ page: 2 }));
    expect(second.statusCode).toBe(200);
    expect(rowsOn(second.body).filter((row) => rowsOn(first.body).includes(row))).toEqual([]);
  });
});

/** The body rows of the table named `label` (its scroll region's name), or of the page's first table. */
function tableRows(html: string, label?: string): string[] {
  const start = label === undefined ? 0 : html.indexOf(`aria-label="${label}`);
  if (start < 0) return [];
  const body = html.indexOf('<tbody', start);
  return html.slice(body, html.indexOf('</tbody>', body)).split('<tr').slice(1);
}

/** The number GOV.UK pagination marks as the current page. */
const currentPage = (html: string, label?: string) => {
  const nav = label === undefined ? html : html.slice(html.indexOf(`aria-label="${label}"`));
  return Number(/govuk-pagination__item--current">\s*<a[^>]*>\s*(\d+)/.exec(nav)?.[1]);
};

const value = async (query: Promise<{ n: number }[]>) => (await query)[0]?.n ?? 0;

/**
 * Adds `wanted - existing` rows (at least one more than a page) through `insert`, so the list holds
 * between one and two pages whatever the seed put there; returns the list's total.
 */
async function fillTo(existing: number, wanted: number, insert: (howMany: number) => Promise<unknown>): Promise<number> {
  expect(existing).toBeLessThan(wanted);
  await insert(wanted - existing);
  return wanted;
}

/**
 * Pages 1 and 2 of a list holding between one and two pages: page 1 a full page, page 2 the rest,
 * "Showing 51 to 73 of 73 …" on page 2, a page past the end showing the last page and nonsense
 * showing the first, never an error.
 */
async function checkTwoPages(
  browser: Browser,
  params: { path: string; query?: string; total: number; pageSize: number; noun: string; label?: string; pageParam?: string; navLabel?: string; nonsenseStatus?: number; ownRows?: RegExp },
) {
  const { path, total, pageSize, noun, label } = params;
  const name = params.pageParam ?? 'page';
  const url = (page: string) => `${path}?${params.query ? `${params.query}&` : ''}${name}=${page}`;
  expect(total).toBeGreaterThan(pageSize);
  expect(total).toBeLessThanOrEqual(2 * pageSize);
  const first = await browser.get(params.query ? `${path}?${params.query}` : path);
  expect(first.statusCode).toBe(200);
  expect(tableRows(first.body, label)).toHaveLength(pageSize);
  expect(first.body).toContain(`Showing 1 to ${String(pageSize)} of ${String(total)} ${noun}`);
  expect(first.body).toContain('govuk-pagination');
  const second = await browser.get(url('2'));
  expect(second.statusCode).toBe(200);
  expect(tableRows(second.body, label)).toHaveLength(total - pageSize);
  expect(second.body).toContain(`Showing ${String(pageSize + 1)} to ${String(total)} of ${String(total)} ${noun}`);
  expect(currentPage(second.body, params.navLabel)).toBe(2);
  // The two pages share no row (of the test's own, where the demo LA's rows may read alike).
  const own = (rows: string[]) => (params.ownRows ? rows.filter((row) => params.ownRows?.test(row)) : rows);
  const firstRows = new Set(own(tableRows(first.body, label)));
  expect(own(tableRows(second.body, label)).filter((row) => firstRows.has(row))).toEqual([]);

  const beyond = await browser.get(url('99'));
  expect(beyond.statusCode).toBe(200);
  expect(tableRows(beyond.body, label)).toHaveLength(total - pageSize);
  expect(currentPage(beyond.body, params.navLabel)).toBe(2);
  for (const nonsense of ['abc', '-1', '0', '2.5', '1e9']) {
    const response = await browser.get(url(encodeURIComponent(nonsense)));
    expect(response.statusCode).toBe(params.nonsenseStatus ?? 200);
    if (response.statusCode === 400) expect(response.body).toContain('govuk-error-summary');
    expect(tableRows(response.body, label)).toHaveLength(pageSize);
  }
  return { first: first.body, second: second.body };
}

describe('every list that grows with the LA is paged', () => {
  const db = () => t.database.db;
  const today = TEST_CLOCK.today();
  let laId = '';
  let caseworkerId = '';
  let parentId = '';
  let childIds: string[] = [];

  beforeAll(async () => {
    laId = t.demo.laId;
    const userId = async (role: string) =>
      (
        await db()
          .select({ id: appUser.id })
          .from(appUser)
          .where(eq(appUser.email, demoUser(t.demo, role).email))
      )[0]?.id ?? '';
    caseworkerId = await userId('sen_caseworker');
    parentId = await userId('parent');
    childIds = (await db().select({ id: child.id }).from(child).where(eq(child.laId, laId)).orderBy(child.surname, child.id)).map((row) => row.id);
  });

  it('/concerns pages its open concerns with the shared pagination, keeping the filters in every link', async () => {
    const mine = and(eq(provisionConcern.laId, laId), eq(provisionConcern.status, 'open'), eq(provisionConcern.ownerUserId, caseworkerId));
    const total = await fillTo(await value(db().select({ n: count() }).from(provisionConcern).where(mine)), CONCERNS_PAGE_SIZE + 12, (howMany) =>
      db()
        .insert(provisionConcern)
        .values(
          Array.from({ length: howMany }, (_, index) => ({
            laId,
            childId: childIds[index % childIds.length] ?? '',
            kind: 'delivery_gap',
            summary: `Paged concern ${String(index)}`,
            level: 'caseworker',
            ownerUserId: caseworkerId,
            dueOn: addDays(today, index + 1),
            raisedOn: today,
          })),
        ),
    );
    // Some owned by nobody, which the "Concerns I own" filter leaves out.
    await db()
      .insert(provisionConcern)
      .values(Array.from({ length: 5 }, (_, index) => ({ laId, childId: childIds[index] ?? '', kind: 'delivery_gap', summary: 'Unowned', level: 'caseworker', dueOn: today, raisedOn: today })));
    const browser = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const { first, second } = await checkTwoPages(browser, {
      path: paths.concerns.list(),
      query: 'mine=yes',
      total,
      pageSize: CONCERNS_PAGE_SIZE,
      noun: 'open concerns',
      label: 'Open provision concerns',
    });
    expect(first).toContain('href="/concerns?mine=yes&amp;page=2"');
    expect(second).toContain(`href="${paths.concerns.list({ mine: true })}"`);
    // The level filter and the overdue filter travel too.
    const everyLevel = await browser.get(paths.concerns.list({ level: 'caseworker', mine: true, overdue: true }));
    expect(everyLevel.statusCode).toBe(200);
    const all = await browser.get(paths.concerns.list({ level: 'caseworker' }));
    expect(all.body).toContain('href="/concerns?level=caseworker&amp;page=2"');
  });

  it('/admin/users pages the LA’s users and counts them all', async () => {
    const ofLa = eq(appUser.laId, laId);
    const total = await fillTo(await value(db().select({ n: count() }).from(appUser).where(ofLa)), USERS_PAGE_SIZE + 23, (howMany) =>
      db()
        .insert(appUser)
        .values(
          Array.from({ length: howMany }, (_, index) => ({
            laId,
            email: `paged.parent.${String(index)}@example.org`,
            displayName: `Paged parent ${String(index).padStart(3, '0')}`,
            role: 'parent',
            passwordHash: 'not-a-hash',
          })),
        ),
    );
    const admin = await signedInAs(t.app, t.demo, 'la_admin');
    const { first } = await checkTwoPages(admin, { path: paths.admin.users(), total, pageSize: USERS_PAGE_SIZE, noun: 'users', label: 'People who can sign in' });
    expect(first).toContain(`href="${paths.admin.users({ page: 2 })}"`);
  });

  it('/admin/api-keys pages the keys, newest first, and the revoke page still finds an old key', async () => {
    const [holder] = await db()
      .select({ id: appUser.id })
      .from(appUser)
      .where(and(eq(appUser.laId, laId), eq(appUser.role, 'school_senco')))
      .limit(1);
    const total = await fillTo(await value(db().select({ n: count() }).from(apiKey).where(eq(apiKey.laId, laId))), API_KEYS_PAGE_SIZE + 7, (howMany) =>
      db()
        .insert(apiKey)
        .values(
          Array.from({ length: howMany }, (_, index) => ({
            laId,
            userId: holder?.id ?? '',
            name: `Paged key ${String(index)}`,
            prefix: `paged${String(index).padStart(4, '0')}`,
            secretSha256: 'x'.repeat(64),
            createdAt: new Date(Date.UTC(2026, 0, 1, 0, index)),
          })),
        ),
    );
    const admin = await signedInAs(t.app, t.demo, 'la_admin');
    const { second } = await checkTwoPages(admin, { path: paths.admin.apiKeys(), total, pageSize: API_KEYS_PAGE_SIZE, noun: 'API keys', label: 'API keys of' });
    // The oldest key, on the last page, opens its revoke page by id.
    const [oldest] = await db()
      .select({ id: apiKey.id })
      .from(apiKey)
      .where(and(eq(apiKey.laId, laId), eq(apiKey.prefix, 'paged0000')));
    expect(second).toContain(`href="${paths.admin.revokeApiKey({ keyId: oldest?.id ?? '' })}"`);
    expect((await admin.get(paths.admin.revokeApiKey({ keyId: oldest?.id ?? '' }))).statusCode).toBe(200);
  });

  it('/admin/outbox pages the email outbox', async () => {
    const emails = and(eq(notification.laId, laId), eq(notification.channel, 'email'));
    const total = await fillTo(await value(db().select({ n: count() }).from(notification).where(emails)), OUTBOX_PAGE_SIZE + 31, (howMany) =>
      db()
        .insert(notification)
        .values(Array.from({ length: howMany }, (_, index) => ({ laId, userId: parentId, channel: 'email', kind: 'message_received', subject: `Paged email ${String(index)}`, body: 'Body' }))),
    );
    const admin = await signedInAs(t.app, t.demo, 'la_admin');
    // The outbox, like the notifications list, names a page number that is not one in its error summary, over the first page.
    const { first } = await checkTwoPages(admin, { path: '/admin/outbox', total, pageSize: OUTBOX_PAGE_SIZE, noun: 'email notifications', nonsenseStatus: 400, ownRows: /Paged email/ });
    expect(first).toContain('href="/admin/outbox?page=2"');
  });

  it('a child’s Documents tab pages what the reader may see, counted by the same rule that hides the rest', async () => {
    const [link] = await db().select({ childId: familyLink.childId }).from(familyLink).where(eq(familyLink.userId, parentId)).limit(1);
    const childId = link?.childId ?? '';
    const families = DOCUMENTS_PAGE_SIZE + 9;
    const existing = await value(db().select({ n: count() }).from(document).where(eq(document.childId, childId)));
    expect(existing).toBeLessThan(5);
    // LA-only documents: the caseworker counts them, the parent never sees them.
    for (let index = 0; index < families + 6; index += 1) {
      const [row] = await db()
        .insert(document)
        .values({ laId, childId, title: `Paged document ${String(index)}`, audience: index < families ? 'family' : 'la_internal', createdBy: caseworkerId })
        .returning({ id: document.id });
      await db()
        .insert(documentVersion)
        .values({
          laId,
          documentId: row?.id ?? '',
          version: 1,
          fileName: 'a.txt',
          contentType: 'text/plain',
          sizeBytes: 1,
          sha256: 'x',
          content: Buffer.from('a'),
          uploadedBy: caseworkerId,
          uploadedAt: new Date(Date.UTC(2026, 0, 1, 0, index)),
        });
    }
    const all = await db().select({ audience: document.audience, createdBy: document.createdBy }).from(document).where(eq(document.childId, childId));
    const parentSees = all.filter((row) =>
      seesDocument({ laId, userId: parentId, role: 'parent', organisationId: null, settingId: null, childId: null } as Parameters<typeof seesDocument>[0], row),
    ).length;
    expect(parentSees).toBeLessThan(all.length);

    const parent = await signedInAs(t.app, t.demo, 'parent');
    const path = `/children/${childId}/documents`;
    const { first, second } = await checkTwoPages(parent, { path, total: parentSees, pageSize: DOCUMENTS_PAGE_SIZE, noun: 'documents', label: 'Documents on this record' });
    expect(first).toContain(`href="${path}?page=2"`);
    for (let index = families; index < families + 6; index += 1) expect(first + second).not.toContain(`Paged document ${String(index)}<`);
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    await checkTwoPages(caseworker, { path, total: all.length, pageSize: DOCUMENTS_PAGE_SIZE, noun: 'documents', label: 'Documents on this record' });
  });

  it('a child’s Messages tab pages the conversations the reader may see, and the query never returns one they may not', async () => {
    const [link] = await db().select({ childId: familyLink.childId }).from(familyLink).where(eq(familyLink.userId, parentId)).limit(1);
    const childId = link?.childId ?? '';
    const existing = await db().select({ audience: messageThread.audience, startedBy: messageThread.startedBy }).from(messageThread).where(eq(messageThread.childId, childId));
    const familyWanted = THREADS_PAGE_SIZE + 7;
    const familyExisting = existing.filter((row) => row.audience === 'family' || row.startedBy === parentId).length;
    expect(familyExisting).toBeLessThan(familyWanted);
    // Family conversations the parent reads, and others started by staff that the parent must never receive.
    const hidden = 8;
    const rows = [
      ...Array.from({ length: familyWanted - familyExisting }, (_, index) => ({ subject: `Paged family conversation ${String(index)}`, audience: 'family' })),
      ...Array.from({ length: hidden }, (_, index) => ({ subject: `Paged staff conversation ${String(index)}`, audience: index % 2 === 0 ? 'la_internal' : 'professionals' })),
    ];
    await db()
      .insert(messageThread)
      .values(
        rows.map((row, index) => ({
          laId,
          childId,
          subject: row.subject,
          audience: row.audience,
          ownerUserId: caseworkerId,
          startedBy: caseworkerId,
          startedAt: new Date(Date.UTC(2026, 0, 1, 0, index)),
          // Interleaved, so a filter applied after the page was read would leave gaps.
          lastMessageAt: new Date(Date.UTC(2026, 0, 1, 0, index)),
        })),
      );
    const all = await db().select({ audience: messageThread.audience, startedBy: messageThread.startedBy }).from(messageThread).where(eq(messageThread.childId, childId));
    const parentTotal = all.filter((row) => row.audience === 'family' || row.startedBy === parentId).length;
    expect(parentTotal).toBe(familyWanted);

    // What the query hands back for the parent holds nothing they may not see, on any page, and counts only what they see.
    const viewer = { userId: parentId, role: 'parent' as const };
    const received = [];
    for (const offset of [0, THREADS_PAGE_SIZE, 2 * THREADS_PAGE_SIZE]) {
      const result = await findChildThreadsPage(db(), { laId, childId, viewer, window: { limit: THREADS_PAGE_SIZE, offset } });
      expect(result.total).toBe(parentTotal);
      received.push(...result.rows);
    }
    expect(received).toHaveLength(parentTotal);
    expect(received.filter((row) => row.audience !== 'family' && row.startedBy !== parentId)).toEqual([]);
    // Another LA's reader of the same ids gets nothing.
    expect((await findChildThreadsPage(db(), { laId: '00000000-0000-4000-8000-000000000000', childId, viewer, window: { limit: 100, offset: 0 } })).total).toBe(0);

    const parent = await signedInAs(t.app, t.demo, 'parent');
    const path = paths.messages.list({ childId });
    const label = 'Conversations, most recent first';
    const { first, second } = await checkTwoPages(parent, { path, total: parentTotal, pageSize: THREADS_PAGE_SIZE, noun: 'conversations', label });
    expect(first).toContain(`href="${paths.messages.list({ childId }, { page: 2 })}"`);
    expect(first + second).not.toContain('Paged staff conversation');
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    await checkTwoPages(caseworker, { path, total: all.length, pageSize: THREADS_PAGE_SIZE, noun: 'conversations', label });
  });

  it('People involved pages the other contacts and keeps the rest of the tab whole', async () => {
    const childId = childIds[0] ?? '';
    const total = await fillTo(await value(db().select({ n: count() }).from(childContact).where(eq(childContact.childId, childId))), CONTACTS_PAGE_SIZE + 4, (howMany) =>
      db()
        .insert(childContact)
        .values(
          Array.from({ length: howMany }, (_, index) => ({ laId, childId, name: `Paged contact ${String(index).padStart(3, '0')}`, role: 'GP', audience: 'professionals', addedBy: caseworkerId })),
        ),
    );
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const path = `/children/${childId}/people`;
    const { first, second } = await checkTwoPages(caseworker, { path, total, pageSize: CONTACTS_PAGE_SIZE, noun: 'other contacts', label: 'Other contacts' });
    expect(first).toContain(`href="${path}?page=2#other-contacts"`);
    // Every page still shows the family and the caseworker.
    for (const html of [first, second]) expect(html).toContain('Local authority');
  });

  it('the communication promise pages its officers, its overdue messages and its silent children, each keeping the others’ pages', async () => {
    const policyDays = 14;
    const sentAt = new Date(Date.now() - 20 * 86_400_000);
    // Officers, each owning one conversation with a message unanswered past its reply date.
    const officers = await db()
      .insert(appUser)
      .values(
        Array.from({ length: PROMISE_PAGE_SIZE + 8 }, (_, index) => ({
          laId,
          email: `paged.officer.${String(index)}@example.org`,
          displayName: `Paged officer ${String(index).padStart(3, '0')}`,
          role: 'sen_caseworker',
          passwordHash: 'not-a-hash',
        })),
      )
      .returning({ id: appUser.id });
    for (const [index, officer] of officers.entries()) {
      const childId = childIds[index % childIds.length] ?? '';
      const [thread] = await db()
        .insert(messageThread)
        .values({ laId, childId, subject: `Paged thread ${String(index)}`, audience: 'family', ownerUserId: officer.id, startedBy: parentId })
        .returning({ id: messageThread.id });
      await db()
        .insert(message)
        .values({ laId, threadId: thread?.id ?? '', childId, body: 'Any news?', authorUserId: parentId, authorRole: 'parent', sentAt, replyDueOn: addDays(today, -10) });
    }
    // Children with a plan in force and nothing on their timeline.
    const silentChildren = await db()
      .insert(child)
      .values(
        Array.from({ length: PROMISE_PAGE_SIZE + 5 }, (_, index) => ({
          laId,
          forename: 'Paged',
          surname: `Silent ${String(index).padStart(3, '0')}`,
          dateOfBirth: '2015-01-01',
          sex: 'F',
          ethnicity: 'WBRI',
        })),
      )
      .returning({ id: child.id });
    await db()
      .insert(ehcPlan)
      .values(silentChildren.map((row) => ({ laId, childId: row.id, status: 'active' })));

    // Each total counted the slow, obvious way.
    const since = new Date(Date.now() - 90 * 86_400_000);
    const officerTotal = await value(
      db()
        .select({ n: sql<number>`count(distinct coalesce(${messageThread.ownerUserId}::text, ''))::int` })
        .from(message)
        .innerJoin(messageThread, eq(messageThread.id, message.threadId))
        .where(and(eq(message.laId, laId), isNotNull(message.replyDueOn), sql`(${message.sentAt} >= ${since.toISOString()}::timestamptz or ${message.repliedAt} is null)`)),
    );
    const unansweredTotal = await value(
      db()
        .select({ n: count() })
        .from(message)
        .where(and(eq(message.laId, laId), isNotNull(message.replyDueOn), isNull(message.repliedAt), sql`${message.replyDueOn} < ${today}::date`)),
    );
    const silentTotal = await value(
      db()
        .select({ n: sql<number>`count(*)::int` })
        .from(child)
        .where(
          and(
            eq(child.laId, laId),
            sql`exists (select 1 from ehc_plan p where p.child_id = ${child.id} and p.status = 'active')`,
            sql`not exists (select 1 from timeline_entry te where te.child_id = ${child.id} and te.audience = 'family' and te.restricted_to_roles is null
                  and te.occurred_at >= (${today}::date - ${policyDays}::int)::timestamptz)`,
          ),
        ),
    );

    const manager = await signedInAs(t.app, t.demo, 'sen_team_manager');
    const lists = [
      { pageParam: 'officerPage', total: officerTotal, noun: 'officers', label: 'Replies by the officer who owns the conversation', navLabel: 'Pages of officers', fragment: 'by-officer' },
      {
        pageParam: 'unansweredPage',
        total: unansweredTotal,
        noun: 'messages',
        label: 'Messages unanswered past the reply date',
        navLabel: 'Pages of messages unanswered past the reply date',
        fragment: 'unanswered',
      },
      { pageParam: 'childrenPage', total: silentTotal, noun: 'children', label: 'Children whose families have had no update', navLabel: 'Pages of children with no update', fragment: 'no-update' },
    ];
    const first = (await manager.get('/communication')).body;
    for (const list of lists) {
      // The officers' table ends with the All officers row on every page.
      const extra = list.pageParam === 'officerPage' ? 1 : 0;
      expect(list.total).toBeGreaterThan(PROMISE_PAGE_SIZE);
      expect(list.total).toBeLessThanOrEqual(2 * PROMISE_PAGE_SIZE);
      expect(tableRows(first, list.label)).toHaveLength(PROMISE_PAGE_SIZE + extra);
      expect(first).toContain(`Showing 1 to ${String(PROMISE_PAGE_SIZE)} of ${String(list.total)} ${list.noun}`);
      expect(first).toContain(`href="/communication?${list.pageParam}=2#${list.fragment}"`);
      const second = await manager.get(`/communication?${list.pageParam}=2`);
      expect(second.statusCode).toBe(200);
      expect(tableRows(second.body, list.label)).toHaveLength(list.total - PROMISE_PAGE_SIZE + extra);
      expect(second.body).toContain(`Showing ${String(PROMISE_PAGE_SIZE + 1)} to ${String(list.total)} of ${String(list.total)} ${list.noun}`);
      expect(currentPage(second.body, list.navLabel)).toBe(2);
      // The other lists stay on their first page, and their links keep this one's page.
      for (const other of lists.filter((candidate) => candidate !== list)) {
        expect(tableRows(second.body, other.label)).toHaveLength(PROMISE_PAGE_SIZE + (other.pageParam === 'officerPage' ? 1 : 0));
        expect(second.body).toContain(`href="/communication?${list.pageParam}=2&amp;${other.pageParam}=2#${other.fragment}"`);
      }
      const beyond = await manager.get(`/communication?${list.pageParam}=99`);
      expect(beyond.statusCode).toBe(200);
      expect(currentPage(beyond.body, list.navLabel)).toBe(2);
      expect((await manager.get(`/communication?${list.pageParam}=nonsense`)).statusCode).toBe(200);
    }
    // The headline counts what the list counts.
    expect(first).toMatch(new RegExp(`Unanswered past the reply date\\s*</dt>[\\s\\S]*?<dd class="govuk-summary-list__value">\\s*${String(unansweredTotal)}<`));
    // Three navigation landmarks, each with its own name.
    expect(first.match(/<nav class="govuk-pagination"[^>]*aria-label="([^"]+)"/g)).toHaveLength(3);
  });
});
