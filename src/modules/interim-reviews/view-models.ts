import type { Role } from '../../auth/roles.js';
import { ROLE_LABELS, isFamilyRole, isRole } from '../../auth/roles.js';
import { daysBetween } from '../../domain/dates.js';
import { formatDate } from '../../domain/formatting.js';
import { REASON_CHOICE_TEXT } from '../../domain/interim-reviews.js';
import { INTERIM_REVIEW_REASONS, REVIEW_STAGES, type InterimReviewReason, type ReviewStage } from '../../domain/reviews.js';
import type { InterimReviewRow } from './repository.js';

/** The form's words: a family asks for an early review; the school and the LA call one. */
export function callFormWords(role: Role) {
  if (isFamilyRole(role)) {
    return {
      heading: 'Ask for an early review',
      intro:
        'You can ask for the EHC plan to be reviewed before the yearly review is due, for example if the support is not working or things have changed. The caseworker arranges a meeting and tells you the date.',
      detailLabel: 'Why are you asking for an early review?',
      detailHint: 'Say what has changed or what is not working. Everyone working with your child can read this.',
      button: 'Ask for a review',
    };
  }
  return {
    heading: role === 'school_senco' ? 'Ask for an early review' : 'Call an interim review',
    intro: 'An interim review is held before the annual review is due, when something has changed. It is arranged by the caseworker and runs through the same steps as an annual review.',
    detailLabel: 'What is happening?',
    detailHint: 'Everyone who can see the child’s timeline, including the family, reads this.',
    button: role === 'school_senco' ? 'Ask for a review' : 'Call the review',
  };
}

function reasonText(reason: string | null): string {
  return reason !== null && reason in INTERIM_REVIEW_REASONS ? INTERIM_REVIEW_REASONS[reason as InterimReviewReason] : 'Another reason';
}

/** The radios: the reasons this person may give, in plain words (a school's own request reads as "something else"). */
export function reasonItems(role: Role, reasons: readonly InterimReviewReason[], selected: unknown) {
  return reasons.map((reason) => ({
    value: reason,
    text: role === 'school_senco' && reason === 'setting_request' ? 'Something else' : REASON_CHOICE_TEXT[reason],
    checked: reason === selected,
  }));
}

function stageText(stage: string): string {
  return stage in REVIEW_STAGES ? REVIEW_STAGES[stage as ReviewStage] : stage;
}

function calledByText(row: InterimReviewRow): string {
  if (!row.calledByName) return 'The local authority';
  return row.calledByRole && isRole(row.calledByRole) ? `${row.calledByName} (${ROLE_LABELS[row.calledByRole]})` : row.calledByName;
}

/** The review as a summary list. */
export function interimReviewRows(row: InterimReviewRow, today: string) {
  const daysLeft = daysBetween(today, row.dueBy);
  return [
    { key: { text: 'Why' }, value: { text: reasonText(row.reason) } },
    { key: { text: 'What is happening' }, value: { text: row.reasonDetail ?? '' } },
    { key: { text: 'Asked for by' }, value: { text: `${calledByText(row)} on ${formatDate(row.createdAt)}` } },
    { key: { text: 'To be held by' }, value: { text: `${formatDate(row.dueBy)}${daysLeft >= 0 ? ` (${String(daysLeft)} ${daysLeft === 1 ? 'day' : 'days'} left)` : ' (overdue)'}` } },
    { key: { text: 'Meeting' }, value: { text: row.meetingDate ? formatDate(row.meetingDate) : 'The caseworker will arrange the meeting and tell everyone the date' } },
    { key: { text: 'Where it is up to' }, value: { text: stageText(row.stage) } },
  ];
}

/** The child's open early reviews, one line each, for the form. */
export function openReviewLines(rows: InterimReviewRow[]) {
  return rows.map((row) => `${reasonText(row.reason)}: asked for on ${formatDate(row.createdAt)}, to be held by ${formatDate(row.dueBy)}`);
}
