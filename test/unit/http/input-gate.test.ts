import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, normaliseInput } from '../../../src/http/input-gate.js';

describe('cleanText', () => {
  it.each([
    ['plain text', 'Sam Taylor', 'Sam Taylor'],
    ['NUL removed', 'a\u0000b', 'ab'],
    ['other C0 controls removed', 'a\u0001\u0008\u000B\u000C\u001Fb', 'ab'],
    ['tab and newlines kept', 'a\tb\nc\r\nd', 'a\tb\nc\r\nd'],
    ['DEL and C1 controls removed', 'a\u007F\u0085\u009Fb', 'ab'],
    ['a lone high surrogate removed', 'a\uD800b', 'ab'],
    ['a lone low surrogate removed', 'a\uDC00b', 'ab'],
    ['a surrogate pair (emoji) kept', 'thumbs 👍', 'thumbs 👍'],
    ['bidi override removed', 'Sam\u202Emalicious\u202C', 'Sammalicious'],
    ['bidi isolates removed', '\u2066x\u2069', 'x'],
    ['Arabic and Welsh letters kept', 'سارة Siân', 'سارة Siân'],
    ['decomposed é becomes one character (NFC)', 'Sie\u0301n', 'Sién'],
  ])('%s', (_name, input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it('never leaves a character PostgreSQL cannot store, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const cleaned = cleanText(text);
        expect(cleaned.includes(String.fromCharCode(0))).toBe(false);
        // Well-formed UTF-16: encoding and decoding again gives the same text (a lone surrogate would not).
        expect(new TextDecoder().decode(new TextEncoder().encode(cleaned))).toBe(cleaned);
      }),
    );
  });
});

describe('normaliseInput', () => {
  it.each([
    ['a repeated form field is read as its first value', { page: ['1', '2'] }, {}, { page: '1' }],
    ['a declared list stays a list', { roles: ['a', 'b'] }, { lists: ['roles'] }, { roles: ['a', 'b'] }],
    ['a declared list with one value becomes a list', { roles: 'a' }, { lists: ['roles'] }, { roles: ['a'] }],
    ['rows of a grid are kept whole', { rows: [{ minutes: '30' }, { minutes: ['20', '40'] }] }, {}, { rows: [{ minutes: '30' }, { minutes: '20' }] }],
    ['text inside records is cleaned', { a: { b: 'x\u0000y' } }, {}, { a: { b: 'xy' } }],
    ['keys are cleaned', { 'q\u0000': 'x' }, {}, { q: 'x' }],
    ['JSON keeps numbers, booleans, null and arrays', { minutes: 30, madeUp: true, end: null, records: ['a', 'b'] }, { source: 'json' }, { minutes: 30, madeUp: true, end: null, records: ['a', 'b'] }],
  ] as const)('%s', (_name, input, shape, expected) => {
    expect(normaliseInput(input, shape)).toEqual(expected);
  });

  it('drops prototype keys at every depth', () => {
    const input = JSON.parse('{"__proto__": {"admin": true}, "a": {"constructor": {"prototype": 1}, "b": "c"}, "prototype": 2}') as unknown;
    const result = normaliseInput(input) as Record<string, unknown>;
    expect(result).toEqual({ a: { b: 'c' } });
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});

describe('normaliseInput on what parsers build', () => {
  it('reads a record without a prototype, or with an empty one, as fast-querystring makes', () => {
    function Empty() {}
    Empty.prototype = Object.create(null) as object;
    const query = new (Empty as unknown as new () => Record<string, unknown>)();
    query.page = ['1', '2'];
    query.q = 'a\u0000b';
    expect(normaliseInput(query)).toEqual({ page: '1', q: 'ab' });
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { q: ['x', 'y'] });
    expect(normaliseInput(bare)).toEqual({ q: 'x' });
  });
});
