import type { IsoDate } from '../../domain/dates.js';
import { ageOn, formatDate } from '../../domain/formatting.js';
import { SEN_TYPES, type SenType } from '../../domain/plans.js';
import {
  BASE_KINDS,
  filledPercent,
  formatAverage,
  PROGRESS_RATINGS,
  PROVISION_IN_PLACE,
  SURVEY_MINIMUM_ANSWERS,
  SURVEY_QUESTION_KEYS,
  SURVEY_QUESTIONS,
  SURVEY_SCALE,
  type BaseKind,
  type ProgressRating,
  type ProvisionInPlace,
  type SurveyTermResult,
  type VisitDue,
} from '../../domain/resource-bases.js';
import { cell, link, tag, type Part, type TableCell } from '../../http/cells.js';
import { paths } from '../../http/paths.js';
import type { ErrorSummaryView } from '../../http/validation.js';
import type { BaseRow, PlacedPupil } from './repository.js';
import { pupilField, VISIT_ACTION_ROWS } from './schemas.js';

type Body = Record<string, unknown>;
type MayOpen = (path: string) => boolean;

export function kindText(kind: string): string {
  return kind in BASE_KINDS ? BASE_KINDS[kind as BaseKind] : kind;
}

export function designationText(code: string): string {
  return code in SEN_TYPES ? SEN_TYPES[code as SenType] : code;
}

function progressText(value: string): string {
  return value in PROGRESS_RATINGS ? PROGRESS_RATINGS[value as ProgressRating] : value;
}

function provisionText(value: string | null): string {
  if (value === null) return 'Not checked';
  return value in PROVISION_IN_PLACE ? PROVISION_IN_PLACE[value as ProvisionInPlace] : value;
}

const PROVISION_COLOURS = { yes: 'green', partly: 'yellow', no: 'red' } as const;

function provisionTag(value: string | null): Part {
  return value !== null && value in PROVISION_COLOURS ? tag(provisionText(value), PROVISION_COLOURS[value as ProvisionInPlace]) : tag(provisionText(value), 'grey');
}

/** "7 of 10 (70%)", or over-full, said so. */
function placesText(filled: number, commissioned: number): string {
  const percent = filledPercent(filled, commissioned);
  return percent === null ? `${String(filled)} filled, none commissioned` : `${String(filled)} of ${String(commissioned)} (${String(percent)}%)`;
}

function percentCell(filled: number, commissioned: number): TableCell {
  const percent = filledPercent(filled, commissioned);
  if (percent === null) return { text: 'None commissioned' };
  return percent > 100 ? { ...cell({ text: `${String(percent)}% ` }, tag('Over', 'orange')), format: 'numeric' } : { text: `${String(percent)}%`, format: 'numeric' };
}

/** The next visit, as a tag and words: overdue, due by a date, or visited this term. */
function dueParts(due: VisitDue): Part[] {
  switch (due.kind) {
    case 'overdue':
      return [tag('Overdue', 'red'), { text: ` No visit in ${due.missedTerm.name}` }];
    case 'due':
      return [tag('Due this term', 'yellow'), { text: ` By ${formatDate(due.dueBy)}` }];
    case 'visited':
      return [tag('Visited this term', 'green'), { text: due.nextTerm ? ` Next due in ${due.nextTerm.name}` : '' }];
    case 'closed':
      return [tag('Closed', 'grey')];
    case 'not_due':
      return [{ text: due.nextTerm ? `Due in ${due.nextTerm.name}` : 'No term dates' }];
  }
}

function ageRange(from: number, to: number): string {
  return from === to ? String(from) : `${String(from)} to ${String(to)}`;
}

/** The list of bases: one row each, places commissioned against filled, last visit and the next. */
export function baseListRows(rows: (BaseRow & { due: VisitDue })[]): TableCell[][] {
  return rows.map((row) => [
    cell(link(paths.resourceBases.base({ baseId: row.id }), row.name), { hint: `${kindText(row.kind)} at ${row.settingName}` }),
    { text: designationText(row.designation) },
    { text: String(row.commissionedPlaces), format: 'numeric' },
    { text: String(row.filled), format: 'numeric' },
    percentCell(row.filled, row.commissionedPlaces),
    { text: row.lastVisitOn ? formatDate(row.lastVisitOn) : 'Not yet visited' },
    cell(...dueParts(row.due)),
  ]);
}

/** The totals row: places commissioned and filled over every base in the list, not just the page shown. */
export function baseTotals(rows: BaseRow[]) {
  const commissioned = rows.reduce((sum, row) => sum + row.commissionedPlaces, 0);
  const filled = rows.reduce((sum, row) => sum + row.filled, 0);
  return { commissioned, filled, text: placesText(filled, commissioned) };
}

