import { itemIdentityColumns, itemQuantityColumns } from '../../db/provision-columns.js';
import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { childScopeCondition } from '../../auth/child-access.js';
import type { ChildScope } from '../../auth/child-scope.js';
import type { Database } from '../../db/client.js';
import {
  appUser,
  child,
  ehcPlan,
  familyLink,
  organisation,
  placement,
  planNeed,
  planOutcome,
  planSection,
  planVersion,
  professionalAssignment,
  provisionItem,
  provisionItemName,
  provisionOutcome,
  setting,
} from '../../db/schema/index.js';
import { REVIEW_DUE_SOON_DAYS } from '../../domain/reviews.js';
import { SETTING_TYPES, type SettingType } from '../../domain/settings.js';
import type { CaseloadSort, PlacementGroup } from './schemas.js';

export interface CaseloadFilters {
  scope: ChildScope;
  search: string;
  need: string | undefined;
  placementGroup: PlacementGroup | undefined;
  review: 'overdue' | 'due_soon' | undefined;
  caseworkerId: string | undefined;
  today: string;
  sort: CaseloadSort;
  limit: number;
  offset: number;
}

const primaryNeed = alias(planNeed, 'primary_need');
const mainPlacement = alias(placement, 'main_placement');
const caseworker = alias(appUser, 'caseworker');

/**
 * How a child joins to what lists and record headers show: the plan in force (at most one, by a
 * partial unique index), its primary need, the current main placement (also unique) and its
 * setting, and the caseworker. Each join finds at most one row, so a child is never repeated.
 */
const JOIN_ON = {
  planInForce: and(eq(ehcPlan.childId, child.id), eq(ehcPlan.status, 'active')),
  primaryNeed: and(eq(primaryNeed.planVersionId, ehcPlan.currentVersionId), eq(primaryNeed.rank, 1)),
  mainPlacement: and(eq(mainPlacement.childId, child.id), eq(mainPlacement.rank, 1), isNull(mainPlacement.endDate)),
  setting: eq(setting.id, mainPlacement.settingId),
  caseworker: eq(caseworker.id, child.caseworkerId),
};

function settingTypesIn(group: PlacementGroup): SettingType[] {
  return (Object.keys(SETTING_TYPES) as SettingType[]).filter((type) => SETTING_TYPES[type].group === group);
}

