import { z } from 'zod';
import { isIsoDate, type IsoDate } from '../../domain/dates.js';
import { SEN_TYPES } from '../../domain/plans.js';
import { isBaseKind, SURVEY_QUESTION_KEYS, SURVEY_QUESTIONS, type BaseKind, type SurveyQuestion } from '../../domain/resource-bases.js';

type Body = Record<string, unknown>;

function text(body: Body, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** A GOV.UK date input's three parts as an ISO date, or why they are not one. */
function dateFromParts(body: Body, prefix: string): { iso: IsoDate } | { blank: true } | { error: string } {
  const [day, month, year] = [text(body, `${prefix}-day`), text(body, `${prefix}-month`), text(body, `${prefix}-year`)];
  if (!day && !month && !year) return { blank: true };
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year) || !isIsoDate(iso)) return { error: 'must be a real date, like 3 9 2026' };
  return { iso };
}

const NAME_MAX = 120;
const NOTE_MAX = 2000;
const FINDINGS_MAX = 5000;
const COMMENT_MAX = 1000;
/** Ages a base can take: from nursery to the end of a plan at 25. */
const AGE_MIN = 2;
const AGE_MAX = 25;
const PLACES_MAX = 500;

export interface BaseInput {
  name: string;
  settingId: string;
  kind: BaseKind;
  designation: string;
  ageFrom: number;
  ageTo: number;
  commissionedPlaces: number;
  openedOn: IsoDate;
  closedOn: IsoDate | null;
}

/** A base's details. Whether the school is the LA's is the service's to check. Every problem is reported at once. */
export const baseForm = z.looseObject({}).transform((body, context): BaseInput => {
  const issue = (path: string, message: string) => {
    context.addIssue({ code: 'custom', path: [path], message });
  };
  const name = text(body, 'name');
  if (!name) issue('name', 'Enter the name of the base, like "The Willow Centre"');
  else if (name.length > NAME_MAX) issue('name', `The name must be ${String(NAME_MAX)} characters or fewer`);
  const settingId = text(body, 'settingId');
  if (!settingId) issue('settingId', 'Select the school that hosts the base');
  const kind = text(body, 'kind');
  if (!isBaseKind(kind)) issue('kind', 'Select whether it is a resource base or an SEN unit');
  const designation = text(body, 'designation');
  if (!(designation in SEN_TYPES)) issue('designation', 'Select the need the base is for');
  const whole = (field: string, label: string, min: number, max: number): number => {
    const value = text(body, field);
    if (!value) issue(field, `Enter ${label}`);
    else if (!/^\d{1,3}$/.test(value) || Number(value) < min || Number(value) > max)
      issue(field, `${label.charAt(0).toUpperCase()}${label.slice(1)} must be a whole number from ${String(min)} to ${String(max)}`);
    else return Number(value);
    return 0;
  };
  const ageFrom = whole('ageFrom', 'the youngest age the base takes', AGE_MIN, AGE_MAX);
  const ageTo = whole('ageTo', 'the oldest age the base takes', AGE_MIN, AGE_MAX);
  if (ageFrom && ageTo && ageTo < ageFrom) issue('ageTo', 'The oldest age must be the same as or more than the youngest');
  const commissionedPlaces = whole('commissionedPlaces', 'the number of places commissioned', 0, PLACES_MAX);
  const opened = dateFromParts(body, 'openedOn');
  if ('blank' in opened) issue('openedOn', 'Enter the date the base opened');
  if ('error' in opened) issue('openedOn', `The date it opened ${opened.error}`);
  const closed = dateFromParts(body, 'closedOn');
  if ('error' in closed) issue('closedOn', `The date it closed ${closed.error}`);
  const openedOn = 'iso' in opened ? opened.iso : '';
  const closedOn = 'iso' in closed ? closed.iso : null;
  if (openedOn && closedOn && closedOn < openedOn) issue('closedOn', 'The date it closed must be on or after the date it opened');
  return { name, settingId, kind: isBaseKind(kind) ? kind : 'resource_base', designation, ageFrom, ageTo, commissionedPlaces, openedOn, closedOn };
});

/** What a visit form says about one pupil, as typed: the service checks it against who is placed. */
export interface PupilEntry {
  progress: string;
  progressNote: string;
  provision: string;
  provisionNote: string;
}

interface ActionInput {
  /** The row of the form (1 to VISIT_ACTION_ROWS), for its error anchors. */
  row: number;
  text: string;
  ownerUserId: string;
  dueOn: IsoDate;
}

