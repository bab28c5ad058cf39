import type { Principal } from '../../auth/child-scope.js';
import { isFamilyRole } from '../../auth/roles.js';
import { formatDate } from '../../domain/formatting.js';
import { itemName } from '../../domain/plain-words.js';
import { mostUrgentStep, type ReviewStep } from '../../domain/review-clock.js';
import { CEASE_REASONS, decisionSentence, isCeaseReason } from '../../domain/review-workflow.js';
import {
  REVIEW_CONTRIBUTION_KINDS,
  REVIEW_DECISIONS,
  REVIEW_KINDS,
  REVIEW_PARTICIPANT_ROLES,
  REVIEW_PROGRESS_RATINGS,
  REVIEW_STAGES,
  type ReviewContributionKind,
  type ReviewDecision,
  type ReviewKind,
  type ReviewParticipantRole,
  type ReviewProgressRating,
  type ReviewStage,
} from '../../domain/reviews.js';
import { cell, link, tag, type Part, type TableCell, type TagColour } from '../../http/cells.js';
import { paths } from '../../http/paths.js';
import type { CalendarRow, ContributionRow, ParticipantRow, ProvisionRecordRow, ReviewRow } from './repository.js';

const words = (table: Readonly<Record<string, string>>, key: string | null, fallback = ''): string => (key !== null && key in table ? (table[key] ?? fallback) : fallback);

export const kindText = (kind: string) => words(REVIEW_KINDS, kind, 'Review');
const stageText = (stage: string) => words(REVIEW_STAGES, stage, stage);
export const roleText = (role: string) => words(REVIEW_PARTICIPANT_ROLES, role, 'Someone else');
const contributionKindText = (kind: string) => words(REVIEW_CONTRIBUTION_KINDS, kind, 'Other information');

/** Days left in words: "12 days left", "due today", "3 days late". */
export function daysLeftText(daysLeft: number | null): string {
  if (daysLeft === null) return '';
  if (daysLeft === 0) return 'due today';
  if (daysLeft > 0) return `${String(daysLeft)} ${daysLeft === 1 ? 'day' : 'days'} left`;
  return `${String(-daysLeft)} ${daysLeft === -1 ? 'day' : 'days'} late`;
}

const STAGE_COLOURS: Record<ReviewStage, TagColour> = {
  scheduled: 'grey',
  invited: 'blue',
  held: 'light-blue',
  report_sent: 'purple',
  decided: 'turquoise',
  amendment_proposed: 'turquoise',
  closed: 'green',
  cancelled: 'grey',
};

function stageTag(stage: string): Part {
  return tag(stageText(stage), stage in STAGE_COLOURS ? STAGE_COLOURS[stage as ReviewStage] : 'grey');
}

/** The step to do next, with its deadline: the most urgent one, red when late. */
export function urgentStepCell(steps: ReviewStep[]): TableCell {
  const step = mostUrgentStep(steps);
  if (!step?.dueOn) return { text: 'Nothing due' };
  const late = step.state === 'overdue';
  return cell({ text: `${step.label} by ${formatDate(step.dueOn)} ` }, late ? tag(daysLeftText(step.daysLeft), 'red') : { hint: daysLeftText(step.daysLeft) });
}

/** The child's Reviews tab: each review, its stage and what is due next. */
export function childReviewRows(childId: string, reviews: { row: ReviewRow; steps: ReviewStep[] }[]) {
  return reviews.map(({ row, steps }) => [
    cell(link(paths.reviews.review({ childId, reviewId: row.id }), kindText(row.kind))),
    { text: row.heldOn ? `Held ${formatDate(row.heldOn)}` : row.meetingDate ? formatDate(row.meetingDate) : 'Not arranged' },
    { text: formatDate(row.dueBy) },
    cell(stageTag(row.stage)),
    row.stage === 'closed' || row.stage === 'cancelled' ? { text: row.decision ? words(REVIEW_DECISIONS, row.decision) : '' } : urgentStepCell(steps),
  ]);
}

/** A row of the LA calendar or a school's tray. */
export function calendarRows(rows: (CalendarRow & { steps: ReviewStep[] })[]) {
  return rows.map((row) => [
    cell(link(paths.reviews.review({ childId: row.review.childId, reviewId: row.review.id }), `${row.forename} ${row.surname}`)),
    { text: kindText(row.review.kind) },
    { text: row.review.meetingDate ? formatDate(row.review.meetingDate) : 'Not arranged' },
    { text: formatDate(row.review.dueBy) },
    urgentStepCell(row.steps),
    cell(stageTag(row.review.stage)),
    { text: row.review.runBy === 'setting' ? `${row.settingName ?? 'The school'} (school-run)` : (row.caseworkerName ?? 'No caseworker') },
  ]);
}