function caseloadConditions(filters: CaseloadFilters): SQL[] {
  const conditions: SQL[] = [childScopeCondition(filters.scope)];
  const search = filters.search.trim();
  if (search) {
    // A UPN is a letter and 12 characters; anything else is a name, matched from the start of
    // forename, surname or "forename surname".
    if (/^[A-Za-z]\d{11}[0-9A-Za-z]$/.test(search)) {
      conditions.push(eq(child.upn, search.toUpperCase()));
    } else {
      const pattern = `${search.toLowerCase().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
      conditions.push(
        or(sql`lower(${child.surname}) like ${pattern}`, sql`lower(${child.forename}) like ${pattern}`, sql`lower(${child.forename} || ' ' || ${child.surname}) like ${pattern}`) ?? sql`false`,
      );
    }
  }
  if (filters.need) conditions.push(eq(primaryNeed.senType, filters.need));
  if (filters.placementGroup === 'elsewhere') {
    conditions.push(sql`(${mainPlacement.id} is null or (${mainPlacement.settingId} is null and ${mainPlacement.senSettingCode} <> 'EYP'))`);
  } else if (filters.placementGroup === 'early_years') {
    conditions.push(or(inArray(setting.settingType, settingTypesIn('early_years')), eq(mainPlacement.senSettingCode, 'EYP')) ?? sql`false`);
  } else if (filters.placementGroup) {
    conditions.push(inArray(setting.settingType, settingTypesIn(filters.placementGroup)));
  }
  if (filters.review === 'overdue') conditions.push(sql`${ehcPlan.nextReviewDue} < ${filters.today}::date`);
  if (filters.review === 'due_soon') {
    conditions.push(sql`${ehcPlan.nextReviewDue} between ${filters.today}::date and ${filters.today}::date + ${REVIEW_DUE_SOON_DAYS}::int`);
  }
  if (filters.caseworkerId) conditions.push(eq(child.caseworkerId, filters.caseworkerId));
  return conditions;
}

function caseloadOrder(sort: CaseloadSort): SQL[] {
  switch (sort) {
    case 'review':
      return [sql`${ehcPlan.nextReviewDue} asc nulls last`, asc(child.surname), asc(child.id)];
    case 'age':
      return [desc(child.dateOfBirth), asc(child.surname), asc(child.id)];
    case 'name':
      return [asc(child.surname), asc(child.forename), asc(child.id)];
  }
}

export async function findCaseload(db: Database, filters: CaseloadFilters) {
  const where = and(...caseloadConditions(filters));
  const base = db
    .select({
      id: child.id,
      forename: child.forename,
      surname: child.surname,
      dateOfBirth: child.dateOfBirth,
      upn: child.upn,
      planStatus: ehcPlan.status,
      nextReviewDue: ehcPlan.nextReviewDue,
      primaryNeed: primaryNeed.senType,
      settingName: setting.name,
      settingType: setting.settingType,
      senSettingCode: mainPlacement.senSettingCode,
      caseworkerName: caseworker.displayName,
    })
    .from(child)
    .leftJoin(ehcPlan, JOIN_ON.planInForce)
    .leftJoin(primaryNeed, JOIN_ON.primaryNeed)
    .leftJoin(mainPlacement, JOIN_ON.mainPlacement)
    .leftJoin(setting, JOIN_ON.setting)
    .leftJoin(caseworker, JOIN_ON.caseworker)
    .where(where);
  const rows = await base
    .orderBy(...caseloadOrder(filters.sort))
    .limit(filters.limit)
    .offset(filters.offset);
  // Each join finds at most one row per child, so without a filter on a joined table the count
  // is the children's alone: an index-only count instead of joining the whole caseload.
  const joinsFiltered = filters.need !== undefined || filters.placementGroup !== undefined || filters.review !== undefined;
  const counting = db
    .select({ total: sql<number>`count(*)::int` })
    .from(child)
    .$dynamic();
  const [count] = joinsFiltered
    ? await counting.leftJoin(ehcPlan, JOIN_ON.planInForce).leftJoin(primaryNeed, JOIN_ON.primaryNeed).leftJoin(mainPlacement, JOIN_ON.mainPlacement).leftJoin(setting, JOIN_ON.setting).where(where)
    : await counting.where(where);
  return { rows, total: count?.total ?? 0 };
}

export type CaseloadRow = Awaited<ReturnType<typeof findCaseload>>['rows'][number];

/**
 * The child with what every tab's header needs (plan, primary need, main placement, caseworker),
 * if and only if the child is within `scope`: the access check and the read are one query.
 */
export async function findChildSummary(db: Database, scope: ChildScope, childId: string) {
  const [row] = await db
    .select({
      child,
      plan: {
        id: ehcPlan.id,
        status: ehcPlan.status,
        firstIssuedDate: ehcPlan.firstIssuedDate,
        lastReviewDate: ehcPlan.lastReviewDate,
        nextReviewDue: ehcPlan.nextReviewDue,
        currentVersionId: ehcPlan.currentVersionId,
      },
      primaryNeed: primaryNeed.senType,
      placement: {
        id: mainPlacement.id,
        startDate: mainPlacement.startDate,
        senSettingCode: mainPlacement.senSettingCode,
        senUnit: mainPlacement.senUnit,
        resourcedProvision: mainPlacement.resourcedProvision,
        annualCostPence: mainPlacement.annualCostPence,
      },
      setting: { id: setting.id, name: setting.name, settingType: setting.settingType, urn: setting.urn },
      caseworkerName: caseworker.displayName,
      caseworkerEmail: caseworker.email,
    })
    .from(child)
    .leftJoin(ehcPlan, JOIN_ON.planInForce)
    .leftJoin(primaryNeed, JOIN_ON.primaryNeed)
    .leftJoin(mainPlacement, JOIN_ON.mainPlacement)
    .leftJoin(setting, JOIN_ON.setting)
    .leftJoin(caseworker, JOIN_ON.caseworker)
    .where(and(eq(child.id, childId), childScopeCondition(scope)))
    .limit(1);
  return row;
}

export type ChildSummary = NonNullable<Awaited<ReturnType<typeof findChildSummary>>>;

export async function findPeopleInvolved(db: Database, laId: string, childId: string, today: string) {
  const family = await db
    .select({
      name: familyLink.name,
      relationship: familyLink.relationship,
      hasParentalResponsibility: familyLink.hasParentalResponsibility,
      email: appUser.email,
    })
    .from(familyLink)
    .leftJoin(appUser, eq(appUser.id, familyLink.userId))
    .where(and(eq(familyLink.laId, laId), eq(familyLink.childId, childId)))
    .orderBy(asc(familyLink.name));
  const professionals = await db
    .select({
      name: appUser.displayName,
      jobTitle: appUser.jobTitle,
      involvement: professionalAssignment.involvement,
      organisationName: organisation.name,
      startDate: professionalAssignment.startDate,
    })
    .from(professionalAssignment)
    .innerJoin(appUser, eq(appUser.id, professionalAssignment.userId))
    .leftJoin(organisation, eq(organisation.id, appUser.organisationId))
    .where(
      and(eq(professionalAssignment.laId, laId), eq(professionalAssignment.childId, childId), sql`(${professionalAssignment.endDate} is null or ${professionalAssignment.endDate} >= ${today}::date)`),
    )
    .orderBy(asc(appUser.displayName));
  return { family, professionals };
}

export async function findPlanVersions(db: Database, laId: string, planId: string) {
  return db
    .select({
      id: planVersion.id,
      versionNumber: planVersion.versionNumber,
      kind: planVersion.kind,
      status: planVersion.status,
      issuedDate: planVersion.issuedDate,
    })
    .from(planVersion)
    .where(and(eq(planVersion.laId, laId), eq(planVersion.planId, planId)))
    .orderBy(desc(planVersion.versionNumber));
}

/** Everything written in one version of a plan, sections A to K. */
export async function findPlanContent(db: Database, laId: string, planVersionId: string) {
  const [sections, needs, outcomes, provision, links] = await Promise.all([
    db
      .select({ section: planSection.section, content: planSection.content })
      .from(planSection)
      .where(and(eq(planSection.laId, laId), eq(planSection.planVersionId, planVersionId))),
    db
      .select({ senType: planNeed.senType, rank: planNeed.rank, description: planNeed.description })
      .from(planNeed)
      .where(and(eq(planNeed.laId, laId), eq(planNeed.planVersionId, planVersionId)))
      .orderBy(asc(planNeed.rank)),
    db
      .select({ id: planOutcome.id, position: planOutcome.position, area: planOutcome.area, description: planOutcome.description, targetDate: planOutcome.targetDate })
      .from(planOutcome)
      .where(and(eq(planOutcome.laId, laId), eq(planOutcome.planVersionId, planVersionId)))
      .orderBy(asc(planOutcome.position)),
    db
      .select({
        id: provisionItem.id,
        ...itemIdentityColumns,
        ...itemQuantityColumns,
        position: provisionItem.position,
        provisionType: provisionItem.provisionType,
        annualCostPence: provisionItem.annualCostPence,
        // The short name an officer gave the line, if any (itemName falls back to the derived one).
        shortName: provisionItemName.shortName,
      })
      .from(provisionItem)
      .leftJoin(organisation, eq(organisation.id, provisionItem.organisationId))
      .leftJoin(provisionItemName, eq(provisionItemName.provisionItemId, provisionItem.id))
      .where(and(eq(provisionItem.laId, laId), eq(provisionItem.planVersionId, planVersionId)))
      .orderBy(asc(provisionItem.section), asc(provisionItem.position)),
    db
      .select({ provisionItemId: provisionOutcome.provisionItemId, outcomeId: provisionOutcome.outcomeId })
      .from(provisionOutcome)
      .innerJoin(provisionItem, eq(provisionItem.id, provisionOutcome.provisionItemId))
      .where(and(eq(provisionItem.laId, laId), eq(provisionItem.planVersionId, planVersionId))),
  ]);
  return { sections, needs, outcomes, provision, links };
}

export type PlanContent = Awaited<ReturnType<typeof findPlanContent>>;

export async function findPlacements(db: Database, laId: string, childId: string) {
  return db
    .select({
      id: placement.id,
      rank: placement.rank,
      startDate: placement.startDate,
      endDate: placement.endDate,
      senSettingCode: placement.senSettingCode,
      senUnit: placement.senUnit,
      resourcedProvision: placement.resourcedProvision,
      annualCostPence: placement.annualCostPence,
      settingName: setting.name,
      settingType: setting.settingType,
    })
    .from(placement)
    .leftJoin(setting, eq(setting.id, placement.settingId))
    .where(and(eq(placement.laId, laId), eq(placement.childId, childId)))
    .orderBy(desc(placement.startDate));
}
