import { describe, expect, it } from 'vitest';
import {
  bandInForce,
  childFunding,
  defaultFundingSettingType,
  FUNDING_LINE_KINDS,
  FUNDING_PAYERS,
  FUNDING_SETTING_TYPES,
  CONFIRM_ANNUAL_ABOVE_PENCE,
  PLACEMENT_TYPES,
  financialYearOf,
  fundingLineProblems,
  lineCost,
  overlappingMainPlacements,
  PLACEMENT_TYPE_KEYS,
  placementTypeOf,
  summariseFunding,
  topUpBandProblems,
  type ChildFunding,
  type FundedPlacement,
  type FundingLine,
  type FundingLineContext,
  type FundingSettingType,
  type PlacementType,
  type TopUpBand,
} from '../../../src/domain/funding.js';

const line = (annualAmountPence: number | null, from: string, to: string | null, extra: Partial<FundingLine> = {}): FundingLine => ({
  kind: 'top_up',
  payer: 'commissioning_la',
  annualAmountPence,
  bandId: null,
  from,
  to,
  ...extra,
});

const FY2025 = { from: '2025-04-01', to: '2026-03-31' };

describe('setting types and the placement types the FOI asks about', () => {
  it.each<[FundingSettingType, PlacementType]>([
    ['mainstream_academy', 'mainstream'],
    ['mainstream_independent', 'mainstream'],
    ['mainstream_resourced_provision', 'mainstream'],
    ['mainstream_sen_unit', 'mainstream'],
    ['special_la_maintained', 'la_special'],
    ['special_academy', 'la_special'],
    ['special_free_school', 'la_special'],
    ['special_non_maintained', 'independent_special'],
    ['special_independent', 'independent_special'],
    ['elective_home_education', 'ehe'],
    ['eotas', 'eotas'],
    ['ap_pru', 'ap'],
    ['fe_college', 'post16'],
    ['specialist_post16', 'post16'],
    ['early_years', 'early_years'],
  ])('%s counts as %s', (settingType, placementType) => {
    expect(placementTypeOf(settingType)).toBe(placementType);
  });

  it('every placement type has at least one setting type, and every setting type a plain label', () => {
    const used = new Set(Object.values(FUNDING_SETTING_TYPES).map((row) => row.placementType));
    expect([...used].sort()).toEqual([...PLACEMENT_TYPE_KEYS].sort());
    for (const row of Object.values(FUNDING_SETTING_TYPES)) expect(row.label).toMatch(/^[A-Z][a-z]/);
  });

  it.each<[string, string | null, boolean, boolean, string | null, FundingSettingType | null]>([
    ['an academy', 'mainstream_academy', false, false, null, 'mainstream_academy'],
    ['an academy with resourced provision', 'mainstream_academy', false, true, null, 'mainstream_resourced_provision'],
    ['a maintained school with an SEN unit', 'mainstream_la_maintained', true, false, null, 'mainstream_sen_unit'],
    ['a special academy or free school', 'special_academy_free', false, false, null, 'special_academy'],
    ['a non-maintained special school', 'special_non_maintained', false, false, null, 'special_non_maintained'],
    ['arranged by the LA out of school', null, false, false, 'OLA', 'eotas'],
    ['home educated', null, false, false, 'EHE', 'elective_home_education'],
    ['an early years provider with no URN', null, false, false, 'EYP', 'early_years'],
    ['awaiting a placement', null, false, false, 'NIEO', null],
  ])('the default for %s', (_label, settingType, senUnit, resourcedProvision, senSettingCode, expected) => {
    expect(defaultFundingSettingType({ settingType, senUnit, resourcedProvision, senSettingCode })).toBe(expected);
  });
});

describe('the financial year a day falls in', () => {
  it.each([
    ['2026-03-31', '2025-04-01', '2026-03-31'],
    ['2026-04-01', '2026-04-01', '2027-03-31'],
    ['2026-12-25', '2026-04-01', '2027-03-31'],
  ])('%s', (day, from, to) => {
    expect(financialYearOf(day)).toEqual({ from, to });
  });
});

