import { describe, expect, it } from 'vitest';
import { safeReturnPath } from '../../../src/modules/auth/schemas.js';

describe('safeReturnPath (no open redirect after sign-in)', () => {
  it.each([
    ['/children', '/children'],
    ['/children/abc?tab=plan', '/children/abc?tab=plan'],
    ['//evil.example', null],
    ['/\\evil.example', null],
    ['https://evil.example/', null],
    ['children', null],
    ['/children\nLocation: x', null],
    [42, null],
  ])('%s → %s', (value, expected) => {
    expect(safeReturnPath(value)).toBe(expected);
  });
});