export function baseSummaryRows(base: BaseRow, due: VisitDue) {
  return [
    { key: { text: 'Host school' }, value: { text: base.settingName } },
    { key: { text: 'Kind' }, value: { text: kindText(base.kind) } },
    { key: { text: 'Designated for' }, value: { text: designationText(base.designation) } },
    { key: { text: 'Ages' }, value: { text: ageRange(base.ageFrom, base.ageTo) } },
    { key: { text: 'Places commissioned' }, value: { text: String(base.commissionedPlaces) } },
    { key: { text: 'Places filled today' }, value: { text: placesText(base.filled, base.commissionedPlaces) } },
    { key: { text: 'Opened' }, value: { text: formatDate(base.openedOn) } },
    ...(base.closedOn ? [{ key: { text: 'Closed' }, value: { text: formatDate(base.closedOn) } }] : []),
    { key: { text: 'Last monitoring visit' }, value: { text: base.lastVisitOn ? formatDate(base.lastVisitOn) : 'Not yet visited' } },
    { key: { text: 'Next monitoring visit' }, value: cell(...dueParts(due)) },
  ];
}

/** The pupils placed in the base today: linked to their record where the reader may open it, with the last visit's findings. */
export function pupilRows(pupils: PlacedPupil[], latest: Map<string, { progress: string; provisionInPlace: string | null }>, today: IsoDate, mayOpen: MayOpen): TableCell[][] {
  return pupils.map((pupil) => {
    const name = `${pupil.forename} ${pupil.surname}`;
    const record = paths.child.overview({ childId: pupil.childId });
    const found = latest.get(pupil.childId);
    return [
      mayOpen(record) ? cell(link(record, name)) : { text: name },
      { text: String(ageOn(pupil.dateOfBirth, today)), format: 'numeric' },
      { text: formatDate(pupil.placedOn) },
      { text: found ? progressText(found.progress) : 'Not yet recorded' },
      found ? cell(provisionTag(found.provisionInPlace)) : { text: 'Not yet recorded' },
    ];
  });
}

export function visitListRows(baseId: string, visits: { id: string; visitedOn: IsoDate; visitorName: string; pupils: number; openActions: number }[]): TableCell[][] {
  return visits.map((visit) => [
    cell(link(paths.resourceBases.visit({ baseId, visitId: visit.id }), formatDate(visit.visitedOn))),
    { text: visit.visitorName },
    { text: String(visit.pupils), format: 'numeric' },
    { text: String(visit.openActions), format: 'numeric' },
  ]);
}

function dateItems(values: Body, prefix: string, errors: ErrorSummaryView | undefined) {
  const error = errors?.byField[prefix] ? ' govuk-input--error' : '';
  return [
    { name: 'day', classes: `govuk-input--width-2${error}`, value: values[`${prefix}-day`] },
    { name: 'month', classes: `govuk-input--width-2${error}`, value: values[`${prefix}-month`] },
    { name: 'year', classes: `govuk-input--width-4${error}`, value: values[`${prefix}-year`] },
  ];
}

/** A stored date as the three parts of a GOV.UK date input. */
function dateParts(prefix: string, iso: IsoDate | null): Body {
  if (!iso) return {};
  const [year, month, day] = iso.split('-');
  return { [`${prefix}-day`]: String(Number(day)), [`${prefix}-month`]: String(Number(month)), [`${prefix}-year`]: year };
}

/** A stored base as its form's values, at the version being edited. */
export function baseFormValues(base: BaseRow): Body {
  return {
    name: base.name,
    settingId: base.settingId,
    kind: base.kind,
    designation: base.designation,
    ageFrom: String(base.ageFrom),
    ageTo: String(base.ageTo),
    commissionedPlaces: String(base.commissionedPlaces),
    ...dateParts('openedOn', base.openedOn),
    ...dateParts('closedOn', base.closedOn),
    _version: String(base.version),
  };
}

export function baseFormView(params: { values: Body; errors: ErrorSummaryView | undefined; schools: { id: string; name: string }[] }) {
  const { values, errors } = params;
  const value = (key: string) => (typeof values[key] === 'string' ? values[key] : '');
  return {
    values,
    schoolItems: [{ value: '', text: 'Select a school' }, ...params.schools.map((school) => ({ value: school.id, text: school.name, selected: school.id === value('settingId') }))],
    kindItems: Object.entries(BASE_KINDS).map(([key, text]) => ({ value: key, text, checked: value('kind') === key })),
    designationItems: [{ value: '', text: 'Select a need' }, ...Object.entries(SEN_TYPES).map(([key, text]) => ({ value: key, text, selected: value('designation') === key }))],
    openedOnItems: dateItems(values, 'openedOn', errors),
    closedOnItems: dateItems(values, 'closedOn', errors),
  };
}

