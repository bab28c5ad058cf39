import { formatDate } from '../../domain/formatting.js';
import { PHASE_TRANSFERS } from '../../domain/review-clock.js';
import {
  ATTENDANCE,
  DECISION_TIMES,
  DUE_COLUMNS,
  DUE_ROWS,
  NATIONAL_REVIEW_FIGURES,
  OUTCOMES,
  percent,
  REVIEW_KPI_DEFINITIONS,
  reviewKpiHeadlines,
  schoolYearStarting,
  TRANSFER_COLUMNS,
  type ReviewKpiCounts,
  type SchoolYear,
} from '../../domain/review-kpis.js';
import type { PartsCell, TableCell } from '../../http/cells.js';

type Cell = TableCell;
type TextCell = Extract<TableCell, { text: string }>;

const count = (value: number): TextCell => ({ text: value.toLocaleString('en-GB'), format: 'numeric' });
const shareText = (value: number | null): string => (value === null ? 'None yet' : `${value.toFixed(1)}%`);
const share = (part: number, whole: number): TextCell => ({ text: whole === 0 ? '' : shareText(percent(part, whole)), format: 'numeric' });
const strong = (text: string, numeric = true): PartsCell => ({ parts: [{ strong: text }], ...(numeric ? { format: 'numeric' as const } : {}) });
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** A table whose rows each add up across, then a total row that is the sum of the rows. */
function breakdownRows<C extends string>(rows: { label: string; values: Record<C, number> }[], columns: readonly C[], totalLabel: string): Cell[][] {
  const totals = Object.fromEntries(columns.map((column) => [column, sum(rows.map((row) => row.values[column]))])) as Record<C, number>;
  return [
    ...rows.map((row) => [{ text: row.label }, count(sum(columns.map((column) => row.values[column]))), ...columns.map((column) => count(row.values[column]))]),
    [strong(totalLabel, false), strong(sum(columns.map((column) => totals[column])).toLocaleString('en-GB')), ...columns.map((column) => strong(totals[column].toLocaleString('en-GB')))],
  ];
}

/** A one-column count with its share of the total, then the total. */
function shareRows(rows: { label: string; value: number; national?: string }[], totalLabel: string, withNational: boolean): Cell[][] {
  const total = sum(rows.map((row) => row.value));
  return [
    ...rows.map((row) => [{ text: row.label }, count(row.value), share(row.value, total), ...(withNational ? [{ text: row.national ?? '', format: 'numeric' as const }] : [])]),
    [strong(totalLabel, false), strong(total.toLocaleString('en-GB')), strong(total === 0 ? '' : '100.0%'), ...(withNational ? [strong('100.0%')] : [])],
  ];
}

const keysOf = <T extends object>(record: T) => Object.keys(record) as (keyof T & string)[];

export function reviewKpiViewModel(data: { year: SchoolYear; current: SchoolYear; today: string; counts: ReviewKpiCounts }) {
  const { counts, year, current } = data;
  const headlines = reviewKpiHeadlines(counts);
  const decisionTimes = keysOf(DECISION_TIMES).map((time) => ({ label: DECISION_TIMES[time], value: sum(keysOf(OUTCOMES).map((outcome) => counts.decided[outcome][time])) }));
  const national = NATIONAL_REVIEW_FIGURES;
  const outcomes = keysOf(OUTCOMES).map((outcome) => ({
    label: OUTCOMES[outcome],
    value: sum(Object.values(counts.decided[outcome])),
    national: shareText(percent(national.outcomes[outcome], national.meetings)),
  }));
  const transfers = keysOf(PHASE_TRANSFERS)
    .filter((transfer) => sum(Object.values(counts.transfers[transfer])) > 0)
    .map((transfer) => ({ label: PHASE_TRANSFERS[transfer], values: counts.transfers[transfer] }));
  const yearItems = [];
  for (let startYear = current.startYear; startYear >= 2014; startYear -= 1) {
    const option = schoolYearStarting(startYear);
    yearItems.push({ value: String(startYear), text: option.label, selected: startYear === year.startYear });
  }
  return {
    yearLabel: year.label,
    isCurrentYear: year.startYear === current.startYear,
    asOfText: formatDate(data.today),
    yearItems,
    definitions: REVIEW_KPI_DEFINITIONS,
    headlines: {
      due: headlines.due.toLocaleString('en-GB'),
      heldOnTime: shareText(headlines.heldOnTimePercent),
      held: headlines.held.toLocaleString('en-GB'),
      decidedWithin4Weeks: shareText(headlines.decidedWithin4WeeksPercent),
      epOrOfficer: shareText(headlines.epOrOfficerPercent),
      transfersOnTime: shareText(headlines.transfersOnTimePercent),
    },
    national: {
      period: national.period,
      source: national.source,
      decidedWithin4Weeks: shareText(national.decidedWithin4WeeksPercent),
    },
    dueHead: [{ text: 'Kind of review' }, { text: 'Due', format: 'numeric' }, ...keysOf(DUE_COLUMNS).map((column) => ({ text: DUE_COLUMNS[column], format: 'numeric' }))],
    dueRows: breakdownRows(
      keysOf(DUE_ROWS).map((row) => ({ label: DUE_ROWS[row], values: counts.due[row] })),
      keysOf(DUE_COLUMNS),
      'All reviews due',
    ),
    decisionRows: shareRows(decisionTimes, 'All meetings held', false),
    outcomeRows: shareRows(outcomes, 'All meetings held', true),
    attendanceRows: shareRows(
      keysOf(ATTENDANCE).map((key) => ({ label: ATTENDANCE[key], value: counts.attendance[key] })),
      'All meetings held',
      false,
    ),
    transferHead: [{ text: 'Move' }, { text: 'Deadlines', format: 'numeric' }, ...keysOf(TRANSFER_COLUMNS).map((column) => ({ text: TRANSFER_COLUMNS[column], format: 'numeric' }))],
    transferRows: breakdownRows(transfers, keysOf(TRANSFER_COLUMNS), 'All phase transfers'),
  };
}
