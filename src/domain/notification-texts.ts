import { formatDate } from './formatting.js';
import { paths } from '../http/paths.js';

/**
 * The words of every notification. Each says what happened and what to do, and links to where
 * to do it. They go by email as well as in the app, and email is neither private nor under our
 * control once sent, so they carry no more personal data than the reader needs to act:
 * - families read "your child" (they know who; a forwarded email tells nobody else);
 * - staff read the child's first name and surname initial ("Sam T."), enough to tell two
 *   children apart on their caseload, and never a full name, date of birth or UPN;
 * - nobody reads a message's text, a need or a diagnosis: they follow the link and sign in.
 */
export interface NotificationText {
  /** What caused it, stored on the notification (see NewNotification.kind). */
  kind: string;
  subject: string;
  body: string;
  /** A path in the app. */
  link: string;
}

/** A child as staff see them in a notification: "Sam T.". */
export interface ChildForStaff {
  childId: string;
  forename: string;
  surname: string;
}

/** "Sam T." — the least that tells a worker which child, with nothing that identifies them to anyone else. */
export function childShortName(forename: string, surname: string): string {
  const first = forename.trim().split(/\s+/)[0] ?? '';
  const initial = surname.trim().charAt(0).toUpperCase();
  return initial ? `${first} ${initial}.` : first;
}

/** "3 March": the year is plain from context and the shorter form reads better in a sentence. */
function dayAndMonth(isoDate: string): string {
  return formatDate(isoDate).replace(/\s\d{4}$/, '');
}

const messagePath = (childId: string, threadId: string) => paths.messages.thread({ childId, threadId });

/** Who reads news of a message: the wording differs, the facts do not. */
export type MessageReader = 'family' | 'young_person' | 'staff';

/**
 * A message, reply or recorded call in a conversation. Names the sender (a colleague or the
 * family member who wrote; the reader knows them) and what they did, never what they said.
 */
export function messagePosted(input: ChildForStaff & { threadId: string; reader: MessageReader; senderName: string; action: 'new' | 'reply' | 'recorded'; recordedWhat?: string }): NotificationText {
  const subject =
    input.reader === 'young_person'
      ? 'New message about your EHC plan'
      : input.reader === 'family'
        ? "New message about your child's EHC plan"
        : `New message about ${childShortName(input.forename, input.surname)}`;
  const what = input.action === 'recorded' ? `recorded ${input.recordedWhat ?? 'a contact'}` : input.action === 'reply' ? 'replied to your message' : 'sent a new message';
  return { kind: 'message_received', subject, body: `${input.senderName} ${what}. Sign in to read it.`, link: messagePath(input.childId, input.threadId) };
}

export function replyOverdueToOwner(input: ChildForStaff & { threadId: string; replyBy: string }): NotificationText {
  const child = childShortName(input.forename, input.surname);
  return {
    kind: 'reply_overdue',
    subject: `Reply overdue: message about ${child}`,
    body: `A message about ${child} was due a reply by ${dayAndMonth(input.replyBy)}. Please reply today, or hand the conversation to a colleague.`,
    link: messagePath(input.childId, input.threadId),
  };
}

export function replyOverdueEscalated(input: ChildForStaff & { threadId: string; replyBy: string }): NotificationText {
  const child = childShortName(input.forename, input.surname);
  return {
    kind: 'reply_overdue_escalated',
    subject: `Escalated: a family is waiting for a reply about ${child}`,
    body: `A message about ${child} is still without a reply, which was due by ${dayAndMonth(input.replyBy)}. Please make sure someone in your team replies.`,
    link: messagePath(input.childId, input.threadId),
  };
}

/** The task's own title is free text a colleague typed, so it stays behind the link to the work tray. */
export function taskAssigned(input: { child: ChildForStaff | null; dueOn: string | null }): NotificationText {
  const about = input.child ? ` about ${childShortName(input.child.forename, input.child.surname)}` : '';
  const due = input.dueOn ? `, due by ${dayAndMonth(input.dueOn)}` : '';
  return {
    kind: 'task_assigned',
    subject: `You have a new task${about}`,
    body: `A task${about} has been given to you${due}. Sign in to see what is needed.`,
    link: paths.tasks.tray(),
  };
}