/** The visit form: the date, findings, a fieldset for each pupil placed, and the action rows. */
export function visitFormView(params: { values: Body; errors: ErrorSummaryView | undefined; pupils: PlacedPupil[]; owners: { id: string; displayName: string }[]; defaultOwnerId: string }) {
  const { values, errors } = params;
  const value = (key: string) => (typeof values[key] === 'string' ? values[key] : '');
  return {
    values,
    visitedOnItems: dateItems(values, 'visitedOn', errors),
    pupils: params.pupils.map((pupil) => {
      const field = (name: 'progress' | 'progressNote' | 'provision' | 'provisionNote') => pupilField(pupil.childId, name);
      return {
        name: `${pupil.forename} ${pupil.surname}`,
        fields: { progress: field('progress'), progressNote: field('progressNote'), provision: field('provision'), provisionNote: field('provisionNote') },
        progressItems: Object.entries(PROGRESS_RATINGS).map(([key, text]) => ({ value: key, text, checked: value(field('progress')) === key })),
        provisionItems: Object.entries(PROVISION_IN_PLACE).map(([key, text]) => ({ value: key, text, checked: value(field('provision')) === key })),
        progressNote: value(field('progressNote')),
        provisionNote: value(field('provisionNote')),
      };
    }),
    actions: Array.from({ length: VISIT_ACTION_ROWS }, (_unused, index) => {
      const row = String(index + 1);
      const owner = value(`action${row}Owner`);
      return {
        number: row,
        fields: { text: `action${row}Text`, owner: `action${row}Owner`, due: `action${row}Due` },
        text: value(`action${row}Text`),
        ownerItems: [{ value: '', text: 'Select a person' }, ...params.owners.map((person) => ({ value: person.id, text: person.displayName, selected: person.id === owner }))],
        dueItems: dateItems(values, `action${row}Due`, errors),
      };
    }),
  };
}

export function visitPupilRows(
  pupils: { childId: string; forename: string; surname: string; progress: string; progressNote: string | null; provisionInPlace: string | null; provisionNote: string | null }[],
  mayOpen: MayOpen,
): TableCell[][] {
  return pupils.map((pupil) => {
    const name = `${pupil.forename} ${pupil.surname}`;
    const record = paths.child.overview({ childId: pupil.childId });
    return [
      mayOpen(record) ? cell(link(record, name)) : { text: name },
      cell({ strong: progressText(pupil.progress) }, ...(pupil.progressNote ? [{ small: pupil.progressNote }] : [])),
      cell(provisionTag(pupil.provisionInPlace), ...(pupil.provisionNote ? [{ small: pupil.provisionNote }] : [])),
    ];
  });
}

export function visitActionRows(actions: { title: string; ownerName: string | null; dueOn: IsoDate; status: string }[], today: IsoDate): TableCell[][] {
  return actions.map((action) => [
    { text: action.title },
    { text: action.ownerName ?? 'Nobody' },
    { text: formatDate(action.dueOn) },
    cell(action.status === 'done' ? tag('Done', 'green') : action.status === 'cancelled' ? tag('Cancelled', 'grey') : action.dueOn < today ? tag('Overdue', 'red') : tag('Open', 'yellow')),
  ]);
}

/** The survey form's questions: radios on the 5-point scale, strongest agreement first. */
export function surveyQuestions(values: Body) {
  return SURVEY_QUESTION_KEYS.map((key) => ({
    name: key,
    text: SURVEY_QUESTIONS[key],
    items: Object.entries(SURVEY_SCALE)
      .sort(([a], [b]) => Number(b) - Number(a))
      .map(([score, text]) => ({ value: score, text, checked: values[key] === score })),
  }));
}

/** The results table: a row per term, oldest first, with its answer count and each question's average out of 5. */
export function surveyResultRows(results: SurveyTermResult[]): TableCell[][] {
  return results.map((row) => [
    { text: row.termName },
    { text: String(row.answers), format: 'numeric' },
    ...(row.averages
      ? [...SURVEY_QUESTION_KEYS.map((key) => ({ text: formatAverage(row.averages?.[key] ?? 0), format: 'numeric' as const })), { text: formatAverage(row.overall ?? 0), format: 'numeric' as const }]
      : [{ text: `Fewer than ${String(SURVEY_MINIMUM_ANSWERS)} answers: not shown, so no family's answers can be picked out`, colspan: SURVEY_QUESTION_KEYS.length + 1 }]),
  ]);
}

export const SURVEY_RESULT_HEAD = [
  { text: 'Term' },
  { text: 'Answers', format: 'numeric' },
  ...SURVEY_QUESTION_KEYS.map((key) => ({ text: SURVEY_QUESTIONS[key], format: 'numeric' })),
  { text: 'All statements', format: 'numeric' },
];
