import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { childScopeCondition } from '../../auth/child-access.js';
import type { ChildScope } from '../../auth/child-scope.js';
import type { Role } from '../../auth/roles.js';
import { audiencesReadableBy } from '../../domain/audience.js';
import type { Database } from '../../db/client.js';
import { appUser, child, document, documentVersion, ehcPlan, messageThread, review } from '../../db/schema/index.js';

const uploader = alias(appUser, 'uploader');

/** A version as lists show it, without its content: lists never read the files themselves. */
const versionColumns = {
  version: documentVersion.version,
  fileName: documentVersion.fileName,
  contentType: documentVersion.contentType,
  sizeBytes: documentVersion.sizeBytes,
  uploadedAt: documentVersion.uploadedAt,
  uploadedByName: uploader.displayName,
};

/** A document with its latest version, without content. */
const documentColumns = {
  id: document.id,
  childId: document.childId,
  title: document.title,
  audience: document.audience,
  linkType: document.linkType,
  linkId: document.linkId,
  createdBy: document.createdBy,
  createdAt: document.createdAt,
  ...versionColumns,
  uploadedByRole: uploader.role,
};

/** The latest version of each document, as a join condition. */
const isLatestVersion = sql`${documentVersion.version} = (select max(v.version) from document_version v where v.document_id = ${document.id})`;

/** A child's documents linked to one thing, with their current version, newest first. The caller applies the audience rule. */
export async function findChildDocuments(db: Database, laId: string, childId: string, link: { linkType: string; linkId: string }) {
  return db
    .select(documentColumns)
    .from(document)
    .innerJoin(documentVersion, and(eq(documentVersion.documentId, document.id), isLatestVersion))
    .innerJoin(uploader, eq(uploader.id, documentVersion.uploadedBy))
    .where(and(eq(document.laId, laId), eq(document.childId, childId), eq(document.linkType, link.linkType), eq(document.linkId, link.linkId)))
    .orderBy(desc(documentVersion.uploadedAt), asc(document.id));
}

export type DocumentRow = Awaited<ReturnType<typeof findChildDocuments>>[number];

/**
 * The SQL twin of `seesDocument` (service.ts, after `seesEntry`): the person who added it, or an
 * audience the reader's role reads. Filtering here lets the Documents tab count and page in SQL.
 */
function documentVisibleTo(viewer: { userId: string; role: Role }): SQL {
  return sql`(${document.createdBy} = ${viewer.userId} or ${inArray(document.audience, audiencesReadableBy(viewer.role))})`;
}

/** A page of a child's documents this reader may see, newest upload first, and how many there are. */
export async function findChildDocumentsPage(db: Database, params: { laId: string; childId: string; viewer: { userId: string; role: Role }; window: { limit: number; offset: number } }) {
  const where = and(eq(document.laId, params.laId), eq(document.childId, params.childId), documentVisibleTo(params.viewer));
  const [rows, [totals]] = await Promise.all([
    db
      .select(documentColumns)
      .from(document)
      .innerJoin(documentVersion, and(eq(documentVersion.documentId, document.id), isLatestVersion))
      .innerJoin(uploader, eq(uploader.id, documentVersion.uploadedBy))
      .where(where)
      .orderBy(desc(documentVersion.uploadedAt), asc(document.id))
      .limit(params.window.limit)
      .offset(params.window.offset),
    db.select({ total: count() }).from(document).where(where),
  ]);
  return { rows, total: totals?.total ?? 0 };
}

/** One document with its current version, if its child is in the reader's scope. */
export async function findDocumentInScope(db: Database, scope: ChildScope, documentId: string): Promise<DocumentRow | undefined> {
  const [row] = await db
    .select(documentColumns)
    .from(document)
    .innerJoin(child, eq(child.id, document.childId))
    .innerJoin(documentVersion, and(eq(documentVersion.documentId, document.id), isLatestVersion))
    .innerJoin(uploader, eq(uploader.id, documentVersion.uploadedBy))
    .where(and(eq(document.id, documentId), childScopeCondition(scope)))
    .limit(1);
  return row;
}

/** Every version of a document, newest first, without content. */
export async function findVersions(db: Database, laId: string, documentId: string) {
  return db
    .select(versionColumns)
    .from(documentVersion)
    .innerJoin(uploader, eq(uploader.id, documentVersion.uploadedBy))
    .where(and(eq(documentVersion.laId, laId), eq(documentVersion.documentId, documentId)))
    .orderBy(desc(documentVersion.version));
}

/** One version's file, for download. */
export async function findVersionContent(db: Database, laId: string, documentId: string, version: number) {
  const [row] = await db
    .select({ fileName: documentVersion.fileName, contentType: documentVersion.contentType, content: documentVersion.content, sizeBytes: documentVersion.sizeBytes })
    .from(documentVersion)
    .where(and(eq(documentVersion.laId, laId), eq(documentVersion.documentId, documentId), eq(documentVersion.version, version)));
  return row;
}

export interface NewDocumentVersion {
  laId: string;
  documentId: string;
  fileName: string;
  contentType: string;
  content: Buffer;
  sha256: string;
  uploadedBy: string;
}

/**
 * Adds the next version of a document. The number is read and written in one statement, and the
 * unique (document, version) index turns a concurrent upload into an error rather than a clash.
 */
export async function insertNextVersion(db: Database, row: NewDocumentVersion): Promise<number> {
  const [inserted] = await db
    .insert(documentVersion)
    .values({
      laId: row.laId,
      documentId: row.documentId,
      version: sql`(select coalesce(max(v.version), 0) + 1 from document_version v where v.document_id = ${row.documentId})`,
      fileName: row.fileName,
      contentType: row.contentType,
      sizeBytes: row.content.length,
      sha256: row.sha256,
      content: row.content,
      uploadedBy: row.uploadedBy,
    })
    .returning({ version: documentVersion.version });
  if (!inserted) throw new Error('The new document version was not written');
  return inserted.version;
}

/** The message threads of a child, by id, for the links documents may have. */
export async function findThreads(db: Database, laId: string, childId: string, threadIds: string[]) {
  if (threadIds.length === 0) return [];
  return db
    .select({ id: messageThread.id, subject: messageThread.subject, audience: messageThread.audience, startedBy: messageThread.startedBy })
    .from(messageThread)
    .where(and(eq(messageThread.laId, laId), eq(messageThread.childId, childId), inArray(messageThread.id, threadIds)));
}

/** The plan in force for a child: a document may be section K advice for it, or for its annual review. */
export async function findPlanInForce(db: Database, laId: string, childId: string) {
  const [row] = await db
    .select({ id: ehcPlan.id, currentVersionId: ehcPlan.currentVersionId, nextReviewDue: ehcPlan.nextReviewDue })
    .from(ehcPlan)
    .where(and(eq(ehcPlan.laId, laId), eq(ehcPlan.childId, childId), eq(ehcPlan.status, 'active')));
  return row;
}

/** A review of the child's plan, by id: a document may be views or advice for it. */
export async function findChildReview(db: Database, laId: string, childId: string, reviewId: string) {
  const [row] = await db
    .select({ id: review.id })
    .from(review)
    .where(and(eq(review.laId, laId), eq(review.childId, childId), eq(review.id, reviewId)));
  return row;
}
