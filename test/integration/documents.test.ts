import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent, child, document, documentVersion, familyLink, messageThread, timelineEntry } from '../../src/db/schema/index.js';
import { MAX_DOCUMENT_BYTES } from '../../src/domain/file-types.js';
import { documentsLinkedTo } from '../../src/modules/documents/service.js';
import { minimalPdf } from '../../src/seed/documents.js';
import { createTestApp, demoUser, signedInAs, type Browser, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { docx, multipartBody, windowsExecutable } from '../helpers/files.js';
import { paths } from '../../src/http/paths.js';

async function upload(t: TestApp, browser: Browser, url: string, fields: Record<string, string>, file?: { name: string; content: Buffer }) {
  const { payload, contentType } = multipartBody({ _csrf: browser.csrfToken, ...fields }, file);
  const response = await t.app.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType, accept: 'text/html', cookie: browser.jar.header() } });
  browser.jar.store(response);
  return response;
}

const downloadLinks = (html: string) => [...html.matchAll(/href="(\/documents\/[0-9a-f-]{36}\/versions\/\d+\/download)"/g)].map((match) => match[1] ?? '');

describe(`documents (${testEngine})`, () => {
  let t: TestApp;
  let parentsChild: string;
  let otherChild: string;
  let parentUserId: string;

  const documentCount = async () => (await t.database.db.select({ n: count() }).from(document))[0]?.n ?? 0;
  const versionCount = async () => (await t.database.db.select({ n: count() }).from(documentVersion))[0]?.n ?? 0;

  beforeAll(async () => {
    t = await createTestApp({ plans: 40, deliveryHistory: false });
    const parentEmail = demoUser(t.demo, 'parent').email;
    const rows = await t.database.db
      .select({ childId: familyLink.childId, userId: familyLink.userId })
      .from(familyLink)
      .where(sql`${familyLink.userId} = (select id from app_user where email = ${parentEmail})`);
    parentsChild = rows[0]?.childId ?? '';
    parentUserId = rows[0]?.userId ?? '';
    const [other] = await t.database.db
      .select({ id: child.id })
      .from(child)
      .where(sql`not exists (select 1 from family_link f where f.child_id = ${child.id} and f.user_id is not null)`)
      .limit(1);
    otherChild = other?.id ?? '';
  });

  afterAll(async () => {
    await t.close();
  });

  it('a caseworker uploads a document, adds a version, and both are on the timeline and audited', async () => {
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const page = await caseworker.get(paths.documents.list({ childId: parentsChild }));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Add a document');
    const response = await upload(
      t,
      caseworker,
      paths.documents.list({ childId: parentsChild }),
      { title: 'Occupational therapy advice', audience: 'family', linkType: 'none' },
      { name: 'C:\\fakepath\\OT advice.pdf', content: minimalPdf(['OT advice']) },
    );
    expect(response.statusCode).toBe(303);
    const [created] = await t.database.db
      .select()
      .from(document)
      .where(and(eq(document.childId, parentsChild), eq(document.title, 'Occupational therapy advice')));
    expect(created?.audience).toBe('family');
    const [firstVersion] = await t.database.db
      .select()
      .from(documentVersion)
      .where(eq(documentVersion.documentId, created?.id ?? ''));
    expect(firstVersion).toMatchObject({ version: 1, fileName: 'OT advice.pdf', contentType: 'application/pdf' });

    const documentPage = await caseworker.get(paths.documents.document({ childId: parentsChild, documentId: created?.id ?? '' }));
    expect(documentPage.body).toContain('Upload a new version');
    const second = await upload(t, caseworker, paths.documents.versions({ childId: parentsChild, documentId: created?.id ?? '' }), {}, { name: 'OT advice v2.docx', content: docx() });
    expect(second.statusCode).toBe(303);
    const versions = await t.database.db
      .select({ version: documentVersion.version, contentType: documentVersion.contentType })
      .from(documentVersion)
      .where(eq(documentVersion.documentId, created?.id ?? ''))
      .orderBy(documentVersion.version);
    expect(versions.map((row) => row.version)).toEqual([1, 2]);
    expect(versions[1]?.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');

    const entries = await t.database.db
      .select({ title: timelineEntry.title, audience: timelineEntry.audience })
      .from(timelineEntry)
      .where(and(eq(timelineEntry.sourceType, 'document'), eq(timelineEntry.sourceId, created?.id ?? '')));
    expect(entries.map((entry) => entry.title).sort()).toEqual(['Document added: Occupational therapy advice', 'Document added: Occupational therapy advice (version 2)']);
    expect(entries.every((entry) => entry.audience === 'family')).toBe(true);
    const uploads = await t.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'UPLOAD_DOCUMENT'), eq(auditEvent.subjectId, created?.id ?? '')));
    expect(uploads).toHaveLength(2);
    expect(uploads.every((event) => event.childId === parentsChild)).toBe(true);

    // The list shows the current version.
    const list = await caseworker.get(paths.documents.list({ childId: parentsChild }));
    expect(list.body).toContain(paths.documents.download({ documentId: created?.id ?? '', version: '2' }));
  });

  it('downloads are audited and served as attachments with safe headers', async () => {
    const parent = await signedInAs(t.app, t.demo, 'parent');
    const list = await parent.get(paths.documents.list({ childId: parentsChild }));
    expect(list.statusCode).toBe(200);
    const [link] = downloadLinks(list.body);
    expect(link).toBeDefined();
    const before = (await t.database.db.select({ n: count() }).from(auditEvent).where(eq(auditEvent.action, 'DOWNLOAD_DOCUMENT')))[0]?.n ?? 0;
    const response = await parent.get(link ?? '');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('private, no-store');
    expect(['application/pdf', 'text/plain; charset=utf-8', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']).toContain(response.headers['content-type']);
    const after = await t.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'DOWNLOAD_DOCUMENT'), eq(auditEvent.actorUserId, parentUserId)));
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)?.childId).toBe(parentsChild);
  });

  it('a parent sees family documents only, and cannot download a professionals-only one or another child’s', async () => {
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    await caseworker.get(paths.documents.list({ childId: parentsChild }));
    const response = await upload(
      t,
      caseworker,
      paths.documents.list({ childId: parentsChild }),
      { title: 'Safeguarding chronology', audience: 'professionals' },
      { name: 'chronology.txt', content: Buffer.from('Professionals only\n') },
    );
    expect(response.statusCode).toBe(303);
    const [hidden] = await t.database.db.select({ id: document.id }).from(document).where(eq(document.title, 'Safeguarding chronology'));
    await caseworker.get(paths.documents.list({ childId: otherChild }));
    await upload(t, caseworker, paths.documents.list({ childId: otherChild }), { title: 'Another child’s report', audience: 'family' }, { name: 'other.txt', content: Buffer.from('Not yours\n') });
    const [elsewhere] = await t.database.db.select({ id: document.id }).from(document).where(eq(document.childId, otherChild));

    const parent = await signedInAs(t.app, t.demo, 'parent');
    const list = await parent.get(paths.documents.list({ childId: parentsChild }));
    expect(list.body).not.toContain('Safeguarding chronology');
    expect(list.body).toContain('Occupational therapy advice');
    expect((await parent.get(paths.documents.download({ documentId: hidden?.id ?? '', version: '1' }))).statusCode).toBe(404);
    expect((await parent.get(paths.documents.document({ childId: parentsChild, documentId: hidden?.id ?? '' }))).statusCode).toBe(404);
    expect((await parent.get(paths.documents.download({ documentId: elsewhere?.id ?? '', version: '1' }))).statusCode).toBe(404);
    expect((await parent.get(paths.documents.download({ documentId: 'not-an-id', version: '1' }))).statusCode).toBe(404);
  });

  it('refuses an executable renamed .pdf, storing nothing', async () => {
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    await caseworker.get(paths.documents.list({ childId: parentsChild }));
    const [documents, versions, entries] = [await documentCount(), await versionCount(), (await t.database.db.select({ n: count() }).from(timelineEntry))[0]?.n];
    const response = await upload(
      t,
      caseworker,
      paths.documents.list({ childId: parentsChild }),
      { title: 'Totally a report', audience: 'family' },
      { name: 'report.pdf', content: windowsExecutable() },
    );
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('is a program, not a document');
    expect(response.body).toContain('value="Totally a report"');
    expect(await documentCount()).toBe(documents);
    expect(await versionCount()).toBe(versions);
    expect((await t.database.db.select({ n: count() }).from(timelineEntry))[0]?.n).toBe(entries);
  });

  it('refuses a file over 10 MB, a missing title and file, and a link to something not on the record', async () => {
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    await caseworker.get(paths.documents.list({ childId: parentsChild }));
    const documents = await documentCount();
    const oversize = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(MAX_DOCUMENT_BYTES)]);
    const big = await upload(t, caseworker, paths.documents.list({ childId: parentsChild }), { title: 'Huge scan', audience: 'family' }, { name: 'scan.pdf', content: oversize });
    expect(big.statusCode).toBe(400);
    expect(big.body).toContain('must be smaller than 10 MB');

    const empty = await upload(t, caseworker, paths.documents.list({ childId: parentsChild }), { title: '', audience: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Enter a title for the document');
    expect(empty.body).toContain('Select who can see the document');
    expect(empty.body).toContain('Select a file');

    // A thread on another child is not something this child's document can belong to.
    const [thread] = await t.database.db
      .insert(messageThread)
      .values({ laId: t.demo.laId, childId: otherChild, subject: 'Transport', audience: 'family', startedBy: parentUserId })
      .returning({ id: messageThread.id });
    const wrongLink = await upload(
      t,
      caseworker,
      paths.documents.list({ childId: parentsChild }),
      { title: 'Letter', audience: 'family', linkType: 'message_thread', linkId: thread?.id ?? '' },
      { name: 'letter.txt', content: Buffer.from('Hello\n') },
    );
    expect(wrongLink.statusCode).toBe(400);
    expect(wrongLink.body).toContain('Select what the document is about from the list');
    expect(await documentCount()).toBe(documents);
  });

  it('lists documents linked to a message thread for the thread page', async () => {
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const [thread] = await t.database.db
      .insert(messageThread)
      .values({ laId: t.demo.laId, childId: parentsChild, subject: 'Speech therapy', audience: 'family', startedBy: parentUserId })
      .returning({ id: messageThread.id });
    const threadId = thread?.id ?? '';
    const page = await caseworker.get(paths.documents.list({ childId: parentsChild }, { linkType: 'message_thread', linkId: threadId }));
    expect(page.body).toContain(`name="linkId" value="${threadId}"`);
    const response = await upload(
      t,
      caseworker,
      paths.documents.list({ childId: parentsChild }),
      { title: 'Therapy timetable', audience: 'family', linkType: 'message_thread', linkId: threadId },
      { name: 'timetable.txt', content: Buffer.from('Mondays\n') },
    );
    expect(response.statusCode).toBe(303);
    await upload(
      t,
      caseworker,
      paths.documents.list({ childId: parentsChild }),
      { title: 'Therapist notes', audience: 'professionals', linkType: 'message_thread', linkId: threadId },
      { name: 'notes.txt', content: Buffer.from('Internal\n') },
    );
    const parentPrincipal = { userId: parentUserId, laId: t.demo.laId, role: 'parent' as const, displayName: 'Parent', email: '', settingId: null, organisationId: null, childId: null };
    const forParent = await documentsLinkedTo(t.database.db, parentPrincipal, parentsChild, 'message_thread', threadId);
    expect(forParent.map((row) => row.title)).toEqual(['Therapy timetable']);
    const list = await caseworker.get(paths.documents.list({ childId: parentsChild }));
    expect(list.body).toContain('Message: Speech therapy');
    // The conversation itself lists what is attached, to each reader as the audience allows.
    const threadPage = await caseworker.get(paths.messages.thread({ childId: parentsChild, threadId }));
    expect(threadPage.body).toContain('Attached documents');
    expect(threadPage.body).toContain('Therapy timetable');
    expect(threadPage.body).toContain('Therapist notes');
    expect(threadPage.body).toContain(paths.documents.list({ childId: parentsChild }, { linkType: 'message_thread', linkId: threadId }).replaceAll('&', '&amp;'));
    const parentThread = await (await signedInAs(t.app, t.demo, 'parent')).get(paths.messages.thread({ childId: parentsChild, threadId }));
    expect(parentThread.body).toContain('Therapy timetable');
    expect(parentThread.body).not.toContain('Therapist notes');
  });

  it('a parent uploads to the family audience only, and a finance officer may not upload', async () => {
    const parent = await signedInAs(t.app, t.demo, 'parent');
    const page = await parent.get(paths.documents.list({ childId: parentsChild }));
    expect(page.body).toContain('Who can see it: Family and everyone working with the child');
    const response = await upload(
      t,
      parent,
      paths.documents.list({ childId: parentsChild }),
      { title: 'Our views', audience: 'la_internal' },
      { name: 'views.txt', content: Buffer.from('Our views\n') },
    );
    expect(response.statusCode).toBe(303);
    const [created] = await t.database.db.select({ audience: document.audience }).from(document).where(eq(document.title, 'Our views'));
    expect(created?.audience).toBe('family');
    const finance = await signedInAs(t.app, t.demo, 'finance_officer');
    const financePage = await finance.get(paths.documents.list({ childId: parentsChild }));
    expect(financePage.statusCode).toBe(200);
    expect(financePage.body).not.toContain('Add a document');
    const refused = await upload(t, finance, paths.documents.list({ childId: parentsChild }), { title: 'x', audience: 'family' }, { name: 'x.txt', content: Buffer.from('x\n') });
    expect(refused.statusCode).toBe(403);
  });
});
