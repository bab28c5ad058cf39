import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { hasPermission } from '../../auth/permissions.js';
import type { Database } from '../../db/client.js';
import { conflictFrom } from '../../db/unique-violations.js';
import { MAX_DOCUMENT_BYTES, attachmentDisposition } from '../../domain/file-types.js';
import { ValidationError } from '../../http/errors.js';
import { pageLink, pageNumber, paginationView, shownText } from '../../http/pagination.js';
import { paths } from '../../http/paths.js';
import { handler, page, registerRouteTable, type FormState, type PageReference, type RouteContext, type RouteEntry } from '../../http/route-table.js';
import { errorSummaryView } from '../../http/validation.js';
import { childHeaderView } from '../children/view-models.js';
import { DOCUMENTS_PAGE_SIZE, downloadVersion, listDocuments, loadDocument, uploadDocument, uploadVersion, type UploadedFile } from './service.js';
import { documentSummaryRows, documentTableRows, uploadFormView, versionRows } from './view-models.js';
import { findPlanInForce } from './repository.js';

const FILE_FIELD = 'file';
const TEXT_FIELDS = ['_csrf', 'title', 'audience', 'linkType', 'linkId'] as const;

interface MultipartFileField {
  type: 'file';
  filename: string;
  file: { truncated: boolean };
  toBuffer(): Promise<Buffer>;
}

function isFileField(value: unknown): value is MultipartFileField {
  // A form-encoded body could imitate the shape ({ type: 'file' }), but never a function.
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'file' && typeof (value as { toBuffer?: unknown }).toBuffer === 'function';
}

/** The text fields of a multipart form ({ value } objects), as plain strings. */
function textFieldsOf(body: Record<string, unknown>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const name of TEXT_FIELDS) {
    const field = body[name];
    const value = typeof field === 'object' && field !== null && (field as { type?: unknown }).type === 'field' ? (field as { value?: unknown }).value : field;
    fields[name] = typeof value === 'string' ? value : '';
  }
  return fields;
}

async function uploadedFileOf(body: Record<string, unknown>): Promise<UploadedFile | undefined> {
  const field = body[FILE_FIELD];
  if (!isFileField(field) || field.filename === '') return undefined;
  // Past the limit busboy stops reading and marks the file truncated: refused with a message, not a 413.
  const bytes = await field.toBuffer();
  return { fileName: field.filename, bytes, truncated: field.file.truncated };
}

const VIEW = { permission: 'child:view', audit: 'VIEW_DOCUMENTS' } as const;
const UPLOAD = { permission: 'document:upload', audit: 'UPLOAD_DOCUMENT' } as const;

/** The Documents tab's query: its page, the banner after an upload, and a thread a new document is for. */
const listQuery = z.object({
  page: pageNumber,
  uploaded: z.literal('1').optional().catch(undefined),
  linkType: z.literal('message_thread').optional().catch(undefined),
  linkId: z.string().optional().catch(undefined),
});
type ListQuery = z.output<typeof listQuery>;
const documentQuery = z.object({ versionAdded: z.literal('1').optional().catch(undefined) });

const list = page({
  ...VIEW,
  path: paths.documents.list,
  query: listQuery,
  async render(context, refused) {
    const { actor } = context;
    const { childId } = context.params;
    const query: Partial<ListQuery> = refused ? {} : context.query;
    const values = refused?.values ?? {};
    // A failed upload shows the first page again, with the form and its errors below it.
    const { summary, rows, links, page: shown, total } = await listDocuments(context.db, actor, childId, query.page ?? 1);
    const header = childHeaderView(summary, 'documents', (path) => context.mayOpen(path), context.actor.clock.today());
    const plan = await findPlanInForce(context.db, actor.principal.laId, childId);
    const fixedLink = query.linkType === 'message_thread' && query.linkId !== undefined ? { linkType: 'message_thread', linkId: query.linkId } : undefined;
    return context.reply.view('documents/views/documents.njk', {
      pageTitle: `${header.activeTabLabel} – ${header.name}`,
      header,
      tableRows: documentTableRows(rows, links),
      shown: total > DOCUMENTS_PAGE_SIZE ? shownText(shown, total, DOCUMENTS_PAGE_SIZE, 'documents') : undefined,
      pagination: paginationView(shown, total, DOCUMENTS_PAGE_SIZE, pageLink(paths.documents.list({ childId }))),
      mayUpload: hasPermission(actor.principal.role, 'document:upload'),
      uploaded: query.uploaded === '1',
      errors: refused?.errors,
      form: uploadFormView({
        principal: actor.principal,
        values,
        errors: refused?.errors,
        hasPlan: Boolean(plan?.currentVersionId),
        fixedLink: fixedLink ?? (values.linkType === 'message_thread' && typeof values.linkId === 'string' ? { linkType: 'message_thread', linkId: values.linkId } : undefined),
      }),
    });
  },
});

