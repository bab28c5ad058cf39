import { createHash } from 'node:crypto';
import { childScopeOf, type Principal } from '../../auth/child-scope.js';
import { isUuid } from '../../auth/child-access.js';
import { isLaStaff } from '../../auth/roles.js';
import type { Database } from '../../db/client.js';
import { document } from '../../db/schema/index.js';
import { audiencesWritableBy, isAudience, seesEntry, type Audience } from '../../domain/audience.js';
import { FILE_TYPES, SNIFF_REFUSALS, sanitiseFileName, sniffFileType } from '../../domain/file-types.js';
import type { Actor } from '../../http/actor.js';
import { NotFoundError, ValidationError, type FieldError } from '../../http/errors.js';
import { readPage } from '../../http/pagination.js';
import { recordAudit } from '../audit/repository.js';
import { findChildSummary } from '../children/repository.js';
import { openChildRecord } from '../children/service.js';
import { addTimelineEntries } from '../timeline/repository.js';
import * as repository from './repository.js';
import type { DocumentRow } from './repository.js';
import { paths } from '../../http/paths.js';

/** What a document may belong to. A link names something on the same child's record. */
const LINK_TYPES = {
  plan_section_k: 'Advice for the plan (section K)',
  review: 'The annual review',
  /** Views or advice added to one review of the plan (review_contribution): the link names the review. */
  plan_review: 'A review of the plan',
  message_thread: 'A message',
} as const;

export type LinkType = keyof typeof LINK_TYPES;

function isLinkType(value: string): value is LinkType {
  return value in LINK_TYPES;
}

const TITLE_MAX = 200;

export interface UploadedFile {
  /** The name the uploader's computer gave it; only ever shown, sanitised. */
  fileName: string;
  bytes: Buffer;
  /** The upload went past the size limit and was cut short. */
  truncated: boolean;
}

export interface NewDocumentInput {
  title: string;
  audience: string;
  linkType: string;
  linkId: string;
  file: UploadedFile | undefined;
}

function viewerOf(principal: Principal) {
  return { role: principal.role, userId: principal.userId };
}

/** The audience rule for documents: as for timeline entries, with no restricted roles. */
export function seesDocument(principal: Principal, row: Pick<DocumentRow, 'audience' | 'createdBy'>): boolean {
  return seesEntry(viewerOf(principal), { audience: row.audience, restrictedToRoles: null, authorUserId: row.createdBy });
}

/**
 * Who may add a version: someone who may upload, sees the document, and could have written its
 * audience. Outside the LA only the person who added it: a family or school must not be able to
 * replace an LA's or a psychologist's report with their own file.
 */
function mayAddVersion(principal: Principal, row: Pick<DocumentRow, 'audience' | 'createdBy'>): boolean {
  if (!seesDocument(principal, row) || !isAudience(row.audience) || !audiencesWritableBy(principal.role).includes(row.audience)) return false;
  return isLaStaff(principal.role) || row.createdBy === principal.userId;
}

export interface LinkTarget {
  linkType: LinkType;
  linkId: string;
  label: string;
  /** Where the linked thing is shown, when it has a page. */
  href: string | null;
}