/** Reviews grouped by the month they are due, for the calendar. */
export function byMonth<T extends { review: { dueBy: string } }>(rows: T[]): { month: string; rows: T[] }[] {
  const groups: { month: string; rows: T[] }[] = [];
  for (const row of rows) {
    const month = formatDate(row.review.dueBy).replace(/^\d+\s/, '');
    const last = groups.at(-1);
    if (last?.month === month) last.rows.push(row);
    else groups.push({ month, rows: [row] });
  }
  return groups;
}

export function reviewSummaryRows(row: ReviewRow, family: boolean) {
  const rows: { key: { text: string }; value: TableCell }[] = [
    { key: { text: 'Kind of review' }, value: { text: kindText(row.kind) } },
    { key: { text: 'Must be held by' }, value: { text: formatDate(row.dueBy) } },
    {
      key: { text: 'Meeting' },
      value: { text: row.meetingDate ? [formatDate(row.meetingDate), row.meetingTime, row.meetingPlace].filter(Boolean).join(', ') : 'Not arranged yet' },
    },
    { key: { text: 'Run by' }, value: { text: row.runBy === 'setting' ? 'The school or setting' : 'The local authority' } },
  ];
  if (!family) rows.push({ key: { text: 'Stage' }, value: cell(stageTag(row.stage)) });
  return rows;
}

interface TaskListItem {
  title: { text: string };
  href?: string;
  hint?: { text: string };
  status: { tag?: { text: string; classes: string }; text?: string; classes?: string };
}

const STEP_FORMS: Partial<Record<ReviewStep['step'], (params: { childId: string; reviewId: string }) => string>> = {
  invitations: paths.reviews.invitations,
  meeting: paths.reviews.record,
  report: paths.reviews.report,
  decision: paths.reviews.decision,
};

