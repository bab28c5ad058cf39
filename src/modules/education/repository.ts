import { and, asc, desc, eq, exists, inArray, isNull, sql } from 'drizzle-orm';
import { childScopeCondition } from '../../auth/child-access.js';
import type { ChildScope } from '../../auth/child-scope.js';
import type { Database } from '../../db/client.js';
import { appUser, child, educationArrangement } from '../../db/schema/index.js';
import type { EducationKind } from '../../domain/full-time.js';
import type { IsoDate } from '../../domain/dates.js';

const arrangement = educationArrangement;
const NOT_FULL_TIME: EducationKind[] = ['part_time', 'no_setting'];

/** A child's arrangements, newest first, with who recorded each. */
export async function findArrangements(db: Database, laId: string, childId: string) {
  return db
    .select({
      id: arrangement.id,
      kind: arrangement.kind,
      offeredMinutesPerWeek: arrangement.offeredMinutesPerWeek,
      fullTimeMinutesPerWeek: arrangement.fullTimeMinutesPerWeek,
      reason: arrangement.reason,
      startDate: arrangement.startDate,
      endDate: arrangement.endDate,
      reviewDate: arrangement.reviewDate,
      agreedBy: arrangement.agreedBy,
      recordedByName: appUser.displayName,
      recordedAt: arrangement.recordedAt,
    })
    .from(arrangement)
    .leftJoin(appUser, eq(appUser.id, arrangement.recordedBy))
    .where(and(eq(arrangement.laId, laId), eq(arrangement.childId, childId)))
    .orderBy(desc(arrangement.startDate), desc(arrangement.recordedAt));
}

export type ArrangementRow = Awaited<ReturnType<typeof findArrangements>>[number];

/**
 * The child's current arrangement, locked until the transaction ends: two people recording at
 * once queue here rather than both ending the same row (the unique index would refuse the second
 * insert anyway; the lock makes the second see the first's arrangement instead).
 */
export async function findCurrentForUpdate(db: Database, laId: string, childId: string) {
  const [row] = await db
    .select({ id: arrangement.id, kind: arrangement.kind, startDate: arrangement.startDate })
    .from(arrangement)
    .where(and(eq(arrangement.laId, laId), eq(arrangement.childId, childId), isNull(arrangement.endDate)))
    .for('update');
  return row;
}

export async function endArrangement(db: Database, laId: string, id: string, endDate: IsoDate): Promise<void> {
  await db
    .update(arrangement)
    .set({ endDate })
    .where(and(eq(arrangement.laId, laId), eq(arrangement.id, id), isNull(arrangement.endDate)));
}

export interface NewArrangement {
  laId: string;
  childId: string;
  kind: EducationKind;
  offeredMinutesPerWeek: number;
  fullTimeMinutesPerWeek: number;
  reason: string | null;
  startDate: IsoDate;
  reviewDate: IsoDate | null;
  agreedBy: string | null;
  recordedBy: string;
}

export async function insertArrangement(db: Database, row: NewArrangement): Promise<string> {
  const [inserted] = await db.insert(arrangement).values(row).returning({ id: arrangement.id });
  if (!inserted) throw new Error('The arrangement was not saved');
  return inserted.id;
}

/** Current arrangements of the LA that are not full-time: read through the partial index education_arrangement_la_current_idx. */
function currentNotFullTime(laId: string) {
  return and(eq(arrangement.laId, laId), isNull(arrangement.endDate), inArray(arrangement.kind, NOT_FULL_TIME));
}

/**
 * When each child now without full-time education started their spell (domain/full-time.ts
 * currentSpellStart, in SQL): over the history of just those children, a row begins a spell when
 * it is not full-time and follows nothing, a full-time period or a gap; the spell began at the
 * latest such row. One pass with window functions, so the list can be sorted by it in the
 * database without reading every child into memory.
 */
