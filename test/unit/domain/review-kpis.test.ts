import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  classifyAttendance,
  classifyDecisionTime,
  classifyDue,
  classifyOutcome,
  classifyTransfer,
  countReviewKpis,
  NATIONAL_REVIEW_FIGURES,
  percent,
  reviewKpiHeadlines,
  schoolYearOf,
  schoolYearStarting,
  transferFinalisedOn,
  type KpiPlan,
  type KpiReview,
} from '../../../src/domain/review-kpis.js';

describe('school years', () => {
  it.each([
    ['2026-11-25', 2026, '2026-09-01', '2027-08-31', '2026 to 2027'],
    ['2026-09-01', 2026, '2026-09-01', '2027-08-31', '2026 to 2027'],
    ['2026-08-31', 2025, '2025-09-01', '2026-08-31', '2025 to 2026'],
    ['2027-01-01', 2026, '2026-09-01', '2027-08-31', '2026 to 2027'],
  ])('%s is in the school year starting %i', (day, startYear, start, end, label) => {
    expect(schoolYearOf(day)).toEqual({ startYear, start, end, label });
    expect(schoolYearStarting(startYear)).toEqual(schoolYearOf(day));
  });
});

describe('one review at a time', () => {
  it.each([
    ['held before the last day', '2027-03-09', '2027-03-01', '2027-04-01', 'heldOnTime'],
    ['held on the last day', '2027-03-09', '2027-03-09', '2027-04-01', 'heldOnTime'],
    ['held a day after', '2027-03-09', '2027-03-10', '2027-04-01', 'heldLate'],
    ['not held, the last day is today', '2027-03-09', null, '2027-03-09', 'notYetDue'],
    ['not held, the last day was yesterday', '2027-03-09', null, '2027-03-10', 'overdue'],
  ] as const)('due: %s', (_name, dueBy, heldOn, today, expected) => {
    expect(classifyDue(dueBy, heldOn, today)).toBe(expected);
  });

  it.each([
    ['decided on day 28', '2027-02-01', '2027-03-01', '2027-06-01', 'within4Weeks'],
    ['decided on day 29', '2027-02-01', '2027-03-02', '2027-06-01', 'after4Weeks'],
    ['decided the same day', '2027-02-01', '2027-02-01', '2027-06-01', 'within4Weeks'],
    ['not decided, day 28', '2027-02-01', null, '2027-03-01', 'waitingInTime'],
    ['not decided, day 29', '2027-02-01', null, '2027-03-02', 'waitingLate'],
    ['held in a leap February, decided 28 days later', '2028-02-01', '2028-02-29', '2028-06-01', 'within4Weeks'],
  ] as const)('decision: %s', (_name, heldOn, decisionOn, today, expected) => {
    expect(classifyDecisionTime(heldOn, decisionOn, today)).toBe(expected);
  });

  it.each([
    ['maintain', 'maintain'],
    ['amend', 'amend'],
    ['cease', 'cease'],
    [null, 'none'],
    ['something else', 'none'],
  ] as const)('outcome %s is %s', (decision, expected) => {
    expect(classifyOutcome(decision)).toBe(expected);
  });

  it.each([
    [true, true, 'both'],
    [true, false, 'epOnly'],
    [false, true, 'officerOnly'],
    [false, false, 'neither'],
  ] as const)('EP %s, officer %s: %s', (ep, officer, expected) => {
    expect(classifyAttendance(ep, officer)).toBe(expected);
  });

  it.each([
    ['amend: the day the plan was issued', 'amend', '2028-01-10', '2028-02-20', '2028-02-20'],
    ['amend, not issued yet', 'amend', '2028-01-10', null, null],
    ['maintain: the day of the decision', 'maintain', '2028-01-10', null, '2028-01-10'],
    ['cease: the day of the decision', 'cease', '2028-01-10', null, '2028-01-10'],
    ['no decision', null, null, null, null],
  ] as const)('finalised: %s', (_name, decision, decisionOn, issuedOn, expected) => {
    expect(transferFinalisedOn(decision, decisionOn, issuedOn)).toBe(expected);
  });

  it.each([
    ['on the deadline', '2028-02-14', '2028-02-14', '2028-03-01', 'onTime'],
    ['a day late', '2028-02-14', '2028-02-15', '2028-03-01', 'late'],
    ['not finalised, deadline today', '2028-02-14', null, '2028-02-14', 'notYetDue'],
    ['not finalised, deadline passed', '2028-02-14', null, '2028-02-15', 'overdue'],
  ] as const)('phase transfer: %s', (_name, deadline, finalisedOn, today, expected) => {
    expect(classifyTransfer(deadline, finalisedOn, today)).toBe(expected);
  });
});

