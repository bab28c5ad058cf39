import { childScopeOf, type Principal } from '../../auth/child-scope.js';
import { mayRecordAgainst } from '../../auth/permissions.js';
import type { Database } from '../../db/client.js';
import { addDays, isIsoDate, type IsoDate } from '../../domain/dates.js';
import { MISSED_REASONS } from '../../domain/delivery.js';
import { formatDate } from '../../domain/formatting.js';
import { itemTitle } from '../../domain/plain-words.js';
import { isProvisionPeriod } from '../../domain/plans.js';
import { describeOwed } from '../../domain/provision.js';
import { owedBetween, type Owed, type ProvisionSchedule } from '../../domain/schedule.js';
import { weekStarting } from '../../domain/school-calendar.js';
import type { Actor } from '../../http/actor.js';
import { ValidationError, type FieldError } from '../../http/errors.js';
import { recordAudits } from '../audit/repository.js';
import { loadSchoolCalendar } from '../calendar/repository.js';
import { deliveryRecordSchema, recordDeliveries, type DeliveryRecordInput } from './recording.js';
import { findGridItems, findGridPupils, findWeekRecords, type GridItem, type GridNarrowing } from './records-repository.js';
import { findGivenShortNames } from './repository.js';

/**
 * The week grid: every child a person records for, one row per item they may record against,
 * with what the item owes that week, what is already recorded, and inputs for the week's totals.
 * What is entered becomes weekly-total records (`date` to `periodEnd`) stored by recordDeliveries,
 * the one way delivery records are stored: all rows or none.
 */

export class WeekError extends Error {
  constructor(readonly fieldError: FieldError) {
    super(fieldError.message);
    this.name = 'WeekError';
  }
}

/** The Monday of the week asked for: this week when none is given; refused when not a real date or not yet started. */
export function weekFrom(value: unknown, today: IsoDate): IsoDate {
  if (value === undefined || value === '') return weekStarting(today);
  if (typeof value !== 'string' || !isIsoDate(value.trim())) throw new WeekError({ path: 'week', message: 'The week must be a real date, like 2026-11-23' });
  const monday = weekStarting(value.trim());
  if (monday > today) throw new WeekError({ path: 'week', message: 'You cannot record a week that has not started yet' });
  return monday;
}

/** Whose children and which items the grid shows: a school its pupils and what the school provides, a professional what their organisation provides to the children assigned to them, a caseworker their own caseload. */
function narrowFor(principal: Principal): GridNarrowing | null {
  switch (principal.role) {
    case 'school_senco':
      return { providerKind: 'school' };
    case 'professional':
      return principal.organisationId ? { organisationId: principal.organisationId } : null;
    case 'sen_caseworker':
    case 'sen_team_manager':
      // The whole LA is too many children for one form: a caseworker's grid is their caseload.
      return { caseworkerId: principal.userId };
    default:
      return null;
  }
}

export interface GridRow {
  childId: string;
  childName: string;
  itemId: string;
  itemText: string;
  providerText: string;
  /** The days of the week a weekly total for this item can cover: within the item's life, Monday to Friday, not after today. */
  from: IsoDate;
  to: IsoDate;
  minutesPerSession: number | null;
  owedText: string;
  alreadyText: string;
  /** Records already counting for this item this week: the form carries it back, to catch a second submission. */
  seen: number;
}

function sessionsText(count: number): string {
  return `${String(count)} ${count === 1 ? 'session' : 'sessions'}`;
}

type SchoolCalendar = Awaited<ReturnType<typeof loadSchoolCalendar>>;

/** What each item owes in the week, worked out once per schedule: most items of a grid share a few patterns. */
function weekOwing(calendar: SchoolCalendar, monday: IsoDate) {
  const sunday = addDays(monday, 6);
  const cache = new Map<string, Owed>();
  return (item: GridItem, startsOn: IsoDate): string => {
    if (!item.sessionsPerPeriod || !item.period || !isProvisionPeriod(item.period)) return 'Not quantified';
    const schedule: ProvisionSchedule = {
      sessionsPerPeriod: item.sessionsPerPeriod,
      minutesPerSession: item.minutesPerSession,
      period: item.period,
      termTimeOnly: item.termTimeOnly,
      startDate: startsOn,
      endDate: item.itemEnd,
    };
    const key = [
      schedule.sessionsPerPeriod,
      schedule.minutesPerSession,
      schedule.period,
      schedule.termTimeOnly,
      startsOn > monday ? startsOn : '',
      schedule.endDate !== null && schedule.endDate < sunday ? schedule.endDate : '',
    ].join('|');
    let owed = cache.get(key);
    if (owed === undefined) {
      owed = owedBetween(schedule, calendar, monday, sunday);
      cache.set(key, owed);
    }
    return describeOwed(owed);
  };
}

