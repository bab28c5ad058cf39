/**
 * Reading uploaded CSV files: strict UTF-8, then csv-parse, with every refusal naming the line a
 * spreadsheet shows so the person fixing the file can find it.
 */

import { CsvError, parse } from 'csv-parse/sync';

export interface CsvRow {
  /** The line of the file the record starts on, counting from 1, as a spreadsheet shows it. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

export class CsvEncodingError extends Error {
  constructor(readonly line: number) {
    super(`Line ${String(line)} is not UTF-8 text. Save the file as "CSV UTF-8 (comma delimited)" and upload it again.`);
    this.name = 'CsvEncodingError';
  }
}

const QUOTE = 34; // "
const CR = 13;
const LF = 10;

/**
 * Decodes the bytes of an uploaded file as UTF-8, refusing anything else (a Windows-1252 "£" or
 * "é" would otherwise be silently garbled into a name), and drops a byte order mark.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    // Say where: decode line by line up to the first one that fails.
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let line = 1;
    let start = 0;
    for (let index = 0; index <= bytes.length; index += 1) {
      if (index === bytes.length || bytes[index] === LF) {
        try {
          decoder.decode(bytes.subarray(start, index));
        } catch {
          throw new CsvEncodingError(line);
        }
        line += 1;
        start = index + 1;
      }
    }
    throw new CsvEncodingError(1);
  }
}

/**
 * Splits CSV text into records with csv-parse, strictly (RFC 4180): comma-separated fields,
 * records ending in CRLF or a bare LF (spreadsheets on Mac and Linux write it), fields quoted
 * with `"` when they hold commas, doubled quotes or line breaks. A byte order mark is dropped.
 * Blank lines are skipped (spreadsheets leave them at the end); every other record keeps all its
 * fields, so the caller can say when a row has too few or too many. Anything ambiguous is an
 * error naming its line, never a guess: a quote inside an unquoted value, text after a closing
 * quote, a quote never closed, a carriage return alone.
 */
export function parseCsv(text: string): CsvRow[] {
  const bytes = Buffer.from(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, 'utf8');
  const lineAt = lineFinder(bytes);
  const rows: CsvRow[] = [];
  // Where the record being read starts: csv-parse counts a CRLF inside quotes as two lines, so
  // lines are worked out from byte offsets instead (its `bytes` is where the record just read ends).
  let start = 0;
  try {
    parse(bytes, {
      // A lone CR ends a record too, only so that it can be refused below: outside quotes it is
      // more likely a damaged file than an old Mac's line end, and a spreadsheet never writes it.
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      // Blank lines come through as records, then are dropped here, so that none is skipped unseen
      // (a lone CR on a line of its own included) and each record's start is the last one's end.
      skip_empty_lines: false,
      on_record: (fields, context) => {
        const end = context.bytes;
        const line = lineAt(start);
        if (bytes[end - 1] === CR) throw loneCarriageReturn(lineAt(end - 1));
        const blank = fields.length === 1 && fields[0] === '' && bytes[start] !== QUOTE;
        start = end;
        if (!blank) rows.push({ line, fields });
        return null;
      },
    });
  } catch (error) {
    if (error instanceof CsvError) throw syntaxError(error, bytes, lineAt);
    throw error;
  }
  return rows;
}

function loneCarriageReturn(line: number): CsvSyntaxError {
  return new CsvSyntaxError(line, `Line ${String(line)} ends with a carriage return alone. Save the file as CSV again.`);
}

/** The same refusal, in the same words and naming the same line, as each of csv-parse's syntax errors. */
function syntaxError(error: CsvError, bytes: Buffer, lineAt: (offset: number) => number): Error {
  // csv-parse's `bytes` is where the last delimiter it acted on sits: the comma before the field
  // it was reading, or the end of the record before (so the start of this one).
  const lastDelimiter = Number(error.bytes);
  const fieldStart = Number(error.index) > 0 ? lastDelimiter + 1 : lastDelimiter;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED': {
      const line = lineAt(fieldStart);
      return new CsvSyntaxError(line, `Line ${String(line)} opens a quoted value that is never closed.`);
    }
    case 'INVALID_OPENING_QUOTE': {
      const line = lineAt(fieldStart);
      return new CsvSyntaxError(line, `Line ${String(line)} has a quote (") inside a value that does not start with one. Put the whole value in quotes and double the quote inside it ("").`);
    }
    case 'CSV_INVALID_CLOSING_QUOTE': {
      // The error does not say where the closing quote is, and a quoted value may span lines.
      const line = lineAt(closingQuote(bytes, fieldStart));
      return new CsvSyntaxError(line, `Line ${String(line)} has text straight after a closing quote. Put a comma between values.`);
    }
    default:
      return error;
  }
}

/** The quote closing the quoted value that opens at `open`, past any doubled quotes inside it. */
function closingQuote(bytes: Buffer, open: number): number {
  let at = open + 1;
  for (;;) {
    const quote = bytes.indexOf(QUOTE, at);
    if (quote === -1 || bytes[quote + 1] !== QUOTE) return quote === -1 ? bytes.length : quote;
    at = quote + 2;
  }
}

/** The line (counting from 1) of a byte offset, by binary search over where the line feeds are. */
function lineFinder(bytes: Buffer): (offset: number) => number {
  const feeds: number[] = [];
  for (let at = bytes.indexOf(LF); at !== -1; at = bytes.indexOf(LF, at + 1)) feeds.push(at);
  return (offset) => {
    let low = 0;
    let high = feeds.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((feeds[middle] ?? Infinity) < offset) low = middle + 1;
      else high = middle;
    }
    return low + 1;
  };
}
