import type { IsoDate } from '../../domain/dates.js';
import { formatDate } from '../../domain/formatting.js';
import { EDUCATION_KINDS, formatHours, NO_SETTING_REASONS, shareOfFullTime } from '../../domain/full-time.js';
import { cell, link, tag, type TableCell } from '../../http/cells.js';
import { pageLink, paginationView, shownText } from '../../http/pagination.js';
import { paths } from '../../http/paths.js';
import type { ErrorSummaryView } from '../../http/validation.js';
import type { ArrangementRow } from './repository.js';
import type { EducationOffer } from './service.js';

function kindLabel(kind: string): string {
  return kind in EDUCATION_KINDS ? EDUCATION_KINDS[kind as keyof typeof EDUCATION_KINDS] : kind;
}

/** A no-setting reason is a code; a part-time reason is the recorder's own words. */
function reasonLabel(kind: string, reason: string | null): string {
  if (!reason) return '';
  if (kind === 'no_setting' && reason in NO_SETTING_REASONS) return NO_SETTING_REASONS[reason as keyof typeof NO_SETTING_REASONS];
  return reason;
}

/** "15 hours of 32 hours 30 minutes a week (46 %)". */
function hoursText(row: { kind: string; offeredMinutesPerWeek: number; fullTimeMinutesPerWeek: number }): string {
  if (row.kind === 'full_time') return `${formatHours(row.fullTimeMinutesPerWeek)} a week (full-time)`;
  if (row.kind === 'no_setting') return 'None';
  return `${formatHours(row.offeredMinutesPerWeek)} of ${formatHours(row.fullTimeMinutesPerWeek)} a week (${String(shareOfFullTime(row.offeredMinutesPerWeek, row.fullTimeMinutesPerWeek))}%)`;
}

/** The review date, flagged when it has passed: a part-time timetable must not drift on unreviewed. */
function reviewDateCell(reviewDate: IsoDate | null, today: IsoDate, ended = false): TableCell {
  if (!reviewDate) return { text: 'Not set' };
  const overdue = !ended && reviewDate < today;
  return overdue ? cell({ text: `${formatDate(reviewDate)} ` }, tag('Review overdue', 'red')) : { text: formatDate(reviewDate) };
}

function schoolDaysText(days: number): string {
  return `${days.toLocaleString('en-GB')} school ${days === 1 ? 'day' : 'days'}`;
}

/** The current offer as a summary list, and every arrangement as a table, for the child's record. */
export function educationOfferView(offer: EducationOffer) {
  const { current, today } = offer;
  const currentRows: { key: { text: string }; value: TableCell }[] = [];
  if (current) {
    currentRows.push({ key: { text: 'Education offered' }, value: { text: kindLabel(current.kind) } });
    currentRows.push({ key: { text: 'Hours a week' }, value: { text: hoursText(current) } });
    currentRows.push({ key: { text: 'Since' }, value: { text: formatDate(current.startDate) } });
    if (offer.spellStart && offer.schoolDaysWithoutFullTime !== null) {
      currentRows.push({
        key: { text: 'Without full-time education' },
        value: { text: `${schoolDaysText(offer.schoolDaysWithoutFullTime)}, since ${formatDate(offer.spellStart)}` },
      });
    }
    if (current.kind !== 'full_time') {
      currentRows.push({ key: { text: 'Reason' }, value: { text: reasonLabel(current.kind, current.reason) || 'Not recorded' } });
      currentRows.push({ key: { text: 'Review date' }, value: reviewDateCell(current.reviewDate, today) });
      currentRows.push({ key: { text: 'Agreed by' }, value: { text: current.agreedBy ?? 'Not recorded' } });
    }
  }
  return {
    current: current ? { kind: current.kind, fullTime: current.kind === 'full_time' } : null,
    currentRows,
    historyRows: offer.arrangements.map((row: ArrangementRow) => [
      { text: formatDate(row.startDate) },
      { text: row.endDate ? formatDate(row.endDate) : 'Current' },
      { text: kindLabel(row.kind) },
      { text: hoursText(row) },
      { text: reasonLabel(row.kind, row.reason) },
      row.kind === 'full_time' ? { text: '' } : reviewDateCell(row.reviewDate, today, row.endDate !== null),
      { text: row.agreedBy ?? '' },
      { text: row.recordedByName ?? '' },
    ]),
  };
}

export interface NotFullTimeListRow {
  childId: string;
  forename: string;
  surname: string;
  kind: string;
  offeredMinutesPerWeek: number;
  fullTimeMinutesPerWeek: number;
  reason: string | null;
  reviewDate: string | null;
  spellStart: string;
  schoolDays: number;
}

export function notFullTimeView(params: { rows: NotFullTimeListRow[]; total: number; page: number; pageSize: number; today: IsoDate }) {
  const { rows, total, page, pageSize, today } = params;
  return {
    summaryText: total === 0 ? 'Every child is in full-time education' : shownText(page, total, pageSize, `${total === 1 ? 'child' : 'children'} without full-time education`),
    tableRows: rows.map((row) => [
      cell(link(paths.child.overview({ childId: row.childId }), `${row.forename} ${row.surname}`)),
      { text: schoolDaysText(row.schoolDays), format: 'numeric' },
      { text: formatDate(row.spellStart) },
      { text: kindLabel(row.kind) },
      { text: hoursText(row) },
      { text: reasonLabel(row.kind, row.reason) || 'Not recorded' },
      reviewDateCell(row.reviewDate, today),
    ]),
    pagination: paginationView(page, total, pageSize, pageLink(paths.monitoring.notFullTime())),
  };
}

/** Values the record form shows: what was entered, or the defaults for a first view. */
export function recordFormView(params: { values: Record<string, unknown>; errors: ErrorSummaryView | undefined; offer: EducationOffer; defaultFullTimeMinutes: number }) {
  const { values, offer } = params;
  const value = (name: string) => (typeof values[name] === 'string' ? values[name] : '');
  return {
    errors: params.errors,
    values: {
      ...values,
      fullTimeHours: values.fullTimeHours === undefined ? String(Math.floor(params.defaultFullTimeMinutes / 60)) : value('fullTimeHours'),
      fullTimeMinutes: values.fullTimeMinutes === undefined ? String(params.defaultFullTimeMinutes % 60) : value('fullTimeMinutes'),
    },
    kindItems: Object.entries(EDUCATION_KINDS).map(([kind, text]) => ({
      value: kind,
      text,
      checked: values.kind === kind,
      hint: {
        text:
          kind === 'full_time'
            ? 'The full week at their school or setting'
            : kind === 'part_time'
              ? 'Fewer hours than full-time, agreed with the parent and reviewed'
              : 'Awaiting a place, out of school or permanently excluded: 0 hours',
      },
    })),
    noSettingReasonItems: [
      { value: '', text: 'Select a reason' },
      ...Object.entries(NO_SETTING_REASONS).map(([reason, text]) => ({ value: reason, text, selected: values.noSettingReason === reason })),
    ],
    currentText: offer.current ? `${kindLabel(offer.current.kind)}, ${hoursText(offer.current)}, since ${formatDate(offer.current.startDate)}` : null,
  };
}
