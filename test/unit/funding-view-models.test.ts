import { describe, expect, it } from 'vitest';
import type { FundingSummary, PlacementType } from '../../src/domain/funding.js';
import { foiFundingAnswers, foiFundingCsv, foiFundingText, fundingTableRows } from '../../src/modules/reports/funding-view-models.js';

const figures = (placementType: PlacementType, count: number, meanPence: number, medianPence: number, lowerQuartilePence: number, upperQuartilePence: number): FundingSummary => ({
  placementType,
  suppressed: false,
  count,
  totalSpentPence: meanPence * count,
  meanPence,
  medianPence,
  lowerQuartilePence,
  upperQuartilePence,
});
const none = (placementType: PlacementType): FundingSummary => ({
  placementType,
  suppressed: false,
  count: 0,
  totalSpentPence: 0,
  meanPence: null,
  medianPence: null,
  lowerQuartilePence: null,
  upperQuartilePence: null,
});

const report = {
  period: { from: '2025-04-01', to: '2026-03-31' },
  summaries: [
    figures('mainstream', 1234, 679_053, 400_000, 400_000, 950_000),
    figures('la_special', 78, 2_773_077, 2_750_000, 2_300_000, 3_300_000),
    none('independent_special'),
    { placementType: 'ehe', suppressed: true, count: null },
    { placementType: 'eotas', suppressed: true, count: null },
  ] satisfies FundingSummary[],
};

describe('the funding table and the FOI answer', () => {
  it('a row per placement type: counts with thousands separators, amounts to the penny, "fewer than 5" with no figures', () => {
    expect(fundingTableRows(report).map((row) => row.map((cell) => cell.text))).toEqual([
      ['Mainstream school', '1,234', '£6,790.53', '£4,000', '£4,000 to £9,500'],
      ['LA or state-funded special school', '78', '£27,730.77', '£27,500', '£23,000 to £33,000'],
      ['Non-maintained or independent special school', '0', '', '', ''],
      ['Home learning (elective home education)', 'fewer than 5', '', '', ''],
      ['Education otherwise than at school (EOTAS)', 'fewer than 5', '', '', ''],
    ]);
  });

  it.each<[PlacementType, string, string]>([
    [
      'mainstream',
      '£6,790.53 a year on average (the mean), for 1,234 children.',
      'Period: 1 April 2025 to 31 March 2026. Children counted: 1,234. Median (the middle child): £4,000 a year; half of the children were between £4,000 and £9,500.',
    ],
    ['independent_special', 'No children were in a non-maintained or independent special school in this period.', 'Period: 1 April 2025 to 31 March 2026.'],
    ['ehe', 'Fewer than 5 children were in elective home education in this period, so we do not publish an average: it could identify them.', 'Period: 1 April 2025 to 31 March 2026.'],
  ])('the answer for %s', (placementType, answer, detail) => {
    expect(foiFundingAnswers(report).find((item) => item.placementType === placementType)).toMatchObject({ answer, detail });
  });

  it('asks the four questions of Request 2 in order, then EOTAS', () => {
    expect(foiFundingAnswers(report).map((item) => item.placementType)).toEqual(['mainstream', 'la_special', 'independent_special', 'ehe', 'eotas']);
    expect(foiFundingText(report)).toMatch(/^Average funding a year per child with an EHC plan, 1 April 2025 to 31 March 2026\n\n1\. On average/);
  });

  it('as CSV: pounds to the penny, an empty type as 0, suppressed rows with no figures', () => {
    expect(foiFundingCsv(report).split('\r\n')).toEqual([
      'period_from,period_to,placement_type,children,mean_gbp,median_gbp,lower_quartile_gbp,upper_quartile_gbp',
      '2025-04-01,2026-03-31,Mainstream school,1234,6790.53,4000.00,4000.00,9500.00',
      '2025-04-01,2026-03-31,LA or state-funded special school,78,27730.77,27500.00,23000.00,33000.00',
      '2025-04-01,2026-03-31,Non-maintained or independent special school,0,,,,',
      '2025-04-01,2026-03-31,Home learning (elective home education),fewer than 5,,,,',
      '2025-04-01,2026-03-31,Education otherwise than at school (EOTAS),fewer than 5,,,,',
      '',
    ]);
  });
});