/**
 * The parser refuses a form of more than 2,000 fields and each item takes 7, so a page holds at
 * most 30 pupils and 250 items (1,750 fields), and a pupil's items are never split over two pages.
 */
const PUPILS_PER_PAGE = 30;
const ITEMS_PER_PAGE = 250;

/** Cuts the pupils (in order, each with its number of items) into pages: the index of the first pupil of each page. */
export function pageStarts(itemsPerPupil: number[], pupilsPerPage = PUPILS_PER_PAGE, itemsPerPage = ITEMS_PER_PAGE): number[] {
  const starts: number[] = [];
  let pupils = 0;
  let items = 0;
  itemsPerPupil.forEach((count, index) => {
    if (starts.length === 0 || pupils === pupilsPerPage || (pupils > 0 && items + count > itemsPerPage)) {
      starts.push(index);
      pupils = 0;
      items = 0;
    }
    pupils += 1;
    items += count;
  });
  return starts;
}

/** The page asked for: the first when none (or nonsense) is given, the last when it is past the end (the grid may have shrunk since the link was made). */
export function pageFrom(value: unknown): number {
  return typeof value === 'string' && /^\d{1,6}$/.test(value.trim()) ? Math.max(1, Number(value.trim())) : 1;
}

export interface WeekGrid {
  monday: IsoDate;
  previousWeek: IsoDate;
  nextWeek: IsoDate | null;
  rows: GridRow[];
  /** Pupils on this page. */
  pupils: number;
  itemsWithRecords: number;
  page: number;
  pageCount: number;
  /** Every pupil the person records for this week, on all pages. */
  totalPupils: number;
  /** The place in the whole list of this page's first and last pupils (1-based; 0 when there are none). */
  firstPupil: number;
  lastPupil: number;
}

/** One page of the grid for a week. Showing it reads each child's provision, so each child shown gets a VIEW_PROVISION audit event. */
export async function loadWeekGrid(db: Database, actor: Actor, monday: IsoDate, requestedPage = 1, today: IsoDate = actor.clock.today()): Promise<WeekGrid> {
  const grid = await weekGridOf(db, actor, monday, requestedPage, today);
  const childIds = [...new Set(grid.rows.map((row) => row.childId))];
  await recordAudits(
    db,
    actor,
    // No pupils to show still leaves a trace of the view, as a list view does.
    childIds.length > 0
      ? childIds.map((childId) => ({ subjectType: 'child', subjectId: childId, childId, change: { weekGrid: monday } }))
      : [{ subjectType: 'week_grid', change: { weekGrid: monday, children: 0 } }],
  );
  return grid;
}