describe('countReviewKpis and the headlines', () => {
  const year = schoolYearStarting(2026);
  const today = '2027-03-15';
  const r = (changes: Partial<KpiReview>): KpiReview => ({
    planId: 'p0',
    kind: 'annual',
    stage: 'closed',
    dueBy: '2026-10-01',
    heldOn: null,
    decision: null,
    decisionOn: null,
    amendedPlanIssuedOn: null,
    transferTo: null,
    transferDate: null,
    epAttended: false,
    officerAttended: false,
    ...changes,
  });
  const reviews: KpiReview[] = [
    // 1: due and held on time, decided (amend) within 4 weeks, EP and officer there.
    r({ planId: 'p1', dueBy: '2026-10-01', heldOn: '2026-09-20', decision: 'amend', decisionOn: '2026-10-10', epAttended: true, officerAttended: true }),
    // 2: held late, maintained after 4 weeks, officer only.
    r({ planId: 'p2', dueBy: '2026-11-01', heldOn: '2026-11-10', decision: 'maintain', decisionOn: '2026-12-20', officerAttended: true }),
    // 3: overdue, not held.
    r({ planId: 'p3', dueBy: '2027-01-10', stage: 'scheduled' }),
    // 4: not yet due.
    r({ planId: 'p4', dueBy: '2027-05-01', stage: 'invited' }),
    // 5: cancelled: counts nowhere, so plan p5 counts as none arranged below.
    r({ planId: 'p5', dueBy: '2027-02-01', stage: 'cancelled', heldOn: '2027-01-20' }),
    // 6: due last year, held this year (counts in decisions, not in due): no decision for 6 weeks.
    r({ planId: 'p6', dueBy: '2026-08-20', heldOn: '2027-01-15', stage: 'held' }),
    // 7: interim, held on time, no decision yet but within 4 weeks, EP only.
    r({ planId: 'p1', kind: 'interim', dueBy: '2027-03-20', heldOn: '2027-03-01', stage: 'held', epAttended: true }),
    // 8: phase transfer (primary to secondary, Sept 2027): held on time, amended plan on 14 Feb: on time.
    r({
      planId: 'p8',
      kind: 'phase_transfer',
      dueBy: '2026-12-01',
      heldOn: '2026-11-20',
      decision: 'amend',
      decisionOn: '2026-12-01',
      amendedPlanIssuedOn: '2027-02-14',
      transferTo: 'primary_to_secondary',
      transferDate: '2027-09-02',
    }),
    // 9: phase transfer to post-16, Sept 2027: deadline 30 March 2027, not yet finalised, not due.
    r({
      planId: 'p9',
      kind: 'phase_transfer',
      dueBy: '2027-03-01',
      heldOn: '2027-02-20',
      decision: 'amend',
      decisionOn: '2027-03-10',
      transferTo: 'secondary_to_post16',
      transferDate: '2027-09-01',
      stage: 'amendment_proposed',
    }),
    // 10: phase transfer in Sept 2026: deadline Feb 2026, last school year: not counted in transfers.
    r({
      planId: 'p10',
      kind: 'phase_transfer',
      dueBy: '2026-01-10',
      heldOn: '2026-01-05',
      decision: 'maintain',
      decisionOn: '2026-01-20',
      transferTo: 'primary_to_secondary',
      transferDate: '2026-09-03',
    }),
  ];
  const plans: KpiPlan[] = [
    { id: 'p1', status: 'active', nextReviewDue: '2027-09-19' },
    { id: 'p3', status: 'active', nextReviewDue: '2027-01-10' },
    { id: 'p5', status: 'active', nextReviewDue: '2027-02-01' },
    { id: 'p11', status: 'active', nextReviewDue: '2027-06-30' },
    { id: 'p12', status: 'ceased', nextReviewDue: '2027-01-30' },
  ];

  it('counts each review once in each table, by hand', () => {
    const counts = countReviewKpis(reviews, plans, year, today);
    expect(counts.due).toEqual({
      annual: { heldOnTime: 1, heldLate: 1, overdue: 1, notYetDue: 1 },
      phase_transfer: { heldOnTime: 2, heldLate: 0, overdue: 0, notYetDue: 0 },
      interim: { heldOnTime: 1, heldLate: 0, overdue: 0, notYetDue: 0 },
      not_arranged: { heldOnTime: 0, heldLate: 0, overdue: 1, notYetDue: 1 },
    });
    expect(counts.decided.amend).toEqual({ within4Weeks: 3, after4Weeks: 0, waitingInTime: 0, waitingLate: 0 });
    expect(counts.decided.maintain).toEqual({ within4Weeks: 0, after4Weeks: 1, waitingInTime: 0, waitingLate: 0 });
    expect(counts.decided.cease).toEqual({ within4Weeks: 0, after4Weeks: 0, waitingInTime: 0, waitingLate: 0 });
    expect(counts.decided.none).toEqual({ within4Weeks: 0, after4Weeks: 0, waitingInTime: 1, waitingLate: 1 });
    expect(counts.attendance).toEqual({ both: 1, epOnly: 1, officerOnly: 1, neither: 3 });
    expect(counts.transfers.primary_to_secondary).toEqual({ onTime: 1, late: 0, overdue: 0, notYetDue: 0 });
    expect(counts.transfers.secondary_to_post16).toEqual({ onTime: 0, late: 0, overdue: 0, notYetDue: 1 });
    expect(reviewKpiHeadlines(counts)).toEqual({
      due: 9,
      heldOnTimePercent: percent(4, 7),
      held: 6,
      decidedWithin4WeeksPercent: 75,
      decidedWithin4Weeks: 3,
      epOrOfficerPercent: 50,
      transfersOnTimePercent: 100,
    });
  });

  it('an empty year has no percentages', () => {
    expect(reviewKpiHeadlines(countReviewKpis([], [], year, today))).toMatchObject({
      due: 0,
      heldOnTimePercent: null,
      decidedWithin4WeeksPercent: null,
      epOrOfficerPercent: null,
      transfersOnTimePercent: null,
    });
  });

  it.each([
    [1, 3, 33.3],
    [2, 3, 66.7],
    [0, 5, 0],
    [5, 5, 100],
    [1, 0, null],
  ])('percent(%i, %i) = %s', (part, whole, expected) => {
    expect(percent(part, whole)).toBe(expected);
  });
});

// The national figures are copied into the code; where the shared statistics are on this machine, they must match the file.
const CSV = '/work/shared/data/dfe-ehcp-statistics-2025/data/annual_reviews.csv';
describe.runIf(existsSync(CSV))('NATIONAL_REVIEW_FIGURES match annual_reviews.csv', () => {
  it('England, 2024, all annual reviews', () => {
    const [header = '', ...lines] = readFileSync(CSV, 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/);
    const names = header.split(',');
    const row = lines.map((line) => line.split(',')).find((cells) => cells[2] === 'National' && cells[0] === '2024' && cells[10] === 'All annual reviews');
    if (!row) throw new Error('no national row');
    const value = (name: string) => Number(row[names.indexOf(name)]);
    expect(NATIONAL_REVIEW_FIGURES).toMatchObject({
      meetings: value('total_review_meeting'),
      outcomes: { maintain: value('outcome_maintan'), amend: value('outcome_amend'), cease: value('outcome_cease'), none: value('no_outcome') },
      decidedWithin4Weeks: value('number_decsion_4weeks'),
      decidedAfter4Weeks: value('number_decision_gt_4weeks'),
      decidedWithin4WeeksPercent: value('pc_decsion_4weeks'),
    });
  });
});