describe('what a line costs over a period, pro rata by days', () => {
  it.each<[string, FundingLine, { from: string; to: string }, number]>([
    ['a whole financial year costs its annual amount', line(1_000_000, '2025-04-01', null), FY2025, 1_000_000],
    ['a whole leap financial year (29 Feb 2028) costs its annual amount too', line(1_000_000, '2027-04-01', null), { from: '2027-04-01', to: '2028-03-31' }, 1_000_000],
    ['one day of a 365-day year: £10,000 ÷ 365 = £27.397… → £27.40', line(1_000_000, '2025-04-01', null), { from: '2025-06-01', to: '2025-06-01' }, 2740],
    ['one day of a 366-day year: £10,000 ÷ 366 = £27.322… → £27.32', line(1_000_000, '2025-04-01', null), { from: '2027-06-01', to: '2027-06-01' }, 2732],
    ['two days across 1 April round once: 2 × 2739.73p = 5479.45p → 5479p, not 2 × 2740p', line(1_000_000, '2025-04-01', null), { from: '2026-03-31', to: '2026-04-01' }, 5479],
    ['across into a 365-day year from a 366-day one: 2732.24p + 2739.73p → 5472p', line(1_000_000, '2025-04-01', null), { from: '2028-03-31', to: '2028-04-01' }, 5472],
    ['a mid-year start on 1 September: 212 days of 365 → £5,808.22', line(1_000_000, '2025-09-01', null), FY2025, 580_822],
    ['a mid-year end on 31 August: 153 days of 365 → £4,191.78', line(1_000_000, '2025-04-01', '2025-08-31'), FY2025, 419_178],
    ['a half penny rounds up: 183p a year for one day of 366', line(183, '2027-04-01', null), { from: '2027-06-01', to: '2027-06-01' }, 1],
    ['and 1.5p rounds up to 2p', line(549, '2027-04-01', null), { from: '2027-06-01', to: '2027-06-01' }, 2],
    ['a line that ended before the period costs nothing', line(1_000_000, '2024-04-01', '2025-03-31'), FY2025, 0],
    ['a line that starts after the period costs nothing', line(1_000_000, '2026-04-01', null), FY2025, 0],
    ['£0 a year costs £0', line(0, '2025-04-01', null), FY2025, 0],
  ])('%s', (_label, fundingLine, period, pence) => {
    expect(lineCost(fundingLine, period)).toBe(pence);
  });

  it('the two halves of a year add up to the whole, within a penny', () => {
    const whole = lineCost(line(1_234_567, '2025-04-01', null), FY2025);
    const halves = lineCost(line(1_234_567, '2025-04-01', null), { from: '2025-04-01', to: '2025-09-30' }) + lineCost(line(1_234_567, '2025-04-01', null), { from: '2025-10-01', to: '2026-03-31' });
    expect(whole).toBe(1_234_567);
    expect(Math.abs(halves - whole)).toBeLessThanOrEqual(1);
  });
});

// Mainstream band B: £4,000 until the uprating on 1 January 2026, then £4,400.
const bands: TopUpBand[] = [
  { id: 'b-old', code: 'B', settingType: 'mainstream_academy', annualValuePence: 400_000, from: '2025-04-01', to: '2025-12-31' },
  { id: 'b-new', code: 'B', settingType: 'mainstream_academy', annualValuePence: 440_000, from: '2026-01-01', to: null },
  { id: 'b-special', code: 'B', settingType: 'special_la_maintained', annualValuePence: 1_500_000, from: '2025-04-01', to: null },
  { id: 'c-old', code: 'C', settingType: 'mainstream_academy', annualValuePence: 600_000, from: '2025-04-01', to: '2025-12-31' },
];

