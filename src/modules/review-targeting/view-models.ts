import { ROLE_LABELS, isRole } from '../../auth/roles.js';
import { formatDate, formatShortDate } from '../../domain/formatting.js';
import { INTERIM_REVIEW_REASONS, REVIEW_KINDS, type InterimReviewReason, type ReviewKind } from '../../domain/reviews.js';
import { cell, link, tag, type Part, type TableCell } from '../../http/cells.js';
import { paths } from '../../http/paths.js';
import type { AttendingStaffRow } from './repository.js';
import { CAPACITY_FIELD } from './schemas.js';
import type { OfficerSummary, ScoredReview } from './service.js';

function kindText(row: Pick<ScoredReview, 'kind' | 'reason'>): string {
  const kind = row.kind in REVIEW_KINDS ? REVIEW_KINDS[row.kind as ReviewKind] : row.kind;
  return row.kind === 'interim' && row.reason && row.reason in INTERIM_REVIEW_REASONS ? `${kind}: ${INTERIM_REVIEW_REASONS[row.reason as InterimReviewReason].toLowerCase()}` : kind;
}

/** "Meeting 3 Dec 2026" once arranged, else "Due by 14 Dec 2026". */
function whenText(row: Pick<ScoredReview, 'meetingDate' | 'dueBy'>): string {
  return row.meetingDate ? `Meeting ${formatShortDate(row.meetingDate)}` : `Due by ${formatShortDate(row.dueBy)}`;
}

export interface AttendanceRowView {
  cells: TableCell[];
  reviewId: string;
  childName: string;
  /** Confirmed: who, and whether they went. Otherwise the choice offered, the plan's proposal selected. */
  confirmed: { name: string; attendedText: string | null } | null;
  options: { value: string; text: string; selected: boolean }[] | null;
  proposed: boolean;
}

/** A row of the term's reviews: child, review, score, why, and who attends (a form to confirm when nobody is yet). */
export function attendanceRows(rows: ScoredReview[], officers: OfficerSummary[]): AttendanceRowView[] {
  const withRoom = officers.filter((officer) => officer.left > 0);
  return rows.map((row) => {
    const childName = `${row.forename} ${row.surname}`;
    const reasons: Part[] =
      row.risk.reasons.length > 0
        ? [{ list: { items: row.risk.reasons.map((reason) => [{ text: `${reason.text} (${String(reason.points)})` }]), classes: 'govuk-list--bullet govuk-body-s' } }]
        : [{ text: 'Nothing that raises the risk' }];
    const cells: TableCell[] = [
      cell(link(paths.child.reviews({ childId: row.childId }), childName), ...(row.settingName ? [{ hint: row.settingName }] : [])),
      cell({ text: kindText(row) }, { hint: whenText(row) }),
      { ...cell(row.risk.highRisk ? { lines: [[{ strong: String(row.risk.score) }], [tag('High risk', 'red')]] } : { strong: String(row.risk.score) }), format: 'numeric' },
      cell(...reasons),
    ];
    const confirmed = row.attendance?.confirmed
      ? { name: row.attendance.name, attendedText: row.confirmedAttended === true ? 'Attended' : row.confirmedAttended === false ? 'Did not attend' : null }
      : null;
    const proposedId = row.attendance && !row.attendance.confirmed ? row.attendance.userId : null;
    const options =
      !confirmed && row.plannable && withRoom.length > 0
        ? [
            ...(proposedId ? [] : [{ value: '', text: 'Choose who attends', selected: true }]),
            ...withRoom.map((officer) => ({ value: officer.userId, text: `${officer.name} (${String(officer.left)} left)`, selected: officer.userId === proposedId })),
          ]
        : null;
    return { cells, reviewId: row.id, childName, confirmed, options, proposed: proposedId !== null };
  });
}

function roleText(role: string): string {
  return isRole(role) ? ROLE_LABELS[role] : role;
}

/** Per officer this term: capacity, confirmed (planned), proposed, attended. */
export function officerRows(officers: OfficerSummary[]): TableCell[][] {
  return officers.map((officer) => [
    cell({ text: officer.name }, { hint: roleText(officer.role) }),
    { text: String(officer.capacity), format: 'numeric' },
    { text: String(officer.confirmed), format: 'numeric' },
    { text: String(officer.proposed), format: 'numeric' },
    { text: String(officer.attended), format: 'numeric' },
    { text: String(Math.max(0, officer.capacity - officer.confirmed - officer.proposed)), format: 'numeric' },
  ]);
}

/** The high-risk reviews nobody can attend, for the warning. */
export function uncoveredLines(rows: ScoredReview[]): Part[][] {
  return rows.map((row) => [
    link(paths.child.reviews({ childId: row.childId }), `${row.forename} ${row.surname}`),
    { text: ` – ${kindText(row).toLowerCase()}, ${whenText(row).toLowerCase()}, score ${String(row.risk.score)}` },
  ]);
}

export function termText(term: { name: string; start: string; end: string }): string {
  return `${term.name} (${formatDate(term.start)} to ${formatDate(term.end)})`;
}

/** The capacity inputs on the settings page, one per person who may attend. */
export function capacityInputs(staff: AttendingStaffRow[], values: Record<string, unknown> | undefined, errors: { byField?: Record<string, unknown> } | undefined) {
  return staff.map((row) => {
    const field = `${CAPACITY_FIELD}${row.userId}`;
    const value = values ? values[field] : row.reviewsPerTerm;
    return {
      id: field,
      name: field,
      label: row.name,
      hint: `${roleText(row.role)}${row.jobTitle ? `, ${row.jobTitle}` : ''}`,
      value: typeof value === 'string' || typeof value === 'number' ? String(value) : '',
      errorMessage: errors?.byField?.[field],
    };
  });
}
