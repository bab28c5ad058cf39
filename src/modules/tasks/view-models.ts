import type { IsoDate } from '../../domain/dates.js';
import { formatDate } from '../../domain/formatting.js';
import { TASK_SOURCES, isOverdue, type TaskSource } from '../../domain/tasks.js';
import { cell, link, tag, type TableCell } from '../../http/cells.js';
import { paths } from '../../http/paths.js';
import type { ErrorSummaryView } from '../../http/validation.js';
import type { TaskRow } from './repository.js';

function childCell(row: TaskRow): TableCell {
  if (!row.childId) return { text: 'No child' };
  return cell(link(paths.child.overview({ childId: row.childId }), `${row.childForename ?? ''} ${row.childSurname ?? ''}`.trim()));
}

/** Where the task came from, linked to the page that shows it. */
function sourceCell(row: TaskRow): TableCell {
  const label = row.sourceType in TASK_SOURCES ? TASK_SOURCES[row.sourceType as TaskSource] : row.sourceType;
  // A monitoring visit's action is about a resource base, not one child: its source id names the base and the visit.
  const [baseId, visitId] = row.sourceType === 'base_visit' ? (row.sourceId?.split(':') ?? []) : [];
  if (baseId && visitId) return cell(link(paths.resourceBases.visit({ baseId, visitId }), label));
  if (!row.childId) return { text: label };
  const childId = row.childId;
  // A clock's source id starts with the record it is about: `<concernId>:<due>`, `<reviewId>:<step>:<due>`.
  const recordId = row.sourceId?.split(':')[0];
  const href =
    row.sourceType === 'review'
      ? paths.child.reviews({ childId })
      : row.sourceType === 'review_step' && recordId
        ? paths.reviews.review({ childId, reviewId: recordId })
        : row.sourceType === 'concern' && recordId
          ? paths.concerns.concern({ childId, concernId: recordId })
          : row.sourceType === 'message'
            ? paths.messages.list({ childId })
            : null;
  return href ? cell(link(href, label)) : { text: label };
}

function dueCell(dueOn: IsoDate, today: IsoDate): TableCell {
  const due = isOverdue(dueOn, today) ? tag('Overdue', 'red') : dueOn === today ? tag('Due today', 'yellow') : null;
  return due ? cell({ text: `${formatDate(dueOn)} ` }, due) : { text: formatDate(dueOn) };
}

/**
 * A row of my tray: its cells, and the task its "Mark as done" form (rendered by the template,
 * with appFormFields) completes.
 */
export function trayRows(rows: TaskRow[], today: IsoDate) {
  return rows.map((row) => ({
    cells: [{ text: row.title }, childCell(row), sourceCell(row), dueCell(row.dueOn, today)],
    task: { id: row.id, title: row.title },
  }));
}

export function teamView(params: { rows: TaskRow[]; ownerCounts: { ownerName: string | null; open: number; overdue: number }[]; owners: { id: string; displayName: string }[]; today: IsoDate }) {
  const { rows, today } = params;
  const ownerSummaryRows = params.ownerCounts
    .map((entry) => ({ name: entry.ownerName ?? 'Nobody', open: entry.open, overdue: entry.overdue }))
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.name.localeCompare(b.name))
    .map((entry) => [{ text: entry.name }, { text: String(entry.open), format: 'numeric' }, { text: String(entry.overdue), format: 'numeric' }]);
  return {
    ownerSummaryRows,
    // Each row's "Give to" form is rendered by the template, with appFormFields at the task's version.
    taskRows: rows.map((row) => ({
      cells: [{ text: row.title }, { text: row.ownerName ?? 'Nobody' }, childCell(row), sourceCell(row), dueCell(row.dueOn, today)],
      task: {
        id: row.id,
        title: row.title,
        version: row.version,
        ownerItems: params.owners.map((owner) => ({ value: owner.id, text: owner.displayName, selected: owner.id === row.ownerUserId })),
      },
    })),
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
