import { addDays, type IsoDate } from './dates.js';
import { formatDate } from './formatting.js';
import { REVIEW_PROGRESS_RATINGS, type ReviewStage } from './reviews.js';

/**
 * The review workflow's own rules: which step may be taken at which stage, and the dates each step
 * must respect. The deadlines themselves are the review clock's (review-clock.ts); these rules say
 * what is refused outright, with the words the form shows. Pure, with table-driven tests.
 */

/** The steps a person takes on a review, each a form. */
export type WorkflowStep = 'schedule' | 'invite' | 'contribute' | 'record_meeting' | 'send_report' | 'decide';

/** Stages at which each step may be taken (CFA 2014 s44; SEND Regs 2014 reg 20). */
const STEP_STAGES: Record<WorkflowStep, readonly ReviewStage[]> = {
  // The meeting may be moved until it has been held.
  schedule: ['scheduled', 'invited'],
  // Invitations may be sent again (to someone added later) until the meeting is held.
  invite: ['scheduled', 'invited'],
  // Advice and views are gathered before the meeting (reg 20(2)–(4)); late ones are still taken, until the report goes.
  contribute: ['scheduled', 'invited', 'held'],
  record_meeting: ['invited'],
  send_report: ['held'],
  // The LA decides after the meeting (reg 20(10)); it may decide before the report is sent if it holds it.
  decide: ['held', 'report_sent'],
};

export function mayTakeStep(stage: string, step: WorkflowStep): boolean {
  return (STEP_STAGES[step] as readonly string[]).includes(stage);
}

/** Why a step cannot be taken now, in words for the person who tried. */
export function stepRefusal(stage: string, step: WorkflowStep): string {
  if (stage === 'cancelled') return 'This review has been cancelled';
  if (stage === 'closed' || stage === 'decided' || stage === 'amendment_proposed') return 'This review is finished: the decision has been made';
  switch (step) {
    case 'record_meeting':
      return stage === 'scheduled' ? 'Send the invitations before recording the meeting' : 'The meeting has already been recorded';
    case 'send_report':
      return 'Record the meeting before sending the report';
    case 'decide':
      return 'Record the meeting before making a decision';
    case 'schedule':
    case 'invite':
      return 'The meeting has already been held';
    case 'contribute':
      return 'The report has been sent: contributions can no longer be added';
  }
}

/** Notice the family and everyone else must get of the meeting: at least two weeks (SEND Regs 2014 reg 20(3)). */
const INVITATION_NOTICE_DAYS = 14;

export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * The meeting's date when it is arranged or moved: not in the past, and never before invitations
 * already sent (SEND Regs 2014 reg 20(3): the invitations give notice of the meeting).
 */
export function checkMeetingDate(input: { meetingDate: IsoDate; invitationsSentOn: IsoDate | null; today: IsoDate }): FieldProblem[] {
  if (input.invitationsSentOn && input.meetingDate < input.invitationsSentOn)
    return [{ path: 'meetingDate', message: `The meeting date must be on or after the day the invitations were sent (${formatDate(input.invitationsSentOn)})` }];
  if (input.meetingDate < input.today) return [{ path: 'meetingDate', message: 'The meeting date must be today or in the future' }];
  return [];
}

/** Invitations go today; the meeting must be on or after today. Less than two weeks' notice is allowed but late. */
export function checkInvitations(input: { meetingDate: IsoDate | null; today: IsoDate; invitees: number }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!input.meetingDate) problems.push({ path: 'meetingDate', message: 'Arrange the meeting before sending the invitations' });
  else if (input.meetingDate < input.today) problems.push({ path: 'meetingDate', message: 'The meeting date is before the invitations: move the meeting first' });
  if (input.invitees === 0) problems.push({ path: 'invitees', message: 'Select at least one person to invite' });
  return problems;
}

/** Whether invitations sent today give the two weeks' notice reg 20(3) asks for. */
export function givesFullNotice(meetingDate: IsoDate, sentOn: IsoDate): boolean {
  return meetingDate >= addDays(sentOn, INVITATION_NOTICE_DAYS);
}