describe('top-up bands', () => {
  it.each<[string, string, FundingSettingType, number | undefined]>([
    ['2025-12-31', 'B', 'mainstream_academy', 400_000],
    ['2026-01-01', 'B', 'mainstream_academy', 440_000],
    ['2030-01-01', 'B', 'mainstream_academy', 440_000],
    ['2025-06-01', 'B', 'special_la_maintained', 1_500_000],
    ['2025-03-31', 'B', 'mainstream_academy', undefined],
    ['2026-01-01', 'C', 'mainstream_academy', undefined],
  ])('the value in force on %s of band %s for %s', (day, code, settingType, value) => {
    expect(bandInForce(bands, code, settingType, day)?.annualValuePence).toBe(value);
  });

  // 1 Sep–31 Dec 2025 is 122 days at £4,000: 400,000 × 122 ÷ 365 = 133,698.63p;
  // 1 Jan–31 Mar 2026 is 90 days at £4,400: 440,000 × 90 ÷ 365 = 108,493.15p; together 242,191.78p.
  const banded = line(null, '2025-09-01', null, { bandId: 'b-old' });
  it.each<[string, { from: string; to: string }, number]>([
    ['before the change, at the old value', { from: '2025-09-01', to: '2025-12-31' }, 133_699],
    ['after the change, at the new value', { from: '2026-01-01', to: '2026-03-31' }, 108_493],
    ['across the change, each side at its own value, rounded once', FY2025, 242_192],
  ])('a band-funded line is costed %s', (_label, period, pence) => {
    expect(lineCost(banded, period, bands)).toBe(pence);
  });

  it('naming either version of the band costs the same: the line follows the band, not the row', () => {
    expect(lineCost({ ...banded, bandId: 'b-new' }, FY2025, bands)).toBe(242_192);
  });

  it('a band used on a day it has no value is an error, not a silent £0', () => {
    expect(() => lineCost(line(null, '2025-09-01', null, { bandId: 'c-old' }), FY2025, bands)).toThrow(/Band C is not in force/);
  });

  it.each<[string, TopUpBand, string[]]>([
    ['an uprating that starts the day after the last ends', { id: 'c-new', code: 'C', settingType: 'mainstream_academy', annualValuePence: 650_000, from: '2026-01-01', to: null }, []],
    [
      'the same band and setting type with overlapping dates',
      { id: 'b-clash', code: 'B', settingType: 'mainstream_academy', annualValuePence: 450_000, from: '2025-12-01', to: null },
      ['Band B already has a value from 2025-04-01: end that one the day before this one starts, so history is kept'],
    ],
    ['the same code for another setting type', { id: 'c-special', code: 'C', settingType: 'special_la_maintained', annualValuePence: 1_800_000, from: '2025-04-01', to: null }, []],
    [
      'a negative value',
      { id: 'd', code: 'D', settingType: 'mainstream_academy', annualValuePence: -1, from: '2025-04-01', to: null },
      ['The band value a year must be £0 or more, in pounds and pence'],
    ],
    ['no code', { id: 'e', code: ' ', settingType: 'mainstream_academy', annualValuePence: 1, from: '2025-04-01', to: null }, ['Enter the band code, like A or B']],
  ])('a new band version: %s', (_label, band, messages) => {
    expect(topUpBandProblems(band, bands).map((problem) => problem.message)).toEqual(messages);
  });
});

describe('funding per child and placement type', () => {
  const placement = (childId: string, settingType: FundingSettingType, from: string, to: string | null, lines: FundingLine[]): FundedPlacement => ({ childId, settingType, from, to, lines });

  it('a child who moves mid-year counts in both types, each annualised at its own rates and spent pro rata', () => {
    const rows = childFunding(
      [
        placement('c1', 'mainstream_academy', '2025-04-01', '2025-08-31', [line(300_000, '2025-04-01', '2025-08-31')]),
        placement('c1', 'special_la_maintained', '2025-09-01', null, [
          line(1_000_000, '2025-09-01', null, { kind: 'place', payer: 'provider_la' }),
          line(1_200_000, '2025-09-01', null),
          line(250_000, '2025-09-01', null, { kind: 'transport' }),
        ]),
      ],
      FY2025,
    );
    expect(rows).toEqual<ChildFunding[]>([
      // 153 days: 300,000 × 153 ÷ 365 = 125,753.42p.
      { childId: 'c1', placementType: 'mainstream', days: 153, spentPence: 125_753, annualPence: 300_000 },
      // 212 days: 1,000,000 × 212 ÷ 365 = 580,821.92p and 1,200,000 × 212 ÷ 365 = 696,986.30p; transport not counted.
      { childId: 'c1', placementType: 'la_special', days: 212, spentPence: 580_822 + 696_986, annualPence: 2_200_000 },
    ]);
  });

  it('transport counts when asked for', () => {
    const rows = childFunding(
      [placement('c1', 'special_la_maintained', '2025-09-01', null, [line(1_000_000, '2025-09-01', null), line(250_000, '2025-09-01', null, { kind: 'transport' })])],
      FY2025,
      [],
      ['top_up', 'transport'],
    );
    expect(rows[0]?.annualPence).toBe(1_250_000);
  });

  it('a move between two mainstream schools is one child, weighted by days', () => {
    // (100,000 × 91 + 200,000 × 274) ÷ 365 = 175,068.49p.
    const rows = childFunding(
      [
        placement('c2', 'mainstream_la_maintained', '2025-04-01', '2025-06-30', [line(100_000, '2025-04-01', '2025-06-30')]),
        placement('c2', 'mainstream_academy', '2025-07-01', null, [line(200_000, '2025-07-01', null)]),
      ],
      FY2025,
    );
    expect(rows).toEqual([{ childId: 'c2', placementType: 'mainstream', days: 365, spentPence: 24_932 + 150_137, annualPence: 175_068 }]);
  });

  it('days in the type with no line in force count as £0', () => {
    // Top-up from 1 October: 182 days of 365 at £3,650 a year.
    const rows = childFunding([placement('c3', 'mainstream_academy', '2025-04-01', null, [line(365_000, '2025-10-01', null)])], FY2025);
    expect(rows[0]).toMatchObject({ days: 365, spentPence: 182_000, annualPence: 182_000 });
  });

  it('a home-educated child with no funding counts, at £0', () => {
    expect(childFunding([placement('c4', 'elective_home_education', '2024-09-01', null, [])], FY2025)).toEqual([{ childId: 'c4', placementType: 'ehe', days: 365, spentPence: 0, annualPence: 0 }]);
  });

  it('a banded line across the band change', () => {
    // (400,000 × 122 + 440,000 × 90) ÷ 212 = 416,981.13p.
    const rows = childFunding([placement('c5', 'mainstream_academy', '2025-09-01', null, [line(null, '2025-09-01', null, { bandId: 'b-old' })])], FY2025, bands);
    expect(rows[0]).toMatchObject({ days: 212, spentPence: 242_192, annualPence: 416_981 });
  });

  it('a placement outside the period is left out', () => {
    expect(childFunding([placement('c6', 'eotas', '2024-04-01', '2025-03-31', [line(5_000_000, '2024-04-01', '2025-03-31', { kind: 'eotas_package' })])], FY2025)).toEqual([]);
  });
});

