import { describe, expect, it } from 'vitest';
import { fundingView, timelineEvents } from '../../src/modules/children/view-models.js';

const placement = (overrides: Partial<Parameters<typeof timelineEvents>[1][number]> = {}) => ({
  startDate: '2024-09-04',
  endDate: null,
  settingName: 'Oakfield Primary School',
  settingType: 'mainstream_academy',
  senSettingCode: null,
  annualCostPence: 866_200,
  ...overrides,
});

describe('timelineEvents', () => {
  it('lists issued versions and placement moves, newest first', () => {
    const events = timelineEvents(
      [
        { versionNumber: 1, kind: 'final', status: 'superseded', issuedDate: '2023-02-01' },
        { versionNumber: 2, kind: 'amended', status: 'issued', issuedDate: '2025-03-15' },
        { versionNumber: 3, kind: 'draft', status: 'draft', issuedDate: null },
      ],
      [placement(), placement({ startDate: '2022-09-01', endDate: '2024-09-03', settingName: null, senSettingCode: 'EHE', settingType: null })],
    );
    expect(events.map((event) => [event.date, event.title])).toEqual([
      ['2025-03-15', 'Amended plan issued (version 2)'],
      ['2024-09-04', 'Started at Oakfield Primary School'],
      ['2024-09-03', 'Left Elective home education'],
      ['2023-02-01', 'Final plan issued (version 1)'],
      ['2022-09-01', 'Started at Elective home education'],
    ]);
    expect(events[0]?.dateText).toBe('15 March 2025');
  });
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
