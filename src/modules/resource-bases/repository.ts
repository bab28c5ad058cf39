import { and, asc, desc, eq, inArray, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import {
  appUser,
  child,
  familyLink,
  placement,
  resourceBase,
  resourceBaseSurveyAnswer,
  resourceBaseSurveyRespondent,
  resourceBaseVisit,
  resourceBaseVisitPupil,
  setting,
  task,
} from '../../db/schema/index.js';
import type { IsoDate } from '../../domain/dates.js';
import type { SurveyTermTotals } from '../../domain/resource-bases.js';

/** A placement counts on `today`: started, and not yet ended. */
function currentOn(today: IsoDate): SQL {
  return sql`${placement.startDate} <= ${today}::date and (${placement.endDate} is null or ${placement.endDate} >= ${today}::date)`;
}

/** Places filled: children with a current placement in the base (a child counts once, whatever the placement's rank). */
function filledOn(today: IsoDate) {
  return sql<number>`(select count(distinct ${placement.childId}) from ${placement}
    where ${placement.resourceBaseId} = ${resourceBase.id} and ${placement.laId} = ${resourceBase.laId} and ${currentOn(today)})`.mapWith(Number);
}

const lastVisitOn = sql<IsoDate | null>`(select max(${resourceBaseVisit.visitedOn})::text from ${resourceBaseVisit}
  where ${resourceBaseVisit.resourceBaseId} = ${resourceBase.id} and ${resourceBaseVisit.laId} = ${resourceBase.laId})`;

function baseColumns(today: IsoDate) {
  return {
    id: resourceBase.id,
    name: resourceBase.name,
    kind: resourceBase.kind,
    designation: resourceBase.designation,
    settingId: resourceBase.settingId,
    settingName: setting.name,
    ageFrom: resourceBase.ageFrom,
    ageTo: resourceBase.ageTo,
    commissionedPlaces: resourceBase.commissionedPlaces,
    openedOn: resourceBase.openedOn,
    closedOn: resourceBase.closedOn,
    version: resourceBase.version,
    updatedBy: resourceBase.updatedBy,
    updatedAt: resourceBase.updatedAt,
    filled: filledOn(today),
    lastVisitOn,
  };
}

/** The LA's bases by name, a page at a time (a school's: those it hosts), with places filled today and the last visit. */
export async function findBases(db: Database, laId: string, params: { hostSettingId: string | null; today: IsoDate; limit: number; offset: number }) {
  const where = and(eq(resourceBase.laId, laId), params.hostSettingId ? eq(resourceBase.settingId, params.hostSettingId) : undefined);
  const [rows, [counted]] = await Promise.all([
    db
      .select(baseColumns(params.today))
      .from(resourceBase)
      .innerJoin(setting, eq(setting.id, resourceBase.settingId))
      .where(where)
      .orderBy(asc(resourceBase.name), asc(resourceBase.id))
      .limit(params.limit)
      .offset(params.offset),
    db
      .select({ total: sql<number>`count(*)`.mapWith(Number) })
      .from(resourceBase)
      .where(where),
  ]);
  return { rows, total: counted?.total ?? 0 };
}

export type BaseRow = Awaited<ReturnType<typeof findBases>>['rows'][number];

export async function findBase(db: Database, laId: string, baseId: string, today: IsoDate): Promise<BaseRow | undefined> {
  const [row] = await db
    .select(baseColumns(today))
    .from(resourceBase)
    .innerJoin(setting, eq(setting.id, resourceBase.settingId))
    .where(and(eq(resourceBase.laId, laId), eq(resourceBase.id, baseId)));
  return row;
}

/** The children placed in the base today, by name: who a visit records and who fills its places. */
export async function findPlacedPupils(db: Database, laId: string, baseId: string, today: IsoDate) {
  return db
    .selectDistinctOn([child.surname, child.forename, child.id], {
      childId: child.id,
      forename: child.forename,
      surname: child.surname,
      dateOfBirth: child.dateOfBirth,
      placedOn: placement.startDate,
    })
    .from(placement)
    .innerJoin(child, eq(child.id, placement.childId))
    .where(and(eq(placement.laId, laId), eq(placement.resourceBaseId, baseId), currentOn(today)))
    .orderBy(asc(child.surname), asc(child.forename), asc(child.id), asc(placement.startDate));
}

export type PlacedPupil = Awaited<ReturnType<typeof findPlacedPupils>>[number];

/** What the base's most recent visit recorded for each child, for the pupils table. */
export async function findLatestPupilRecords(db: Database, laId: string, baseId: string) {
  const [latest] = await db
    .select({ id: resourceBaseVisit.id, visitedOn: resourceBaseVisit.visitedOn })
    .from(resourceBaseVisit)
    .where(and(eq(resourceBaseVisit.laId, laId), eq(resourceBaseVisit.resourceBaseId, baseId)))
    .orderBy(desc(resourceBaseVisit.visitedOn), desc(resourceBaseVisit.createdAt))
    .limit(1);
  if (!latest) return new Map<string, { progress: string; provisionInPlace: string | null }>();
  const rows = await db
    .select({ childId: resourceBaseVisitPupil.childId, progress: resourceBaseVisitPupil.progress, provisionInPlace: resourceBaseVisitPupil.provisionInPlace })
    .from(resourceBaseVisitPupil)
    .where(and(eq(resourceBaseVisitPupil.laId, laId), eq(resourceBaseVisitPupil.visitId, latest.id)));
  return new Map(rows.map((row) => [row.childId, row]));
}

/** The task source id of a visit's nth action: the base and the visit, so the tray links to it. */
export function visitActionSourceId(baseId: string, visitId: string, index: number): string {
  return `${baseId}:${visitId}:${String(index)}`;
}

/** The base's visits, newest first, a page at a time, with how many pupils each recorded and its actions still open. */
export async function findVisits(db: Database, laId: string, baseId: string, window: { limit: number; offset: number }) {
  const where = and(eq(resourceBaseVisit.laId, laId), eq(resourceBaseVisit.resourceBaseId, baseId));
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        id: resourceBaseVisit.id,
        visitedOn: resourceBaseVisit.visitedOn,
        visitorName: appUser.displayName,
        pupils: sql<number>`(select count(*) from ${resourceBaseVisitPupil} where ${resourceBaseVisitPupil.visitId} = ${resourceBaseVisit.id})`.mapWith(Number),
        openActions: sql<number>`(select count(*) from ${task} where ${task.laId} = ${laId} and ${task.sourceType} = 'base_visit'
          and ${task.sourceId} like ${resourceBaseVisit.resourceBaseId}::text || ':' || ${resourceBaseVisit.id}::text || ':%' and ${task.status} = 'open')`.mapWith(Number),
      })
      .from(resourceBaseVisit)
      .innerJoin(appUser, eq(appUser.id, resourceBaseVisit.visitedBy))
      .where(where)
      .orderBy(desc(resourceBaseVisit.visitedOn), desc(resourceBaseVisit.createdAt))
      .limit(window.limit)
      .offset(window.offset),
    db
      .select({ total: sql<number>`count(*)`.mapWith(Number) })
      .from(resourceBaseVisit)
      .where(where),
  ]);
  return { rows, total: counted?.total ?? 0 };
}

