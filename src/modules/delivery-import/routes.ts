import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { childScopeOf } from '../../auth/child-scope.js';
import type { Database } from '../../db/client.js';
import { MISSED_REASONS } from '../../domain/delivery.js';
import { formatDateTime } from '../../domain/formatting.js';
import { actorOf } from '../../http/actor.js';
import { CSV_COLUMNS, csvLine, MAX_CSV_ROWS, type CsvProblem } from './csv-records.js';
import { importDeliveryCsv, recordableItems } from './service.js';

/** Largest file accepted: 50,000 rows of ordinary width is about 7 MB. */
const MAX_CSV_BYTES = 10 * 1024 * 1024;
/** Problems listed on the page; a file with more is usually the wrong file, and the count says so. */
const PROBLEMS_SHOWN = 500;
const FILE_FIELD = 'csvFile';

const TEMPLATE_HEADER = CSV_COLUMNS.map((column) => column.name);

function templateExample(today: string): string[] {
  return ['replace-with-the-item-id', 'Example: Jo Bloggs', 'Example: speech and language therapy', today, '', 'delivered', '1', '30', '', 'no', '', ''];
}

interface MultipartFileField {
  type: 'file';
  filename: string;
  toBuffer(): Promise<Buffer>;
}

function isFileField(value: unknown): value is MultipartFileField {
  // A form-encoded body could imitate the shape ({ type: 'file' }), but never a function.
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'file' && typeof (value as { toBuffer?: unknown }).toBuffer === 'function';
}

function renderImportPage(request: FastifyRequest, reply: FastifyReply, extra: { problems?: CsvProblem[]; fileName?: string; fileError?: string }) {
  const { problems = [], fileName, fileError } = extra;
  const message =
    fileError ??
    (problems.length > 0
      ? `${fileName ?? 'The file'} has ${problems.length === 1 ? '1 problem' : `${problems.length.toLocaleString('en-GB')} problems`}. Nothing was imported. Correct the file and upload it again.`
      : undefined);
  const { principal, clock } = actorOf(request);
  return reply.code(message ? 400 : 200).view('delivery-import/views/import.njk', {
    pageTitle: 'Upload delivery records',
    errors: message ? { errorList: [{ text: message, href: `#${FILE_FIELD}` }], byField: { [FILE_FIELD]: { text: message } } } : undefined,
    fileName,
    problemRows: problems.slice(0, PROBLEMS_SHOWN).map((problem) => [{ text: problem.line === null ? 'Whole file' : String(problem.line) }, { text: problem.column ?? '' }, { text: problem.message }]),
    problemsNotShown: Math.max(0, problems.length - PROBLEMS_SHOWN),
    offerMyTemplate: childScopeOf(principal, clock.today()).kind !== 'whole-la',
    columnRows: CSV_COLUMNS.map((column) => [{ text: column.name }, { text: column.required ? 'Yes' : 'No' }, { text: column.notes }]),
    maxRows: MAX_CSV_ROWS.toLocaleString('en-GB'),
    reasons: Object.entries(MISSED_REASONS).map(([code, label]) => ({ code, label })),
  });
}

/**
 * Delivery records by CSV: the upload page with guidance, a blank template, a template filled in
 * with the uploader's own children's items, and the upload itself (accepted whole or rejected
 * whole with a line-by-line report).
 */
export function registerDeliveryImportRoutes(app: FastifyInstance, db: Database): void {
  app.get('/provision/import', { config: { access: { permission: 'provision:record', audit: 'none' } } }, async (request, reply) => renderImportPage(request, reply, {}));

  app.get('/provision/import/template.csv', { config: { access: { permission: 'provision:record', audit: 'none' } } }, async (request, reply) => {
    const body = csvLine(TEMPLATE_HEADER) + csvLine(templateExample(request.server.clock.today()));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="delivery-records-template.csv"').send(body);
  });

  app.get('/provision/import/my-template.csv', { config: { access: { permission: 'provision:record', audit: 'VIEW_PROVISION' } } }, async (request, reply) => {
    const items = await recordableItems(db, actorOf(request));
    let body = csvLine(TEMPLATE_HEADER);
    for (const item of items) {
      const name = `${item.forename} ${item.surname}${item.upn ? ` (${item.upn})` : ''}`;
      body += csvLine([item.id, name, `${item.section}: ${item.description}`, ...CSV_COLUMNS.slice(3).map(() => '')]);
    }
    // A byte order mark, so Excel opens names like Zoë correctly.
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="delivery-records-my-children.csv"').send(`\uFEFF${body}`);
  });

  // Multipart only here: no other route accepts file uploads.
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      // The whole form is read before the CSRF check, which then finds `_csrf` among its fields.
      attachFieldsToBody: true,
      limits: { fileSize: MAX_CSV_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
    });
    scope.post('/provision/import', { config: { access: { permission: 'provision:record', audit: 'IMPORT_PROVISION_DELIVERY' } } }, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const file = body[FILE_FIELD];
      if (!isFileField(file) || file.filename === '') return renderImportPage(request, reply, { fileError: 'Select a CSV file' });
      if (!/\.csv$/i.test(file.filename)) return renderImportPage(request, reply, { fileError: 'The selected file must be a CSV. In a spreadsheet, choose Save as and "CSV UTF-8 (comma delimited)".' });
      const bytes = await file.toBuffer();
      const result = await importDeliveryCsv(db, actorOf(request), { fileName: file.filename, bytes });
      switch (result.kind) {
        case 'rejected':
          return renderImportPage(request, reply, { problems: result.problems, fileName: file.filename });
        case 'already-imported':
          return reply.view('delivery-import/views/already-imported.njk', {
            pageTitle: 'This file was imported before',
            fileName: file.filename,
            importedAt: formatDateTime(result.previous.importedAt),
            previous: result.previous,
          });
        case 'imported':
          return reply.view('delivery-import/views/imported.njk', { pageTitle: 'Delivery records imported', fileName: file.filename, result });
      }
    });
  });
}