function stepStatus(step: ReviewStep): TaskListItem['status'] {
  switch (step.state) {
    case 'done':
      return { text: 'Done' };
    case 'done_late':
      return { text: 'Done late' };
    case 'overdue':
      return { tag: { text: 'Overdue', classes: 'govuk-tag--red' } };
    case 'due':
      return { tag: { text: 'To do', classes: 'govuk-tag--blue' } };
    case 'not_yet':
      return { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' };
  }
}

/**
 * The review as a GOV.UK task list: each step with its legal deadline and days left; a step links
 * to its form when the reader may take it now.
 */
export function taskListItems(childId: string, row: ReviewRow, steps: ReviewStep[], may: { run: boolean; decide: boolean }): TaskListItem[] {
  const open = (step: ReviewStep['step']): boolean => {
    if (step === 'decision') return may.decide && (row.stage === 'held' || row.stage === 'report_sent');
    if (!may.run) return step === 'report' && row.heldOn !== null;
    if (step === 'invitations') return row.stage === 'scheduled' || row.stage === 'invited';
    if (step === 'meeting') return row.stage === 'invited';
    if (step === 'report') return row.heldOn !== null;
    return false;
  };
  return (
    steps
      // The family's 15 days are theirs to comment, not a step anyone takes.
      .filter((step) => step.step !== 'comments')
      .map((step) => {
        const form = STEP_FORMS[step.step];
        const due = step.dueOn
          ? `Due by ${formatDate(step.dueOn)}${step.doneOn ? `; done ${formatDate(step.doneOn)}` : step.daysLeft !== null ? ` (${daysLeftText(step.daysLeft)})` : ''}. ${step.regulation}.`
          : step.regulation;
        return {
          title: { text: step.label },
          ...(form && open(step.step) ? { href: form({ childId, reviewId: row.id }) } : {}),
          hint: { text: due },
          status: stepStatus(step),
        };
      })
  );
}

export function participantRows(participants: ParticipantRow[]) {
  return participants.map((person) => [
    { text: person.name },
    { text: roleText(person.role) },
    { text: person.organisation ?? '' },
    { text: person.invitedOn ? formatDate(person.invitedOn) : '' },
    { text: person.attended === null ? 'Not recorded yet' : person.attended ? words(ATTENDANCE_WORDS, person.attendedHow ?? 'in_person', 'Yes') : 'Did not attend' },
  ]);
}

const ATTENDANCE_WORDS = {
  in_person: 'Came in person',
  online: 'Joined online or by phone',
  written_only: 'Sent views in writing only',
  no: 'Did not take part',
} as const;

export function attendanceItems(selected: string | undefined) {
  return Object.entries(ATTENDANCE_WORDS).map(([value, text]) => ({ value, text, checked: value === selected }));
}

export function ratingItems(selected: string | undefined) {
  return Object.entries(REVIEW_PROGRESS_RATINGS).map(([value, text]) => ({ value, text: `${value}: ${text}`, checked: value === selected }));
}

export function contributionRows(childId: string, contributions: ContributionRow[]) {
  return contributions.map((row) => [
    cell(link(paths.documents.document({ childId, documentId: row.documentId }), contributionKindText(row.kind))),
    { text: row.assistedByName ? `${row.submittedByName}, entered by ${row.assistedByName}` : row.submittedByName },
    { text: formatDate(row.submittedOn) },
  ]);
}

/** The kinds a person may add, as radios. */
export function contributionKindItems(kinds: ReviewContributionKind[], selected: string | undefined) {
  return kinds.map((kind) => ({ value: kind, text: REVIEW_CONTRIBUTION_KINDS[kind], checked: kind === selected }));
}

/** "2 hours 30 minutes" from minutes: amounts people can picture. */
export function hoursText(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const parts = [hours > 0 ? `${String(hours)} ${hours === 1 ? 'hour' : 'hours'}` : '', rest > 0 ? `${String(rest)} ${rest === 1 ? 'minute' : 'minutes'}` : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : 'None';
}

/** The ledger frozen at the meeting, a row per line, with a total row that equals the sum of the rows. */
export function provisionRecordRows(records: ProvisionRecordRow[]) {
  const rows: TableCell[][] = records.map((record) => [
    { text: itemName({ provisionType: record.provisionType, description: record.description, shortName: record.shortName }) },
    { text: hoursText(record.owedMinutes), format: 'numeric' as const },
    { text: hoursText(record.deliveredMinutes), format: 'numeric' as const },
    { text: hoursText(record.missedMinutes), format: 'numeric' as const },
    { text: record.openConcerns + record.closedConcerns === 0 ? 'None' : `${String(record.openConcerns)} open, ${String(record.closedConcerns)} resolved` },
  ]);
  if (records.length === 0) return rows;
  const sum = (pick: (record: ProvisionRecordRow) => number) => records.reduce((total, record) => total + pick(record), 0);
  rows.push([
    cell({ strong: 'Total' }),
    { ...cell({ strong: hoursText(sum((record) => record.owedMinutes)) }), format: 'numeric' },
    { ...cell({ strong: hoursText(sum((record) => record.deliveredMinutes)) }), format: 'numeric' },
    { ...cell({ strong: hoursText(sum((record) => record.missedMinutes)) }), format: 'numeric' },
    { text: `${String(sum((record) => record.openConcerns))} open, ${String(sum((record) => record.closedConcerns))} resolved` },
  ]);
  return rows;
}

export function ratingRows(ratings: { rating: number; evidence: string; area: string; description: string }[]) {
  return ratings.map((row, index) => [
    { text: `${String(index + 1)}. ${row.description}` },
    { text: row.rating in REVIEW_PROGRESS_RATINGS ? `${String(row.rating)}: ${REVIEW_PROGRESS_RATINGS[row.rating as ReviewProgressRating]}` : String(row.rating) },
    { text: row.evidence },
  ]);
}

/** The decision as the family reads it, and the officer's record of it. */
export function decisionView(row: ReviewRow) {
  if (!row.decision) return undefined;
  return {
    heading: words(REVIEW_DECISIONS, row.decision),
    sentence: decisionSentence(row.decision, row.ceaseReason),
    on: formatDate(row.decisionOn),
    reasons: row.decisionReasons,
    ceaseReason: row.ceaseReason && isCeaseReason(row.ceaseReason) ? CEASE_REASONS[row.ceaseReason] : null,
    appealRightsGivenOn: row.appealRightsGivenOn ? formatDate(row.appealRightsGivenOn) : null,
    amend: row.decision === 'amend',
  };
}

export function decisionItems(selected: string | undefined) {
  return (Object.keys(REVIEW_DECISIONS) as ReviewDecision[]).map((value) => ({ value, text: REVIEW_DECISIONS[value], checked: value === selected }));
}

export function ceaseReasonItems(selected: string | undefined) {
  return [{ value: '', text: 'Select a reason' }, ...Object.entries(CEASE_REASONS).map(([value, text]) => ({ value, text, selected: value === selected }))];
}

export function kindItems(selected: string | undefined) {
  return (['annual', 'phase_transfer'] as ReviewKind[]).map((value) => ({ value, text: REVIEW_KINDS[value], checked: value === selected }));
}

/** Whether the page is for a family reader: plain words, no stages or regulations. */
export function isFamilyReader(principal: Principal): boolean {
  return isFamilyRole(principal.role);
}

export const STAGE_FILTER_ITEMS = (selected: string | undefined) => [
  { value: '', text: 'Any stage' },
  ...Object.entries(REVIEW_STAGES)
    .filter(([value]) => value !== 'closed' && value !== 'cancelled')
    .map(([value, text]) => ({ value, text, selected: value === selected })),
];

export const KIND_FILTER_ITEMS = (selected: string | undefined) => [
  { value: '', text: 'Any kind' },
  ...Object.entries(REVIEW_KINDS).map(([value, text]) => ({ value, text, selected: value === selected })),
];

export function roleItems(selected: string | undefined) {
  return [
    { value: '', text: 'Select their part' },
    ...(Object.keys(REVIEW_PARTICIPANT_ROLES) as ReviewParticipantRole[]).map((value) => ({ value, text: REVIEW_PARTICIPANT_ROLES[value], selected: value === selected })),
  ];
}