export async function findVisit(db: Database, laId: string, baseId: string, visitId: string) {
  const [row] = await db
    .select({ id: resourceBaseVisit.id, visitedOn: resourceBaseVisit.visitedOn, visitorName: appUser.displayName, findings: resourceBaseVisit.findings })
    .from(resourceBaseVisit)
    .innerJoin(appUser, eq(appUser.id, resourceBaseVisit.visitedBy))
    .where(and(eq(resourceBaseVisit.laId, laId), eq(resourceBaseVisit.resourceBaseId, baseId), eq(resourceBaseVisit.id, visitId)));
  return row;
}

export async function findVisitPupils(db: Database, laId: string, visitId: string) {
  return db
    .select({
      childId: child.id,
      forename: child.forename,
      surname: child.surname,
      progress: resourceBaseVisitPupil.progress,
      progressNote: resourceBaseVisitPupil.progressNote,
      provisionInPlace: resourceBaseVisitPupil.provisionInPlace,
      provisionNote: resourceBaseVisitPupil.provisionNote,
    })
    .from(resourceBaseVisitPupil)
    .innerJoin(child, eq(child.id, resourceBaseVisitPupil.childId))
    .where(and(eq(resourceBaseVisitPupil.laId, laId), eq(resourceBaseVisitPupil.visitId, visitId)))
    .orderBy(asc(child.surname), asc(child.forename), asc(child.id));
}

/** A visit's actions: the tasks it made, with their owner and whether they are done. */
export async function findVisitActions(db: Database, laId: string, baseId: string, visitId: string) {
  return db
    .select({ id: task.id, title: task.title, ownerName: appUser.displayName, dueOn: task.dueOn, status: task.status, sourceId: task.sourceId })
    .from(task)
    .leftJoin(appUser, eq(appUser.id, task.ownerUserId))
    .where(and(eq(task.laId, laId), eq(task.sourceType, 'base_visit'), sql`${task.sourceId} like ${`${baseId}:${visitId}:%`}`))
    .orderBy(asc(task.sourceId));
}

