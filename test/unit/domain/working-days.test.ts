import { describe, expect, it } from 'vitest';
import { addWorkingDays, workingDaysBetween } from '../../../src/domain/working-days.js';

// 2026-12-25 (Fri) and 2026-12-28 (Mon) are bank holidays in England.
const BANK_HOLIDAYS = ['2026-12-25', '2026-12-28'];

describe('working days', () => {
  it.each([
    ['Monday + 3', '2026-11-23', 3, '2026-11-26'],
    ['Friday + 3 skips the weekend', '2026-11-27', 3, '2026-12-02'],
    ['Saturday + 3 counts from Monday', '2026-11-28', 3, '2026-12-02'],
    ['Wednesday before Christmas + 3 skips both bank holidays', '2026-12-23', 3, '2026-12-30'],
    ['+ 0 is the same day', '2026-11-23', 0, '2026-11-23'],
  ])('%s', (_name, from, days, due) => {
    expect(addWorkingDays(from, days, BANK_HOLIDAYS)).toBe(due);
  });

  it.each([
    ['same day', '2026-11-23', '2026-11-23', 0],
    ['Friday to Monday', '2026-11-27', '2026-11-30', 1],
    ['Monday to Thursday', '2026-11-23', '2026-11-26', 3],
    ['over Christmas', '2026-12-23', '2026-12-30', 3],
  ])('%s takes %s to %s', (_name, from, to, days) => {
    expect(workingDaysBetween(from, to, BANK_HOLIDAYS)).toBe(days);
  });
});