/** Labels and links for what some documents are linked to, for the ones the reader may follow. */
async function linkTargets(db: Database, principal: Principal, childId: string, rows: DocumentRow[]): Promise<Map<string, LinkTarget>> {
  const targets = new Map<string, LinkTarget>();
  const threadIds = [...new Set(rows.filter((row) => row.linkType === 'message_thread' && row.linkId && isUuid(row.linkId)).map((row) => row.linkId ?? ''))];
  const threads = await repository.findThreads(db, principal.laId, childId, threadIds);
  for (const thread of threads) {
    // A thread the reader may not see is not named: its subject could say more than the document does.
    if (!seesEntry(viewerOf(principal), { audience: thread.audience, restrictedToRoles: null, authorUserId: thread.startedBy })) continue;
    targets.set(`message_thread|${thread.id}`, { linkType: 'message_thread', linkId: thread.id, label: `Message: ${thread.subject}`, href: paths.messages.thread({ childId, threadId: thread.id }) });
  }
  for (const row of rows) {
    if (row.linkType === 'plan_section_k' && row.linkId)
      targets.set(`plan_section_k|${row.linkId}`, { linkType: 'plan_section_k', linkId: row.linkId, label: LINK_TYPES.plan_section_k, href: paths.child.plan({ childId }) });
    if (row.linkType === 'review' && row.linkId) targets.set(`review|${row.linkId}`, { linkType: 'review', linkId: row.linkId, label: LINK_TYPES.review, href: paths.child.reviews({ childId }) });
    if (row.linkType === 'plan_review' && row.linkId && isUuid(row.linkId))
      targets.set(`plan_review|${row.linkId}`, { linkType: 'plan_review', linkId: row.linkId, label: LINK_TYPES.plan_review, href: paths.reviews.review({ childId, reviewId: row.linkId }) });
  }
  return targets;
}

/** The Documents tab: the child's documents this person may see, each with what it is linked to. */
/** A child can gather hundreds of documents over the years: the tab shows them a page at a time. */
export const DOCUMENTS_PAGE_SIZE = 25;

export async function listDocuments(db: Database, actor: Actor, childId: string, page = 1) {
  const summary = await openChildRecord(db, actor, childId);
  const { laId } = actor.principal;
  const result = await readPage(page, DOCUMENTS_PAGE_SIZE, (window) => repository.findChildDocumentsPage(db, { laId, childId, viewer: viewerOf(actor.principal), window }));
  const links = await linkTargets(db, actor.principal, childId, result.rows);
  return { summary, ...result, links };
}

/**
 * The documents linked to something on a child's record (a message thread, the section K advice,
 * the annual review) that this person may see. No audit of its own: it is read as part of a page
 * that audits the child read (the thread page includes `documents/views/attachments.njk`).
 */
export async function documentsLinkedTo(db: Database, principal: Principal, childId: string, linkType: LinkType, linkId: string): Promise<DocumentRow[]> {
  if (!isUuid(childId)) return [];
  const rows = await repository.findChildDocuments(db, principal.laId, childId, { linkType, linkId });
  return rows.filter((row) => seesDocument(principal, row));
}

/** One document's page: its versions, and whether this person may add one. */
export async function loadDocument(db: Database, actor: Actor, childId: string, documentId: string) {
  const summary = await openChildRecord(db, actor, childId);
  const row = await visibleDocumentOf(db, actor.principal, childId, documentId, actor.clock.today());
  const versions = await repository.findVersions(db, actor.principal.laId, documentId);
  const links = await linkTargets(db, actor.principal, childId, [row]);
  return { summary, row, versions, link: links.get(`${row.linkType ?? ''}|${row.linkId ?? ''}`), mayAddVersion: mayAddVersion(actor.principal, row) };
}

async function visibleDocumentOf(db: Database, principal: Principal, childId: string, documentId: string, today: string): Promise<DocumentRow> {
  if (!isUuid(documentId)) throw new NotFoundError();
  const row = await repository.findDocumentInScope(db, childScopeOf(principal, today), documentId);
  if (!row || row.childId !== childId || !seesDocument(principal, row)) throw new NotFoundError();
  return row;
}