/** The grid, not audited as a read: saving it reads it again, and the save's own events name the children it recorded for. */
async function weekGridOf(db: Database, actor: Actor, monday: IsoDate, requestedPage: number, today: IsoDate): Promise<WeekGrid> {
  const { principal } = actor;
  const narrow = narrowFor(principal);
  const friday = addDays(monday, 4);
  const sunday = addDays(monday, 6);
  const window = { monday, lastDay: friday < today ? friday : today };
  const scope = childScopeOf(principal, today);
  const pupils = narrow ? await findGridPupils(db, scope, narrow, window) : [];
  const starts = pageStarts(pupils.map((pupil) => pupil.items));
  const page = Math.min(requestedPage, Math.max(1, starts.length));
  const first = starts[page - 1] ?? 0;
  const onPage = pupils.slice(first, starts[page] ?? pupils.length).map((pupil) => pupil.childId);
  const items = narrow ? (await findGridItems(db, scope, narrow, window, onPage)).filter((item) => mayRecordAgainst(principal, item)) : [];
  const calendar = await loadSchoolCalendar(db, principal.laId);
  const owedText = weekOwing(calendar, monday);
  const live = items.flatMap((item) => {
    const startsOn = item.itemStart ?? item.issuedDate;
    if (!startsOn) return [];
    const from = startsOn > monday ? startsOn : monday;
    const lastDays = [friday, today, ...(item.itemEnd ? [item.itemEnd] : [])].sort();
    const to = lastDays[0] ?? friday;
    return from <= to ? [{ item, startsOn, from, to }] : [];
  });
  const recorded = await findWeekRecords(
    db,
    principal.laId,
    live.map(({ item }) => item.itemId),
    monday,
    sunday,
  );
  // The names officers gave, read by key for the lines on this page only.
  const shortNames = await findGivenShortNames(
    db,
    principal.laId,
    live.map(({ item }) => item.itemId),
  );
  const recordedByItem = new Map<string, typeof recorded>();
  for (const row of recorded) recordedByItem.set(row.provisionItemId, [...(recordedByItem.get(row.provisionItemId) ?? []), row]);
  const rows: GridRow[] = live.map(({ item, startsOn, from, to }) => {
    const mine = recordedByItem.get(item.itemId) ?? [];
    const delivered = mine.find((row) => row.status === 'delivered');
    const missed = mine.find((row) => row.status === 'missed');
    const parts = [
      delivered ? `${sessionsText(delivered.sessions)} delivered (${String(delivered.minutes)} min${delivered.madeUpMinutes ? `, ${String(delivered.madeUpMinutes)} made up` : ''})` : '',
      missed ? `${sessionsText(missed.sessions)} missed (${String(missed.minutes)} min)` : '',
    ].filter(Boolean);
    return {
      childId: item.childId,
      childName: `${item.forename} ${item.surname}`,
      itemId: item.itemId,
      itemText: itemTitle({ ...item, shortName: shortNames.get(item.itemId) ?? null }),
      providerText: item.organisationName ?? (item.providerKind === 'school' ? 'School or setting' : ''),
      from,
      to,
      minutesPerSession: item.minutesPerSession,
      owedText: owedText(item, startsOn),
      alreadyText: parts.length ? parts.join('; ') : 'Nothing yet',
      seen: mine.reduce((total, row) => total + row.records, 0),
    };
  });
  const childIds = [...new Set(rows.map((row) => row.childId))];

  const next = addDays(monday, 7);
  return {
    monday,
    previousWeek: addDays(monday, -7),
    nextWeek: next <= today ? next : null,
    rows,
    pupils: childIds.length,
    itemsWithRecords: rows.filter((row) => row.seen > 0).length,
    page,
    pageCount: Math.max(1, starts.length),
    totalPupils: pupils.length,
    firstPupil: onPage.length ? first + 1 : 0,
    lastPupil: first + onPage.length,
  };
}

/** The names of a row's inputs (also their ids, which the error summary links to). */
export function fieldNames(itemId: string) {
  const prefix = `item-${itemId}`;
  return {
    deliveredSessions: `${prefix}-delivered-sessions`,
    deliveredMinutes: `${prefix}-delivered-minutes`,
    madeUp: `${prefix}-made-up`,
    missedSessions: `${prefix}-missed-sessions`,
    missedMinutes: `${prefix}-missed-minutes`,
    missedReason: `${prefix}-missed-reason`,
    seen: `${prefix}-seen`,
  };
}

const FIELD_PATTERN = /^item-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-(delivered-sessions|delivered-minutes|made-up|missed-sessions|missed-minutes|missed-reason|seen)$/;

/** The last field of the form: without it the browser (or the body parser's field limit) cut the form short. */
const COMPLETE_FIELD = 'complete';

function text(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : '';
}

type Whole = { value: number | null } | { error: string };

function wholeNumber(raw: string, what: string, example: string): Whole {
  if (raw === '') return { value: null };
  if (/^-\d+$/.test(raw)) return { error: `${what} cannot be negative` };
  if (!/^\d+$/.test(raw)) return { error: `${what} must be a whole number, like ${example}` };
  return { value: Number(raw) };
}

