import { describe, expect, it } from 'vitest';
import { provisionCost, unitCostInWords, unitCostOf, type CostInput, type UnitCost } from '../../../src/domain/provision-cost.js';

const hourly: UnitCost = { pence: 6500, unit: 'hour' };
const perSession: UnitCost = { pence: 4000, unit: 'session' };

const input = (overrides: Partial<CostInput>): CostInput => ({
  cost: hourly,
  minutesPerSession: 60,
  owed: { sessions: 5, minutes: 300 },
  delivered: { sessions: 5, minutes: 300 },
  runs: { startDate: '2026-09-01', endDate: null },
  from: '2026-09-01',
  to: '2026-12-18',
  ...overrides,
});

describe('provisionCost: paid for as delivered (by the hour or the session)', () => {
  it.each([
    ['everything delivered: actual equals planned', input({}), { plannedPence: 32_500, actualPence: 32_500, differencePence: 0 }],
    ['one hour missed of five: the missed hour costs nothing', input({ delivered: { sessions: 4, minutes: 240 } }), { plannedPence: 32_500, actualPence: 26_000, differencePence: -6_500 }],
    ['nothing delivered', input({ delivered: { sessions: 0, minutes: 0 } }), { plannedPence: 32_500, actualPence: 0, differencePence: -32_500 }],
    ['made-up time over what was owed costs too', input({ delivered: { sessions: 6, minutes: 360 } }), { plannedPence: 32_500, actualPence: 39_000, differencePence: 6_500 }],
    // A termly hour after 32 of 70 days owes 27.428571… minutes: 27.428571 × 6500 / 60 = 2971.43p, rounded once.
    [
      'a fraction of an hour owed is rounded once, to the nearest penny',
      input({ owed: { sessions: 32 / 70, minutes: (60 * 32) / 70 }, delivered: { sessions: 0, minutes: 0 } }),
      { plannedPence: 2_971, actualPence: 0, differencePence: -2_971 },
    ],
    [
      'half a penny rounds up',
      input({ cost: { pence: 50, unit: 'hour' }, owed: { sessions: 1, minutes: 3 }, delivered: { sessions: 1, minutes: 3 } }),
      { plannedPence: 3, actualPence: 3, differencePence: 0 },
    ],
    [
      'hourly with no session length in the plan: planned is not known',
      input({ minutesPerSession: null, owed: { sessions: 5, minutes: null }, delivered: { sessions: 2, minutes: 90 } }),
      { plannedPence: null, actualPence: 9_750, differencePence: null },
    ],
    ['no schedule to owe by: planned is not known', input({ owed: null, delivered: { sessions: 1, minutes: 60 } }), { plannedPence: null, actualPence: 6_500, differencePence: null }],
    [
      'per session, sessions of the planned length',
      input({ cost: perSession, minutesPerSession: 30, owed: { sessions: 10, minutes: 300 }, delivered: { sessions: 8, minutes: 240 } }),
      { plannedPence: 40_000, actualPence: 32_000, differencePence: -8_000 },
    ],
    [
      'per session, a half-length session costs half',
      input({ cost: perSession, minutesPerSession: 30, owed: { sessions: 1, minutes: 30 }, delivered: { sessions: 1, minutes: 15 } }),
      { plannedPence: 4_000, actualPence: 2_000, differencePence: -2_000 },
    ],
    [
      'per session, no session length: sessions as recorded',
      input({ cost: perSession, minutesPerSession: null, owed: { sessions: 3, minutes: null }, delivered: { sessions: 2, minutes: 45 } }),
      { plannedPence: 12_000, actualPence: 8_000, differencePence: -4_000 },
    ],
  ])('%s', (_name, given, expected) => {
    expect(provisionCost(given)).toEqual(expected);
  });
});

describe('provisionCost: flat costs, pro rata by calendar day, whatever is delivered', () => {
  const yearly: UnitCost = { pence: 390_000, unit: 'year' };
  it.each([
    ['a whole school year (365 days) costs the year', input({ cost: yearly, from: '2026-09-01', to: '2027-08-31' }), 390_000],
    ['a whole leap school year (366 days) costs the year too', input({ cost: yearly, runs: { startDate: '2027-09-01', endDate: null }, from: '2027-09-01', to: '2028-08-31' }), 390_000],
    // 390000 × 30 / 365 = 32054.79
    ['30 days of a 365-day year', input({ cost: yearly, from: '2026-09-01', to: '2026-09-30' }), 32_055],
    // Starts 16 September: 15 days of September. 390000 × 15 / 365 = 16027.40
    ['an item starting in the period costs from its start', input({ cost: yearly, runs: { startDate: '2026-09-16', endDate: null }, from: '2026-09-01', to: '2026-09-30' }), 16_027],
    ['an item ended before the period costs nothing', input({ cost: yearly, runs: { startDate: '2025-09-01', endDate: '2026-07-22' }, from: '2026-09-01', to: '2026-12-18' }), 0],
    // 31 days of 2025/26 (365 days) and 30 of 2026/27 (365): 390000 × 61 / 365 = 65178.08
    ['across two school years', input({ cost: yearly, runs: { startDate: '2026-08-01', endDate: null }, from: '2026-08-01', to: '2026-09-30' }), 65_178],
    ['a week costs a seventh a day', input({ cost: { pence: 10_000, unit: 'week' }, from: '2026-09-07', to: '2026-09-20' }), 20_000],
    ['a term is a third of a year: a whole year costs three terms', input({ cost: { pence: 60_000, unit: 'term' }, from: '2026-09-01', to: '2027-08-31' }), 180_000],
  ])('%s', (_name, given, pence) => {
    // Delivery does not change a flat cost: the same with nothing delivered.
    expect(provisionCost(given)).toEqual({ plannedPence: pence, actualPence: pence, differencePence: 0 });
    expect(provisionCost({ ...given, delivered: { sessions: 0, minutes: 0 } })).toEqual({ plannedPence: pence, actualPence: pence, differencePence: 0 });
  });
});

describe('unitCostOf and unitCostInWords', () => {
  it.each([
    ['its own unit cost', { unitCostPence: 6500, costUnit: 'hour', annualCostPence: 390_000 }, { pence: 6500, unit: 'hour' }],
    ['a flat annual cost, where it has no unit cost', { unitCostPence: null, costUnit: null, annualCostPence: 390_000 }, { pence: 390_000, unit: 'year' }],
    ['not costed', { unitCostPence: null, costUnit: null, annualCostPence: null }, null],
  ])('%s', (_name, item, expected) => {
    expect(unitCostOf(item)).toEqual(expected);
  });

  it.each([
    [{ pence: 6500, unit: 'hour' } as const, '£65 an hour'],
    [{ pence: 1250, unit: 'session' } as const, '£12.50 a session'],
    [{ pence: 120_000, unit: 'year' } as const, '£1,200 a year'],
    [{ pence: 60_000, unit: 'term' } as const, '£600 a term'],
  ])('%o reads "%s"', (cost, words) => {
    expect(unitCostInWords(cost)).toBe(words);
  });
});