/** What the link fields may hold for this child: only things that exist on its record. */
async function validLink(db: Database, principal: Principal, childId: string, linkType: string, linkId: string): Promise<{ linkType: LinkType; linkId: string } | null | 'invalid'> {
  if (linkType === '' || linkType === 'none') return null;
  if (!isLinkType(linkType)) return 'invalid';
  if (linkType === 'message_thread') {
    if (!isUuid(linkId)) return 'invalid';
    const [thread] = await repository.findThreads(db, principal.laId, childId, [linkId]);
    if (!thread || !seesEntry(viewerOf(principal), { audience: thread.audience, restrictedToRoles: null, authorUserId: thread.startedBy })) return 'invalid';
    return { linkType, linkId };
  }
  if (linkType === 'plan_review') {
    if (!isUuid(linkId) || !(await repository.findChildReview(db, principal.laId, childId, linkId))) return 'invalid';
    return { linkType, linkId };
  }
  const plan = await repository.findPlanInForce(db, principal.laId, childId);
  const target = linkType === 'plan_section_k' ? plan?.currentVersionId : plan?.id;
  if (!target || (linkId !== '' && linkId !== target)) return 'invalid';
  return { linkType, linkId: target };
}

/** The file checks shared by a new document and a new version: nothing is stored unless all pass. */
function checkFile(file: UploadedFile | undefined, errors: FieldError[]) {
  if (!file || file.fileName === '') {
    errors.push({ path: 'file', message: 'Select a file' });
    return undefined;
  }
  if (file.truncated) {
    errors.push({ path: 'file', message: SNIFF_REFUSALS.too_large });
    return undefined;
  }
  const sniffed = sniffFileType(file.bytes);
  if (!sniffed.ok) {
    errors.push({ path: 'file', message: SNIFF_REFUSALS[sniffed.reason] });
    return undefined;
  }
  return { type: sniffed.type, fileName: sanitiseFileName(file.fileName, sniffed.type), bytes: file.bytes };
}

async function childInScope(db: Database, principal: Principal, childId: string, today: string) {
  if (!isUuid(childId)) throw new NotFoundError();
  const summary = await findChildSummary(db, childScopeOf(principal, today), childId);
  if (!summary) throw new NotFoundError();
  return summary;
}

/**
 * Adds a document to a child's record: the document, its first version, a timeline entry for its
 * audience and the audit event, in one transaction. Throws ValidationError with every problem.
 */
export async function uploadDocument(db: Database, actor: Actor, childId: string, input: NewDocumentInput): Promise<{ documentId: string }> {
  const { principal } = actor;
  await childInScope(db, principal, childId, actor.clock.today());
  const errors: FieldError[] = [];
  const title = input.title.trim();
  if (title === '') errors.push({ path: 'title', message: 'Enter a title for the document' });
  else if (title.length > TITLE_MAX) errors.push({ path: 'title', message: `The title must be ${String(TITLE_MAX)} characters or fewer` });
  const writable = audiencesWritableBy(principal.role);
  // A family writes only to the family audience: there is nothing to choose.
  const audienceText = writable.length === 1 ? (writable[0] ?? '') : input.audience;
  if (!isAudience(audienceText) || !writable.includes(audienceText)) errors.push({ path: 'audience', message: 'Select who can see the document' });
  const link = await validLink(db, principal, childId, input.linkType, input.linkId);
  if (link === 'invalid') errors.push({ path: 'linkType', message: 'Select what the document is about from the list' });
  const file = checkFile(input.file, errors);
  if (errors.length > 0 || !file || link === 'invalid' || !isAudience(audienceText)) throw new ValidationError(errors);
  const audience: Audience = audienceText;
  return db.transaction(async (tx) => storeNewDocument(tx, actor, childId, { title, audience, linkType: link?.linkType ?? null, linkId: link?.linkId ?? null }, file));
}

async function storeNewDocument(
  tx: Database,
  actor: Actor,
  childId: string,
  target: { title: string; audience: Audience; linkType: LinkType | null; linkId: string | null },
  file: { type: keyof typeof FILE_TYPES; fileName: string; bytes: Buffer },
): Promise<{ documentId: string }> {
  const { principal } = actor;
  const [created] = await tx
    .insert(document)
    .values({ laId: principal.laId, childId, title: target.title, audience: target.audience, linkType: target.linkType, linkId: target.linkId, createdBy: principal.userId })
    .returning({ id: document.id });
  if (!created) throw new Error('The document was not written');
  await storeVersion(tx, actor, childId, { documentId: created.id, title: target.title, audience: target.audience }, file, true);
  return { documentId: created.id };
}

