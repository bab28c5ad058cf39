import { CsvEncodingError, CsvSyntaxError, decodeUtf8, parseCsv, type CsvRow } from '../../domain/csv.js';
import { MISSED_REASONS } from '../../domain/delivery.js';
import { deliveryRecordSchema, type DeliveryRecordInput } from '../provision/recording.js';

/** The most data rows one file may hold: a whole LA's week, far more than any one school's term. */
export const MAX_CSV_ROWS = 50_000;

/** One problem in a file: where (as a spreadsheet shows it) and what to do about it. */
export interface CsvProblem {
  line: number | null;
  column: string | null;
  message: string;
}

/**
 * The columns of the delivery CSV, in the template's order. `child` and `provision` are there for
 * the person filling the file in (the pre-filled template names each row's child and provision);
 * they are not read, so a typo in a name can never move a record to another child.
 */
export const CSV_COLUMNS = [
  { name: 'item_id', field: 'itemId', required: true, notes: 'The id of the provision item in the child’s plan (from the pre-filled template or the API).' },
  { name: 'child', field: null, required: false, notes: 'For your reference only: not read.' },
  { name: 'provision', field: null, required: false, notes: 'For your reference only: not read.' },
  { name: 'date', field: 'date', required: true, notes: 'The day of the session, or the Monday (first day) of a weekly total, as YYYY-MM-DD. Not in the future.' },
  { name: 'period_end', field: 'periodEnd', required: false, notes: 'For a weekly total only: its last day, in the same week, as YYYY-MM-DD. Leave empty for a single session.' },
  { name: 'status', field: 'status', required: true, notes: 'delivered or missed.' },
  { name: 'sessions', field: 'sessions', required: false, notes: 'How many sessions the row counts (1 if empty).' },
  { name: 'minutes', field: 'minutes', required: true, notes: 'Minutes delivered, or that would have been delivered if missed: a whole number, 1 or more.' },
  { name: 'missed_reason', field: 'missedReason', required: false, notes: `Only when missed, one of: ${Object.keys(MISSED_REASONS).join(', ')}.` },
  { name: 'made_up', field: 'madeUp', required: false, notes: 'yes if a delivered session made up time missed earlier; otherwise no or empty.' },
  { name: 'corrects_id', field: 'correctsId', required: false, notes: 'Only to correct a record sent before: that record’s id. The earlier record then no longer counts.' },
  {
    name: 'session',
    field: 'session',
    required: false,
    notes:
      'Only for a second session of the same provision on the same day, with the same status and minutes: a name for it, like 2 or afternoon. Without one, a row that repeats a record sent before (in this file or an earlier one) is the same session and is not counted again.',
  },
] as const;

const COLUMN_OF_FIELD = new Map<string, string>(CSV_COLUMNS.flatMap((column) => (column.field ? [[column.field, column.name] as const] : [])));

/** The column a record field is read from, for a message about it. */
export function columnOfField(field: string): string | null {
  return COLUMN_OF_FIELD.get(field) ?? null;
}

const DATA_COLUMNS = CSV_COLUMNS.filter((column) => column.field && column.field !== 'itemId').map((column) => column.name);

export interface ReadCsv {
  /** Records that passed the schema, each with the line it came from. */
  records: { line: number; record: DeliveryRecordInput }[];
  problems: CsvProblem[];
  /** Rows with an item id and nothing else filled in (the pre-filled template's untouched rows). */
  blankRows: number;
}

/**
 * Reads a delivery CSV: encoding, syntax, header, and every row against the one delivery
 * schema. Pure: whether the items are the uploader's to record against is checked afterwards by
 * `checkDeliveries` / `recordDeliveries`, like every other way in.
 */
