import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { childScopeOf } from '../../auth/child-scope.js';
import type { Database } from '../../db/client.js';
import { MISSED_REASONS } from '../../domain/delivery.js';
import { formatDateTime } from '../../domain/formatting.js';
import { paths } from '../../http/paths.js';
import { handler, page, registerRouteTable, type RouteContext, type RouteEntry } from '../../http/route-table.js';
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

function renderImportPage(context: RouteContext<unknown>, extra: { problems?: CsvProblem[]; fileName?: string; fileError?: string }) {
  const { problems = [], fileName, fileError } = extra;
  const message =
    fileError ??
    (problems.length > 0
      ? `${fileName ?? 'The file'} has ${problems.length === 1 ? '1 problem' : `${problems.length.toLocaleString('en-GB')} problems`}. Nothing was imported. Correct the file and upload it again.`
      : undefined);
  const { principal } = context.actor;
  return context.reply.code(message ? 400 : 200).view('delivery-import/views/import.njk', {
    pageTitle: 'Upload delivery records',
    errors: message ? { errorList: [{ text: message, href: `#${FILE_FIELD}` }], byField: { [FILE_FIELD]: { text: message } } } : undefined,
    fileName,
    problemRows: problems.slice(0, PROBLEMS_SHOWN).map((problem) => [{ text: problem.line === null ? 'Whole file' : String(problem.line) }, { text: problem.column ?? '' }, { text: problem.message }]),
    problemsNotShown: Math.max(0, problems.length - PROBLEMS_SHOWN),
    offerMyTemplate: childScopeOf(principal, context.actor.clock.today()).kind !== 'whole-la',
    columnRows: CSV_COLUMNS.map((column) => [{ text: column.name }, { text: column.required ? 'Yes' : 'No' }, { text: column.notes }]),
    maxRows: MAX_CSV_ROWS.toLocaleString('en-GB'),
    reasons: Object.entries(MISSED_REASONS).map(([code, label]) => ({ code, label })),
  });
}

const RECORD = { permission: 'provision:record' } as const;

/**
 * Delivery records by CSV: the upload page with guidance, a blank template, a template filled in
 * with the uploader's own children's items, and the upload itself (accepted whole or rejected
 * whole with a line-by-line report).
 */
const deliveryImportRoutes: RouteEntry[] = [
  page({ ...RECORD, audit: 'none', path: paths.provision.import, render: (context) => renderImportPage(context, {}) }),
  handler({
    ...RECORD,
    audit: 'none',
    method: 'GET',
    path: paths.provision.importTemplate,
    handle({ reply, actor }) {
      const body = csvLine(TEMPLATE_HEADER) + csvLine(templateExample(actor.clock.today()));
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="delivery-records-template.csv"').send(body);
    },
  }),
  handler({
    ...RECORD,
    audit: 'VIEW_PROVISION',
    method: 'GET',
    path: paths.provision.myImportTemplate,
    async handle(context) {
      const items = await recordableItems(context.db, context.actor);
      let body = csvLine(TEMPLATE_HEADER);
      for (const item of items) {
        const name = `${item.forename} ${item.surname}${item.upn ? ` (${item.upn})` : ''}`;
        body += csvLine([item.id, name, `${item.section}: ${item.description}`, ...CSV_COLUMNS.slice(3).map(() => '')]);
      }
      // A byte order mark, so Excel opens names like Zoë correctly.
      return context.reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="delivery-records-my-children.csv"').send(`\uFEFF${body}`);
    },
  }),
];

/** The upload: multipart, so a handler (the route table's forms are urlencoded). */
const deliveryUploadRoutes: RouteEntry[] = [
  handler({
    ...RECORD,
    audit: 'IMPORT_PROVISION_DELIVERY',
    method: 'POST',
    path: paths.provision.import,
    async handle(context) {
      const body = (context.request.body ?? {}) as Record<string, unknown>;
      const file = body[FILE_FIELD];
      if (!isFileField(file) || file.filename === '') return renderImportPage(context, { fileError: 'Select a CSV file' });
      if (!/\.csv$/i.test(file.filename)) return renderImportPage(context, { fileError: 'The selected file must be a CSV. In a spreadsheet, choose Save as and "CSV UTF-8 (comma delimited)".' });
      const bytes = await file.toBuffer();
      const result = await importDeliveryCsv(context.db, context.actor, { fileName: file.filename, bytes });
      switch (result.kind) {
        case 'rejected':
          return renderImportPage(context, { problems: result.problems, fileName: file.filename });
        case 'already-imported':
          return context.reply.view('delivery-import/views/already-imported.njk', {
            pageTitle: 'This file was imported before',
            fileName: file.filename,
            importedAt: formatDateTime(result.previous.importedAt),
            previous: result.previous,
          });
        case 'imported':
          return context.reply.view('delivery-import/views/imported.njk', { pageTitle: 'Delivery records imported', fileName: file.filename, result });
      }
    },
  }),
];

/** The pages, and the upload in a scope of its own: multipart only there, no other route accepts file uploads. */
export function registerDeliveryImportRoutes(app: FastifyInstance, db: Database): void {
  registerRouteTable(app, db, deliveryImportRoutes);
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      // The whole form is read before the CSRF check, which then finds `_csrf` among its fields.
      attachFieldsToBody: true,
      limits: { fileSize: MAX_CSV_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
    });
    registerRouteTable(scope, db, deliveryUploadRoutes);
  });
}
