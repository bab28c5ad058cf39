import type { ChangeKind, PlanComparison } from '../../domain/plan-amendment.js';
import { provisionWords } from '../../domain/plan-amendment.js';
import { formatDate } from '../../domain/formatting.js';
import { FUNDING_SOURCES, PLAN_SECTIONS, PROVIDER_KINDS, PROVISION_PERIODS, PROVISION_SECTIONS, PROVISION_TYPES, SEN_TYPES, type PlanSection } from '../../domain/plans.js';
import { vagueWordingFlags } from '../../domain/vague-wording.js';
import { paths } from '../../http/paths.js';
import type { VersionContent } from './repository.js';
import { isNarrativeSection } from './schemas.js';

type Values = Record<string, unknown>;

const CHANGE_TAGS: Record<ChangeKind, { text: string; classes: string }> = {
  new: { text: 'New', classes: 'govuk-tag--green' },
  changed: { text: 'Changed', classes: 'govuk-tag--blue' },
  ended: { text: 'Ends', classes: 'govuk-tag--red' },
};

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The vague-wording flags of a line, as the warning text under it says them. */
export function lineFlags(line: { description: string; sessionsPerPeriod: number | null; minutesPerSession: number | null; period: string | null }) {
  return vagueWordingFlags(line).map((flag) => ({ kind: flag.kind, phrase: flag.kind === 'wording' ? `“${flag.phrase}”` : flag.phrase, reason: capitalised(flag.reason) }));
}

/** The draft's sections as a GOV.UK task list: each section's page, and whether it changes the plan or needs attention. */
export function taskListItems(childId: string, versionId: string, content: VersionContent, comparison: PlanComparison) {
  const changed = new Set(comparison.sections.map((section) => section.code));
  return (Object.keys(PLAN_SECTIONS) as PlanSection[]).map((code) => {
    const href =
      code === 'B'
        ? paths.planEditor.needs({ childId, versionId })
        : code === 'E'
          ? paths.planEditor.outcomes({ childId, versionId })
          : isNarrativeSection(code)
            ? paths.planEditor.section({ childId, versionId, section: code })
            : paths.planEditor.provision({ childId, versionId, section: code });
    const lines = content.provision.filter((line) => line.section === code);
    const flagged = lines.filter((line) => vagueWordingFlags(line).length > 0).length;
    const status = flagged
      ? { tag: { text: flagged === 1 ? '1 line to check' : `${String(flagged)} lines to check`, classes: 'govuk-tag--yellow' } }
      : changed.has(code)
        ? { tag: { text: 'Changed', classes: 'govuk-tag--blue' } }
        : { text: 'No change' };
    const hint = (PROVISION_SECTIONS as readonly string[]).includes(code) ? `${String(lines.length)} ${lines.length === 1 ? 'line' : 'lines'} of provision` : undefined;
    return { title: { text: `${code}: ${PLAN_SECTIONS[code]}` }, href, ...(hint ? { hint: { text: hint } } : {}), status };
  });
}

/** What the proposed plan changes, section by section, for the family and the officer alike. */
export function comparisonView(comparison: PlanComparison) {
  return {
    counts: comparison.counts,
    total: comparison.counts.new + comparison.counts.changed + comparison.counts.ended,
    sections: comparison.sections.map((section) => ({
      heading: `Section ${section.code}: ${section.title}`,
      changes: section.changes.map((change) => ({
        tag: CHANGE_TAGS[change.kind],
        about: change.about,
        what: change.what ? `What changes: ${change.what}.` : '',
        before: change.before ?? '',
        after: change.after ?? '',
      })),
    })),
  };
}

/** The lines of one provision section, with what each says, the outcomes it serves and its flags. */
export function provisionLines(childId: string, versionId: string, section: string, content: VersionContent) {
  const outcomeNumbers = new Map(content.outcomes.map((outcome, index) => [outcome.id, `E${String(index + 1)}`]));
  const lines = content.provision.filter((line) => line.section === section);
  return lines.map((line, index) => ({
    id: line.id,
    number: index + 1,
    description: line.description,
    words: provisionWords(line),
    outcomes:
      content.links
        .filter((link) => link.provisionItemId === line.id)
        .map((link) => outcomeNumbers.get(link.outcomeId))
        .filter((number): number is string => number !== undefined)
        .sort()
        .join(', ') || 'None linked',
    flags: lineFlags(line),
    fromPlanInForce: line.previousItemId !== null,
    editHref: paths.planEditor.line({ childId, versionId, lineId: line.id }),
    moveHref: paths.planEditor.moveLine({ childId, versionId, lineId: line.id }),
    removeHref: paths.planEditor.removeLine({ childId, versionId, lineId: line.id }),
    first: index === 0,
    last: index === lines.length - 1,
  }));
}

