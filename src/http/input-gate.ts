/**
 * The one gate every query string, form body, multipart field and JSON body passes through before
 * a route sees it. The rules, decided once:
 *
 * - **Text.** NUL and the other C0 and C1 control characters (except tab, line feed and carriage
 *   return), DEL, lone UTF-16 surrogates and the bidirectional override and isolate characters are
 *   removed, and text is put in Unicode NFC. PostgreSQL cannot store NUL in `text`; the controls
 *   and overrides are invisible and are how names and file names are spoofed ("Trojan Source");
 *   none of them is anything a person means to type, so removing them loses nothing they wrote.
 *   NFC makes "é" typed two ways the same name, so searches and duplicate checks agree.
 * - **Repeated fields.** `?page=1&page=2` or a form field sent twice is read as its first value,
 *   unless the route declares the field a list (`config.input.lists`), when it is always an array.
 *   One value where one is expected means every schema below sees the shape it was written for.
 * - **Keys.** `__proto__`, `constructor` and `prototype` are dropped at every depth, so no input
 *   can reach an object's prototype however the result is later merged.
 *
 * JSON keeps its types: numbers, booleans, null and arrays stay as sent (strictness about them is
 * each schema's job, and no schema coerces a JSON boolean or array into a number).
 */

// C0 controls except \t (09), \n (0A) and \r (0D); DEL; C1 controls; bidi embeddings, overrides
// (U+202A–U+202E) and isolates (U+2066–U+2069); and surrogates not part of a pair.
// eslint-disable-next-line no-control-regex -- matching control characters is this expression's purpose
const UNSTORABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The text with the characters the service never stores removed, in NFC. */
export function cleanText(text: string): string {
  // The regular expression without the `u` flag would see a lone surrogate as a code unit; with it,
  // a lone surrogate is matched by the surrogate classes, which is what is wanted here.
  return text.replace(UNSTORABLE, '').normalize('NFC');
}

export interface InputShape {
  /** Top-level fields that are lists (checkboxes): always read as arrays, never collapsed. */
  lists?: readonly string[];
  /** JSON arrays are structure and stay whole; in a query or a form a repeated field is read once. */
  source?: 'form' | 'json';
}

/** A value as a route should see it: text cleaned, repeated fields read once, prototype keys gone. */
export function normaliseInput(value: unknown, shape: InputShape = {}): unknown {
  const source = shape.source ?? 'form';
  if (!isPlainRecord(value)) return normaliseValue(value, source);
  const lists = new Set(shape.lists ?? []);
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (PROTOTYPE_KEYS.has(key)) continue;
    const cleanKey = cleanText(key);
    if (lists.has(cleanKey)) {
      const items: unknown[] = Array.isArray(field) ? field : field === undefined ? [] : [field];
      result[cleanKey] = items.map((item) => normaliseValue(item, 'json'));
    } else {
      result[cleanKey] = normaliseValue(field, source);
    }
  }
  return result;
}

/**
 * Query strings and forms only ever carry text, lists of text and (through qs brackets) nested
 * records of them; JSON also carries numbers, booleans and null, which are kept as they are.
 */
function normaliseValue(value: unknown, source: 'form' | 'json'): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) {
    // In a form a repeated scalar field is read as its first value; a list of records (the rows of
    // a grid) is structure, kept whole.
    if (source === 'form' && value.length > 0 && value.every((item) => typeof item === 'string')) return cleanText(value[0] as string);
    return value.map((item) => normaliseValue(item, source));
  }
  if (isPlainRecord(value)) return normaliseInput(value, { source });
  return value;
}

/** A record of fields: parsers build them with Object's prototype, none, or (fast-querystring) an empty one. */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !ArrayBuffer.isView(value);
}
