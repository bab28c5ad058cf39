/**
 * A small, strict CSV reader (RFC 4180): comma-separated fields, records ending in CRLF (a bare LF
 * is accepted too, as spreadsheets on Mac and Linux write it), fields quoted with `"` when they
 * hold commas, quotes (doubled) or line breaks. Anything ambiguous is an error with its line, never
 * a guess: a quote inside an unquoted field, text after a closing quote, a quote never closed.
 */

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
const COMMA = 44;
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
 * Splits CSV text into records. Blank lines are skipped (spreadsheets leave them at the end);
 * every other record keeps all its fields, so the caller can say when a row has too few or too many.
 */
export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let index = 0;
  const length = text.length;

  while (index <= length) {
    // At the start of a field.
    let field: string;
    if (text.charCodeAt(index) === QUOTE) {
      const openedOn = line;
      index += 1;
      let value = '';
      let closed = false;
      while (index < length) {
        const close = text.indexOf('"', index);
        if (close === -1) break;
        const chunk = text.slice(index, close);
        line += countLineFeeds(chunk);
        value += chunk;
        if (text.charCodeAt(close + 1) === QUOTE) {
          value += '"';
          index = close + 2;
          continue;
        }
        index = close + 1;
        closed = true;
        break;
      }
      if (!closed) throw new CsvSyntaxError(openedOn, `Line ${String(openedOn)} opens a quoted value that is never closed.`);
      const next = index < length ? text.charCodeAt(index) : LF;
      if (next !== COMMA && next !== CR && next !== LF) {
        throw new CsvSyntaxError(line, `Line ${String(line)} has text straight after a closing quote. Put a comma between values.`);
      }
      field = value;
    } else {
      let end = index;
      while (end < length) {
        const code = text.charCodeAt(end);
        if (code === COMMA || code === CR || code === LF) break;
        if (code === QUOTE) {
          throw new CsvSyntaxError(line, `Line ${String(line)} has a quote (") inside a value that does not start with one. Put the whole value in quotes and double the quote inside it ("").`);
        }
        end += 1;
      }
      field = text.slice(index, end);
      index = end;
    }
    fields.push(field);

    // After a field: a comma, the end of the record, or the end of the text.
    const code = index < length ? text.charCodeAt(index) : -1;
    if (code === COMMA) {
      index += 1;
      continue;
    }
    if (code === CR && text.charCodeAt(index + 1) !== LF) {
      throw new CsvSyntaxError(line, `Line ${String(line)} ends with a carriage return alone. Save the file as CSV again.`);
    }
    // A blank line is no record (spreadsheets leave them at the end of a file).
    const blank = fields.length === 1 && fields[0] === '' && text.charCodeAt(index - 1) !== QUOTE;
    if (!blank) rows.push({ line: recordLine, fields });
    fields = [];
    if (code === -1) break;
    index += code === CR ? 2 : 1;
    line += 1;
    recordLine = line;
    if (index === length) break;
  }
  return rows;
}

function countLineFeeds(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}
