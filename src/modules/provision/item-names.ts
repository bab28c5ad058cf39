import { and, eq } from 'drizzle-orm';
import { isUuid } from '../../auth/child-access.js';
import { childScopeOf } from '../../auth/child-scope.js';
import { hasPermission } from '../../auth/permissions.js';
import type { Database } from '../../db/client.js';
import { nextEditBy, staleEdit } from '../../db/edited-rows.js';
import { ehcPlan, provisionItem, provisionItemName } from '../../db/schema/index.js';
import { itemName, shortItemName } from '../../domain/plain-words.js';
import { changedNothing, type Actor } from '../../http/actor.js';
import { ForbiddenError, NotFoundError } from '../../http/errors.js';
import { recordAudit } from '../audit/repository.js';
import { findChildSummary } from '../children/repository.js';
import { openChildRecord } from '../children/service.js';
import type { ItemNameForm } from './schemas.js';

/**
 * A line of the child's plan in force with the name it was given, if any. Only a line in force is
 * named: an earlier version's lines are history, and a name given to the line in force is carried
 * on to the next version's line by the amendment that carries the line on.
 */
async function findItemInForce(db: Database, laId: string, childId: string, itemId: string) {
  if (!isUuid(itemId)) return undefined;
  const [row] = await db
    .select({
      id: provisionItem.id,
      section: provisionItem.section,
      description: provisionItem.description,
      provisionType: provisionItem.provisionType,
      shortName: provisionItemName.shortName,
      version: provisionItemName.version,
      updatedBy: provisionItemName.updatedBy,
      updatedAt: provisionItemName.updatedAt,
    })
    .from(provisionItem)
    .innerJoin(ehcPlan, and(eq(ehcPlan.currentVersionId, provisionItem.planVersionId), eq(ehcPlan.status, 'active'), eq(ehcPlan.childId, childId)))
    .leftJoin(provisionItemName, eq(provisionItemName.provisionItemId, provisionItem.id))
    .where(and(eq(provisionItem.laId, laId), eq(provisionItem.id, itemId)));
  return row;
}

/** The form to name a line: the line, the name families read now, the one its wording gives, and the version saved over. */
export async function loadItemNameForm(db: Database, actor: Actor, childId: string, itemId: string) {
  if (!hasPermission(actor.principal.role, 'provision:name')) throw new ForbiddenError(undefined, 'provision:name');
  const summary = await openChildRecord(db, actor, childId);
  const item = await findItemInForce(db, actor.principal.laId, childId, itemId);
  if (!item) throw new NotFoundError();
  return { summary, item, name: itemName(item), derivedName: shortItemName(item), version: item.version ?? 0 };
}

/**
 * Gives a line of the plan in force the short name families read, over the version the form was
 * opened at (0: the line had no name of its own yet). A save over someone else's since then is
 * refused (StaleEditError names them). Audited with the name before and after, in the same
 * transaction. Not on the child's timeline: no other edit of how the record reads (a correction, a
 * contact's details, term dates) is, and the plan itself is unchanged. Saving the name families
 * already read changes nothing and writes nothing.
 */
export async function renameItem(db: Database, actor: Actor, childId: string, itemId: string, input: ItemNameForm, openedAtVersion: number): Promise<{ changed: boolean }> {
  const { principal } = actor;
  if (!hasPermission(principal.role, 'provision:name')) throw new ForbiddenError(undefined, 'provision:name');
  if (!isUuid(childId) || !(await findChildSummary(db, childScopeOf(principal, actor.clock.today()), childId))) throw new NotFoundError();
  const { laId, userId } = principal;
  return db.transaction(async (tx) => {
    const item = await findItemInForce(tx, laId, childId, itemId);
    if (!item) throw new NotFoundError();
    // Locked, so two saves of the same name cannot both pass the version check.
    const [current] = await tx.select().from(provisionItemName).where(eq(provisionItemName.provisionItemId, item.id)).for('update');
    if (current && current.version !== openedAtVersion) throw await staleEdit(tx, current, actor.clock.now(), 'shortName');
    const before = itemName({ ...item, shortName: current?.shortName ?? null });
    if (input.shortName === before) {
      changedNothing(actor);
      return { changed: false };
    }
    if (current) {
      await tx
        .update(provisionItemName)
        .set({ shortName: input.shortName, ...nextEditBy(userId, actor.clock.now()) })
        .where(eq(provisionItemName.provisionItemId, item.id));
    } else {
      const created = await tx
        .insert(provisionItemName)
        .values({ provisionItemId: item.id, laId, shortName: input.shortName, updatedBy: userId, updatedAt: actor.clock.now() })
        .onConflictDoNothing()
        .returning({ id: provisionItemName.provisionItemId });
      // Two first names at once: the other was saved a moment ago.
      if (created.length === 0) {
        const [other] = await tx.select().from(provisionItemName).where(eq(provisionItemName.provisionItemId, item.id));
        if (other) throw await staleEdit(tx, other, actor.clock.now(), 'shortName');
      }
    }
    await recordAudit(tx, actor, {
      subjectType: 'provision_item',
      subjectId: item.id,
      childId,
      change: { before, after: input.shortName, given: current ? 'changed' : 'first' },
    });
    return { changed: true };
  });
}