describe('the average funding table', () => {
  const child = (placementType: PlacementType, annualPence: number, index: number): ChildFunding => ({
    childId: `${placementType}-${String(index)}`,
    placementType,
    days: 365,
    spentPence: annualPence,
    annualPence,
  });
  const group = (placementType: PlacementType, values: number[]) => values.map((value, index) => child(placementType, value, index));
  const table = summariseFunding([
    ...group('mainstream', [600_000, 100_000, 300_000, 200_000, 400_000]),
    ...group('la_special', [100, 200, 300, 400, 500, 701]),
    ...group('eotas', [100, 100, 100, 201, 300, 300]),
    ...group('ehe', [0, 0, 50_000, 120_000]),
  ]);
  const row = (placementType: PlacementType) => table.find((summary) => summary.placementType === placementType);

  it('one row per placement type, in the order of the FOI', () => {
    expect(table.map((summary) => summary.placementType)).toEqual(PLACEMENT_TYPE_KEYS);
  });

  it('an odd count: the middle value, quartiles at whole ranks', () => {
    expect(row('mainstream')).toEqual({
      placementType: 'mainstream',
      suppressed: false,
      count: 5,
      totalSpentPence: 1_600_000,
      meanPence: 320_000,
      medianPence: 300_000,
      lowerQuartilePence: 200_000,
      upperQuartilePence: 400_000,
    });
  });

  it('an even count: mean 2201 ÷ 6 → 367p; median halfway, quartiles interpolated', () => {
    expect(row('la_special')).toMatchObject({ count: 6, meanPence: 367, medianPence: 350, lowerQuartilePence: 225, upperQuartilePence: 475 });
  });

  it('a median of half a penny rounds up', () => {
    expect(row('eotas')).toMatchObject({ count: 6, medianPence: 151 });
  });

  it('a group of 4 is suppressed, with no figure at all', () => {
    expect(row('ehe')).toEqual({ placementType: 'ehe', suppressed: true, count: null });
  });

  it('a type with no children shows 0 and no averages', () => {
    expect(row('ap')).toEqual({ placementType: 'ap', suppressed: false, count: 0, totalSpentPence: 0, meanPence: null, medianPence: null, lowerQuartilePence: null, upperQuartilePence: null });
  });
});

