import fastifyMultipart from '@fastify/multipart';
import { mayOpenFor } from '../../plugins/access.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasPermission } from '../../auth/permissions.js';
import type { Database } from '../../db/client.js';
import { conflictFrom } from '../../db/unique-violations.js';
import { MAX_DOCUMENT_BYTES, attachmentDisposition } from '../../domain/file-types.js';
import { actorOf } from '../../http/actor.js';
import { ValidationError } from '../../http/errors.js';
import { pageLink, pageOf, paginationView, shownText } from '../../http/pagination.js';
import { errorSummaryView, type ErrorSummaryView } from '../../http/validation.js';
import { childHeaderView } from '../children/view-models.js';
import { DOCUMENTS_PAGE_SIZE, downloadVersion, listDocuments, loadDocument, uploadDocument, uploadVersion, type UploadedFile } from './service.js';
import { documentSummaryRows, documentTableRows, uploadFormView, versionRows } from './view-models.js';
import { findPlanInForce } from './repository.js';

interface ChildParams {
  childId: string;
}
interface DocumentParams extends ChildParams {
  documentId: string;
}

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

/**
 * A child's documents: the Documents tab with the form to add one, a page per document with its
 * versions and the form to add a version, and downloads by random id through an access check.
 */
export function registerDocumentRoutes(app: FastifyInstance, db: Database): void {
  const renderList = async (request: FastifyRequest<{ Params: ChildParams }>, reply: FastifyReply, values: Record<string, unknown>, errors?: ErrorSummaryView) => {
    const actor = actorOf(request);
    const { childId } = request.params;
    const query = request.query as Record<string, unknown>;
    // A failed upload shows the first page again, with the form and its errors below it.
    const { summary, rows, links, page, total } = await listDocuments(db, actor, childId, request.method === 'GET' ? pageOf(query) : 1);
    const header = childHeaderView(summary, 'documents', mayOpenFor(request), request.server.clock.today());
    const plan = await findPlanInForce(db, actor.principal.laId, childId);
    const fixedLink = query.linkType === 'message_thread' && typeof query.linkId === 'string' ? { linkType: 'message_thread', linkId: query.linkId } : undefined;
    return reply.code(errors ? 400 : 200).view('documents/views/documents.njk', {
      pageTitle: `${header.activeTabLabel} – ${header.name}`,
      header,
      tableRows: documentTableRows(rows, links),
      shown: total > DOCUMENTS_PAGE_SIZE ? shownText(page, total, DOCUMENTS_PAGE_SIZE, 'documents') : undefined,
      pagination: paginationView(page, total, DOCUMENTS_PAGE_SIZE, pageLink(`/children/${childId}/documents`)),
      mayUpload: hasPermission(actor.principal.role, 'document:upload'),
      uploaded: query.uploaded === '1',
      errors,
      form: uploadFormView({
        principal: actor.principal,
        values,
        errors,
        hasPlan: Boolean(plan?.currentVersionId),
        fixedLink: fixedLink ?? (values.linkType === 'message_thread' && typeof values.linkId === 'string' ? { linkType: 'message_thread', linkId: values.linkId } : undefined),
      }),
    });
  };

  const renderDocument = async (request: FastifyRequest<{ Params: DocumentParams }>, reply: FastifyReply, errors?: ErrorSummaryView, status = 400) => {
    const actor = actorOf(request);
    const { childId, documentId } = request.params;
    const result = await loadDocument(db, actor, childId, documentId);
    const header = childHeaderView(result.summary, 'documents', mayOpenFor(request), request.server.clock.today());
    return reply.code(errors ? status : 200).view('documents/views/document.njk', {
      pageTitle: `${result.row.title} – ${header.name}`,
      header,
      documentId,
      title: result.row.title,
      summaryRows: documentSummaryRows(result.row, result.link),
      versionRows: versionRows(documentId, result.versions),
      mayAddVersion: hasPermission(actor.principal.role, 'document:upload') && result.mayAddVersion,
      versionAdded: (request.query as Record<string, unknown>).versionAdded === '1',
      errors,
    });
  };

  app.get<{ Params: ChildParams }>('/children/:childId/documents', { config: { access: { permission: 'child:view', audit: 'VIEW_DOCUMENTS' } } }, async (request, reply) =>
    renderList(request, reply, {}),
  );

  app.get<{ Params: DocumentParams }>(
    '/children/:childId/documents/:documentId',
    { config: { access: { permission: 'child:view', audit: 'VIEW_DOCUMENTS' } } },
    async (request, reply) => renderDocument(request, reply),
  );

  app.get<{ Params: { documentId: string; version: string } }>(
    '/documents/:documentId/versions/:version/download',
    { config: { access: { permission: 'child:view', audit: 'DOWNLOAD_DOCUMENT' } } },
    async (request, reply) => {
      const file = await downloadVersion(db, actorOf(request), request.params.documentId, request.params.version);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', attachmentDisposition(file.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('content-length', String(file.content.length))
        .send(file.content);
    },
  );

  // Multipart only here and on the delivery import: no other route accepts file uploads.
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      // The whole form is read before the CSRF check, which then finds `_csrf` among its fields.
      attachFieldsToBody: true,
      // Past the limit the file is cut short and marked, so the form can say why rather than a bare 413.
      throwFileSizeLimit: false,
      limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 8, parts: 9, fieldSize: 4096 },
    });

    scope.post<{ Params: ChildParams }>('/children/:childId/documents', { config: { access: { permission: 'document:upload', audit: 'UPLOAD_DOCUMENT' } } }, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const fields = textFieldsOf(body);
      try {
        await uploadDocument(db, actorOf(request), request.params.childId, {
          title: fields.title ?? '',
          audience: fields.audience ?? '',
          linkType: fields.linkType ?? '',
          linkId: fields.linkId ?? '',
          file: await uploadedFileOf(body),
        });
      } catch (error) {
        if (error instanceof ValidationError) return renderList(request, reply, fields, errorSummaryView(error.fieldErrors));
        throw error;
      }
      return reply.redirect(`/children/${request.params.childId}/documents?uploaded=1`, 303);
    });

    scope.post<{ Params: DocumentParams }>(
      '/children/:childId/documents/:documentId/versions',
      { config: { access: { permission: 'document:upload', audit: 'UPLOAD_DOCUMENT' } } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        try {
          await uploadVersion(db, actorOf(request), request.params.childId, request.params.documentId, await uploadedFileOf(body));
        } catch (error) {
          if (error instanceof ValidationError) return renderDocument(request, reply, errorSummaryView(error.fieldErrors));
          const conflict = conflictFrom(error);
          if (conflict) return renderDocument(request, reply, errorSummaryView(conflict.fieldErrors), 409);
          throw error;
        }
        return reply.redirect(`/children/${request.params.childId}/documents/${request.params.documentId}?versionAdded=1`, 303);
      },
    );
  });
}
