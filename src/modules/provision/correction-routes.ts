import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mayOpenFor } from '../../plugins/access.js';
import type { Database } from '../../db/client.js';
import { MISSED_REASONS, type MissedReason } from '../../domain/delivery.js';
import { formatDate, formatDateTime } from '../../domain/formatting.js';
import { actorOf } from '../../http/actor.js';
import { ConflictError, ValidationError } from '../../http/errors.js';
import { escapeHtml } from '../../http/html.js';
import { errorSummaryView, fieldErrorsFrom, type ErrorSummaryView } from '../../http/validation.js';
import { childHeaderView } from '../children/view-models.js';
import { correctRecord, loadCorrection, loadItemRecords, RECORDS_SHOWN } from './corrections.js';
import type { ItemRecord } from './records-repository.js';
import { correctionForm } from './schemas.js';

interface ItemParams {
  childId: string;
  itemId: string;
}
interface RecordParams {
  childId: string;
  recordId: string;
}

const STATUS_TAGS: Record<string, { text: string; classes: string }> = {
  delivered: { text: 'Delivered', classes: 'govuk-tag--green' },
  missed: { text: 'Missed', classes: 'govuk-tag--red' },
  withdrawn: { text: 'Withdrawn', classes: 'govuk-tag--grey' },
};
const SOURCES: Record<string, string> = { web: 'Web form', csv: 'CSV upload', api: 'API' };

function whenText(record: { deliveredOn: string; periodEnd: string | null }): string {
  return record.periodEnd && record.periodEnd !== record.deliveredOn ? `${formatDate(record.deliveredOn)} to ${formatDate(record.periodEnd)}` : formatDate(record.deliveredOn);
}

function reasonText(reason: string | null): string {
  return reason && reason in MISSED_REASONS ? MISSED_REASONS[reason as MissedReason] : '';
}

/** The records table: superseded records stay visible, marked and linked to the record that corrected them. */
function recordRows(records: ItemRecord[], childId: string, mayCorrect: boolean) {
  const shown = new Set(records.map((record) => record.id));
  const link = (id: string, text: string) => (shown.has(id) ? `<a class="govuk-link" href="#record-${escapeHtml(id)}">${escapeHtml(text)}</a>` : escapeHtml(text));
  return records.map((record) => {
    const tag = STATUS_TAGS[record.status] ?? { text: record.status, classes: 'govuk-tag--grey' };
    const notes = [
      record.correctedById ? `<strong class="govuk-tag govuk-tag--grey">Superseded</strong> ${link(record.correctedById, 'see its correction')}` : '',
      record.correctsId ? `Corrects ${link(record.correctsId, 'an earlier record')}` : '',
    ].filter(Boolean);
    const action =
      mayCorrect && !record.correctedById
        ? `<a class="govuk-link" href="/children/${escapeHtml(childId)}/provision/records/${escapeHtml(record.id)}/correct">Correct<span class="govuk-visually-hidden"> the record of ${escapeHtml(whenText(record))}</span></a>`
        : '';
    return [
      { html: `<span id="record-${escapeHtml(record.id)}">${escapeHtml(whenText(record))}</span>` },
      { html: `<strong class="govuk-tag ${tag.classes}">${escapeHtml(tag.text)}</strong>${notes.length ? `<br><span class="govuk-body-s">${notes.join('<br>')}</span>` : ''}` },
      { text: String(record.sessions), format: 'numeric' },
      { text: String(record.minutes), format: 'numeric' },
      { text: reasonText(record.missedReason) },
      { text: record.madeUp ? 'Yes' : 'No' },
      { text: `${record.recordedByName}, ${formatDateTime(record.recordedAt)}` },
      { text: SOURCES[record.source] ?? record.source },
      { html: action },
    ];
  });
}

