import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { ehcPlan, organisation, planNeed, planOutcome, planSection, planVersion, provisionItem, provisionOutcome, review } from '../../db/schema/index.js';

/** A draft version of one of the child's plans, scoped by LA and child; locked for a save when asked. */
export async function findDraft(db: Database, laId: string, childId: string, versionId: string, options: { lock?: boolean } = {}) {
  const query = db
    .select({
      id: planVersion.id,
      planId: planVersion.planId,
      versionNumber: planVersion.versionNumber,
      kind: planVersion.kind,
      amendsVersionId: planVersion.amendsVersionId,
      proposedOn: planVersion.proposedOn,
      version: planVersion.version,
      updatedBy: planVersion.updatedBy,
      updatedAt: planVersion.updatedAt,
      planStatus: ehcPlan.status,
      currentVersionId: ehcPlan.currentVersionId,
    })
    .from(planVersion)
    .innerJoin(ehcPlan, eq(ehcPlan.id, planVersion.planId))
    .where(and(eq(planVersion.laId, laId), eq(planVersion.id, versionId), eq(planVersion.status, 'draft'), eq(ehcPlan.laId, laId), eq(ehcPlan.childId, childId)));
  const [row] = options.lock ? await query.for('update', { of: planVersion }) : await query;
  return row;
}
export type DraftRow = NonNullable<Awaited<ReturnType<typeof findDraft>>>;

/** The child's open draft, if any: the Plan tab links to it. */
export async function findOpenDraftOfChild(db: Database, laId: string, childId: string) {
  const [row] = await db
    .select({ id: planVersion.id, proposedOn: planVersion.proposedOn, amendsVersionId: planVersion.amendsVersionId })
    .from(planVersion)
    .innerJoin(ehcPlan, eq(ehcPlan.id, planVersion.planId))
    .where(and(eq(planVersion.laId, laId), eq(planVersion.status, 'draft'), eq(ehcPlan.laId, laId), eq(ehcPlan.childId, childId), eq(ehcPlan.status, 'active')));
  return row;
}

/** What a version holds, as the editor and the comparison read it: provision with its provider's name, in plan order. */
export async function findContent(db: Database, laId: string, versionId: string) {
  const [sections, needs, outcomes, provision] = await Promise.all([
    db
      .select({ section: planSection.section, content: planSection.content })
      .from(planSection)
      .where(and(eq(planSection.laId, laId), eq(planSection.planVersionId, versionId))),
    db
      .select({ id: planNeed.id, senType: planNeed.senType, rank: planNeed.rank, description: planNeed.description })
      .from(planNeed)
      .where(and(eq(planNeed.laId, laId), eq(planNeed.planVersionId, versionId)))
      .orderBy(asc(planNeed.rank)),
    db
      .select({
        id: planOutcome.id,
        previousOutcomeId: planOutcome.previousOutcomeId,
        position: planOutcome.position,
        area: planOutcome.area,
        description: planOutcome.description,
        targetDate: planOutcome.targetDate,
      })
      .from(planOutcome)
      .where(and(eq(planOutcome.laId, laId), eq(planOutcome.planVersionId, versionId)))
      .orderBy(asc(planOutcome.position)),
    db
      .select({
        id: provisionItem.id,
        previousItemId: provisionItem.previousItemId,
        section: provisionItem.section,
        position: provisionItem.position,
        description: provisionItem.description,
        provisionType: provisionItem.provisionType,
        providerKind: provisionItem.providerKind,
        organisationId: provisionItem.organisationId,
        organisationName: organisation.name,
        sessionsPerPeriod: provisionItem.sessionsPerPeriod,
        minutesPerSession: provisionItem.minutesPerSession,
        period: provisionItem.period,
        groupSize: provisionItem.groupSize,
        termTimeOnly: provisionItem.termTimeOnly,
        fundingSource: provisionItem.fundingSource,
        startDate: provisionItem.startDate,
      })
      .from(provisionItem)
      .leftJoin(organisation, eq(organisation.id, provisionItem.organisationId))
      .where(and(eq(provisionItem.laId, laId), eq(provisionItem.planVersionId, versionId)))
      .orderBy(asc(provisionItem.section), asc(provisionItem.position)),
  ]);
  const links = provision.length
    ? await db
        .select()
        .from(provisionOutcome)
        .where(
          inArray(
            provisionOutcome.provisionItemId,
            provision.map((item) => item.id),
          ),
        )
    : [];
  return { sections, needs, outcomes, provision, links };
}
export type VersionContent = Awaited<ReturnType<typeof findContent>>;

/** The LA's organisations, for the provider list. */
export async function findOrganisations(db: Database, laId: string) {
  return db.select({ id: organisation.id, name: organisation.name }).from(organisation).where(eq(organisation.laId, laId)).orderBy(asc(organisation.name));
}

/** Every save of a draft goes over the version its form was opened at, and moves it on. */
export async function touchDraft(db: Database, laId: string, versionId: string, userId: string, now: Date): Promise<void> {
  await db
    .update(planVersion)
    .set({ version: sql`${planVersion.version} + 1`, updatedBy: userId, updatedAt: now })
    .where(and(eq(planVersion.laId, laId), eq(planVersion.id, versionId)));
}

