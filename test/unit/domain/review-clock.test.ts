import { describe, expect, it } from 'vitest';
import {
  mostUrgentStep,
  nextAnnualReviewDue,
  phaseTransferAmendmentDeadline,
  phaseTransferOf,
  reviewSteps,
  validateReviewDates,
  type ReviewClockInput,
  type ReviewStep,
  type ReviewStepName,
} from '../../../src/domain/review-clock.js';

const review = (changes: Partial<ReviewClockInput> = {}): ReviewClockInput => ({
  kind: 'annual',
  dueBy: '2027-03-09',
  meetingDate: null,
  invitationsSentOn: null,
  papersCirculatedOn: null,
  heldOn: null,
  reportSentOn: null,
  decision: null,
  decisionOn: null,
  amendmentProposedOn: null,
  amendedPlanIssuedOn: null,
  transferTo: null,
  transferDate: null,
  stage: 'scheduled',
  ...changes,
});

const stepOf = (steps: ReviewStep[], name: ReviewStepName): ReviewStep => {
  const found = steps.find((candidate) => candidate.step === name);
  if (!found) throw new Error(`no ${name} step in ${steps.map((s) => s.step).join(', ')}`);
  return found;
};

describe('nextAnnualReviewDue (CFA 2014 s44(1); CoP 9.178 for under-fives)', () => {
  it.each([
    ['no cycle: the day before the anniversary', '2025-03-10', '2021-01-01', null, '2026-03-09'],
    ['no birth date: 12 months', '2025-03-10', null, 6, '2026-03-09'],
    ['leap day plan, 12 months', '2024-02-29', null, null, '2025-02-27'],
    ['a 3-year-old on a 6-month cycle', '2025-01-31', '2022-06-01', 6, '2025-07-30'],
    ['a 4-year-old on a 3-month cycle', '2025-03-10', '2021-01-01', 3, '2025-06-09'],
    ['month end: 31 Aug + 6 months is 28 Feb, so the last day is 27 Feb', '2025-08-31', '2022-01-01', 6, '2026-02-27'],
    ['month end into a leap February: 30 Nov 2027 + 3 months is 29 Feb 2028', '2027-11-30', '2024-01-01', 3, '2028-02-28'],
    ['five by the shorter date: back to 12 months', '2025-03-10', '2020-06-01', 6, '2026-03-09'],
    ['five exactly on the shorter date: 12 months', '2025-03-10', '2020-09-09', 6, '2026-03-09'],
    ['five the day after the shorter date: the shorter date', '2025-03-10', '2020-09-10', 6, '2025-09-09'],
    ['born 29 Feb: still 4 on 28 Feb 2025 (five on 1 March)', '2024-09-01', '2020-02-29', 6, '2025-02-28'],
  ] as const)('%s', (_name, last, birth, cycle, due) => {
    expect(nextAnnualReviewDue(last, birth, cycle)).toBe(due);
  });

  it.each([2, 7, 4.5])('refuses a %s-month cycle (CoP 9.178 says 3 to 6)', (cycle) => {
    expect(() => nextAnnualReviewDue('2025-03-10', '2022-01-01', cycle)).toThrow(RangeError);
  });
});

describe('phaseTransferAmendmentDeadline (SEND Regs 2014 reg 18)', () => {
  it.each([
    ['early_years_to_school', '2027-09-03', '2027-02-14'],
    ['infant_to_junior', '2027-09-01', '2027-02-14'],
    ['primary_to_middle', '2027-09-01', '2027-02-14'],
    ['primary_to_secondary', '2028-09-01', '2028-02-14'],
    ['middle_to_secondary', '2026-09-02', '2026-02-14'],
    ['secondary_to_post16', '2028-09-01', '2028-03-30'],
    ['secondary_to_post16', '2027-09-06', '2027-03-30'],
    ['post16_to_post16', '2027-09-01', '2027-04-01'],
    ['post16_to_post16', '2028-07-29', '2028-02-29'],
    ['post16_to_post16', '2027-07-31', '2027-02-28'],
    ['post16_to_post16', '2027-01-15', '2026-08-15'],
  ] as const)('%s on %s: by %s', (transfer, date, deadline) => {
    expect(phaseTransferAmendmentDeadline(transfer, date)).toBe(deadline);
  });

  it('refuses a transfer date that is not a date', () => {
    expect(() => phaseTransferAmendmentDeadline('primary_to_secondary', '2027-02-30')).toThrow(RangeError);
  });

  it.each([
    ['primary_to_secondary', 'primary_to_secondary'],
    ['early_years_to_primary', 'early_years_to_school'],
    ['toString', null],
    ['somewhere', null],
    [null, null],
  ] as const)('%s names %s', (value, transfer) => {
    expect(phaseTransferOf(value)).toBe(transfer);
  });
});