async function renderCorrection(db: Database, request: FastifyRequest<{ Params: RecordParams }>, reply: FastifyReply, values: Record<string, unknown>, errors?: ErrorSummaryView, statusCode = 400) {
  const actor = actorOf(request);
  const { summary, item, record, correctedById } = await loadCorrection(db, actor, request.params.childId, request.params.recordId);
  const header = childHeaderView(summary, 'provision', mayOpenFor(request), request.server.clock.today());
  const status = typeof values.status === 'string' ? values.status : record.status;
  const reason = typeof values.missedReason === 'string' ? values.missedReason : (record.missedReason ?? '');
  return reply.code(errors ? statusCode : 200).view('provision/views/correct.njk', {
    pageTitle: `Correct a record – ${header.name}`,
    header,
    errors,
    itemText: `${item.section}: ${item.description}`,
    recordsHref: `/children/${request.params.childId}/provision/${item.id}/records`,
    alreadyCorrected: correctedById !== null,
    originalRows: [
      { key: { text: 'Date' }, value: { text: whenText(record) } },
      { key: { text: 'Status' }, value: { text: STATUS_TAGS[record.status]?.text ?? record.status } },
      { key: { text: 'Sessions' }, value: { text: String(record.sessions) } },
      { key: { text: 'Minutes' }, value: { text: String(record.minutes) } },
      { key: { text: 'Reason missed' }, value: { text: reasonText(record.missedReason) || 'None' } },
      { key: { text: 'Made up missed time' }, value: { text: record.madeUp ? 'Yes' : 'No' } },
    ],
    values: {
      status,
      sessions: values.sessions ?? String(record.sessions),
      minutes: values.minutes ?? String(record.minutes),
      madeUp: values.action === 'correct' ? values.madeUp : record.madeUp ? 'yes' : '',
    },
    reasonItems: [{ value: '', text: 'None' }, ...Object.entries(MISSED_REASONS).map(([value, text]) => ({ value, text, selected: reason === value }))],
  });
}

/** The records of each item, and corrections: a new audited record, never an overwrite. */
export function registerCorrectionRoutes(app: FastifyInstance, db: Database): void {
  app.get<{ Params: ItemParams }>('/children/:childId/provision/:itemId/records', { config: { access: { permission: 'child:view', audit: 'VIEW_PROVISION' } } }, async (request, reply) => {
    const actor = actorOf(request);
    const { summary, item, records, mayCorrect } = await loadItemRecords(db, actor, request.params.childId, request.params.itemId);
    const header = childHeaderView(summary, 'provision', mayOpenFor(request), request.server.clock.today());
    return reply.view('provision/views/records.njk', {
      pageTitle: `Records of ${item.description} – ${header.name}`,
      header,
      itemText: `${item.section}: ${item.description}`,
      providerText: item.organisationName ?? (item.providerKind === 'school' ? 'Provided by the school or setting' : ''),
      rows: recordRows(records, request.params.childId, mayCorrect),
      limited: records.length === RECORDS_SHOWN,
      shown: RECORDS_SHOWN,
      corrected: (request.query as Record<string, unknown> | undefined)?.corrected === '1',
      ledgerHref: `/children/${request.params.childId}/provision/${item.id}`,
    });
  });

  app.get<{ Params: RecordParams }>(
    '/children/:childId/provision/records/:recordId/correct',
    { config: { access: { permission: 'provision:record', audit: 'VIEW_PROVISION' } } },
    async (request, reply) => renderCorrection(db, request, reply, {}),
  );

  app.post<{ Params: RecordParams }>(
    '/children/:childId/provision/records/:recordId/correct',
    { config: { access: { permission: 'provision:record', audit: 'CORRECT_PROVISION_DELIVERY' } } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const parsed = correctionForm.safeParse(body);
      if (!parsed.success) return renderCorrection(db, request, reply, body, errorSummaryView(fieldErrorsFrom(parsed.error).map((error) => (error.path === 'form' || error.path === 'action' ? { ...error, path: 'status' } : error))));
      let itemId: string;
      try {
        ({ itemId } = await correctRecord(db, actorOf(request), request.params.childId, request.params.recordId, parsed.data));
      } catch (error) {
        if (error instanceof ValidationError) return renderCorrection(db, request, reply, body, errorSummaryView(error.fieldErrors));
        if (error instanceof ConflictError) return renderCorrection(db, request, reply, body, errorSummaryView(error.fieldErrors), 409);
        throw error;
      }
      return reply.redirect(`/children/${request.params.childId}/provision/${itemId}/records?corrected=1`, 303);
    },
  );
}
