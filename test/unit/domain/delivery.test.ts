import { describe, expect, it } from 'vitest';
import { deliveryGapReasons, deliveryRate, gapWindows, periodLedger, rateTable, type ItemDeliveryWindow } from '../../../src/domain/delivery.js';

const window = (overrides: Partial<ItemDeliveryWindow>): ItemDeliveryWindow => ({
  owedSessionsInWindow: 8,
  owedMinutesInWindow: 240,
  deliveredMinutesInWindow: 240,
  owedSessionsInSilentWindow: 6,
  recordsInSilentWindow: 6,
  ...overrides,
});

describe('deliveryRate', () => {
  it.each([
    [240, 240, 100],
    [180, 240, 75],
    [0, 240, 0],
    [300, 240, 125], // made-up time can take a period over 100 %
    [30, 0, null],
    [30, null, null],
  ])('%i delivered of %s owed is %s %', (delivered, owed, expected) => {
    expect(deliveryRate(delivered, owed)).toBe(expected);
  });
});

describe('deliveryGapReasons (default: under 80 % over 4 weeks, or nothing recorded for 3 weeks)', () => {
  it.each([
    ['all delivered', window({}), []],
    ['exactly 80 % delivered', window({ deliveredMinutesInWindow: 192 }), []],
    ['just under 80 % delivered', window({ deliveredMinutesInWindow: 191 }), ['under_delivered']],
    ['3 silent weeks in term', window({ deliveredMinutesInWindow: 60, recordsInSilentWindow: 0 }), ['nothing_recorded', 'under_delivered']],
    ['3 silent weeks over the summer holiday', window({ owedSessionsInWindow: 0, owedMinutesInWindow: 0, deliveredMinutesInWindow: 0, owedSessionsInSilentWindow: 0, recordsInSilentWindow: 0 }), []],
    ['nothing owed yet (item just started)', window({ owedSessionsInWindow: 0, owedMinutesInWindow: 0, deliveredMinutesInWindow: 0 }), []],
    [
      'a sparse item (3 a year) owes less than one session: silence is expected',
      window({ owedSessionsInWindow: 0.33, owedMinutesInWindow: 20, deliveredMinutesInWindow: 0, owedSessionsInSilentWindow: 0.25, recordsInSilentWindow: 0 }),
      [],
    ],
    [
      'exactly one session owed and none given',
      window({ owedSessionsInWindow: 1, owedMinutesInWindow: 60, deliveredMinutesInWindow: 0, owedSessionsInSilentWindow: 1, recordsInSilentWindow: 0 }),
      ['nothing_recorded', 'under_delivered'],
    ],
  ] as const)('%s → %o', (_label, input, expected) => {
    expect(deliveryGapReasons(input)).toEqual(expected);
  });

  it("uses the LA's own thresholds when it sets them", () => {
    expect(deliveryGapReasons(window({ deliveredMinutesInWindow: 200 }), { minimumShareDelivered: 0.9, windowWeeks: 4, silentWeeks: 3 })).toEqual(['under_delivered']);
  });
});

describe('gapWindows', () => {
  it.each([
    ['a Wednesday judges the complete weeks before this one', '2026-11-25', { window: { from: '2026-10-26', to: '2026-11-22' }, silent: { from: '2026-11-02', to: '2026-11-22' } }],
    ['a Monday leaves out the week just begun', '2026-11-23', { window: { from: '2026-10-26', to: '2026-11-22' }, silent: { from: '2026-11-02', to: '2026-11-22' } }],
    ['a Sunday still belongs to its week', '2026-11-29', { window: { from: '2026-10-26', to: '2026-11-22' }, silent: { from: '2026-11-02', to: '2026-11-22' } }],
  ])('%s', (_name, today, expected) => {
    expect(gapWindows(today, { windowWeeks: 4, silentWeeks: 3 })).toEqual(expected);
  });
});

describe('periodLedger', () => {
  const totals = { owedSessions: 24, owedMinutes: 720, deliveredSessions: 18, deliveredMinutes: 540, missedSessions: 6, missedMinutes: 180, madeUpMinutes: 0 };
  it.each([
    ['18 of 24 delivered, 6 missed', totals, { balanceMinutes: 180, unrecordedMinutes: 0, rate: 75 }],
    ['nothing recorded at all', { ...totals, deliveredSessions: 0, deliveredMinutes: 0, missedSessions: 0, missedMinutes: 0 }, { balanceMinutes: 720, unrecordedMinutes: 720, rate: 0 }],
    ['missed time made up in full', { ...totals, deliveredSessions: 24, deliveredMinutes: 720, madeUpMinutes: 180 }, { balanceMinutes: 0, unrecordedMinutes: 0, rate: 100 }],
    ['more delivered than owed', { ...totals, deliveredSessions: 26, deliveredMinutes: 780, missedSessions: 0, missedMinutes: 0 }, { balanceMinutes: -60, unrecordedMinutes: 0, rate: 108 }],
    [
      'nothing owed yet',
      { ...totals, owedSessions: 0, owedMinutes: 0, deliveredSessions: 0, deliveredMinutes: 0, missedSessions: 0, missedMinutes: 0 },
      { balanceMinutes: 0, unrecordedMinutes: 0, rate: null },
    ],
  ])('%s', (_name, input, expected) => {
    expect(periodLedger(input)).toMatchObject(expected);
  });
});

describe('rateTable', () => {
  const rows = [
    { key: 'Speech and language', items: 4, owedMinutes: 600, deliveredMinutes: 600 },
    { key: 'Occupational therapy', items: 2, owedMinutes: 240, deliveredMinutes: 60 },
    { key: null, items: 1, owedMinutes: 30, deliveredMinutes: 0 },
    { key: 'Literacy', items: 5, owedMinutes: 900, deliveredMinutes: 450 },
  ];

  it.each([1, 2, 3, 4, 10])('shows the worst first and adds up to the total with %i rows shown', (limit) => {
    const table = rateTable(rows, limit);
    expect(table.total).toEqual({ items: 12, owedMinutes: 1770, deliveredMinutes: 1110 });
    const shown = [...table.shown, ...(table.others ? [table.others] : [])];
    for (const field of ['items', 'owedMinutes', 'deliveredMinutes'] as const) {
      expect(shown.reduce((sum, row) => sum + row[field], 0)).toBe(table.total[field]);
    }
    expect(table.shown.map((row) => row.key)).toEqual([null, 'Occupational therapy', 'Literacy', 'Speech and language'].slice(0, limit));
    expect(table.others?.rows ?? 0).toBe(Math.max(0, rows.length - limit));
  });

  it('has a zero total for no rows', () => {
    expect(rateTable([], 5)).toEqual({ shown: [], others: null, total: { items: 0, owedMinutes: 0, deliveredMinutes: 0 } });
  });
});
