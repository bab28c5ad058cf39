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

/**
 * Writes a new version as a draft with all its content, then issues it, supersedes the one it
 * replaces and puts it in force: the database freezes a version's content once it is issued.
 */
export async function issueVersion(db: Database, planId: string, supersededVersionId: string, content: NewVersionContent): Promise<void> {
  await db.insert(planVersion).values({ ...content.version, status: 'draft' });
  if (content.sections.length) await db.insert(planSection).values(content.sections);
  if (content.needs.length) await db.insert(planNeed).values(content.needs);
  if (content.outcomes.length) await db.insert(planOutcome).values(content.outcomes);
  if (content.items.length) await db.insert(provisionItem).values(content.items);
  if (content.links.length) await db.insert(provisionOutcome).values(content.links);
  const versionId = content.version.id ?? '';
  await db.update(planVersion).set({ status: 'issued' }).where(eq(planVersion.id, versionId));
  await db
    .update(planVersion)
    .set({ status: 'superseded' })
    .where(and(eq(planVersion.id, supersededVersionId), eq(planVersion.status, 'issued')));
  await db.update(ehcPlan).set({ currentVersionId: versionId }).where(eq(ehcPlan.id, planId));
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