export interface VisitInput {
  visitedOn: IsoDate;
  findings: string;
  pupils: Map<string, PupilEntry>;
  actions: ActionInput[];
}

/** How many actions one visit form offers. */
export const VISIT_ACTION_ROWS = 3;
const ACTION_MAX = 200;

/** A pupil's fields on the visit form: `pupil-<childId>-progress` and so on. */
export function pupilField(childId: string, field: keyof PupilEntry): string {
  return `pupil-${childId}-${field}`;
}

const PUPIL_FIELD = /^pupil-([0-9a-f-]{36})-(progress|progressNote|provision|provisionNote)$/i;

/**
 * A monitoring visit: its date, findings, what it found for each pupil (checked by the service
 * against the pupils placed), and up to three actions, each with an owner and a due date. A
 * blank action row is ignored; a row half filled in is refused.
 */
export const visitForm = z.looseObject({}).transform((body, context): VisitInput => {
  const issue = (path: string, message: string) => {
    context.addIssue({ code: 'custom', path: [path], message });
  };
  const visited = dateFromParts(body, 'visitedOn');
  if ('blank' in visited) issue('visitedOn', 'Enter the date of the visit');
  if ('error' in visited) issue('visitedOn', `The date of the visit ${visited.error}`);
  const findings = text(body, 'findings');
  if (!findings) issue('findings', 'Enter what the visit found');
  else if (findings.length > FINDINGS_MAX) issue('findings', `What the visit found must be ${String(FINDINGS_MAX)} characters or fewer`);
  const pupils = new Map<string, PupilEntry>();
  for (const [key, value] of Object.entries(body)) {
    const match = PUPIL_FIELD.exec(key);
    if (!match || typeof value !== 'string') continue;
    const childId = (match[1] ?? '').toLowerCase();
    const entry = pupils.get(childId) ?? { progress: '', progressNote: '', provision: '', provisionNote: '' };
    entry[match[2] as keyof PupilEntry] = value.trim();
    pupils.set(childId, entry);
  }
  for (const [childId, entry] of pupils) {
    for (const field of ['progressNote', 'provisionNote'] as const) {
      if (entry[field].length > NOTE_MAX) issue(pupilField(childId, field), `A note must be ${String(NOTE_MAX)} characters or fewer`);
    }
  }
  const actions: ActionInput[] = [];
  for (let row = 1; row <= VISIT_ACTION_ROWS; row += 1) {
    const actionText = text(body, `action${String(row)}Text`);
    const ownerUserId = text(body, `action${String(row)}Owner`);
    const due = dateFromParts(body, `action${String(row)}Due`);
    if (!actionText && !ownerUserId && 'blank' in due) continue;
    if (!actionText) issue(`action${String(row)}Text`, `Enter what action ${String(row)} is`);
    else if (actionText.length > ACTION_MAX) issue(`action${String(row)}Text`, `Action ${String(row)} must be ${String(ACTION_MAX)} characters or fewer`);
    if (!ownerUserId) issue(`action${String(row)}Owner`, `Select who will do action ${String(row)}`);
    if ('blank' in due) issue(`action${String(row)}Due`, `Enter the date action ${String(row)} is due`);
    if ('error' in due) issue(`action${String(row)}Due`, `The due date of action ${String(row)} ${due.error}`);
    actions.push({ row, text: actionText, ownerUserId, dueOn: 'iso' in due ? due.iso : '' });
  }
  return { visitedOn: 'iso' in visited ? visited.iso : '', findings, pupils, actions };
});

export interface SurveyInput {
  answers: Record<SurveyQuestion, number>;
  comment: string | null;
}

/** The parents' survey: every statement answered on the 5-point scale, and a comment if they want. */
export const surveyForm = z.looseObject({}).transform((body, context): SurveyInput => {
  const answers = {} as Record<SurveyQuestion, number>;
  for (const key of SURVEY_QUESTION_KEYS) {
    const value = text(body, key);
    if (!/^[1-5]$/.test(value)) context.addIssue({ code: 'custom', path: [key], message: `Select an answer for “${SURVEY_QUESTIONS[key]}”` });
    answers[key] = Number(value) || 0;
  }
  const comment = text(body, 'comment');
  if (comment.length > COMMENT_MAX) context.addIssue({ code: 'custom', path: ['comment'], message: `Your comment must be ${String(COMMENT_MAX)} characters or fewer` });
  return { answers, comment: comment || null };
});