const documentPage = page({
  ...VIEW,
  path: paths.documents.document,
  query: documentQuery,
  async render(context, refused) {
    const { actor } = context;
    const { childId, documentId } = context.params;
    const result = await loadDocument(context.db, actor, childId, documentId);
    const header = childHeaderView(result.summary, 'documents', (path) => context.mayOpen(path), context.actor.clock.today());
    return context.reply.view('documents/views/document.njk', {
      pageTitle: `${result.row.title} – ${header.name}`,
      header,
      documentId,
      title: result.row.title,
      summaryRows: documentSummaryRows(result.row, result.link),
      versionRows: versionRows(documentId, result.versions),
      mayAddVersion: hasPermission(actor.principal.role, 'document:upload') && result.mayAddVersion,
      versionAdded: !refused && context.query.versionAdded === '1',
      errors: refused?.errors,
    });
  },
});

/**
 * A refused upload shows its page again, as the route table does for a form: the page's own event
 * is written (the reader saw the record again, nothing changed). Uploads are multipart handlers,
 * not forms, so they do this themselves.
 */
function showAgain<P>(context: RouteContext<P, unknown>, shown: PageReference, status: number, refused: FormState) {
  context.request.audit.action = shown.audit;
  context.reply.code(status);
  return shown.render(context as never, refused);
}

/**
 * A child's documents: the Documents tab with the form to add one, a page per document with its
 * versions and the form to add a version, and downloads by random id through an access check.
 */
const documentRoutes: RouteEntry[] = [
  list,
  documentPage,
  handler({
    permission: 'child:view',
    audit: 'DOWNLOAD_DOCUMENT',
    method: 'GET',
    path: paths.documents.download,
    async handle(context) {
      const file = await downloadVersion(context.db, context.actor, context.params.documentId, context.params.version);
      return context.reply
        .header('content-type', file.contentType)
        .header('content-disposition', attachmentDisposition(file.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('content-length', String(file.content.length))
        .send(file.content);
    },
  }),
];

/** The two uploads: multipart, so registered in their own scope with the multipart parser. */
const documentUploadRoutes: RouteEntry[] = [
  handler({
    ...UPLOAD,
    method: 'POST',
    path: paths.documents.list,
    async handle(context) {
      const body = (context.request.body ?? {}) as Record<string, unknown>;
      const fields = textFieldsOf(body);
      const { childId } = context.params;
      try {
        await uploadDocument(context.db, context.actor, childId, {
          title: fields.title ?? '',
          audience: fields.audience ?? '',
          linkType: fields.linkType ?? '',
          linkId: fields.linkId ?? '',
          file: await uploadedFileOf(body),
        });
      } catch (error) {
        if (error instanceof ValidationError) return showAgain(context, list, 400, { values: fields, errors: errorSummaryView(error.fieldErrors) });
        throw error;
      }
      return context.reply.redirect(paths.documents.list({ childId }, { uploaded: 1 }), 303);
    },
  }),
  handler({
    ...UPLOAD,
    method: 'POST',
    path: paths.documents.versions,
    async handle(context) {
      const body = (context.request.body ?? {}) as Record<string, unknown>;
      const { childId, documentId } = context.params;
      try {
        await uploadVersion(context.db, context.actor, childId, documentId, await uploadedFileOf(body));
      } catch (error) {
        if (error instanceof ValidationError) return showAgain(context, documentPage, 400, { values: {}, errors: errorSummaryView(error.fieldErrors) });
        const conflict = conflictFrom(error);
        if (conflict) return showAgain(context, documentPage, 409, { values: {}, errors: errorSummaryView(conflict.fieldErrors) });
        throw error;
      }
      return context.reply.redirect(paths.documents.document({ childId, documentId }, { versionAdded: 1 }), 303);
    },
  }),
];

/** The pages and the download on the app; the uploads in a scope of their own with the multipart parser. */
export function registerDocumentRoutes(app: FastifyInstance, db: Database): void {
  registerRouteTable(app, db, documentRoutes);
  // Multipart only here and on the delivery import: no other route accepts file uploads.
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      // The whole form is read before the CSRF check, which then finds `_csrf` among its fields.
      attachFieldsToBody: true,
      // Past the limit the file is cut short and marked, so the form can say why rather than a bare 413.
      throwFileSizeLimit: false,
      limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 8, parts: 9, fieldSize: 4096 },
    });
    registerRouteTable(scope, db, documentUploadRoutes);
  });
}