/** Schools that can host a base: the LA's mainstream schools, by name. */
export async function findHostSchools(db: Database, laId: string) {
  return db
    .select({ id: setting.id, name: setting.name })
    .from(setting)
    .where(and(eq(setting.laId, laId), sql`${setting.settingType} like 'mainstream%'`))
    .orderBy(asc(setting.name), asc(setting.id));
}

/** Each term's answers to a base's survey, summed by the database: counts and totals per question. */
export async function findSurveyTotals(db: Database, laId: string, baseId: string): Promise<SurveyTermTotals[]> {
  const sum = (column: SQLWrapper) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);
  const rows = await db
    .select({
      termStart: resourceBaseSurveyAnswer.termStart,
      termName: sql<string>`min(${resourceBaseSurveyAnswer.termName})`,
      answers: sql<number>`count(*)`.mapWith(Number),
      happy: sum(resourceBaseSurveyAnswer.happy),
      progress: sum(resourceBaseSurveyAnswer.progress),
      support: sum(resourceBaseSurveyAnswer.support),
      informed: sum(resourceBaseSurveyAnswer.informed),
      listened: sum(resourceBaseSurveyAnswer.listened),
    })
    .from(resourceBaseSurveyAnswer)
    .where(and(eq(resourceBaseSurveyAnswer.laId, laId), eq(resourceBaseSurveyAnswer.resourceBaseId, baseId)))
    .groupBy(resourceBaseSurveyAnswer.termStart)
    .orderBy(asc(resourceBaseSurveyAnswer.termStart));
  return rows.map(({ termStart, termName, answers, ...totals }) => ({ termStart, termName, answers, totals }));
}

/** Parents' comments, newest term first, for the terms listed (those with enough answers to show). */
export async function findSurveyComments(db: Database, laId: string, baseId: string, termStarts: IsoDate[], window: { limit: number; offset: number }) {
  if (termStarts.length === 0) return { rows: [], total: 0 };
  const where = and(
    eq(resourceBaseSurveyAnswer.laId, laId),
    eq(resourceBaseSurveyAnswer.resourceBaseId, baseId),
    inArray(resourceBaseSurveyAnswer.termStart, termStarts),
    sql`${resourceBaseSurveyAnswer.comment} is not null`,
  );
  const [rows, [counted]] = await Promise.all([
    db
      .select({ termName: resourceBaseSurveyAnswer.termName, comment: sql<string>`${resourceBaseSurveyAnswer.comment}` })
      .from(resourceBaseSurveyAnswer)
      .where(where)
      // By the comment's own words within a term: never in the order they were given, which could tell who wrote which.
      .orderBy(desc(resourceBaseSurveyAnswer.termStart), asc(resourceBaseSurveyAnswer.comment))
      .limit(window.limit)
      .offset(window.offset),
    db
      .select({ total: sql<number>`count(*)`.mapWith(Number) })
      .from(resourceBaseSurveyAnswer)
      .where(where),
  ]);
  return { rows, total: counted?.total ?? 0 };
}

export async function hasAnswered(db: Database, laId: string, baseId: string, termStart: IsoDate, userId: string): Promise<boolean> {
  const rows = await db
    .select({ id: resourceBaseSurveyRespondent.id })
    .from(resourceBaseSurveyRespondent)
    .where(
      and(
        eq(resourceBaseSurveyRespondent.laId, laId),
        eq(resourceBaseSurveyRespondent.resourceBaseId, baseId),
        eq(resourceBaseSurveyRespondent.termStart, termStart),
        eq(resourceBaseSurveyRespondent.userId, userId),
      ),
    );
  return rows.length > 0;
}

/** The bases a parent's children (those they have parental responsibility for) are placed in today, optionally for one child or one base. */
export async function findFamilyBases(db: Database, laId: string, params: { userId: string; today: IsoDate; childId?: string; baseId?: string }) {
  return db
    .selectDistinct({ baseId: resourceBase.id, baseName: resourceBase.name, kind: resourceBase.kind, childId: child.id, forename: child.forename })
    .from(familyLink)
    .innerJoin(child, eq(child.id, familyLink.childId))
    .innerJoin(placement, eq(placement.childId, familyLink.childId))
    .innerJoin(resourceBase, eq(resourceBase.id, placement.resourceBaseId))
    .where(
      and(
        eq(familyLink.laId, laId),
        eq(familyLink.userId, params.userId),
        eq(familyLink.hasParentalResponsibility, true),
        eq(placement.laId, laId),
        eq(resourceBase.laId, laId),
        currentOn(params.today),
        params.childId ? eq(child.id, params.childId) : undefined,
        params.baseId ? eq(resourceBase.id, params.baseId) : undefined,
      ),
    )
    .orderBy(asc(resourceBase.name), asc(child.forename));
}
