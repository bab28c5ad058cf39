import { describe, expect, it } from 'vitest';
import { CsvEncodingError, CsvSyntaxError, decodeUtf8, parseCsv } from '../../../src/domain/csv.js';

const lines = (text: string) => parseCsv(text).map((row) => [row.line, row.fields]);

describe('parseCsv', () => {
  it.each([
    ['empty text', '', []],
    ['one record without a line end', 'a,b,c', [[1, ['a', 'b', 'c']]]],
    ['CRLF line ends', 'a,b\r\nc,d\r\n', [[1, ['a', 'b']], [2, ['c', 'd']]]],
    ['bare LF line ends', 'a,b\nc,d\n', [[1, ['a', 'b']], [2, ['c', 'd']]]],
    ['empty fields kept', 'a,,c,\r\n', [[1, ['a', '', 'c', '']]]],
    ['spaces kept as typed', ' a , b ', [[1, [' a ', ' b ']]]],
    ['a quoted comma', '"Smith, Jo",2', [[1, ['Smith, Jo', '2']]]],
    ['a doubled quote', '"say ""hello""",x', [[1, ['say "hello"', 'x']]]],
    ['an empty quoted value counts as a value', '""\r\nb', [[1, ['']], [2, ['b']]]],
    ['a line break inside quotes: the next record keeps its own line number', '"two\r\nlines",x\r\ny,z', [[1, ['two\r\nlines', 'x']], [3, ['y', 'z']]]],
    ['blank lines skipped, line numbers as in the file', 'a\r\n\r\nb\r\n\r\n', [[1, ['a']], [3, ['b']]]],
    ['a row of empty fields is kept (the caller decides)', 'a,b\r\n,\r\n', [[1, ['a', 'b']], [2, ['', '']]]],
    ['unicode kept', 'Zoë,Łukasz,£5', [[1, ['Zoë', 'Łukasz', '£5']]]],
  ])('%s', (_name, text, expected) => {
    expect(lines(text)).toEqual(expected);
  });

  it.each([
    ['a quote inside an unquoted value', 'a,b\r\nab"c,d', 2, 'inside a value that does not start with one'],
    ['text after a closing quote', '"a"b,c', 1, 'straight after a closing quote'],
    ['a quote never closed', 'a\r\n"open,b\r\nc,d', 2, 'never closed'],
    ['a lone carriage return', 'a,b\rc,d', 1, 'carriage return alone'],
  ])('refuses %s, saying which line', (_name, text, line, message) => {
    let caught: unknown;
    try {
      parseCsv(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CsvSyntaxError);
    expect((caught as CsvSyntaxError).line).toBe(line);
    expect((caught as CsvSyntaxError).message).toContain(message);
  });
});

describe('decodeUtf8', () => {
  const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

  it('decodes UTF-8 and drops a byte order mark', () => {
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], 'a,b\r\nZoë'))).toBe('a,b\r\nZoë');
    expect(decodeUtf8(bytes('plain'))).toBe('plain');
  });

  it.each([
    ['Windows-1252 £ on line 3', bytes('a\r\nb\r\nc', [0xa3], '5\r\nd'), 3],
    ['Latin-1 é on line 1', bytes('Zo', [0xe9]), 1],
    ['a truncated multi-byte character at the end', bytes('a\nb\n', [0xe2, 0x82]), 3],
  ])('refuses %s, saying which line', (_name, input, line) => {
    expect(() => decodeUtf8(input)).toThrow(CsvEncodingError);
    try {
      decodeUtf8(input);
    } catch (error) {
      expect((error as CsvEncodingError).line).toBe(line);
    }
  });
});
