import { describe, expect, it } from 'vitest';
import {
  checkDecision,
  checkHeldOn,
  checkInvitations,
  checkMeetingDate,
  decisionSentence,
  givesFullNotice,
  isProgressRating,
  mayTakeStep,
  stepOwner,
  viewsDueBy,
} from '../../../src/domain/review-workflow.js';

describe('which step a review may take at which stage', () => {
  it.each([
    ['scheduled', 'schedule', true],
    ['invited', 'schedule', true],
    ['held', 'schedule', false],
    ['scheduled', 'invite', true],
    ['held', 'invite', false],
    ['scheduled', 'record_meeting', false],
    ['invited', 'record_meeting', true],
    ['held', 'record_meeting', false],
    ['held', 'send_report', true],
    ['invited', 'send_report', false],
    ['invited', 'decide', false],
    ['held', 'decide', true],
    ['report_sent', 'decide', true],
    ['closed', 'decide', false],
    ['held', 'contribute', true],
    ['report_sent', 'contribute', false],
    ['cancelled', 'contribute', false],
  ] as const)('%s → %s: %s', (stage, step, expected) => {
    expect(mayTakeStep(stage, step)).toBe(expected);
  });
});

describe('the dates a step must respect', () => {
  it.each([
    ['2027-03-10', null, '2027-03-01', 0],
    ['2027-02-28', null, '2027-03-01', 1], // in the past
    ['2027-03-01', '2027-03-02', '2027-03-01', 1], // before the invitations (reg 20(3))
    ['2027-03-02', '2027-03-02', '2027-03-02', 0],
  ] as const)('a meeting on %s, invitations %s, today %s: %i problems', (meetingDate, invitationsSentOn, today, problems) => {
    expect(checkMeetingDate({ meetingDate, invitationsSentOn, today })).toHaveLength(problems);
  });

  it.each([
    [null, '2027-03-01', 1, ['meetingDate']],
    ['2027-02-28', '2027-03-01', 1, ['meetingDate']],
    ['2027-03-20', '2027-03-01', 0, ['invitees']],
    ['2027-03-20', '2027-03-01', 2, []],
  ] as const)('invitations for a meeting on %s sent %s to %i people: problems on %o', (meetingDate, today, invitees, paths) => {
    expect(checkInvitations({ meetingDate, today, invitees }).map((problem) => problem.path)).toEqual(paths);
  });

  it.each([
    ['2027-03-15', '2027-03-01', true],
    ['2027-03-14', '2027-03-01', false],
  ])('a meeting on %s gives full notice from %s: %s', (meetingDate, sentOn, expected) => {
    expect(givesFullNotice(meetingDate, sentOn)).toBe(expected);
  });

  it.each([
    ['2027-03-10', '2027-03-01', '2027-03-12', 0],
    ['2027-02-27', '2027-03-01', '2027-03-12', 1],
    ['2027-03-13', '2027-03-01', '2027-03-12', 1],
  ])('held on %s after invitations %s, today %s: %i problems', (heldOn, invitationsSentOn, today, problems) => {
    expect(checkHeldOn({ heldOn, invitationsSentOn, today })).toHaveLength(problems);
  });

  it.each([
    ['maintain', '2027-03-20', '2027-03-10', null, null, []],
    ['maintain', '2027-03-20', null, null, null, ['decision']],
    ['maintain', '2027-03-09', '2027-03-10', null, null, ['decisionOn']],
    ['maintain', '2027-03-30', '2027-03-10', null, null, ['decisionOn']],
    ['cease', '2027-03-20', '2027-03-10', null, null, ['ceaseReason', 'appealRightsGivenOn']],
    ['cease', '2027-03-20', '2027-03-10', '2', '2027-03-01', ['appealRightsGivenOn']],
    ['cease', '2027-03-20', '2027-03-10', '2', '2027-03-20', []],
  ] as const)('%s on %s after a meeting on %s (cease reason %s, appeal rights %s): problems on %o', (decision, decisionOn, heldOn, ceaseReason, appealRightsGivenOn, paths) => {
    expect(checkDecision({ decision, decisionOn, heldOn, today: '2027-03-25', ceaseReason, appealRightsGivenOn }).map((problem) => problem.path)).toEqual(paths);
  });

  it.each([
    [1, true],
    [4, true],
    [0, false],
    [5, false],
    [2.5, false],
    [Number.NaN, false],
  ])('rating %d is on the scale: %s', (rating, expected) => {
    expect(isProgressRating(rating)).toBe(expected);
  });
});

describe('when views are asked for', () => {
  it.each([
    // Four weeks' notice: 17 days before the meeting, so the papers can go two weeks before.
    ['2027-03-29', '2027-03-01', '2027-03-12'],
    // Two weeks' notice: a week after the invitations.
    ['2027-03-15', '2027-03-01', '2027-03-08'],
    // A meeting in three days: the day before it.
    ['2027-03-04', '2027-03-01', '2027-03-03'],
    // A meeting today: today.
    ['2027-03-01', '2027-03-01', '2027-03-01'],
  ])('a meeting on %s with invitations on %s: views by %s', (meetingDate, sentOn, expected) => {
    expect(viewsDueBy(meetingDate, sentOn)).toBe(expected);
  });
});

describe('who owns a step and what the family reads', () => {
  it.each([
    ['meeting', 'setting', 'setting'],
    ['report', 'setting', 'setting'],
    ['decision', 'setting', 'la'],
    ['meeting', 'la', 'la'],
    ['amended_plan', 'setting', 'la'],
  ])('%s of a review run by %s: %s', (step, runBy, expected) => {
    expect(stepOwner(step, runBy)).toBe(expected);
  });

  it('says the decision in plain words, with no codes', () => {
    expect(decisionSentence('maintain', null)).toBe('The plan stays as it is. It will be reviewed again within 12 months.');
    expect(decisionSentence('cease', '3')).toContain('moved on to higher education');
    expect(decisionSentence('cease', '3')).not.toMatch(/\b3\b/);
    expect(decisionSentence('amend', null)).toContain('at least 15 days');
  });
});