interface Origin {
  row: GridRow | undefined;
  itemId: string;
  kind: 'delivered' | 'missed';
}

/**
 * Turns the posted grid into records: one weekly total for what was delivered and one for what was
 * missed, per row that has anything in it. Blank rows are skipped. Every problem in every row is
 * reported (against the input it concerns) and nothing is stored unless there are none.
 */
export async function recordWeek(db: Database, actor: Actor, monday: IsoDate, page: number, body: Record<string, unknown>, today: IsoDate = actor.clock.today()) {
  if (body[COMPLETE_FIELD] !== 'yes') {
    throw new ValidationError([{ path: 'grid', message: 'The form arrived incomplete (it may be too long to send at once): nothing was recorded. Try again, or record fewer pupils at a time' }]);
  }
  const grid = await weekGridOf(db, actor, monday, page, today);
  const rowsById = new Map(grid.rows.map((row) => [row.itemId, row]));
  const postedIds = [...new Set(Object.keys(body).flatMap((key) => FIELD_PATTERN.exec(key)?.[1] ?? []))];
  const problems: FieldError[] = [];
  const records: DeliveryRecordInput[] = [];
  const origins: Origin[] = [];
  const openedWith: SeenWhenOpened[] = [];
  const describe = (row: GridRow | undefined, message: string) => (row ? `${row.childName}, ${row.itemText}: ${message}` : message);

  for (const itemId of postedIds) {
    const row = rowsById.get(itemId);
    const names = fieldNames(itemId);
    const at = (field: keyof typeof names, message: string) => problems.push({ path: names[field], message: describe(row, message) });
    const ds = wholeNumber(text(body, names.deliveredSessions), 'Sessions delivered', '2');
    const dm = wholeNumber(text(body, names.deliveredMinutes), 'Minutes delivered', '60');
    const ms = wholeNumber(text(body, names.missedSessions), 'Sessions missed', '1');
    const mm = wholeNumber(text(body, names.missedMinutes), 'Minutes missed', '30');
    const reason = text(body, names.missedReason);
    const madeUp = text(body, names.madeUp) === 'yes';
    for (const [field, parsed] of [
      ['deliveredSessions', ds],
      ['deliveredMinutes', dm],
      ['missedSessions', ms],
      ['missedMinutes', mm],
    ] as const) {
      if ('error' in parsed) at(field, parsed.error);
    }
    if ('error' in ds || 'error' in dm || 'error' in ms || 'error' in mm) continue;
    const hasDelivered = Boolean(ds.value) || Boolean(dm.value);
    const hasMissed = Boolean(ms.value) || Boolean(mm.value);
    // A blank row (zeros count as blank) is not an error: most rows of a week grid stay empty.
    if (!hasDelivered && !hasMissed && reason === '' && !madeUp) continue;
    if (!row) {
      problems.push({ path: 'grid', message: 'There is no provision with this id that you may record against this week' });
      continue;
    }
    if (madeUp && !hasDelivered) at('madeUp', 'Tick “made up” only with time delivered that made up for time missed earlier');
    if (reason !== '' && !hasMissed) at('missedSessions', 'Enter the sessions missed, or clear the reason');
    if (reason !== '' && !(reason in MISSED_REASONS)) at('missedReason', 'Select a reason from the list');
    const fromParts = (sessions: number | null, minutes: number | null, kind: 'delivered' | 'missed') => {
      const sessionsField = kind === 'delivered' ? 'deliveredSessions' : 'missedSessions';
      const minutesField = kind === 'delivered' ? 'deliveredMinutes' : 'missedMinutes';
      if (!sessions) {
        at(sessionsField, `Enter how many sessions were ${kind}`);
        return null;
      }
      // Minutes may be left blank where the plan says how long a session is.
      const total = minutes ?? (row.minutesPerSession ? sessions * row.minutesPerSession : null);
      if (!total) {
        at(minutesField, `Enter the minutes ${kind} (the plan does not say how long a session is)`);
        return null;
      }
      return { sessions, minutes: total };
    };
    const delivered = hasDelivered ? fromParts(ds.value, dm.value, 'delivered') : null;
    const missed = hasMissed ? fromParts(ms.value, mm.value, 'missed') : null;
    if (hasMissed && reason === '') at('missedReason', 'Select why the sessions were missed');
    openedWith.push({ itemId, seen: text(body, names.seen), path: names[hasDelivered ? 'deliveredSessions' : 'missedSessions'], row });
    // Sent from a page that showed this week's records, a total is added to them on purpose: another session, not a repeat.
    const base = { itemId, date: row.from, periodEnd: row.to, correctsId: null, session: row.seen > 0 ? `added to ${String(row.seen)} earlier` : undefined };
    if (delivered) {
      records.push({ ...base, status: 'delivered', ...delivered, missedReason: undefined, madeUp });
      origins.push({ row, itemId, kind: 'delivered' });
    }
    if (missed && reason in MISSED_REASONS) {
      records.push({ ...base, status: 'missed', ...missed, missedReason: reason as DeliveryRecordInput['missedReason'], madeUp: false });
      origins.push({ row, itemId, kind: 'missed' });
    }
  }

  // The same schema every way in uses: its limits (minutes in a week, sessions in a record) apply here too.
  records.forEach((record, index) => {
    const parsed = deliveryRecordSchema.safeParse(record);
    if (!parsed.success) for (const issue of parsed.error.issues) problems.push(problemAt(origins[index], String(issue.path[0] ?? ''), issue.message, describe));
  });
  if (problems.length > 0) throw new ValidationError(uniqueByPath(problems));
  if (records.length === 0) throw new ValidationError([{ path: 'grid', message: 'Enter what was delivered or missed for at least one pupil' }]);
  try {
    // Checked where the records are written, with the items locked: two grids sent at once cannot both pass.
    await recordDeliveries(db, actor, records, { source: 'web', today, recheck: (tx) => recordsAddedSince(tx, actor.principal.laId, monday, openedWith, describe) });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      uniqueByPath(
        error.fieldErrors.map((fieldError) => {
          const match = /^records\.(\d+)\.(\w+)$/.exec(fieldError.path);
          return match ? problemAt(origins[Number(match[1])], match[2] ?? '', fieldError.message, describe) : fieldError;
        }),
      ),
    );
  }
  return { records: records.length, pupils: new Set(origins.map((origin) => origin.row?.childId)).size };
}

