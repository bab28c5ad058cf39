import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { nextEditBy, staleEdit } from '../../db/edited-rows.js';
import { schoolClosure, schoolTerm } from '../../db/schema/index.js';
import { isIsoDate } from '../../domain/dates.js';
import { formatDate } from '../../domain/formatting.js';
import { DEFAULT_ENGLISH_CALENDAR } from '../../domain/school-calendar.js';
import type { Actor } from '../../http/actor.js';
import { NotFoundError, ValidationError } from '../../http/errors.js';
import { recordAudit } from '../audit/repository.js';
import type { ClosureInput, ClosureKind, TermInput } from './schemas.js';

/** Who last saved a row, for refusing a stale save (version 0: the default calendar, not yet the LA's own). */
interface EditState {
  version: number;
  updatedBy: string | null;
  updatedAt: Date;
}
export type TermRow = TermInput & EditState;
export type ClosureRow = ClosureInput & EditState;

const DEFAULT_EDIT_STATE: EditState = { version: 0, updatedBy: null, updatedAt: new Date(0) };

/** Refuses a change to a row saved by someone else since the form was opened at `openedAtVersion`. */
async function refuseIfStale(tx: Database, actor: Actor, row: EditState, openedAtVersion: number, path: string): Promise<void> {
  if (row.version !== openedAtVersion) throw await staleEdit(tx, row, actor.clock.now(), path);
}

/**
 * The LA's term dates and closures as it edits them: its own rows, or (until it changes anything)
 * the default English calendar, which is what loadSchoolCalendar uses in the meantime.
 * Terms never overlap, so a term is named by its first day; a closure by its date.
 */
export async function loadTermDates(db: Database, laId: string): Promise<{ own: boolean; terms: TermRow[]; closures: ClosureRow[] }> {
  const [terms, closures] = await Promise.all([
    db.select().from(schoolTerm).where(eq(schoolTerm.laId, laId)).orderBy(asc(schoolTerm.startDate)),
    db.select().from(schoolClosure).where(eq(schoolClosure.laId, laId)).orderBy(asc(schoolClosure.closedOn)),
  ]);
  if (terms.length === 0) return defaultTermDates();
  return {
    own: true,
    terms: terms.map((term) => ({
      name: term.name,
      start: term.startDate,
      end: term.endDate,
      halfTermStart: term.halfTermStart,
      halfTermEnd: term.halfTermEnd,
      version: term.version,
      updatedBy: term.updatedBy,
      updatedAt: term.updatedAt,
    })),
    closures: closures.map((closure) => ({
      date: closure.closedOn,
      kind: closure.kind === 'bank_holiday' ? 'bank_holiday' : 'closure',
      description: closure.description,
      version: closure.version,
      updatedBy: closure.updatedBy,
      updatedAt: closure.updatedAt,
    })),
  };
}

function defaultTermDates(): { own: false; terms: TermRow[]; closures: ClosureRow[] } {
  return {
    own: false,
    terms: DEFAULT_ENGLISH_CALENDAR.terms.map((term) => ({
      name: term.name,
      start: term.start,
      end: term.end,
      halfTermStart: term.halfTerm?.start ?? null,
      halfTermEnd: term.halfTerm?.end ?? null,
      ...DEFAULT_EDIT_STATE,
    })),
    closures: [
      ...DEFAULT_ENGLISH_CALENDAR.bankHolidays.map((date) => ({ date, kind: 'bank_holiday' as const, description: 'Bank holiday', ...DEFAULT_EDIT_STATE })),
      ...DEFAULT_ENGLISH_CALENDAR.closures.map((date) => ({ date, kind: 'closure' as const, description: null, ...DEFAULT_EDIT_STATE })),
    ].sort((a, b) => a.date.localeCompare(b.date)),
  };
}

export async function findTerm(db: Database, laId: string, start: string): Promise<TermRow> {
  const term = isIsoDate(start) ? (await loadTermDates(db, laId)).terms.find((candidate) => candidate.start === start) : undefined;
  if (!term) throw new NotFoundError();
  return term;
}

export async function findClosure(db: Database, laId: string, date: string): Promise<ClosureRow> {
  const closure = isIsoDate(date) ? (await loadTermDates(db, laId)).closures.find((candidate) => candidate.date === date) : undefined;
  if (!closure) throw new NotFoundError();
  return closure;
}

/**
 * Runs one change to the LA's calendar: serialised per LA (a row lock on the LA, so two admins'
 * first edits cannot both copy the defaults), on the LA's own rows (the default calendar is copied
 * in first, in the same transaction), and audited with what changed.
 */
