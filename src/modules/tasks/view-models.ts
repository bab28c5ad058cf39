import type { IsoDate } from '../../domain/dates.js';
import { formatDate } from '../../domain/formatting.js';
import { TASK_SOURCES, isOverdue, type TaskSource } from '../../domain/tasks.js';
import { hiddenFormFields } from '../../http/form-fields.js';
import { escapeHtml } from '../../http/html.js';
import type { ErrorSummaryView } from '../../http/validation.js';
import type { TaskRow } from './repository.js';

function childHtml(row: TaskRow): string {
  if (!row.childId) return 'No child';
  return `<a class="govuk-link" href="/children/${row.childId}">${escapeHtml(`${row.childForename ?? ''} ${row.childSurname ?? ''}`.trim())}</a>`;
}

/** Where the task came from, linked to the page that shows it. */
function sourceHtml(row: TaskRow): string {
  const label = row.sourceType in TASK_SOURCES ? TASK_SOURCES[row.sourceType as TaskSource] : row.sourceType;
  if (!row.childId) return escapeHtml(label);
  const concernId = row.sourceId?.split(':')[0];
  const href =
    row.sourceType === 'review'
      ? `/children/${row.childId}/reviews`
      : row.sourceType === 'concern' && concernId
        ? `/children/${row.childId}/concerns/${concernId}`
        : row.sourceType === 'message'
          ? `/children/${row.childId}/messages`
          : null;
  return href ? `<a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(label)}</a>` : escapeHtml(label);
}

function dueHtml(dueOn: IsoDate, today: IsoDate): string {
  const tag = isOverdue(dueOn, today) ? ' <strong class="govuk-tag govuk-tag--red">Overdue</strong>' : dueOn === today ? ' <strong class="govuk-tag govuk-tag--yellow">Due today</strong>' : '';
  return `${escapeHtml(formatDate(dueOn))}${tag}`;
}

/** The hidden form that completes one task, as a button in its row. */
function completeFormHtml(row: TaskRow, csrfToken: string): string {
  return `<form method="post" action="/tasks/${row.id}/complete" class="app-inline-form">${hiddenFormFields(csrfToken)}<button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button" data-prevent-double-click="true">Mark as done<span class="govuk-visually-hidden">: ${escapeHtml(row.title)}</span></button></form>`;
}

export function trayRows(rows: TaskRow[], today: IsoDate, csrfToken: string) {
  return rows.map((row) => [
    { text: row.title },
    { html: childHtml(row) },
    { html: sourceHtml(row) },
    { html: dueHtml(row.dueOn, today) },
    { html: completeFormHtml(row, csrfToken) },
  ]);
}

export function teamView(params: {
  rows: TaskRow[];
  ownerCounts: { ownerName: string | null; open: number; overdue: number }[];
  owners: { id: string; displayName: string }[];
  today: IsoDate;
  csrfToken: string;
  errors?: ErrorSummaryView;
}) {
  const { rows, today, csrfToken } = params;
  const ownerSummaryRows = params.ownerCounts
    .map((entry) => ({ name: entry.ownerName ?? 'Nobody', open: entry.open, overdue: entry.overdue }))
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.name.localeCompare(b.name))
    .map((entry) => [{ text: entry.name }, { text: String(entry.open), format: 'numeric' }, { text: String(entry.overdue), format: 'numeric' }]);
  const reassignHtml = (row: TaskRow) => {
    const id = `owner-${row.id}`;
    const error = params.errors?.byField[id];
    const options = params.owners
      .map((owner) => `<option value="${escapeHtml(owner.id)}"${owner.id === row.ownerUserId ? ' selected' : ''}>${escapeHtml(owner.displayName)}</option>`)
      .join('');
    return `<form method="post" action="/tasks/${row.id}/reassign" class="app-inline-form">${hiddenFormFields(csrfToken, row.version)}<div class="govuk-form-group govuk-!-margin-bottom-1${error ? ' govuk-form-group--error' : ''}"><label class="govuk-label govuk-label--s" for="${id}">Give to<span class="govuk-visually-hidden"> (task: ${escapeHtml(row.title)})</span></label>${error ? `<p class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${escapeHtml(error.text)}</p>` : ''}<select class="govuk-select" id="${id}" name="ownerUserId">${options}</select></div><button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button" data-prevent-double-click="true">Reassign<span class="govuk-visually-hidden">: ${escapeHtml(row.title)}</span></button></form>`;
  };
  return {
    ownerSummaryRows,
    taskRows: rows.map((row) => [
      { text: row.title },
      { text: row.ownerName ?? 'Nobody' },
      { html: childHtml(row) },
      { html: sourceHtml(row) },
      { html: dueHtml(row.dueOn, today) },
      { html: reassignHtml(row) },
    ]),
    total: params.ownerCounts.reduce((sum, entry) => sum + entry.open, 0),
    overdue: params.ownerCounts.reduce((sum, entry) => sum + entry.overdue, 0),
  };
}

export function newTaskFormView(params: { owners: { id: string; displayName: string }[]; values: Record<string, unknown>; defaultOwnerId: string; errors?: ErrorSummaryView }) {
  const text = (key: string) => (typeof params.values[key] === 'string' ? params.values[key] : '');
  const selected = text('ownerUserId') || params.defaultOwnerId;
  return {
    values: { title: text('title'), 'dueOn-day': text('dueOn-day'), 'dueOn-month': text('dueOn-month'), 'dueOn-year': text('dueOn-year') },
    ownerItems: [{ value: '', text: 'Select a person' }, ...params.owners.map((owner) => ({ value: owner.id, text: owner.displayName, selected: owner.id === selected }))],
    errors: params.errors,
  };
}
