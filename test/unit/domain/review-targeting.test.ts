import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGETING_WEIGHTS, planAttendance, planningTerm, riskScore, type OfficerCapacity, type RiskInput, type ReviewToCover } from '../../../src/domain/review-targeting.js';
import { DEFAULT_ENGLISH_CALENDAR } from '../../../src/domain/school-calendar.js';

const TODAY = '2026-11-25';
const calm: RiskInput = { openConcerns: 0, reducedEducation: false, exclusions: 0, phaseTransfer: false, placementAtRisk: false, lastLaAttendanceOn: '2026-03-01' };

describe('riskScore', () => {
  it.each([
    ['nothing known: no score, no reasons', {}, 0, []],
    ['one open concern', { openConcerns: 1 }, 15, ['1 open provision concern']],
    ['five open concerns count as three', { openConcerns: 5 }, 45, ['5 open provision concerns']],
    ['not in full-time education', { reducedEducation: true }, 20, ['Not in full-time education']],
    ['two exclusions (none recorded yet: issue 14)', { exclusions: 2 }, 30, ['2 exclusions this school year']],
    ['a phase transfer', { phaseTransfer: true }, 20, ['Moving to a new phase of education']],
    ['placement at risk', { placementAtRisk: true }, 30, ['The placement is at risk of breaking down']],
    ['never attended by the LA', { lastLaAttendanceOn: null }, 15, ['No LA officer or educational psychologist has been to a review']],
    ['last attended 24 months ago to the day: still recent', { lastLaAttendanceOn: '2024-11-25' }, 0, []],
    ['last attended 24 months and a day ago', { lastLaAttendanceOn: '2024-11-24' }, 15, ['No LA officer or educational psychologist at a review since 24 November 2024']],
    [
      'everything at once, most points first',
      { openConcerns: 2, reducedEducation: true, phaseTransfer: true, placementAtRisk: true, lastLaAttendanceOn: null },
      115,
      [
        'The placement is at risk of breaking down',
        '2 open provision concerns',
        'Not in full-time education',
        'Moving to a new phase of education',
        'No LA officer or educational psychologist has been to a review',
      ],
    ],
  ] as const)('%s', (_name, input, score, reasons) => {
    const result = riskScore({ ...calm, ...input }, DEFAULT_TARGETING_WEIGHTS, TODAY);
    expect(result.score).toBe(score);
    expect(result.reasons.map((reason) => reason.text)).toEqual(reasons);
    expect(result.reasons.reduce((sum, reason) => sum + reason.points, 0)).toBe(score);
  });

  it.each([
    [50, true],
    [51, false],
  ])('a score of 50 against a high-risk line of %i is high risk: %s (the LA sets the line)', (line, high) => {
    const input = { ...calm, openConcerns: 1, phaseTransfer: true, lastLaAttendanceOn: null };
    const result = riskScore(input, { ...DEFAULT_TARGETING_WEIGHTS, highRiskScore: line }, TODAY);
    expect(result.score).toBe(50);
    expect(result.highRisk).toBe(high);
  });

  it('uses the LA’s weights, and a weight of 0 drops the factor from the reasons', () => {
    const result = riskScore({ ...calm, reducedEducation: true, phaseTransfer: true }, { ...DEFAULT_TARGETING_WEIGHTS, reducedEducation: 0, phaseTransfer: 7 }, TODAY);
    expect(result).toEqual({ score: 7, reasons: [{ factor: 'phase_transfer', text: 'Moving to a new phase of education', points: 7 }], highRisk: false });
  });
});

function review(reviewId: string, score: number, date = '2026-12-01', confirmedUserId: string | null = null): ReviewToCover {
  return { reviewId, score, highRisk: score >= 40, date, confirmedUserId };
}

const ep: OfficerCapacity = { userId: 'u-ep', name: 'Dr Helen Ward', capacity: 2 };
const officer: OfficerCapacity = { userId: 'u-la', name: 'Priya Shah', capacity: 1 };

