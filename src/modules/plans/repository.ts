import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { ehcPlan, organisation, planNeed, planOutcome, planSection, planVersion, provisionItem, provisionItemName, provisionOutcome } from '../../db/schema/index.js';

/** The child's plan in force and its current version, locked so two amendments cannot both become the next version. */
export async function lockPlanInForce(db: Database, laId: string, childId: string) {
  const [row] = await db
    .select({ planId: ehcPlan.id, versionId: planVersion.id, versionNumber: planVersion.versionNumber, issuedDate: planVersion.issuedDate })
    .from(ehcPlan)
    .innerJoin(planVersion, eq(planVersion.id, ehcPlan.currentVersionId))
    .where(and(eq(ehcPlan.laId, laId), eq(ehcPlan.childId, childId), eq(ehcPlan.status, 'active')))
    .for('update', { of: ehcPlan });
  return row;
}

/** Everything a version holds, as stored, to be carried into the next one. */
export async function findVersionRows(db: Database, laId: string, versionId: string) {
  const [sections, needs, outcomes, items] = await Promise.all([
    db
      .select()
      .from(planSection)
      .where(and(eq(planSection.laId, laId), eq(planSection.planVersionId, versionId))),
    db
      .select()
      .from(planNeed)
      .where(and(eq(planNeed.laId, laId), eq(planNeed.planVersionId, versionId))),
    db
      .select()
      .from(planOutcome)
      .where(and(eq(planOutcome.laId, laId), eq(planOutcome.planVersionId, versionId))),
    db
      .select()
      .from(provisionItem)
      .where(and(eq(provisionItem.laId, laId), eq(provisionItem.planVersionId, versionId)))
      .orderBy(provisionItem.section, provisionItem.position),
  ]);
  const links = items.length
    ? await db
        .select()
        .from(provisionOutcome)
        .where(
          inArray(
            provisionOutcome.provisionItemId,
            items.map((item) => item.id),
          ),
        )
    : [];
  return { sections, needs, outcomes, items, links };
}

export type NewVersionContent = {
  version: Omit<typeof planVersion.$inferInsert, 'status'>;
  sections: (typeof planSection.$inferInsert)[];
  needs: (typeof planNeed.$inferInsert)[];
  outcomes: (typeof planOutcome.$inferInsert)[];
  items: (typeof provisionItem.$inferInsert)[];
  links: (typeof provisionOutcome.$inferInsert)[];
};

/** Writes a new version as a draft with all its content: a draft may be edited until it is issued. */
export async function insertDraftVersion(db: Database, content: NewVersionContent): Promise<void> {
  await db.insert(planVersion).values({ ...content.version, status: 'draft' });
  if (content.sections.length) await db.insert(planSection).values(content.sections);
  if (content.needs.length) await db.insert(planNeed).values(content.needs);
  if (content.outcomes.length) await db.insert(planOutcome).values(content.outcomes);
  if (content.items.length) await db.insert(provisionItem).values(content.items);
  if (content.links.length) await db.insert(provisionOutcome).values(content.links);
}

/**
 * Issues a draft, supersedes the version it replaces and puts it in force: the database freezes a
 * version's content once it is issued.
 */
export async function putDraftInForce(
  db: Database,
  planId: string,
  draftId: string,
  supersededVersionId: string,
  issued: { kind: string; issuedDate: string | null; issuedBy: string | null },
): Promise<void> {
  await db
    .update(planVersion)
    .set({ status: 'issued', ...issued })
    .where(and(eq(planVersion.id, draftId), eq(planVersion.status, 'draft')));
  await db
    .update(planVersion)
    .set({ status: 'superseded' })
    .where(and(eq(planVersion.id, supersededVersionId), eq(planVersion.status, 'issued')));
  await db.update(ehcPlan).set({ currentVersionId: draftId }).where(eq(ehcPlan.id, planId));
}

/** Writes a new version with all its content and issues it at once (a first plan, in the test factories). */
export async function issueVersion(db: Database, planId: string, supersededVersionId: string, content: NewVersionContent): Promise<void> {
  await insertDraftVersion(db, content);
  const { id, kind, issuedDate, issuedBy } = content.version;
  await putDraftInForce(db, planId, id ?? '', supersededVersionId, { kind, issuedDate: issuedDate ?? null, issuedBy: issuedBy ?? null });
}

/** The plan's open draft, if it has one (at most one: the database refuses a second). */
export async function findOpenDraft(db: Database, laId: string, planId: string) {
  const [row] = await db
    .select({ id: planVersion.id })
    .from(planVersion)
    .where(and(eq(planVersion.laId, laId), eq(planVersion.planId, planId), eq(planVersion.status, 'draft')));
  return row;
}

/** Marks the lines of a draft that carry their earlier line's ledger on (decided once, when it is issued: ADR 6). */
export async function markCarriedLines(db: Database, laId: string, itemIds: string[]): Promise<void> {
  if (itemIds.length === 0) return;
  await db
    .update(provisionItem)
    .set({ continuesPrevious: true })
    .where(and(eq(provisionItem.laId, laId), inArray(provisionItem.id, itemIds)));
}

/** How many of these organisations are the LA's own (a line may only name the LA's own). */
export async function countOwnOrganisations(db: Database, laId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(organisation)
    .where(and(eq(organisation.laId, laId), inArray(organisation.id, ids)));
  return row?.count ?? 0;
}

/**
 * Copies the names of lines an amendment carries on to the lines that carry them (ADR 6: the line
 * is the same commitment, so it keeps its name as it keeps its ledger). A line that changed starts
 * with the name its new wording gives. Called in the amendment's transaction; returns how many.
 */
export async function carryItemNames(db: Database, laId: string, carried: readonly { previousItemId: string; itemId: string }[]): Promise<number> {
  if (carried.length === 0) return 0;
  const names = await db
    .select()
    .from(provisionItemName)
    .where(
      and(
        eq(provisionItemName.laId, laId),
        inArray(
          provisionItemName.provisionItemId,
          carried.map((line) => line.previousItemId),
        ),
      ),
    );
  const byPrevious = new Map(names.map((name) => [name.provisionItemId, name]));
  const copies = carried.flatMap((line) => {
    const name = byPrevious.get(line.previousItemId);
    return name ? [{ provisionItemId: line.itemId, laId, shortName: name.shortName, updatedBy: name.updatedBy, updatedAt: name.updatedAt }] : [];
  });
  if (copies.length) await db.insert(provisionItemName).values(copies);
  return copies.length;
}
