import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { nextEditBy, staleEdit } from '../../db/edited-rows.js';
import { laPolicy } from '../../db/schema/index.js';
import type { Actor } from '../../http/actor.js';
import { recordAudit } from '../audit/repository.js';
import { loadLaPolicyForEdit } from './repository.js';
import type { PolicyForm } from './schemas.js';

/**
 * Saves the LA's thresholds over the version the form was opened at (the row is created on the
 * first save), audited with before and after. Another administrator's save since then is not
 * overwritten: StaleEditError names them.
 */
export async function savePolicy(db: Database, actor: Actor, input: PolicyForm, openedAtVersion: number): Promise<void> {
  const { laId, userId } = actor.principal;
  await db.transaction(async (tx) => {
    const current = await loadLaPolicyForEdit(tx, laId, true);
    if (current.row && current.version !== openedAtVersion) throw await staleEdit(tx, current.row, actor.clock.now());
    if (current.row) {
      await tx
        .update(laPolicy)
        .set({ ...input, ...nextEditBy(userId, actor.clock.now()) })
        .where(eq(laPolicy.laId, laId));
    } else {
      const created = await tx
        .insert(laPolicy)
        .values({ laId, ...input, updatedBy: userId, updatedAt: actor.clock.now() })
        .onConflictDoNothing()
        .returning({ laId: laPolicy.laId });
      // Two first saves at once: the other one created the row a moment ago.
      if (created.length === 0) {
        const other = await loadLaPolicyForEdit(tx, laId);
        if (other.row) throw await staleEdit(tx, other.row, actor.clock.now());
      }
    }
    await recordAudit(tx, actor, {
      subjectType: 'la_policy',
      subjectId: laId,
      change: { before: current.policy, after: input },
    });
  });
}