describe('reviewSteps: each deadline to the day', () => {
  const whole = review({
    meetingDate: '2027-02-24',
    invitationsSentOn: '2027-02-01',
    papersCirculatedOn: '2027-02-12',
    heldOn: '2027-02-24',
    reportSentOn: '2027-03-10',
    decision: 'amend',
    decisionOn: '2027-03-24',
    amendmentProposedOn: '2027-03-24',
    stage: 'amendment_proposed',
  });

  it.each([
    ['invitations', '2027-02-10', '2027-02-01', null, 'done', 'SEND Regulations 2014 reg 20(3)'],
    ['papers', '2027-02-10', '2027-02-12', null, 'done_late', 'SEND Regulations 2014 reg 20(4)'],
    ['meeting', '2027-03-09', '2027-02-24', null, 'done', 'Children and Families Act 2014 s44(1)'],
    ['report', '2027-03-10', '2027-03-10', null, 'done', 'SEND Regulations 2014 reg 20(7)–(8)'],
    ['decision', '2027-03-24', '2027-03-24', null, 'done', 'SEND Regulations 2014 reg 20(10)'],
    ['comments', '2027-04-08', null, 7, 'due', 'SEND Regulations 2014 reg 22(2)(c)'],
    ['amended_plan', '2027-05-19', null, 48, 'due', 'SEND Regulations 2014 reg 22(3)'],
  ] as const)('%s is due on %s, done on %s, %s days left: %s (%s)', (name, dueOn, doneOn, daysLeft, state, regulation) => {
    expect(stepOf(reviewSteps(whole, '2027-04-01'), name)).toMatchObject({ dueOn, doneOn, daysLeft, state, regulation });
  });

  it('lists the steps in the order they happen, each with plain words', () => {
    const steps = reviewSteps(whole, '2027-04-01');
    expect(steps.map((s) => s.step)).toEqual(['invitations', 'papers', 'meeting', 'report', 'decision', 'comments', 'amended_plan']);
    expect(steps.map((s) => s.label)).toEqual([
      'Send the invitations',
      'Send everyone the reports and views',
      'Hold the meeting',
      'Send the report of the meeting',
      'Decide whether to keep, change or stop the plan',
      'Give the family 15 days to comment on the changes',
      'Send the final amended plan',
    ]);
  });

  it.each([
    ['invitations on the last day', '2027-02-15', 'invitations', '2027-02-15', 0, 'due'],
    ['invitations a day late', '2027-02-16', 'invitations', '2027-02-15', -1, 'overdue'],
    ['meeting on its last day', '2027-03-09', 'meeting', '2027-03-09', 0, 'due'],
    ['meeting a week late', '2027-03-16', 'meeting', '2027-03-09', -7, 'overdue'],
  ] as const)('a meeting planned on 1 March 2027: %s', (_name, today, name, dueOn, daysLeft, state) => {
    expect(stepOf(reviewSteps(review({ meetingDate: '2027-03-01' }), today), name)).toMatchObject({ dueOn, daysLeft, state, doneOn: null });
  });

  it('with no meeting date the notice counts back from the last day it may be held', () => {
    const steps = reviewSteps(review(), '2027-02-01');
    expect(stepOf(steps, 'invitations')).toMatchObject({ dueOn: '2027-02-23', daysLeft: 22, state: 'due' });
    expect(stepOf(steps, 'papers')).toMatchObject({ dueOn: '2027-02-23', daysLeft: 22, state: 'due' });
  });

  it('the report and the decision have not started before the meeting; their dates follow the planned day', () => {
    const steps = reviewSteps(review({ meetingDate: '2027-03-01' }), '2027-02-01');
    expect(stepOf(steps, 'report')).toMatchObject({ dueOn: '2027-03-15', daysLeft: null, state: 'not_yet' });
    expect(stepOf(steps, 'decision')).toMatchObject({ dueOn: '2027-03-29', daysLeft: null, state: 'not_yet' });
  });

  it.each([
    ['31 January', '2027-01-31', '2027-02-14', '2027-02-28'],
    ['31 January in a leap year', '2028-01-31', '2028-02-14', '2028-02-28'],
    ['1 February in a leap year', '2028-02-01', '2028-02-15', '2028-02-29'],
    ['30 November', '2026-11-30', '2026-12-14', '2026-12-28'],
    ['18 December, over Christmas', '2026-12-18', '2027-01-01', '2027-01-15'],
  ])('a meeting held on %s: report by %s, decision by %s', (_name, heldOn, reportDue, decisionDue) => {
    const steps = reviewSteps(review({ dueBy: '2028-03-01', heldOn, stage: 'held' }), heldOn);
    expect(stepOf(steps, 'report').dueOn).toBe(reportDue);
    expect(stepOf(steps, 'decision').dueOn).toBe(decisionDue);
  });

  // Regs 20 and 22 count weeks, not school weeks, and have no holiday exception: a summer
  // meeting runs on calendar days like any other.
  it('a meeting in the summer holiday counts calendar days', () => {
    const summer = review({ dueBy: '2027-08-20', meetingDate: '2027-08-10', heldOn: '2027-08-10', stage: 'held' });
    const steps = reviewSteps(summer, '2027-08-31');
    expect(stepOf(steps, 'invitations')).toMatchObject({ dueOn: '2027-07-27', state: 'overdue', daysLeft: -35 });
    expect(stepOf(steps, 'papers').dueOn).toBe('2027-07-27');
    expect(stepOf(steps, 'meeting')).toMatchObject({ dueOn: '2027-08-20', doneOn: '2027-08-10', state: 'done' });
    expect(stepOf(steps, 'report')).toMatchObject({ dueOn: '2027-08-24', state: 'overdue', daysLeft: -7 });
    expect(stepOf(steps, 'decision')).toMatchObject({ dueOn: '2027-09-07', state: 'due', daysLeft: 7 });
  });

  it('a meeting held on another day than planned: the notice counts back from the day it was held', () => {
    const steps = reviewSteps(review({ meetingDate: '2027-03-01', heldOn: '2027-03-05', invitationsSentOn: '2027-02-19', stage: 'held' }), '2027-03-05');
    expect(stepOf(steps, 'invitations')).toMatchObject({ dueOn: '2027-02-19', state: 'done' });
  });

  it('the amended plan held back by missing proposals is due 12 weeks after the meeting (R (L) v Devon CC)', () => {
    const steps = reviewSteps(review({ heldOn: '2027-02-24', decision: 'amend', decisionOn: '2027-03-10', stage: 'decided' }), '2027-03-20');
    expect(stepOf(steps, 'comments')).toMatchObject({ state: 'not_yet', daysLeft: null, dueOn: '2027-03-25' });
    expect(stepOf(steps, 'amended_plan')).toMatchObject({ dueOn: '2027-05-19', state: 'due', daysLeft: 60 });
    expect(stepOf(steps, 'amended_plan').regulation).toContain('Devon');
  });

  it.each([
    ['before the 15 days are over: done_late (too soon)', '2027-04-07', '2027-04-07', 'done_late', 'done'],
    ['on the first day after them', '2027-04-08', '2027-04-08', 'done', 'done'],
    ['on the 8-week deadline', '2027-05-19', '2027-04-08', 'done', 'done'],
    ['a day after the 8 weeks', '2027-05-20', '2027-04-08', 'done', 'done_late'],
  ])('the amended plan sent %s', (_name, issuedOn, commentsDoneOn, commentsState, planState) => {
    const steps = reviewSteps(
      review({ heldOn: '2027-02-24', decision: 'amend', decisionOn: '2027-03-24', amendmentProposedOn: '2027-03-24', amendedPlanIssuedOn: issuedOn, stage: 'closed' }),
      '2027-06-01',
    );
    expect(stepOf(steps, 'comments')).toMatchObject({ doneOn: commentsDoneOn, state: commentsState, daysLeft: null });
    expect(stepOf(steps, 'amended_plan')).toMatchObject({ doneOn: issuedOn, state: planState });
  });

  it('the 15 days end on their own when no plan has been sent yet', () => {
    const steps = reviewSteps(review({ heldOn: '2027-02-24', decision: 'amend', decisionOn: '2027-03-24', amendmentProposedOn: '2027-03-24', stage: 'amendment_proposed' }), '2027-04-08');
    expect(stepOf(steps, 'comments')).toMatchObject({ doneOn: '2027-04-08', state: 'done' });
    expect(stepOf(steps, 'amended_plan')).toMatchObject({ state: 'due', daysLeft: 41 });
  });

  it.each(['maintain', 'cease'])('a decision to %s has no amendment steps', (decision) => {
    const steps = reviewSteps(review({ heldOn: '2027-02-24', decision, decisionOn: '2027-03-01', stage: 'decided' }), '2027-03-01');
    expect(steps.map((s) => s.step)).toEqual(['invitations', 'papers', 'meeting', 'report', 'decision']);
  });

  it('a cancelled review has no steps', () => {
    expect(reviewSteps(review({ stage: 'cancelled' }), '2027-02-01')).toEqual([]);
  });

  it('an interim review names where its date comes from', () => {
    expect(stepOf(reviewSteps(review({ kind: 'interim' }), '2027-02-01'), 'meeting').regulation).toContain('when the review was called');
  });
});