describe('bad input is refused with a sentence that says what to do', () => {
  it.each<[string, { from: string; to: string | null; rank: number }[], number]>([
    [
      'two open main placements',
      [
        { from: '2025-04-01', to: null, rank: 1 },
        { from: '2025-09-01', to: null, rank: 1 },
      ],
      1,
    ],
    [
      'one ending the day before the next starts',
      [
        { from: '2025-04-01', to: '2025-08-31', rank: 1 },
        { from: '2025-09-01', to: null, rank: 1 },
      ],
      0,
    ],
    [
      'one ending the day the next starts',
      [
        { from: '2025-04-01', to: '2025-09-01', rank: 1 },
        { from: '2025-09-01', to: null, rank: 1 },
      ],
      1,
    ],
    [
      'a second placement (rank 2) alongside the main one',
      [
        { from: '2025-04-01', to: null, rank: 1 },
        { from: '2025-09-01', to: null, rank: 2 },
      ],
      0,
    ],
  ])('overlapping main placements: %s', (_label, spans, count) => {
    const problems = overlappingMainPlacements(spans.map((span, index) => ({ id: String(index), ...span })));
    expect(problems).toHaveLength(count);
    if (count > 0) expect(problems[0]?.message).toBe('The main placement starting 2025-09-01 overlaps the main placement starting 2025-04-01: end that one first, on or before 2025-08-31');
  });

  const context = (extra: Partial<FundingLineContext> = {}): FundingLineContext => ({
    placement: { from: '2025-04-01', to: null, settingType: 'mainstream_academy' },
    bands,
    confirmedLargeAmount: false,
    ...extra,
  });
  it.each<[string, FundingLine, FundingLineContext, string[]]>([
    ['a good line', line(400_000, '2025-04-01', null), context(), []],
    ['a good banded line', line(null, '2025-09-01', null, { bandId: 'b-old' }), context(), []],
    ['a negative amount', line(-100, '2025-04-01', null), context(), ['The amount a year must be £0 or more']],
    ['over £1,000,000 a year, unconfirmed', line(CONFIRM_ANNUAL_ABOVE_PENCE + 1, '2025-04-01', null), context(), ['The amount a year is over £1,000,000: check it, and confirm it if it is right']],
    ['over £1,000,000 a year, confirmed', line(CONFIRM_ANNUAL_ABOVE_PENCE + 1, '2025-04-01', null), context({ confirmedLargeAmount: true }), []],
    ['exactly £1,000,000 a year', line(CONFIRM_ANNUAL_ABOVE_PENCE, '2025-04-01', null), context(), []],
    ['no amount and no band', line(null, '2025-04-01', null), context(), ['Enter the amount a year, or choose a band']],
    [
      'a placement with no setting type',
      line(400_000, '2025-04-01', null),
      context({ placement: { from: '2025-04-01', to: null, settingType: null } }),
      ['Choose the setting type of the placement before adding a cost to it'],
    ],
    [
      'a band used after its last value ends',
      line(null, '2025-09-01', null, { bandId: 'c-old' }),
      context(),
      ['Band C is not in force on every day of this cost (in force from 2025-04-01 to 2025-12-31): change the dates or choose another band'],
    ],
    [
      'a band used before its first value starts',
      line(null, '2025-01-01', null, { bandId: 'b-old' }),
      context({ placement: { from: '2025-01-01', to: null, settingType: 'mainstream_academy' } }),
      ['Band B is not in force on every day of this cost (in force from 2025-04-01): change the dates or choose another band'],
    ],
    [
      'a band for another setting type',
      line(null, '2025-09-01', null, { bandId: 'b-special' }),
      context(),
      ['Band B is a band for Special school: LA maintained; choose a band for Mainstream school: academy'],
    ],
    ['a cost before the placement starts', line(400_000, '2025-03-01', null), context(), ['The cost must fall within the dates of the placement']],
    [
      'an open cost on an ended placement',
      line(400_000, '2025-04-01', null),
      context({ placement: { from: '2025-04-01', to: '2025-12-31', settingType: 'mainstream_academy' } }),
      ['The cost must fall within the dates of the placement'],
    ],
    ['an end before the start', line(400_000, '2025-09-01', '2025-08-01'), context(), ['The end date must be the same as or after the start date']],
  ])('%s', (_label, fundingLine, lineContext, messages) => {
    expect(fundingLineProblems(fundingLine, lineContext).map((problem) => problem.message)).toEqual(messages);
  });
});

describe('every code a page shows has plain words', () => {
  it.each([
    ['placement types', PLACEMENT_TYPES],
    ['funding line kinds', FUNDING_LINE_KINDS],
    ['payers', FUNDING_PAYERS],
  ])('%s', (_label, labels) => {
    for (const [code, text] of Object.entries(labels)) {
      expect(text).not.toBe(code);
      expect(text).toMatch(/^[A-Z][^_]+$/);
    }
  });
});