function spellStarts(db: Database, laId: string) {
  const window = sql`over (partition by ${arrangement.childId} order by ${arrangement.startDate})`;
  const history = db
    .select({
      childId: arrangement.childId,
      startDate: arrangement.startDate,
      beginsSpell: sql<boolean>`(${arrangement.kind} <> 'full_time' and (
          lag(${arrangement.kind}) ${window} is null
          or lag(${arrangement.kind}) ${window} = 'full_time'
          or ${arrangement.startDate} > lag(${arrangement.endDate}) ${window} + 1))`.as('begins_spell'),
    })
    .from(arrangement)
    .where(and(eq(arrangement.laId, laId), inArray(arrangement.childId, db.select({ childId: arrangement.childId }).from(arrangement).where(currentNotFullTime(laId)))))
    .as('history');
  return db
    .select({
      childId: history.childId,
      spellStart: sql<string>`(max(${history.startDate}) filter (where ${history.beginsSpell}))::text`.as('spell_start'),
    })
    .from(history)
    .groupBy(history.childId)
    .as('spells');
}

/**
 * A page of the children without full-time education in the person's scope, longest spell
 * (earliest start) first. Sorted and cut to the page before the children's names are joined, so
 * a long list costs one index read of the current arrangements and their spells, not a lookup
 * per child; for LA-wide scope the count reads the partial index alone.
 */
export async function findNotFullTimePage(db: Database, params: { laId: string; scope: ChildScope; limit: number; offset: number }) {
  const spells = spellStarts(db, params.laId);
  const inScope =
    params.scope.kind === 'whole-la' && params.scope.laId === params.laId
      ? undefined
      : exists(
          db
            .select({ one: sql`1` })
            .from(child)
            .where(and(eq(child.id, arrangement.childId), childScopeCondition(params.scope))),
        );
  const where = and(currentNotFullTime(params.laId), inScope);
  const page = db
    .select({
      childId: arrangement.childId,
      kind: arrangement.kind,
      offeredMinutesPerWeek: arrangement.offeredMinutesPerWeek,
      fullTimeMinutesPerWeek: arrangement.fullTimeMinutesPerWeek,
      reason: arrangement.reason,
      startDate: arrangement.startDate,
      reviewDate: arrangement.reviewDate,
      spellStart: spells.spellStart,
    })
    .from(arrangement)
    .innerJoin(spells, eq(spells.childId, arrangement.childId))
    .where(where)
    .orderBy(asc(spells.spellStart), asc(arrangement.childId))
    .limit(params.limit)
    .offset(params.offset)
    .as('page');
  const rows = await db
    .select({
      childId: page.childId,
      forename: child.forename,
      surname: child.surname,
      kind: page.kind,
      offeredMinutesPerWeek: page.offeredMinutesPerWeek,
      fullTimeMinutesPerWeek: page.fullTimeMinutesPerWeek,
      reason: page.reason,
      startDate: page.startDate,
      reviewDate: page.reviewDate,
      spellStart: page.spellStart,
    })
    .from(page)
    .innerJoin(child, eq(child.id, page.childId))
    .orderBy(asc(page.spellStart), asc(page.childId));
  const [count] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(arrangement)
    .where(where);
  return { rows, total: count?.total ?? 0 };
}

export interface ChildNotFullTime {
  childId: string;
  kind: EducationKind;
  spellStart: IsoDate;
  offeredMinutesPerWeek: number;
  fullTimeMinutesPerWeek: number;
}

/**
 * For the daily sweep: every child of the LA whose continuous spell without full-time education
 * started on or before `onOrBefore` (the sweep passes the day that is N school days ago:
 * domain/full-time.ts spellStartForSchoolDays), longest first. Kind and hours are the current
 * arrangement's.
 */
export async function findChildrenNotFullTimeSince(db: Database, laId: string, onOrBefore: IsoDate): Promise<ChildNotFullTime[]> {
  const spells = spellStarts(db, laId);
  const rows = await db
    .select({
      childId: arrangement.childId,
      kind: arrangement.kind,
      spellStart: spells.spellStart,
      offeredMinutesPerWeek: arrangement.offeredMinutesPerWeek,
      fullTimeMinutesPerWeek: arrangement.fullTimeMinutesPerWeek,
    })
    .from(arrangement)
    .innerJoin(spells, eq(spells.childId, arrangement.childId))
    .where(and(currentNotFullTime(laId), sql`${spells.spellStart}::date <= ${onOrBefore}::date`))
    .orderBy(asc(spells.spellStart), asc(arrangement.childId));
  return rows.map((row) => ({ ...row, kind: row.kind as EducationKind }));
}