/** The day the meeting was held: after the invitations, and not in the future. */
export function checkHeldOn(input: { heldOn: IsoDate; invitationsSentOn: IsoDate | null; today: IsoDate }): FieldProblem[] {
  if (input.invitationsSentOn && input.heldOn < input.invitationsSentOn)
    return [{ path: 'heldOn', message: `The meeting date must be on or after the day the invitations were sent (${formatDate(input.invitationsSentOn)})` }];
  if (input.heldOn > input.today) return [{ path: 'heldOn', message: 'The meeting date must be today or in the past' }];
  return [];
}

export function isProgressRating(value: number): value is keyof typeof REVIEW_PROGRESS_RATINGS {
  return Number.isInteger(value) && value in REVIEW_PROGRESS_RATINGS;
}

/** The decision's date: after the meeting (reg 20(10)), not in the future; cease needs its grounds and the appeal rights given. */
export function checkDecision(input: {
  decision: string;
  decisionOn: IsoDate;
  heldOn: IsoDate | null;
  today: IsoDate;
  ceaseReason: string | null;
  appealRightsGivenOn: IsoDate | null;
}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!input.heldOn) problems.push({ path: 'decision', message: 'Record the meeting before making a decision' });
  else if (input.decisionOn < input.heldOn) problems.push({ path: 'decisionOn', message: `The decision date must be on or after the meeting (${formatDate(input.heldOn)})` });
  if (input.decisionOn > input.today) problems.push({ path: 'decisionOn', message: 'The decision date must be today or in the past' });
  if (input.decision === 'cease') {
    if (!input.ceaseReason) problems.push({ path: 'ceaseReason', message: 'Select why the plan is to stop' });
    if (!input.appealRightsGivenOn) problems.push({ path: 'appealRightsGivenOn', message: 'Enter the date the family was told of their right to appeal' });
    else if (input.heldOn && input.appealRightsGivenOn < input.heldOn) problems.push({ path: 'appealRightsGivenOn', message: 'The appeal rights date must be on or after the meeting' });
  }
  return problems;
}

/**
 * SEN2 `CeaseReason` (module 4a): the grounds for stopping a plan (CFA 2014 s45), in words a
 * family reads. Codes are stored; families never see them.
 */
export const CEASE_REASONS = {
  '1': 'Reached the age when the plan ends',
  '2': 'Education or training needs are being met without a plan',
  '3': 'Moved on to higher education',
  '4': 'Moved into paid work',
  '5': 'Moved to another local authority in England',
  '6': 'The young person no longer wishes to take part in education or training',
  '7': 'Moved outside England',
  '8': 'Died',
  '9': 'Another reason',
} as const;
export type CeaseReason = keyof typeof CEASE_REASONS;

export function isCeaseReason(value: string): value is CeaseReason {
  return value in CEASE_REASONS;
}

/** What the family reads of the decision, in plain words. */
export function decisionSentence(decision: string, ceaseReason: string | null): string {
  switch (decision) {
    case 'maintain':
      return 'The plan stays as it is. It will be reviewed again within 12 months.';
    case 'amend':
      return 'The plan is going to be changed. You will be sent the proposed changes and have at least 15 days to comment before the new plan is issued.';
    case 'cease':
      return `The plan is going to stop${ceaseReason && isCeaseReason(ceaseReason) ? `: ${CEASE_REASONS[ceaseReason].toLowerCase()}` : ''}. You have the right to appeal to the SEND Tribunal against this decision.`;
    default:
      return '';
  }
}

/** Who does a step: the LA's caseworker, or the school for a review it runs (the LA always decides). */
export function stepOwner(step: string, runBy: string): 'la' | 'setting' {
  if (step === 'decision' || step === 'comments' || step === 'amended_plan' || step === 'phase_transfer') return 'la';
  return runBy === 'setting' ? 'setting' : 'la';
}

/**
 * The day views and advice are asked for: far enough ahead of the meeting for the papers to go
 * out two weeks before it (SEND Regs 2014 reg 20(4)) with three days to gather them, but never
 * less than a week after the invitations, and always before the meeting.
 */
export function viewsDueBy(meetingDate: IsoDate, sentOn: IsoDate): IsoDate {
  const wanted = addDays(meetingDate, -(INVITATION_NOTICE_DAYS + 3));
  const earliest = addDays(sentOn, 7);
  const chosen = wanted > earliest ? wanted : earliest;
  const latest = addDays(meetingDate, -1);
  return chosen < latest ? chosen : latest < sentOn ? sentOn : latest;
}
