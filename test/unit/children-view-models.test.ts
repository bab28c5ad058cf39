import { describe, expect, it } from 'vitest';
import { fundingView } from '../../src/modules/children/view-models.js';

const placement = (overrides: Partial<Parameters<typeof fundingView>[0][number]> = {}) => ({
  startDate: '2024-09-04',
  endDate: null,
  settingName: 'Oakfield Primary School',
  settingType: 'mainstream_academy',
  senSettingCode: null,
  annualCostPence: 866_200,
  ...overrides,
});

describe('fundingView', () => {
  it('adds up the current placement and costed provision, ignoring ended placements and uncosted items', () => {
    const view = fundingView(
      [placement(), placement({ endDate: '2024-01-01', annualCostPence: 6_400_000 })],
      [
        { id: 'a', section: 'F', position: 1, description: 'Speech and language therapy', providerKind: 'nhs', organisationId: 'nhs', organisationName: 'NHS Trust', sessionsPerPeriod: 2, minutesPerSession: 30, period: 'week', groupSize: '1:1', termTimeOnly: true, annualCostPence: 390_000 },
        { id: 'b', section: 'G', position: 1, description: 'CAMHS', providerKind: 'nhs', organisationId: null, organisationName: null, sessionsPerPeriod: 1, minutesPerSession: 50, period: 'week', groupSize: null, termTimeOnly: true, annualCostPence: null },
      ],
    );
    expect(view.placementRows).toHaveLength(1);
    expect(view.provisionRows).toHaveLength(1);
    expect(view.placementTotal).toBe('£8,662');
    expect(view.provisionTotal).toBe('£3,900');
    expect(view.total).toBe('£12,562');
  });
});