export function readDeliveryCsv(bytes: Uint8Array): ReadCsv {
  const fail = (problem: CsvProblem): ReadCsv => ({ records: [], problems: [problem], blankRows: 0 });
  if (bytes.length === 0) return fail({ line: null, column: null, message: 'The file is empty. Use the template and add a row for each session or weekly total.' });
  let rows: CsvRow[];
  try {
    rows = parseCsv(decodeUtf8(bytes));
  } catch (error) {
    if (error instanceof CsvEncodingError || error instanceof CsvSyntaxError) return fail({ line: error.line, column: null, message: error.message });
    throw error;
  }
  const [header, ...dataRows] = rows;
  if (!header) return fail({ line: null, column: null, message: 'The file is empty. Use the template and add a row for each session or weekly total.' });

  const headerProblems = checkHeader(header);
  if (headerProblems.length > 0) return { records: [], problems: headerProblems, blankRows: 0 };
  if (dataRows.length === 0) return fail({ line: null, column: null, message: 'The file has a header row but no records under it.' });
  if (dataRows.length > MAX_CSV_ROWS) {
    return fail({
      line: null,
      column: null,
      message: `The file has ${dataRows.length.toLocaleString('en-GB')} rows; one file can have up to ${MAX_CSV_ROWS.toLocaleString('en-GB')}. Split it into smaller files.`,
    });
  }

  const names = header.fields.map((name) => name.trim().toLowerCase());
  const problems: CsvProblem[] = [];
  const records: ReadCsv['records'] = [];
  let blankRows = 0;
  for (const row of dataRows) {
    if (row.fields.length !== names.length) {
      problems.push({
        line: row.line,
        column: null,
        message: `The row has ${String(row.fields.length)} values but the header has ${String(names.length)} columns. Check for a missing or extra comma.`,
      });
      continue;
    }
    const cells = new Map(names.map((name, index) => [name, (row.fields[index] ?? '').trim()]));
    if (DATA_COLUMNS.every((name) => !cells.get(name))) {
      // An untouched row of the pre-filled template, or a row of empty cells: nothing to record.
      if (cells.get('item_id') || [...cells.values()].every((value) => !value)) {
        blankRows += 1;
        continue;
      }
    }
    const madeUp = (cells.get('made_up') ?? '').toLowerCase();
    if (madeUp !== '' && madeUp !== 'yes' && madeUp !== 'no') problems.push({ line: row.line, column: 'made_up', message: 'made_up must be yes, no or empty' });
    const empty = (value: string | undefined) => (value ? value : undefined);
    const parsed = deliveryRecordSchema.safeParse({
      itemId: cells.get('item_id') ?? '',
      date: cells.get('date') ?? '',
      periodEnd: empty(cells.get('period_end')) ?? null,
      status: (cells.get('status') ?? '').toLowerCase(),
      sessions: wholeNumberCell(cells.get('sessions')),
      minutes: wholeNumberCell(cells.get('minutes')),
      missedReason: empty(cells.get('missed_reason')?.toLowerCase()),
      madeUp: madeUp === 'yes',
      correctsId: empty(cells.get('corrects_id')?.toLowerCase()) ?? null,
      session: empty(cells.get('session')),
    });
    if (!parsed.success) {
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        if (seen.has(field)) continue;
        seen.add(field);
        problems.push({ line: row.line, column: columnOfField(field), message: issue.message });
      }
      continue;
    }
    records.push({ line: row.line, record: parsed.data });
  }
  if (records.length === 0 && problems.length === 0) {
    problems.push({ line: null, column: null, message: 'No rows are filled in. Add a date, status and minutes to the rows you want to record.' });
  }
  return { records, problems, blankRows };
}

function checkHeader(header: CsvRow): CsvProblem[] {
  const problems: CsvProblem[] = [];
  const known = new Map<string, (typeof CSV_COLUMNS)[number]>(CSV_COLUMNS.map((column) => [column.name, column]));
  const seen = new Set<string>();
  for (const raw of header.fields) {
    const name = raw.trim().toLowerCase();
    if (name === '') problems.push({ line: header.line, column: null, message: 'A column has no name in the header row. Remove the empty column or name it.' });
    else if (seen.has(name)) problems.push({ line: header.line, column: name, message: `The column ${name} appears more than once.` });
    else if (!known.has(name))
      problems.push({
        line: header.line,
        column: name,
        message: `${raw.trim()} is not a column of the delivery template. Remove it or correct its name; the columns are ${CSV_COLUMNS.map((column) => column.name).join(', ')}.`,
      });
    seen.add(name);
  }
  for (const column of CSV_COLUMNS) {
    if (column.required && !seen.has(column.name)) problems.push({ line: header.line, column: column.name, message: `The header row has no ${column.name} column, which every file needs.` });
  }
  return problems;
}

/** A CSV value, quoted when it must be (RFC 4180) and defused if a spreadsheet would run it as a formula. */
function csvValue(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: string[]): string {
  return `${values.map(csvValue).join(',')}\r\n`;
}

/**
 * A CSV cell holding a whole number, as a number; anything else stays as text so the record's
 * schema reports it ("Minutes must be a whole number"); an empty cell is a value not given.
 */
function wholeNumberCell(cell: string | undefined): number | string | undefined {
  if (!cell) return undefined;
  return /^-?\d{1,9}$/.test(cell) ? Number(cell) : cell;
}
