import { z } from 'zod';
import { MISSED_REASONS, type MissedReason } from '../../domain/delivery.js';
import { formatDate, formatDateTime } from '../../domain/formatting.js';
import { itemName, itemTitle } from '../../domain/plain-words.js';
import { cell, link, tag, type Part, type TableCell, type TagColour } from '../../http/cells.js';
import { ConflictError, ValidationError } from '../../http/errors.js';
import { paths } from '../../http/paths.js';
import { form, page, type FormState, type RouteContext, type RouteEntry } from '../../http/route-table.js';
import { errorSummaryView, fieldErrorsFrom } from '../../http/validation.js';
import { childHeaderView } from '../children/view-models.js';
import { correctRecord, loadCorrection, loadItemRecords, RECORDS_SHOWN } from './corrections.js';
import type { ItemRecord } from './records-repository.js';
import { correctionForm } from './schemas.js';

const STATUS_TAGS: Record<string, { text: string; colour: TagColour }> = {
  delivered: { text: 'Delivered', colour: 'green' },
  missed: { text: 'Missed', colour: 'red' },
  withdrawn: { text: 'Withdrawn', colour: 'grey' },
};
const SOURCES: Record<string, string> = { web: 'Web form', csv: 'CSV upload', api: 'API' };

function whenText(record: { deliveredOn: string; periodEnd: string | null }): string {
  return record.periodEnd && record.periodEnd !== record.deliveredOn ? `${formatDate(record.deliveredOn)} to ${formatDate(record.periodEnd)}` : formatDate(record.deliveredOn);
}

function reasonText(reason: string | null): string {
  return reason && reason in MISSED_REASONS ? MISSED_REASONS[reason as MissedReason] : '';
}

/** The records table: superseded records stay visible, marked and linked to the record that corrected them. */
function recordRows(records: ItemRecord[], childId: string, mayCorrect: boolean): TableCell[][] {
  const shown = new Set(records.map((record) => record.id));
  const toRecord = (id: string, text: string): Part => (shown.has(id) ? link(`#record-${id}`, text) : { text });
  return records.map((record) => {
    const status = STATUS_TAGS[record.status] ?? { text: record.status, colour: 'grey' as const };
    const notes: Part[][] = [
      ...(record.correctedById ? [[tag('Superseded', 'grey'), { text: ' ' }, toRecord(record.correctedById, 'see its correction')]] : []),
      ...(record.correctsId ? [[{ text: 'Corrects ' }, toRecord(record.correctsId, 'an earlier record')]] : []),
    ];
    return [
      cell({ anchor: { id: `record-${record.id}`, text: whenText(record) } }),
      // The status first, then on lines of their own what it superseded or was superseded by.
      cell({ lines: [[tag(status.text, status.colour)], ...notes] }),
      { text: String(record.sessions), format: 'numeric' },
      { text: String(record.minutes), format: 'numeric' },
      { text: reasonText(record.missedReason) },
      { text: record.madeUp ? 'Yes' : 'No' },
      { text: `${record.recordedByName}, ${formatDateTime(record.recordedAt)}` },
      { text: SOURCES[record.source] ?? record.source },
      mayCorrect && !record.correctedById ? cell(link(paths.provision.correctRecord({ childId, recordId: record.id }), 'Correct', `the record of ${whenText(record)}`)) : { text: '' },
    ];
  });
}

async function renderCorrection(context: RouteContext<{ childId: string; recordId: string }>, refused?: FormState) {
  const { childId, recordId } = context.params;
  const values = refused?.values ?? {};
  const { summary, item, record, correctedById } = await loadCorrection(context.db, context.actor, childId, recordId);
  const header = childHeaderView(summary, 'provision', (path) => context.mayOpen(path), context.actor.clock.today());
  const status = typeof values.status === 'string' ? values.status : record.status;
  const reason = typeof values.missedReason === 'string' ? values.missedReason : (record.missedReason ?? '');
  return context.reply.view('provision/views/correct.njk', {
    pageTitle: `Correct a record – ${header.name}`,
    header,
    errors: refused?.errors,
    itemText: itemTitle(item),
    recordsHref: paths.provision.itemRecords({ childId, itemId: item.id }),
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

const correctPage = page({ permission: 'provision:record', audit: 'VIEW_PROVISION', path: paths.provision.correctRecord, render: renderCorrection });

/** The records of each item, and corrections: a new audited record, never an overwrite. */
export const correctionRoutes: RouteEntry[] = [
  page({
    permission: 'child:view',
    audit: 'VIEW_PROVISION',
    path: paths.provision.itemRecords,
    query: z.object({ corrected: z.literal('1').optional().catch(undefined) }),
    async render(context) {
      const { childId, itemId } = context.params;
      const { summary, item, records, mayCorrect } = await loadItemRecords(context.db, context.actor, childId, itemId);
      const header = childHeaderView(summary, 'provision', (path) => context.mayOpen(path), context.actor.clock.today());
      return context.reply.view('provision/views/records.njk', {
        pageTitle: `Records of ${itemName(item)} – ${header.name}`,
        header,
        itemText: itemTitle(item),
        planText: item.description,
        providerText: item.organisationName ?? (item.providerKind === 'school' ? 'Provided by the school or setting' : ''),
        rows: recordRows(records, childId, mayCorrect),
        limited: records.length === RECORDS_SHOWN,
        shown: RECORDS_SHOWN,
        corrected: context.query.corrected === '1',
        ledgerHref: paths.provision.item({ childId, itemId: item.id }),
      });
    },
  }),
  correctPage,
  form({
    permission: 'provision:record',
    audit: 'CORRECT_PROVISION_DELIVERY',
    path: paths.provision.correctRecord,
    // Read as it came: the correction's own schema is applied below, so that a missing choice is shown against "What happened".
    body: z.record(z.string(), z.unknown()),
    page: correctPage,
    async submit(context, body) {
      const { childId, recordId } = context.params;
      const parsed = correctionForm.safeParse(body);
      if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error).map((error) => (error.path === 'form' || error.path === 'action' ? { ...error, path: 'status' } : error)));
      let itemId: string;
      try {
        ({ itemId } = await correctRecord(context.db, context.actor, childId, recordId, parsed.data));
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        // Corrected by someone else at the same moment: the form is read again (its own event), with why.
        context.request.audit.action = correctPage.audit;
        context.reply.code(409);
        return renderCorrection(context, { values: body, errors: errorSummaryView(error.fieldErrors) });
      }
      return context.reply.redirect(paths.provision.itemRecords({ childId, itemId }, { corrected: 1 }), 303);
    },
  }),
];