describe('reviewSteps: the phase transfer deadline', () => {
  const transfer = (transferTo: string, transferDate: string, changes: Partial<ReviewClockInput> = {}) => review({ kind: 'phase_transfer', dueBy: '2028-01-20', transferTo, transferDate, ...changes });

  it.each([
    ['primary to secondary, Sept 2028 (a leap year): a fortnight left on 31 Jan', 'primary_to_secondary', '2028-09-01', '2028-01-31', '2028-02-14', 14, 'due'],
    ['primary to secondary, on the last day', 'primary_to_secondary', '2028-09-01', '2028-02-14', '2028-02-14', 0, 'due'],
    ['primary to secondary, on 15 February it is late', 'primary_to_secondary', '2028-09-01', '2028-02-15', '2028-02-14', -1, 'overdue'],
    ['secondary to post-16, counting over 29 Feb 2028', 'secondary_to_post16', '2028-09-01', '2028-02-28', '2028-03-30', 31, 'due'],
    ['secondary to post-16, the same day in 2027', 'secondary_to_post16', '2027-09-01', '2027-02-28', '2027-03-30', 30, 'due'],
    ['post-16 to post-16 in July 2028: by 29 Feb', 'post16_to_post16', '2028-07-29', '2028-02-01', '2028-02-29', 28, 'due'],
    ['the SEN2 word for early years', 'early_years_to_primary', '2028-09-04', '2028-02-01', '2028-02-14', 13, 'due'],
  ] as const)('%s', (_name, to, date, today, dueOn, daysLeft, state) => {
    expect(stepOf(reviewSteps(transfer(to, date), today), 'phase_transfer')).toMatchObject({ dueOn, daysLeft, state, doneOn: null });
  });

  it.each([
    ['amended in time', { decision: 'amend', decisionOn: '2027-12-10', amendmentProposedOn: '2027-12-10', amendedPlanIssuedOn: '2028-02-14' }, '2028-02-14', 'done'],
    ['amended a day late', { decision: 'amend', decisionOn: '2027-12-10', amendmentProposedOn: '2027-12-10', amendedPlanIssuedOn: '2028-02-15' }, '2028-02-15', 'done_late'],
    ['decided to keep the plan (it names the next school)', { decision: 'maintain', decisionOn: '2028-01-10' }, '2028-01-10', 'done'],
  ] as const)('%s', (_name, changes, doneOn, state) => {
    const steps = reviewSteps(transfer('primary_to_secondary', '2028-09-01', { heldOn: '2027-11-20', stage: 'closed', ...changes }), '2028-03-01');
    expect(stepOf(steps, 'phase_transfer')).toMatchObject({ doneOn, state, regulation: 'SEND Regulations 2014 reg 18(1)(b)' });
  });

  it('no deadline when the transfer is not a phase the regulations name, or has no date', () => {
    expect(reviewSteps(transfer('somewhere', '2028-09-01'), '2028-01-01').some((s) => s.step === 'phase_transfer')).toBe(false);
    expect(reviewSteps(review({ transferTo: 'primary_to_secondary' }), '2028-01-01').some((s) => s.step === 'phase_transfer')).toBe(false);
  });
});

