import type { Principal } from '../../auth/child-scope.js';
import { hasPermission } from '../../auth/permissions.js';
import { ROLE_LABELS, isRole } from '../../auth/roles.js';
import { CONCERN_ACTIONS, CONCERN_KINDS, CONCERN_LEVELS, concernAbout, concernStepTitle, WORKING_ACTIONS, type ConcernKind, type ConcernLevel } from '../../domain/concerns.js';
import { daysBetween } from '../../domain/dates.js';
import { formatDate, formatDateTime } from '../../domain/formatting.js';
import { cell, link, tag, type Part, type TableCell } from '../../http/cells.js';
import { paths } from '../../http/paths.js';
import { concernItemName, type ConcernRow, type StepRow } from './repository.js';

function levelText(level: string): string {
  return level in CONCERN_LEVELS ? CONCERN_LEVELS[level as ConcernLevel] : level;
}

function kindText(kind: string): string {
  return kind in CONCERN_KINDS ? CONCERN_KINDS[kind as ConcernKind] : kind;
}

function aboutText(concern: Pick<ConcernRow, 'itemDescription' | 'itemProvisionType' | 'itemShortName' | 'kind'>): string {
  return concernAbout({ itemName: concernItemName(concern), kind: concern.kind });
}

function statusTag(concern: Pick<ConcernRow, 'status' | 'dueOn'>, today: string): Part {
  if (concern.status !== 'open') return tag('Resolved', 'green');
  return concern.dueOn <= today ? tag('Overdue', 'red') : tag('Open', 'yellow');
}

/** Who is working it, in words a family understands. */
function withText(concern: Pick<ConcernRow, 'level' | 'ownerName' | 'involvesHealthCommissioner'>): string {
  const who = concern.ownerName ? `${concern.ownerName} (${levelText(concern.level)})` : levelText(concern.level);
  return concern.involvesHealthCommissioner ? `${who}, with the health commissioner` : who;
}

/** The table of a child's concerns on the Provision tab. */
export function childConcernRows(childId: string, concerns: ConcernRow[], today: string) {
  return concerns.map((concern) => [
    cell(link(paths.concerns.concern({ childId, concernId: concern.id }), aboutText(concern))),
    { text: kindText(concern.kind) },
    { text: formatDate(concern.raisedOn) },
    { text: concern.status === 'open' ? withText(concern) : `Resolved ${formatDate(concern.resolvedOn)}` },
    cell(statusTag(concern, today)),
  ]);
}

function stepTitle(step: StepRow): string {
  return concernStepTitle(step.action, step.levelAfter);
}

/** The steps as an MoJ timeline, newest first: each timestamped and attributed. */
export function stepEvents(steps: StepRow[]) {
  return [...steps].reverse().map((step) => ({
    title: stepTitle(step),
    by: step.actorName ? `${step.actorName}${step.actorRole && isRole(step.actorRole) ? ` (${ROLE_LABELS[step.actorRole]})` : ''}` : 'The daily delivery check',
    note: step.note,
    dateTime: step.occurredAt.toISOString(),
    dateText: formatDateTime(step.occurredAt),
    dueText: step.dueOnAfter ? `Next due ${formatDate(step.dueOnAfter)}` : null,
  }));
}

export function concernSummaryRows(concern: ConcernRow, today: string, earlyReviewPath: string | null = null) {
  const rows: { key: { text: string }; value: TableCell }[] = [
    // A concern about one item links to that item's ledger: the figures the concern is about.
    {
      key: { text: 'About' },
      value: concern.provisionItemId
        ? cell(
            link(paths.provision.item({ childId: concern.childId, itemId: concern.provisionItemId }), aboutText(concern)),
            ...(concern.itemDescription ? [{ hint: `In the plan: ${concern.itemDescription}` }] : []),
          )
        : { text: aboutText(concern) },
    },
    { key: { text: 'What is wrong' }, value: { text: concern.summary } },
    { key: { text: 'Raised' }, value: { text: `${formatDate(concern.raisedOn)} (${kindText(concern.kind).toLowerCase()})` } },
    { key: { text: 'Status' }, value: cell(statusTag(concern, today)) },
  ];
  if (concern.status === 'open') {
    rows.push({ key: { text: 'Being worked by' }, value: { text: withText(concern) } });
    rows.push({ key: { text: 'Due' }, value: { text: `${formatDate(concern.dueOn)}${concern.dueOn <= today ? '' : ` (in ${String(daysBetween(today, concern.dueOn))} days)`}` } });
  }
  if (concern.earlyReviewCalled) {
    rows.push({
      key: { text: 'Early review' },
      value: earlyReviewPath ? cell(link(earlyReviewPath, 'An early review of the plan has been called')) : { text: 'An early review of the plan has been called' },
    });
  }
  return rows;
}

export function actionItems(selected: string | undefined) {
  return WORKING_ACTIONS.map((action) => ({ value: action, text: CONCERN_ACTIONS[action], checked: action === selected }));
}

export function mayWorkConcerns(principal: Principal): boolean {
  return hasPermission(principal.role, 'concern:manage');
}

/** A row of the LA's open-concerns list. */
export function openConcernRows(rows: (ConcernRow & { forename: string; surname: string })[], today: string) {
  return rows.map((concern) => [
    cell(link(paths.concerns.concern({ childId: concern.childId, concernId: concern.id }), `${concern.forename} ${concern.surname}`)),
    { text: aboutText(concern) },
    { text: kindText(concern.kind) },
    { text: withText(concern) },
    { text: `${String(daysBetween(concern.raisedOn, today))} days`, format: 'numeric' },
    cell({ text: `${formatDate(concern.dueOn)} ` }, statusTag(concern, today)),
  ]);
}

export const LEVEL_FILTER_ITEMS = (selected: string | undefined) => [
  { value: '', text: 'Any level' },
  ...Object.entries(CONCERN_LEVELS).map(([value, text]) => ({ value, text, selected: value === selected })),
];
