import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGETING_WEIGHTS, riskScore } from '../../src/domain/review-targeting.js';
import { callFormWords, reasonItems } from '../../src/modules/interim-reviews/view-models.js';
import type { OfficerSummary, ScoredReview } from '../../src/modules/review-targeting/service.js';
import { attendanceRows, officerRows } from '../../src/modules/review-targeting/view-models.js';

describe('the interim review form', () => {
  it.each([
    ['parent', 'Ask for an early review', 'Ask for a review'],
    ['school_senco', 'Ask for an early review', 'Ask for a review'],
    ['sen_caseworker', 'Call an interim review', 'Call the review'],
  ] as const)('reads for a %s as "%s"', (role, heading, button) => {
    expect(callFormWords(role)).toMatchObject({ heading, button });
  });

  it('offers a school its own request as "Something else", checked when sent back', () => {
    expect(reasonItems('school_senco', ['exclusion_risk', 'setting_request'], 'setting_request')).toEqual([
      { value: 'exclusion_risk', text: 'The child is at risk of exclusion', checked: false },
      { value: 'setting_request', text: 'Something else', checked: true },
    ]);
  });
});

const officer = (userId: string, name: string, capacity: number, confirmed: number, proposed: number): OfficerSummary => ({
  userId,
  name,
  role: 'educational_psychologist',
  capacity,
  confirmed,
  proposed,
  attended: 0,
  left: Math.max(0, capacity - confirmed),
});

function scored(id: string, overrides: Partial<ScoredReview>): ScoredReview {
  return {
    id,
    childId: `child-${id}`,
    forename: 'Sam',
    surname: 'Taylor',
    kind: 'annual',
    reason: null,
    stage: 'scheduled',
    dueBy: '2026-12-10',
    meetingDate: null,
    on: '2026-12-10',
    settingName: 'Oakfield Primary School',
    openConcerns: 2,
    reducedEducation: false,
    placementAtRisk: false,
    lastLaAttendanceOn: null,
    confirmedUserId: null,
    confirmedAttended: null,
    risk: riskScore({ openConcerns: 2, reducedEducation: false, exclusions: 0, phaseTransfer: false, placementAtRisk: false, lastLaAttendanceOn: null }, DEFAULT_TARGETING_WEIGHTS, '2026-11-25'),
    attendance: null,
    plannable: true,
    ...overrides,
  };
}

describe('attendanceRows', () => {
  const officers = [officer('u-ep', 'Dr Helen Ward', 3, 1, 1), officer('u-full', 'Priya Shah', 1, 1, 0)];

  it('gives a proposed review a choice of those with room, the proposal selected', () => {
    const [row] = attendanceRows([scored('r1', { attendance: { userId: 'u-ep', name: 'Dr Helen Ward', confirmed: false } })], officers);
    expect(row?.proposed).toBe(true);
    expect(row?.options).toEqual([{ value: 'u-ep', text: 'Dr Helen Ward (2 left)', selected: true }]);
    expect(row?.cells[2]).toEqual({ parts: [{ lines: [[{ strong: '45' }], [{ tag: { text: 'High risk', colour: 'red' } }]] }], format: 'numeric' });
    expect(row?.cells[3]).toEqual({
      parts: [
        {
          list: {
            items: [[{ text: '2 open provision concerns (30)' }], [{ text: 'No LA officer or educational psychologist has been to a review (15)' }]],
            classes: 'govuk-list--bullet govuk-body-s',
          },
        },
      ],
    });
  });

  it('shows who is confirmed and whether they went, with no form', () => {
    const [row] = attendanceRows([scored('r2', { stage: 'held', plannable: false, confirmedAttended: true, attendance: { userId: 'u-full', name: 'Priya Shah', confirmed: true } })], officers);
    expect(row?.confirmed).toEqual({ name: 'Priya Shah', attendedText: 'Attended' });
    expect(row?.options).toBeNull();
  });

  it('asks who attends an unproposed review, and offers nothing once the meeting is held', () => {
    const [open, held] = attendanceRows([scored('r3', {}), scored('r4', { stage: 'held', plannable: false })], officers);
    expect(open?.options?.[0]).toEqual({ value: '', text: 'Choose who attends', selected: true });
    expect(held?.options).toBeNull();
  });
});

describe('officerRows', () => {
  it('shows capacity, confirmed, proposed, attended and what is still free', () => {
    expect(
      officerRows([officer('u-ep', 'Dr Helen Ward', 6, 2, 3)])[0]
        ?.slice(1)
        .map((item) => ('text' in item ? item.text : '')),
    ).toEqual(['6', '2', '3', '0', '1']);
  });
});