async function changeCalendar(db: Database, actor: Actor, change: (tx: Database, current: { terms: TermRow[]; closures: ClosureRow[] }) => Promise<Record<string, unknown>>) {
  const { laId } = actor.principal;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select id from local_authority where id = ${laId} for update`);
    const current = await loadTermDates(tx, laId);
    if (!current.own) {
      await tx
        .insert(schoolTerm)
        .values(current.terms.map((term) => ({ laId, name: term.name, startDate: term.start, endDate: term.end, halfTermStart: term.halfTermStart, halfTermEnd: term.halfTermEnd })));
      if (current.closures.length > 0)
        await tx.insert(schoolClosure).values(current.closures.map((closure) => ({ laId, closedOn: closure.date, kind: closure.kind, description: closure.description })));
    }
    const details = await change(tx, current);
    await recordAudit(tx, actor, {
      subjectType: 'school_calendar',
      change: { ...details, copiedDefaultCalendar: !current.own },
    });
  });
}

/** A row as the audit trail records it: what the LA decided, not who last saved it. */
function termInput({ name, start, end, halfTermStart, halfTermEnd }: TermRow): TermInput {
  return { name, start, end, halfTermStart, halfTermEnd };
}

function closureInput({ date, kind, description }: ClosureRow): ClosureInput {
  return { date, kind, description };
}

function termText(term: TermRow): string {
  return `${term.name} (${formatDate(term.start)} to ${formatDate(term.end)})`;
}

/** Adds a term, or changes the one that started on `previousStart`. Refused if it would overlap another term. */
export async function saveTerm(db: Database, actor: Actor, previousStart: string | null, input: TermInput, openedAtVersion = 0): Promise<void> {
  const { laId } = actor.principal;
  await changeCalendar(db, actor, async (tx, current) => {
    const before = previousStart === null ? undefined : current.terms.find((term) => term.start === previousStart);
    if (previousStart !== null && !before) throw new NotFoundError();
    if (before) await refuseIfStale(tx, actor, before, openedAtVersion, 'name');
    const overlapping = current.terms.find((term) => term.start !== previousStart && term.start <= input.end && input.start <= term.end);
    if (overlapping) throw new ValidationError([{ path: 'start', message: `The term overlaps ${termText(overlapping)}: terms cannot overlap` }]);
    const values = { name: input.name, startDate: input.start, endDate: input.end, halfTermStart: input.halfTermStart, halfTermEnd: input.halfTermEnd };
    if (before)
      await tx
        .update(schoolTerm)
        .set({ ...values, ...nextEditBy(actor.principal.userId, actor.clock.now()) })
        .where(and(eq(schoolTerm.laId, laId), eq(schoolTerm.startDate, before.start)));
    else await tx.insert(schoolTerm).values({ laId, ...values, updatedBy: actor.principal.userId, updatedAt: actor.clock.now() });
    return { term: before ? 'changed' : 'added', before: before ? termInput(before) : null, after: input };
  });
}

export async function removeTerm(db: Database, actor: Actor, start: string, openedAtVersion: number): Promise<void> {
  const { laId } = actor.principal;
  await changeCalendar(db, actor, async (tx, current) => {
    const term = current.terms.find((candidate) => candidate.start === start);
    if (!term) throw new NotFoundError();
    await refuseIfStale(tx, actor, term, openedAtVersion, 'remove');
    // With no terms at all the service would fall back to the default calendar: never silently.
    if (current.terms.length === 1) throw new ValidationError([{ path: 'remove', message: 'The calendar must keep at least one term: add the next term before removing this one' }]);
    await tx.delete(schoolTerm).where(and(eq(schoolTerm.laId, laId), eq(schoolTerm.startDate, start)));
    return { term: 'removed', before: termInput(term), after: null };
  });
}

/** Adds a closure, or changes the one on `previousDate`. One closure a day. */
export async function saveClosure(db: Database, actor: Actor, previousDate: string | null, input: ClosureInput, openedAtVersion = 0): Promise<void> {
  const { laId } = actor.principal;
  await changeCalendar(db, actor, async (tx, current) => {
    const before = previousDate === null ? undefined : current.closures.find((closure) => closure.date === previousDate);
    if (previousDate !== null && !before) throw new NotFoundError();
    if (before) await refuseIfStale(tx, actor, before, openedAtVersion, 'date');
    if (current.closures.some((closure) => closure.date === input.date && closure.date !== previousDate)) {
      throw new ValidationError([{ path: 'date', message: `There is already a closure on ${formatDate(input.date)}: change that one instead` }]);
    }
    const values = { closedOn: input.date, kind: input.kind satisfies ClosureKind, description: input.description };
    if (before)
      await tx
        .update(schoolClosure)
        .set({ ...values, ...nextEditBy(actor.principal.userId, actor.clock.now()) })
        .where(and(eq(schoolClosure.laId, laId), eq(schoolClosure.closedOn, before.date)));
    else await tx.insert(schoolClosure).values({ laId, ...values, updatedBy: actor.principal.userId, updatedAt: actor.clock.now() });
    return { closure: before ? 'changed' : 'added', before: before ? closureInput(before) : null, after: input };
  });
}

export async function removeClosure(db: Database, actor: Actor, date: string, openedAtVersion: number): Promise<void> {
  const { laId } = actor.principal;
  await changeCalendar(db, actor, async (tx, current) => {
    const closure = current.closures.find((candidate) => candidate.date === date);
    if (!closure) throw new NotFoundError();
    await refuseIfStale(tx, actor, closure, openedAtVersion, 'remove');
    await tx.delete(schoolClosure).where(and(eq(schoolClosure.laId, laId), eq(schoolClosure.closedOn, date)));
    return { closure: 'removed', before: closureInput(closure), after: null };
  });
}