/**
 * Stores a document another module gathers (a review's views and advice) in that module's
 * transaction: the same checks of the file, the same first version, timeline entry and audit
 * event as an upload. The caller has found the child in scope and chosen an audience the person
 * may write to. Throws ValidationError (path `file`) when the file is refused.
 */
export async function storeDocumentIn(
  tx: Database,
  actor: Actor,
  childId: string,
  target: { title: string; audience: Audience; linkType: LinkType; linkId: string },
  upload: UploadedFile,
): Promise<{ documentId: string }> {
  const errors: FieldError[] = [];
  const file = checkFile(upload, errors);
  if (!file) throw new ValidationError(errors);
  if (!audiencesWritableBy(actor.principal.role).includes(target.audience)) throw new ValidationError([{ path: 'audience', message: 'Select who can see the document' }]);
  return storeNewDocument(tx, actor, childId, target, file);
}

/** Adds the next version of a document the person may replace. */
export async function uploadVersion(db: Database, actor: Actor, childId: string, documentId: string, upload: UploadedFile | undefined): Promise<{ version: number }> {
  const row = await visibleDocumentOf(db, actor.principal, childId, documentId, actor.clock.today());
  if (!mayAddVersion(actor.principal, row)) throw new NotFoundError();
  const errors: FieldError[] = [];
  const file = checkFile(upload, errors);
  if (!file || !isAudience(row.audience)) throw new ValidationError(errors);
  const audience: Audience = row.audience;
  return db.transaction(async (tx) => ({ version: await storeVersion(tx, actor, childId, { documentId, title: row.title, audience }, file, false) }));
}

async function storeVersion(
  tx: Database,
  actor: Actor,
  childId: string,
  target: { documentId: string; title: string; audience: Audience },
  file: { type: keyof typeof FILE_TYPES; fileName: string; bytes: Buffer },
  isNew: boolean,
): Promise<number> {
  const { principal } = actor;
  const contentType = FILE_TYPES[file.type].contentType;
  const version = await repository.insertNextVersion(tx, {
    laId: principal.laId,
    documentId: target.documentId,
    fileName: file.fileName,
    contentType,
    content: file.bytes,
    sha256: createHash('sha256').update(file.bytes).digest('hex'),
    uploadedBy: principal.userId,
  });
  await addTimelineEntries(tx, [
    {
      laId: principal.laId,
      childId,
      occurredAt: actor.clock.now(),
      kind: 'document',
      title: isNew ? `Document added: ${target.title}` : `Document added: ${target.title} (version ${String(version)})`,
      audience: target.audience,
      authorUserId: principal.userId,
      authorRole: principal.role,
      sourceType: 'document',
      sourceId: target.documentId,
    },
  ]);
  await recordAudit(tx, actor, {
    subjectType: 'document',
    subjectId: target.documentId,
    childId,
    change: { version, title: target.title, audience: target.audience, fileName: file.fileName, contentType, sizeBytes: file.bytes.length },
  });
  return version;
}

/**
 * One version's file, for the person downloading it: the child must be in their scope and the
 * audience must let them see it, or it does not exist for them (404). Every download is audited.
 */
export async function downloadVersion(db: Database, actor: Actor, documentId: string, versionText: string) {
  const { principal } = actor;
  if (!isUuid(documentId) || !/^[1-9]\d{0,5}$/.test(versionText)) throw new NotFoundError();
  const row = await repository.findDocumentInScope(db, childScopeOf(principal, actor.clock.today()), documentId);
  if (!row || !seesDocument(principal, row)) throw new NotFoundError();
  const version = Number(versionText);
  const file = await repository.findVersionContent(db, principal.laId, documentId, version);
  if (!file) throw new NotFoundError();
  await recordAudit(db, actor, {
    subjectType: 'document',
    subjectId: documentId,
    childId: row.childId,
    change: { version },
  });
  return file;
}