export async function writeSection(db: Database, laId: string, versionId: string, section: string, content: string): Promise<void> {
  await db.delete(planSection).where(and(eq(planSection.laId, laId), eq(planSection.planVersionId, versionId), eq(planSection.section, section)));
  if (content !== '') await db.insert(planSection).values({ laId, planVersionId: versionId, section, content });
}

export async function replaceNeeds(db: Database, laId: string, versionId: string, needs: { senType: string; rank: number; description: string }[]): Promise<void> {
  await db.delete(planNeed).where(and(eq(planNeed.laId, laId), eq(planNeed.planVersionId, versionId)));
  if (needs.length) await db.insert(planNeed).values(needs.map((need) => ({ ...need, laId, planVersionId: versionId })));
}

export async function updateOutcome(
  db: Database,
  laId: string,
  versionId: string,
  outcome: { id: string; position: number; area: string; description: string; targetDate: string | null },
): Promise<void> {
  const { id, ...fields } = outcome;
  await db
    .update(planOutcome)
    .set(fields)
    .where(and(eq(planOutcome.laId, laId), eq(planOutcome.planVersionId, versionId), eq(planOutcome.id, id)));
}

export async function insertOutcome(db: Database, laId: string, versionId: string, outcome: { position: number; area: string; description: string; targetDate: string | null }): Promise<void> {
  await db.insert(planOutcome).values({ ...outcome, laId, planVersionId: versionId });
}

/** Removes outcomes of a draft, and the links of its lines to them. */
export async function deleteOutcomes(db: Database, laId: string, versionId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.delete(provisionOutcome).where(inArray(provisionOutcome.outcomeId, ids));
  await db.delete(planOutcome).where(and(eq(planOutcome.laId, laId), eq(planOutcome.planVersionId, versionId), inArray(planOutcome.id, ids)));
}

type LineFields = Pick<
  typeof provisionItem.$inferInsert,
  'description' | 'provisionType' | 'providerKind' | 'organisationId' | 'sessionsPerPeriod' | 'minutesPerSession' | 'period' | 'groupSize' | 'termTimeOnly' | 'fundingSource'
>;

export async function insertLine(db: Database, laId: string, versionId: string, line: LineFields & { section: string; position: number }): Promise<string> {
  const [row] = await db
    .insert(provisionItem)
    .values({ ...line, laId, planVersionId: versionId })
    .returning({ id: provisionItem.id });
  return row?.id ?? '';
}

export async function updateLine(db: Database, laId: string, versionId: string, lineId: string, line: Partial<LineFields> & { position?: number }): Promise<void> {
  await db
    .update(provisionItem)
    .set(line)
    .where(and(eq(provisionItem.laId, laId), eq(provisionItem.planVersionId, versionId), eq(provisionItem.id, lineId)));
}

export async function replaceLineOutcomes(db: Database, lineId: string, outcomeIds: string[]): Promise<void> {
  await db.delete(provisionOutcome).where(eq(provisionOutcome.provisionItemId, lineId));
  if (outcomeIds.length) await db.insert(provisionOutcome).values(outcomeIds.map((outcomeId) => ({ provisionItemId: lineId, outcomeId })));
}

export async function deleteLine(db: Database, laId: string, versionId: string, lineId: string): Promise<void> {
  await db.delete(provisionOutcome).where(eq(provisionOutcome.provisionItemId, lineId));
  await db.delete(provisionItem).where(and(eq(provisionItem.laId, laId), eq(provisionItem.planVersionId, versionId), eq(provisionItem.id, lineId)));
}

export async function markProposed(db: Database, laId: string, versionId: string, proposedOn: string): Promise<void> {
  await db
    .update(planVersion)
    .set({ proposedOn })
    .where(and(eq(planVersion.laId, laId), eq(planVersion.id, versionId)));
}

/** The review a draft came from, if one did (its "amend" decision started it). */
export async function findReviewOfDraft(db: Database, laId: string, versionId: string) {
  const [row] = await db
    .select({ id: review.id, stage: review.stage })
    .from(review)
    .where(and(eq(review.laId, laId), eq(review.draftVersionId, versionId)));
  return row;
}

/** A review of the child's plan, for linking a draft to it. */
export async function findReviewOfPlan(db: Database, laId: string, planId: string, reviewId: string) {
  const [row] = await db
    .select({ id: review.id, draftVersionId: review.draftVersionId })
    .from(review)
    .where(and(eq(review.laId, laId), eq(review.planId, planId), eq(review.id, reviewId)));
  return row;
}

/** Keeps the review's amendment columns in step with the draft, in the draft's transaction. */
export async function updateReview(db: Database, laId: string, reviewId: string, change: Partial<typeof review.$inferInsert>, userId: string, now: Date): Promise<void> {
  await db
    .update(review)
    .set({ ...change, version: sql`${review.version} + 1`, updatedBy: userId, updatedAt: now })
    .where(and(eq(review.laId, laId), eq(review.id, reviewId)));
}
