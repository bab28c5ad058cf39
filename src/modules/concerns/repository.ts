import { and, asc, count, desc, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { appUser, child, concernStep, provisionConcern, provisionItem, provisionItemName } from '../../db/schema/index.js';
import { itemName } from '../../domain/plain-words.js';
import type { IsoDate } from '../../domain/dates.js';

const concernColumns = {
  id: provisionConcern.id,
  childId: provisionConcern.childId,
  provisionItemId: provisionConcern.provisionItemId,
  kind: provisionConcern.kind,
  reasons: provisionConcern.reasons,
  summary: provisionConcern.summary,
  level: provisionConcern.level,
  involvesHealthCommissioner: provisionConcern.involvesHealthCommissioner,
  ownerUserId: provisionConcern.ownerUserId,
  ownerName: appUser.displayName,
  dueOn: provisionConcern.dueOn,
  raisedOn: provisionConcern.raisedOn,
  raisedBy: provisionConcern.raisedBy,
  status: provisionConcern.status,
  resolvedOn: provisionConcern.resolvedOn,
  earlyReviewCalled: provisionConcern.earlyReviewCalled,
  itemDescription: provisionItem.description,
  itemSection: provisionItem.section,
  itemProvisionType: provisionItem.provisionType,
  itemShortName: provisionItemName.shortName,
  providerKind: provisionItem.providerKind,
  organisationId: provisionItem.organisationId,
};

/** A child's concerns, open first and then newest. */
export async function findChildConcerns(db: Database, laId: string, childId: string) {
  return db
    .select(concernColumns)
    .from(provisionConcern)
    .leftJoin(provisionItem, eq(provisionItem.id, provisionConcern.provisionItemId))
    .leftJoin(provisionItemName, eq(provisionItemName.provisionItemId, provisionConcern.provisionItemId))
    .leftJoin(appUser, eq(appUser.id, provisionConcern.ownerUserId))
    .where(and(eq(provisionConcern.laId, laId), eq(provisionConcern.childId, childId)))
    .orderBy(desc(sql`${provisionConcern.status} = 'open'`), desc(provisionConcern.raisedOn), asc(provisionConcern.id));
}

export type ConcernRow = Awaited<ReturnType<typeof findChildConcerns>>[number];

/** The name families read for a concern's item; null for a concern about the education as a whole. */
export function concernItemName(row: { itemDescription: string | null; itemProvisionType: string | null; itemShortName: string | null }): string | null {
  return row.itemDescription === null ? null : itemName({ provisionType: row.itemProvisionType ?? 'other', description: row.itemDescription, shortName: row.itemShortName });
}

export async function findConcern(db: Database, laId: string, childId: string, concernId: string): Promise<ConcernRow | undefined> {
  const [row] = await db
    .select(concernColumns)
    .from(provisionConcern)
    .leftJoin(provisionItem, eq(provisionItem.id, provisionConcern.provisionItemId))
    .leftJoin(provisionItemName, eq(provisionItemName.provisionItemId, provisionConcern.provisionItemId))
    .leftJoin(appUser, eq(appUser.id, provisionConcern.ownerUserId))
    .where(and(eq(provisionConcern.laId, laId), eq(provisionConcern.childId, childId), eq(provisionConcern.id, concernId)));
  return row;
}

/** The steps on some concerns, oldest first, with who took each (null: the daily sweep). */
export async function findSteps(db: Database, laId: string, concernIds: string[]) {
  if (concernIds.length === 0) return [];
  return db
    .select({
      concernId: concernStep.concernId,
      action: concernStep.action,
      note: concernStep.note,
      levelAfter: concernStep.levelAfter,
      dueOnAfter: concernStep.dueOnAfter,
      occurredAt: concernStep.occurredAt,
      actorName: appUser.displayName,
      actorRole: appUser.role,
    })
    .from(concernStep)
    .leftJoin(appUser, eq(appUser.id, concernStep.actorUserId))
    .where(and(eq(concernStep.laId, laId), inArray(concernStep.concernId, concernIds)))
    .orderBy(asc(concernStep.occurredAt), asc(concernStep.id));
}

export type StepRow = Awaited<ReturnType<typeof findSteps>>[number];

export interface OpenConcernFilter {
  laId: string;
  level?: string;
  ownerUserId?: string;
  overdueOn?: IsoDate;
}

function openConcernCondition(filter: OpenConcernFilter): SQL | undefined {
  return and(
    eq(provisionConcern.laId, filter.laId),
    eq(provisionConcern.status, 'open'),
    filter.level ? eq(provisionConcern.level, filter.level) : undefined,
    filter.ownerUserId ? eq(provisionConcern.ownerUserId, filter.ownerUserId) : undefined,
    filter.overdueOn ? lte(provisionConcern.dueOn, filter.overdueOn) : undefined,
  );
}

/** The LA's open concerns, soonest due first, a page at a time (index: la, status, level, due). */
export async function findOpenConcerns(db: Database, filter: OpenConcernFilter, limit: number, offset: number) {
  const where = openConcernCondition(filter);
  const [rows, [total]] = await Promise.all([
    db
      .select({ ...concernColumns, forename: child.forename, surname: child.surname })
      .from(provisionConcern)
      .innerJoin(child, eq(child.id, provisionConcern.childId))
      .leftJoin(provisionItem, eq(provisionItem.id, provisionConcern.provisionItemId))
      .leftJoin(provisionItemName, eq(provisionItemName.provisionItemId, provisionConcern.provisionItemId))
      .leftJoin(appUser, eq(appUser.id, provisionConcern.ownerUserId))
      .where(where)
      .orderBy(asc(provisionConcern.dueOn), asc(provisionConcern.id))
      .limit(limit)
      .offset(offset),
    db.select({ count: count() }).from(provisionConcern).where(where),
  ]);
  return { rows, total: total?.count ?? 0 };
}

/** Open concerns counted by rung and age band, for the LA's delivery view. */
export async function countOpenConcernsByLevelAndAge(db: Database, laId: string, today: IsoDate) {
  return db
    .select({
      level: provisionConcern.level,
      ageDays: sql<number>`(${today}::date - ${provisionConcern.raisedOn})::int`,
      concerns: count(),
    })
    .from(provisionConcern)
    .where(and(eq(provisionConcern.laId, laId), eq(provisionConcern.status, 'open')))
    .groupBy(provisionConcern.level, sql`2`);
}