/** What a row's week held when the page was opened (the count travels in the form), and the input to report against. */
interface SeenWhenOpened {
  itemId: string;
  seen: string;
  path: string;
  row: GridRow;
}

/** Rows whose week has gained records since the page was opened: adding to them now could count a session twice. */
async function recordsAddedSince(db: Database, laId: string, monday: IsoDate, opened: SeenWhenOpened[], describe: (row: GridRow | undefined, message: string) => string): Promise<FieldError[]> {
  const recorded = await findWeekRecords(
    db,
    laId,
    opened.map((entry) => entry.itemId),
    monday,
    addDays(monday, 6),
  );
  return opened
    .filter((entry) => String(recorded.filter((row) => row.provisionItemId === entry.itemId).reduce((total, row) => total + row.records, 0)) !== entry.seen)
    .map((entry) => ({
      path: entry.path,
      message: describe(entry.row, 'Records for this week were added since you opened the page (see “Already recorded”): check them, then send the form again to add these as well'),
    }));
}

function problemAt(origin: Origin | undefined, field: string, message: string, describe: (row: GridRow | undefined, message: string) => string): FieldError {
  if (!origin) return { path: 'grid', message };
  const names = fieldNames(origin.itemId);
  const delivered = origin.kind === 'delivered';
  const path =
    field === 'minutes'
      ? delivered
        ? names.deliveredMinutes
        : names.missedMinutes
      : field === 'missedReason'
        ? names.missedReason
        : field === 'madeUp'
          ? names.madeUp
          : delivered
            ? names.deliveredSessions
            : names.missedSessions;
  return { path, message: describe(origin.row, message) };
}

/** One message per input, the first: GOV.UK shows one error per field. */
function uniqueByPath(problems: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return problems.filter((problem) => (seen.has(problem.path) ? false : (seen.add(problem.path), true)));
}

export function weekHeading(monday: IsoDate): string {
  return `Week beginning ${formatDate(monday)}`;
}