function options(record: Record<string, string>, selected: unknown, blank?: string) {
  return [
    ...(blank === undefined ? [] : [{ value: '', text: blank, selected: selected === '' || selected === null || selected === undefined }]),
    ...Object.entries(record).map(([value, text]) => ({ value, text, selected: value === selected })),
  ];
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** The line form: what was typed when a save was refused, otherwise the line as saved (or blank for a new one). */
export function lineFormView(
  line: VersionContent['provision'][number] | undefined,
  content: VersionContent,
  organisations: { id: string; name: string }[],
  refused: Values | undefined,
  linkedOutcomeIds: string[],
) {
  const values: Values = refused ?? {
    description: line?.description ?? '',
    provisionType: line?.provisionType ?? '',
    providerKind: line?.providerKind ?? '',
    organisationId: line?.organisationId ?? '',
    sessionsPerPeriod: line?.sessionsPerPeriod ?? '',
    minutesPerSession: line?.minutesPerSession ?? '',
    period: line?.period ?? '',
    groupSize: line?.groupSize ?? '',
    termTimeOnly: line ? (line.termTimeOnly ? 'yes' : 'no') : 'yes',
    fundingSource: line?.fundingSource ?? '',
    outcomeIds: linkedOutcomeIds,
  };
  const chosen = new Set(Array.isArray(values.outcomeIds) ? values.outcomeIds.map(String) : []);
  return {
    description: asText(values.description),
    sessionsPerPeriod: asText(values.sessionsPerPeriod),
    minutesPerSession: asText(values.minutesPerSession),
    groupSize: asText(values.groupSize),
    provisionTypeItems: options(PROVISION_TYPES, values.provisionType, 'Select the kind of provision'),
    providerKindItems: options(PROVIDER_KINDS, values.providerKind, 'Select who provides it'),
    organisationItems: [
      { value: '', text: 'None named', selected: !values.organisationId },
      ...organisations.map((organisation) => ({ value: organisation.id, text: organisation.name, selected: organisation.id === values.organisationId })),
    ],
    periodItems: options(PROVISION_PERIODS, values.period, 'Not said'),
    fundingSourceItems: options(FUNDING_SOURCES, values.fundingSource, 'Not said'),
    termTimeItems: [
      { value: 'yes', text: 'Term time only', checked: values.termTimeOnly === 'yes' },
      { value: 'no', text: 'All year, including the holidays', checked: values.termTimeOnly === 'no' },
    ],
    outcomeItems: content.outcomes.map((outcome, index) => ({
      value: outcome.id,
      text: `E${String(index + 1)}: ${outcome.description}`,
      hint: { text: outcome.area },
      checked: chosen.has(outcome.id),
    })),
  };
}

/** The needs form's rows: each need saved (or typed), and one blank row to add another. */
export function needRows(content: VersionContent, refused: Values | undefined) {
  const typed = refused && Array.isArray(refused.needs) ? (refused.needs as Values[]) : undefined;
  const rows: Values[] = typed ?? content.needs.map((need) => ({ senType: need.senType, description: need.description }));
  const mainNeed = refused
    ? asText(refused.mainNeed)
    : String(
        Math.max(
          0,
          content.needs.findIndex((need) => need.rank === 1),
        ),
      );
  return [...rows, ...(typed ? [] : [{}])].map((row, index) => ({
    index,
    senTypeItems: options(SEN_TYPES, row.senType, 'Select the type of need'),
    description: asText(row.description),
    remove: row.remove === 'yes',
    main: String(index) === mainNeed,
    isNew: index >= content.needs.length,
  }));
}

/** The outcomes form's rows: each outcome saved (or typed), and one blank row to add another. */
export function outcomeRows(content: VersionContent, refused: Values | undefined) {
  const typed = refused && Array.isArray(refused.outcomes) ? (refused.outcomes as Values[]) : undefined;
  const rows: Values[] =
    typed ??
    content.outcomes.map((outcome) => ({
      id: outcome.id,
      area: outcome.area,
      description: outcome.description,
      targetDay: outcome.targetDate ? String(Number(outcome.targetDate.slice(8, 10))) : '',
      targetMonth: outcome.targetDate ? String(Number(outcome.targetDate.slice(5, 7))) : '',
      targetYear: outcome.targetDate ? outcome.targetDate.slice(0, 4) : '',
    }));
  return [...rows, ...(typed ? [] : [{}])].map((row, index) => ({
    index,
    number: `E${String(index + 1)}`,
    id: asText(row.id),
    area: asText(row.area),
    description: asText(row.description),
    targetDay: asText(row.targetDay),
    targetMonth: asText(row.targetMonth),
    targetYear: asText(row.targetYear),
    remove: row.remove === 'yes',
    isNew: asText(row.id) === '',
  }));
}

/** The proposal's dates in words. */
export function clockRows(clock: { proposedOn: string; commentsCloseOn: string; mayIssueFrom: string; issueBy: string; commentDaysLeft: number; issueDaysLeft: number }) {
  const left = clock.commentDaysLeft === 0 ? 'The time for comments has ended' : `${String(clock.commentDaysLeft)} ${clock.commentDaysLeft === 1 ? 'day' : 'days'} left`;
  const issue = clock.issueDaysLeft < 0 ? `${String(-clock.issueDaysLeft)} days late` : `${String(clock.issueDaysLeft)} days left`;
  return [
    { key: { text: 'Sent to the family' }, value: { text: formatDate(clock.proposedOn) } },
    { key: { text: 'Comments by' }, value: { text: `${formatDate(clock.commentsCloseOn)} (${left})` } },
    { key: { text: 'Can be issued from' }, value: { text: formatDate(clock.mayIssueFrom) } },
    { key: { text: 'Must be issued by' }, value: { text: `${formatDate(clock.issueBy)} (${issue})` } },
  ];
}