describe('mostUrgentStep', () => {
  const s = (step: ReviewStepName, state: ReviewStep['state'], daysLeft: number | null): ReviewStep => ({
    step,
    label: step,
    dueOn: '2027-01-01',
    doneOn: null,
    daysLeft,
    state,
    regulation: '',
  });

  it.each([
    ['nothing', [], null],
    ['all done', [s('invitations', 'done', null), s('meeting', 'done_late', null)], null],
    ['only not started', [s('report', 'not_yet', null)], null],
    ['the one due soonest', [s('invitations', 'due', 10), s('papers', 'due', 3), s('meeting', 'due', 30)], 'papers'],
    ['overdue beats due', [s('invitations', 'due', 0), s('meeting', 'overdue', -1)], 'meeting'],
    ['the most overdue', [s('report', 'overdue', -2), s('decision', 'overdue', -9)], 'decision'],
    ['a tie goes to the earlier step', [s('invitations', 'due', 5), s('papers', 'due', 5)], 'invitations'],
    ['the family’s comment period is never the task', [s('comments', 'due', 2), s('amended_plan', 'due', 40)], 'amended_plan'],
  ] as const)('%s', (_name, steps, expected) => {
    expect(mostUrgentStep([...steps])?.step ?? null).toBe(expected);
  });

  it('on a real review: the report, two days late', () => {
    const steps = reviewSteps(review({ meetingDate: '2027-02-24', heldOn: '2027-02-24', invitationsSentOn: '2027-02-01', papersCirculatedOn: '2027-02-05', stage: 'held' }), '2027-03-12');
    expect(mostUrgentStep(steps)).toMatchObject({ step: 'report', daysLeft: -2, state: 'overdue' });
  });
});