export function reviewInvitation(input: { childId: string; reviewId?: string; meetingOn: string; viewsBy: string; reader?: 'family' | 'young_person' }): NotificationText {
  const whose = input.reader === 'young_person' ? 'your EHC plan' : 'your child';
  return {
    kind: 'review_invitation',
    subject: input.reader === 'young_person' ? 'A review meeting about your EHC plan' : 'A review meeting for your child',
    body: `A review meeting for ${whose} is on ${dayAndMonth(input.meetingOn)}; please add your views by ${dayAndMonth(input.viewsBy)}.`,
    link: input.reviewId ? paths.reviews.review({ childId: input.childId, reviewId: input.reviewId }) : paths.child.reviews({ childId: input.childId }),
  };
}

/** An invitation to a review meeting for someone who works with the child. */
export function reviewInvitationToStaff(input: ChildForStaff & { reviewId: string; meetingOn: string; viewsBy: string }): NotificationText {
  const child = childShortName(input.forename, input.surname);
  return {
    kind: 'review_invitation',
    subject: `Invitation: review meeting for ${child}`,
    body: `You are invited to the review meeting for ${child} on ${dayAndMonth(input.meetingOn)}. Please send your advice by ${dayAndMonth(input.viewsBy)}.`,
    link: paths.reviews.review({ childId: input.childId, reviewId: input.reviewId }),
  };
}

/** The advice and views gathered for a review are ready to read before the meeting. */
export function reviewPapersCirculated(input: { childId: string; reviewId: string; meetingOn: string; reader: MessageReader; child?: ChildForStaff }): NotificationText {
  const about =
    input.reader === 'staff' && input.child ? `for ${childShortName(input.child.forename, input.child.surname)}` : input.reader === 'young_person' ? 'about your EHC plan' : 'for your child';
  return {
    kind: 'review_papers',
    subject: `Papers for the review meeting ${about}`,
    body: `The views and advice for the review meeting ${about} on ${dayAndMonth(input.meetingOn)} are ready to read. Sign in to read them.`,
    link: paths.reviews.review({ childId: input.childId, reviewId: input.reviewId }),
  };
}

/** The report of a review meeting has been sent to everyone invited. */
export function reviewReportSent(input: { childId: string; reviewId: string; reader: MessageReader; child?: ChildForStaff }): NotificationText {
  const about =
    input.reader === 'staff' && input.child ? `for ${childShortName(input.child.forename, input.child.surname)}` : input.reader === 'young_person' ? 'about your EHC plan' : 'for your child';
  return {
    kind: 'review_report',
    subject: `The review report ${about}`,
    body: `The report of the review meeting ${about} is ready. Sign in to read it.`,
    link: paths.reviews.report({ childId: input.childId, reviewId: input.reviewId }),
  };
}

/** The LA has decided what happens to the plan after the review. */
export function reviewDecisionMade(input: { childId: string; reviewId: string; reader: 'family' | 'young_person' }): NotificationText {
  const whose = input.reader === 'young_person' ? 'your EHC plan' : "your child's EHC plan";
  return {
    kind: 'review_decision',
    subject: `A decision about ${whose}`,
    body: `The local authority has decided what happens to ${whose} after the review. Sign in to read the decision and what you can do next.`,
    link: paths.reviews.report({ childId: input.childId, reviewId: input.reviewId }),
  };
}

/** A step of a review is past its legal deadline: for the step's owner. */
export function reviewStepOverdue(input: ChildForStaff & { reviewId: string; stepLabel: string; dueOn: string }): NotificationText {
  const child = childShortName(input.forename, input.surname);
  return {
    kind: 'review_step_overdue',
    subject: `Overdue: review for ${child}`,
    body: `"${input.stepLabel}" for the review for ${child} was due by ${dayAndMonth(input.dueOn)}. Please do it today.`,
    link: paths.reviews.review({ childId: input.childId, reviewId: input.reviewId }),
  };
}

/** An early review called by the LA or the school, or asked for by someone in the family. */
export function interimReviewCalled(input: { childId: string; reviewId: string; dueBy: string; askedByFamily: boolean }): NotificationText {
  const by = dayAndMonth(input.dueBy);
  return {
    kind: 'interim_review_called',
    subject: 'An early review of your child’s plan',
    body: input.askedByFamily
      ? `The request for an early review of your child’s EHC plan has been received. The meeting will be held by ${by}; we will tell you the date and ask for your views.`
      : `There will be an early review of your child’s EHC plan, held by ${by}. We will tell you the date of the meeting and ask for your views.`,
    link: paths.interimReviews.review({ childId: input.childId, reviewId: input.reviewId }),
  };
}
