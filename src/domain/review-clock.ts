import { addDays, addMonths, daysBetween, type IsoDate } from './dates.js';

/**
 * LOCAL STUB of helper A's review clock (the coordinator replaces this file with A's version when
 * it lands). Same signatures; the rules kept to the minimum the review workflow reads. CFA 2014
 * s44; SEND Regs 2014 regs 18, 20 and 22.
 */

export type ReviewStepName = 'meeting' | 'invitations' | 'papers' | 'report' | 'decision' | 'comments' | 'amended_plan' | 'phase_transfer';
export type ReviewStepState = 'done' | 'done_late' | 'due' | 'overdue' | 'not_yet';

export interface ReviewStep {
  step: ReviewStepName;
  label: string;
  dueOn: IsoDate | null;
  doneOn: IsoDate | null;
  daysLeft: number | null;
  state: ReviewStepState;
  regulation: string;
}

export interface ReviewForClock {
  kind: string;
  dueBy: IsoDate;
  meetingDate: IsoDate | null;
  invitationsSentOn: IsoDate | null;
  papersCirculatedOn: IsoDate | null;
  heldOn: IsoDate | null;
  reportSentOn: IsoDate | null;
  decision: string | null;
  decisionOn: IsoDate | null;
  amendmentProposedOn: IsoDate | null;
  amendedPlanIssuedOn: IsoDate | null;
  transferTo: string | null;
  transferDate: IsoDate | null;
}

function stepOf(step: ReviewStepName, label: string, regulation: string, dueOn: IsoDate | null, doneOn: IsoDate | null, today: IsoDate, applies = true): ReviewStep {
  let state: ReviewStepState;
  if (doneOn) state = dueOn && doneOn > dueOn ? 'done_late' : 'done';
  else if (!dueOn || !applies) state = 'not_yet';
  else state = today > dueOn ? 'overdue' : 'due';
  return { step, label, dueOn, doneOn, daysLeft: dueOn && !doneOn ? daysBetween(today, dueOn) : null, state, regulation };
}

export function reviewSteps(review: ReviewForClock, today: IsoDate): ReviewStep[] {
  const meetingDue = review.meetingDate ?? review.dueBy;
  const steps = [
    stepOf('invitations', 'Send the invitations', 'SEND Regs 2014 reg 20(3)', addDays(meetingDue, -14), review.invitationsSentOn, today),
    stepOf('papers', 'Circulate the advice and information', 'SEND Regs 2014 reg 20(4)', addDays(meetingDue, -14), review.papersCirculatedOn, today, review.invitationsSentOn !== null),
    stepOf('meeting', 'Hold the meeting', 'CFA 2014 s44(1)', review.dueBy, review.heldOn, today),
    stepOf('report', 'Send the report', 'SEND Regs 2014 reg 20(7)', review.heldOn ? addDays(review.heldOn, 14) : null, review.reportSentOn, today),
    stepOf('decision', 'Make the decision', 'SEND Regs 2014 reg 20(10)', review.heldOn ? addDays(review.heldOn, 28) : null, review.decisionOn, today),
  ];
  if (review.decision === 'amend') {
    steps.push(stepOf('comments', 'Give the family time to comment', 'SEND Regs 2014 reg 22(2)(c)', review.amendmentProposedOn ? addDays(review.amendmentProposedOn, 15) : null, null, today, false));
    steps.push(stepOf('amended_plan', 'Issue the amended plan', 'SEND Regs 2014 reg 22(3)', review.decisionOn ? addDays(review.decisionOn, 56) : null, review.amendedPlanIssuedOn, today));
  }
  return steps;
}

export function nextAnnualReviewDue(lastReviewOrIssue: IsoDate, birthDate: IsoDate, underFiveCycleMonths: number): IsoDate {
  const fifth = addMonths(birthDate, 60);
  const months = lastReviewOrIssue < fifth ? underFiveCycleMonths : 12;
  return addDays(addMonths(lastReviewOrIssue, months), -1);
}

export function mostUrgentStep(steps: readonly ReviewStep[]): ReviewStep | undefined {
  const open = steps.filter((step) => step.state === 'overdue' || step.state === 'due');
  return [...open].sort((a, b) => (a.daysLeft ?? 0) - (b.daysLeft ?? 0))[0];
}