describe('validateReviewDates', () => {
  const containing = (text: string): unknown => expect.stringContaining(text);
  it.each([
    ['nothing given', {}, undefined, []],
    [
      'a clean review',
      { meetingDate: '2027-02-24', invitationsSentOn: '2027-02-01', papersCirculatedOn: '2027-02-10', heldOn: '2027-02-24', reportSentOn: '2027-03-01', decisionOn: '2027-03-01' },
      '2027-03-01',
      [],
    ],
    ['empty strings are not given', { meetingDate: '', heldOn: null }, undefined, []],
    ['not a real date', { meetingDate: '2027-02-30' }, undefined, [['meetingDate', 'error', 'The date of the meeting must be a real date']]],
    ['not a date at all', { heldOn: '24/02/2027' }, undefined, [['heldOn', 'error', 'The date the meeting was held must be a real date']]],
    [
      'invitations after the planned meeting',
      { meetingDate: '2027-02-24', invitationsSentOn: '2027-02-25' },
      undefined,
      [['invitationsSentOn', 'error', 'The invitations must be sent before the meeting']],
    ],
    [
      'invitations after the meeting was held',
      { meetingDate: '2027-02-28', heldOn: '2027-02-24', invitationsSentOn: '2027-02-25' },
      undefined,
      [['invitationsSentOn', 'error', 'The invitations must be sent before the meeting was held']],
    ],
    ['invitations 13 days before: a warning', { meetingDate: '2027-02-24', invitationsSentOn: '2027-02-11' }, undefined, [['invitationsSentOn', 'warning', containing('less than 2 weeks')]]],
    ['invitations exactly 14 days before: fine', { meetingDate: '2027-02-24', invitationsSentOn: '2027-02-10' }, undefined, []],
    [
      'invitations on the day of the meeting: a warning',
      { meetingDate: '2027-02-24', invitationsSentOn: '2027-02-24' },
      undefined,
      [['invitationsSentOn', 'warning', containing('less than 2 weeks')]],
    ],
    [
      'papers after the meeting',
      { heldOn: '2027-02-24', papersCirculatedOn: '2027-02-26' },
      undefined,
      [['papersCirculatedOn', 'error', 'The reports and views must be sent before the meeting was held']],
    ],
    ['papers a week before: a warning', { meetingDate: '2027-02-24', papersCirculatedOn: '2027-02-17' }, undefined, [['papersCirculatedOn', 'warning', containing('less than 2 weeks')]]],
    ['a meeting after the due date: a warning', { dueBy: '2027-03-09', meetingDate: '2027-03-10' }, undefined, [['meetingDate', 'warning', 'The meeting is after the date the review is due by']]],
    ['report before the meeting', { heldOn: '2027-02-24', reportSentOn: '2027-02-23' }, undefined, [['reportSentOn', 'error', 'The report must be sent on or after the day of the meeting']]],
    ['report with no meeting held', { meetingDate: '2027-02-24', reportSentOn: '2027-02-25' }, undefined, [['reportSentOn', 'error', 'Record the meeting before the report']]],
    ['decision before the meeting', { heldOn: '2027-02-24', decisionOn: '2027-02-20' }, undefined, [['decisionOn', 'error', 'The decision must be on or after the day of the meeting']]],
    ['decision with no meeting held', { decisionOn: '2027-02-20' }, undefined, [['decisionOn', 'error', 'Record the meeting before the decision']]],
    [
      'proposed changes before the decision',
      { heldOn: '2027-02-24', decisionOn: '2027-03-01', amendmentProposedOn: '2027-02-28' },
      undefined,
      [['amendmentProposedOn', 'error', containing('on or after the day of the decision')]],
    ],
    [
      'amended plan before the proposals',
      { heldOn: '2027-02-24', decisionOn: '2027-03-01', amendmentProposedOn: '2027-03-01', amendedPlanIssuedOn: '2027-02-28' },
      undefined,
      [['amendedPlanIssuedOn', 'error', 'The amended plan must be sent after the proposed changes']],
    ],
    [
      'amended plan on day 15 of the comments: a warning',
      { heldOn: '2027-02-24', decisionOn: '2027-03-01', amendmentProposedOn: '2027-03-01', amendedPlanIssuedOn: '2027-03-15' },
      undefined,
      [['amendedPlanIssuedOn', 'warning', containing('15 days')]],
    ],
    ['amended plan the day after the 15 days: fine', { heldOn: '2027-02-24', decisionOn: '2027-03-01', amendmentProposedOn: '2027-03-01', amendedPlanIssuedOn: '2027-03-16' }, undefined, []],
    ['a meeting held tomorrow', { heldOn: '2027-02-25' }, '2027-02-24', [['heldOn', 'error', 'The date the meeting was held must be today or in the past']]],
    ['a meeting planned for next month is fine', { meetingDate: '2027-03-25' }, '2027-02-24', []],
    [
      'a bad date is reported once',
      { meetingDate: '2027-02-24', invitationsSentOn: '2027-13-01' },
      '2027-02-24',
      [['invitationsSentOn', 'error', 'The date the invitations were sent must be a real date']],
    ],
  ] as const)('%s', (_name, input, today, expected) => {
    const problems = validateReviewDates(input, today);
    expect(problems).toEqual(expected.map(([path, severity, message]) => ({ path, severity, message })));
  });
});
