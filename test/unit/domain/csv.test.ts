import { describe, expect, it } from 'vitest';
import { CsvEncodingError, CsvSyntaxError, decodeUtf8, parseCsv } from '../../../src/domain/csv.js';

const lines = (text: string) => parseCsv(text).map((row) => [row.line, row.fields]);

describe('parseCsv', () => {
  it.each([
    ['empty text', '', []],
    ['one record without a line end', 'a,b,c', [[1, ['a', 'b', 'c']]]],
    [
      'CRLF line ends',
      'a,b\r\nc,d\r\n',
      [
        [1, ['a', 'b']],
        [2, ['c', 'd']],
      ],
    ],
    [
      'bare LF line ends',
      'a,b\nc,d\n',
      [
        [1, ['a', 'b']],
        [2, ['c', 'd']],
      ],
    ],
    ['empty fields kept', 'a,,c,\r\n', [[1, ['a', '', 'c', '']]]],
    ['spaces kept as typed', ' a , b ', [[1, [' a ', ' b ']]]],
    ['a quoted comma', '"Smith, Jo",2', [[1, ['Smith, Jo', '2']]]],
    ['a doubled quote', '"say ""hello""",x', [[1, ['say "hello"', 'x']]]],
    [
      'an empty quoted value counts as a value',
      '""\r\nb',
      [
        [1, ['']],
        [2, ['b']],
      ],
    ],
    [
      'a line break inside quotes: the next record keeps its own line number',
      '"two\r\nlines",x\r\ny,z',
      [
        [1, ['two\r\nlines', 'x']],
        [3, ['y', 'z']],
      ],
    ],
    [
      'blank lines skipped, line numbers as in the file',
      'a\r\n\r\nb\r\n\r\n',
      [
        [1, ['a']],
        [3, ['b']],
      ],
    ],
    [
      'a row of empty fields is kept (the caller decides)',
      'a,b\r\n,\r\n',
      [
        [1, ['a', 'b']],
        [2, ['', '']],
      ],
    ],
    ['unicode kept', 'Zoë,Łukasz,£5', [[1, ['Zoë', 'Łukasz', '£5']]]],
    [
      'a byte order mark dropped',
      '\uFEFFitem_id,date\r\nx,y',
      [
        [1, ['item_id', 'date']],
        [2, ['x', 'y']],
      ],
    ],
    ['a byte order mark alone', '\uFEFF', []],
    [
      'CRLF and LF mixed in one file',
      'a\r\nb\nc\r\n',
      [
        [1, ['a']],
        [2, ['b']],
        [3, ['c']],
      ],
    ],
    [
      'ragged rows kept as they are (the caller counts the values)',
      'a,b,c\r\nd\r\ne,f,g,h\r\n',
      [
        [1, ['a', 'b', 'c']],
        [2, ['d']],
        [3, ['e', 'f', 'g', 'h']],
      ],
    ],
    ['a quoted value that is all quotes', '"""""",x', [[1, ['""', 'x']]]],
    ['quotes beside commas and line breaks in one value', '"a, ""b""\nc",d', [[1, ['a, "b"\nc', 'd']]]],
    [
      'a quoted empty value last on a line',
      'a,""\r\nb,c',
      [
        [1, ['a', '']],
        [2, ['b', 'c']],
      ],
    ],
    [
      'an LF inside quotes in an LF file',
      '"x\ny",z\nw\n',
      [
        [1, ['x\ny', 'z']],
        [3, ['w']],
      ],
    ],
    [
      'several values spanning lines in one record',
      'h\r\n"1\r\n2","3\r\n4\r\n5",6\r\nlast',
      [
        [1, ['h']],
        [2, ['1\r\n2', '3\r\n4\r\n5', '6']],
        [6, ['last']],
      ],
    ],
    ['a carriage return alone inside quotes is part of the value', '"a\rb",c', [[1, ['a\rb', 'c']]]],
    [
      'blank lines with LF and CRLF mixed',
      '\n\r\na\n\nb',
      [
        [3, ['a']],
        [5, ['b']],
      ],
    ],
    ['a record ending exactly at a quote at the end of the file', 'a,"b"', [[1, ['a', 'b']]]],
  ])('%s', (_name, text, expected) => {
    expect(lines(text)).toEqual(expected);
  });

  it.each([
    ['a quote inside an unquoted value', 'a,b\r\nab"c,d', 2, 'inside a value that does not start with one'],
    ['text after a closing quote', '"a"b,c', 1, 'straight after a closing quote'],
    ['a quote never closed', 'a\r\n"open,b\r\nc,d', 2, 'never closed'],
    ['a lone carriage return', 'a,b\rc,d', 1, 'carriage return alone'],
    ['a lone carriage return at the end of the file', 'a\r\nb,c\r', 2, 'carriage return alone'],
    ['a lone carriage return at the start of a line', 'a\n\rb', 2, 'carriage return alone'],
    ['a lone carriage return after a closing quote', 'a\r\n"b"\rc', 2, 'carriage return alone'],
    ['a lone carriage return before a stray quote (the first problem is the one named)', 'a\r\nb\r"c', 2, 'carriage return alone'],
    ['a quote never closed, named by the line it opens on', 'a\r\n"open,b\r\nc,d\r\ne', 2, 'never closed'],
    ['a quote never closed after a value spanning lines', 'a\r\n"x\r\ny",b\r\n\r\nc,"open\r\nrest', 5, 'never closed'],
    ['a quote never closed at the very end', 'a,b\r\n"', 2, 'never closed'],
    ['a quote never closed in a byte-order-marked file', '\uFEFF\r\n"open', 2, 'never closed'],
    ['a stray quote after blank lines', 'a\r\n\r\n\nb"c', 4, 'inside a value that does not start with one'],
    ['a stray quote in a later value', 'a,"x\ny",b"c', 2, 'inside a value that does not start with one'],
    ['text after a closing quote on a later line of the value', 'a\r\n"one\r\ntwo""\r\nthree"x', 4, 'straight after a closing quote'],
    ['text after a closing quote in a later value, after blank lines', 'a\n\n"b","c\nd"e', 4, 'straight after a closing quote'],
    ['a space after a closing quote', '"a" ,b', 1, 'straight after a closing quote'],
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
