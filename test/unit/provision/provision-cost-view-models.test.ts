import { describe, expect, it } from 'vitest';
import type { ChildProvisionCosts } from '../../../src/modules/provision-costs/service.js';
import { childProvisionCostView, differenceText, provisionCostReportView } from '../../../src/modules/provision-costs/view-models.js';

describe('differenceText', () => {
  it.each([
    [-6_500, '£65 less'],
    [13_050, '£130.50 more'],
    [0, 'None'],
    [null, 'Not known'],
  ])('%s reads "%s"', (pence, text) => {
    expect(differenceText(pence)).toBe(text);
  });
});

const item = (id: string, shortName: string) => ({
  id,
  section: 'F',
  description: `${shortName}, as the plan words it`,
  providerKind: 'nhs',
  organisationId: null,
  organisationName: 'Riverside NHS Trust',
  sessionsPerPeriod: 1,
  minutesPerSession: 60,
  period: 'week',
  groupSize: null,
  termTimeOnly: true,
  provisionType: 'speech_and_language_therapy',
  shortName,
  unitCostPence: 6500,
  costUnit: 'hour',
  annualCostPence: null,
  startDate: null,
  endDate: null,
  issuedDate: '2026-06-01',
  planFirstIssued: '2026-06-01',
});

describe('childProvisionCostView', () => {
  const costs: ChildProvisionCosts = {
    yearFrom: '2026-09-01',
    planFrom: '2026-06-01',
    today: '2026-11-27',
    items: [
      {
        item: item('a', 'Speech therapy'),
        cost: { pence: 6500, unit: 'hour' },
        thisYear: { plannedPence: 84_500, actualPence: 39_000, differencePence: -45_500 },
        sincePlanStarted: { plannedPence: 169_000, actualPence: 45_500, differencePence: -123_500 },
      },
      {
        item: item('b', 'Therapy with no known length'),
        cost: { pence: 6500, unit: 'hour' },
        thisYear: { plannedPence: null, actualPence: 6_500, differencePence: null },
        sincePlanStarted: { plannedPence: null, actualPence: 6_500, differencePence: null },
      },
    ],
  };

  it('shows each line with its rate in words, and a total row that is the sum of the figures shown', () => {
    const view = childProvisionCostView(costs);
    expect(view.costed).toBe(true);
    expect(view.yearCaption).toBe('This school year, 1 September 2026 to 27 November 2026');
    expect(view.yearRows.map((row) => row.map((cell) => ('text' in cell ? cell.text : cell.parts)))).toEqual([
      [[{ text: 'Speech therapy' }, { hint: 'Riverside NHS Trust' }], '£65 an hour', '£845', '£390', '£455 less'],
      [[{ text: 'Therapy with no known length' }, { hint: 'Riverside NHS Trust' }], '£65 an hour', 'Not known', '£65', 'Not known'],
      [[{ strong: 'Total' }], [{ strong: '£845' }], [{ strong: '£455' }], [{ strong: '£455 less' }]],
    ]);
  });

  it('says when nothing is costed', () => {
    expect(childProvisionCostView({ ...costs, items: [] }).costed).toBe(false);
  });
});

describe('provisionCostReportView', () => {
  it('labels the groups and adds a total row equal to the sum of the rows', () => {
    const view = provisionCostReportView(
      {
        asOf: '2026-11-27',
        byProvisionType: [
          { key: 'speech_and_language_therapy', items: 2, plannedPence: 84_500, actualPence: 39_000 },
          { key: null, items: 1, plannedPence: 1_000, actualPence: 1_500 },
        ],
        byProvider: [],
        flatLines: 3,
      },
      'year',
    );
    expect(view.typeRows.map((row) => row.map((cell) => ('text' in cell ? cell.text : cell.parts)))).toEqual([
      ['Speech and language therapy', '2', '£845', '£390', '£455 less'],
      ['Not recorded', '1', '£10', '£15', '£5 more'],
      [[{ strong: 'All provision paid for as delivered' }], [{ strong: '3' }], [{ strong: '£855' }], [{ strong: '£405' }], [{ strong: '£450 less' }]],
    ]);
    expect(view.providerRows).toEqual([]);
    expect(view).toMatchObject({ periodText: 'this school year', asOfText: '27 November 2026', flatLines: 3 });
  });
});