describe('planAttendance: choosing within capacity', () => {
  it.each([
    {
      name: 'highest risk first, to whoever has most left (a tie by name); past capacity nothing more',
      reviews: [review('r-low', 15), review('r-top', 90), review('r-mid', 45), review('r-high', 60)],
      officers: [ep, officer],
      proposed: { 'u-ep': ['r-top', 'r-high'], 'u-la': ['r-mid'] },
      uncovered: [],
    },
    {
      name: 'high-risk reviews past capacity are named',
      reviews: [review('r-a', 80), review('r-b', 70), review('r-c', 60), review('r-d', 50), review('r-e', 10)],
      officers: [ep, officer],
      proposed: { 'u-ep': ['r-a', 'r-b'], 'u-la': ['r-c'] },
      uncovered: ['r-d'],
    },
    {
      name: 'a confirmed attendance uses its officer’s capacity first',
      reviews: [review('r-a', 80), review('r-b', 70), review('r-c', 20, '2026-12-01', 'u-ep')],
      officers: [ep, officer],
      proposed: { 'u-ep': ['r-a'], 'u-la': ['r-b'] },
      uncovered: [],
    },
    {
      name: 'an officer confirmed beyond capacity is proposed nothing more',
      reviews: [review('r-a', 80, '2026-12-01', 'u-la'), review('r-b', 70, '2026-12-01', 'u-la'), review('r-c', 60)],
      officers: [ep, officer],
      proposed: { 'u-ep': ['r-c'], 'u-la': [] },
      uncovered: [],
    },
    {
      name: 'equal scores: the earlier review first; a review scoring nothing is not proposed',
      reviews: [review('r-late', 50, '2026-12-10'), review('r-early', 50, '2026-12-02'), review('r-zero', 0)],
      officers: [{ ...officer, capacity: 3 }],
      proposed: { 'u-la': ['r-early', 'r-late'] },
      uncovered: [],
    },
    {
      name: 'equal capacity left: by name',
      reviews: [review('r-a', 50)],
      officers: [
        { userId: 'u-z', name: 'Zoe Adams', capacity: 1 },
        { userId: 'u-a', name: 'Amir Khan', capacity: 1 },
      ],
      proposed: { 'u-z': [], 'u-a': ['r-a'] },
      uncovered: [],
    },
    {
      name: 'nobody with capacity: every high-risk review uncovered, highest first',
      reviews: [review('r-a', 40), review('r-b', 95)],
      officers: [{ ...ep, capacity: 0 }],
      proposed: { 'u-ep': [] },
      uncovered: ['r-b', 'r-a'],
    },
  ])('$name', ({ reviews, officers, proposed, uncovered }) => {
    const plan = planAttendance(reviews, officers);
    expect(Object.fromEntries(plan.officers.map((row) => [row.userId, row.proposed]))).toEqual(proposed);
    expect(plan.uncoveredHighRisk).toEqual(uncovered);
    for (const row of plan.officers) expect(row.proposed.length + Math.min(row.confirmed.length, row.capacity)).toBeLessThanOrEqual(Math.max(row.capacity, row.confirmed.length));
    for (const row of plan.officers) if (row.proposed.length > 0) expect(row.confirmed.length + row.proposed.length).toBeLessThanOrEqual(row.capacity);
  });

  it('gives the same plan whatever order the reviews come in', () => {
    const reviews = [review('r-1', 30), review('r-2', 30), review('r-3', 55), review('r-4', 55, '2026-11-30'), review('r-5', 10)];
    const first = planAttendance(reviews, [ep, officer]);
    const second = planAttendance([...reviews].reverse(), [ep, officer]);
    expect([...second.byReview.entries()].sort()).toEqual([...first.byReview.entries()].sort());
    expect(first.byReview.get('r-4')).toEqual({ userId: 'u-ep', confirmed: false });
  });
});

describe('planningTerm', () => {
  it.each([
    ['in term', '2026-11-25', { name: 'Autumn 2026', start: '2026-09-03', end: '2026-12-18' }],
    ['the last day of term', '2026-12-18', { name: 'Autumn 2026', start: '2026-09-03', end: '2026-12-18' }],
    ['in the Christmas holiday: the coming term', '2026-12-23', { name: 'Spring 2027', start: '2027-01-04', end: '2027-03-26' }],
    ['in the summer holiday', '2026-08-10', { name: 'Autumn 2026', start: '2026-09-03', end: '2026-12-18' }],
    ['past the end of the calendar: the next 12 weeks', '2027-08-01', { name: 'The next 12 weeks', start: '2027-08-01', end: '2027-10-23' }],
  ])('%s', (_name, today, expected) => {
    expect(planningTerm(DEFAULT_ENGLISH_CALENDAR, today)).toEqual(expected);
  });
});
