import { describe, expect, it } from 'vitest';
import { timeOrderedUuid } from '../../../src/db/time-ordered-id.js';

describe('timeOrderedUuid', () => {
  it.each([
    [0, '00000000-0000-7'],
    [1_764_374_400_000, '019acce8-cc00-7'],
    [2 ** 48 - 1, 'ffffffff-ffff-7'],
  ])('puts %d milliseconds in the first 48 bits, then version 7', (now, prefix) => {
    const id = timeOrderedUuid(now);
    expect(id.slice(0, 15)).toBe(prefix);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sorts ids made in later milliseconds after earlier ones', () => {
    const ids = [1000, 1001, 5000, 1_764_374_400_000].map((now) => timeOrderedUuid(now));
    expect([...ids].sort()).toEqual(ids);
  });

  it('does not repeat within a millisecond', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => timeOrderedUuid(42)));
    expect(ids.size).toBe(10_000);
  });
});
