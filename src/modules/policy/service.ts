import type { Database } from '../../db/client.js';
import { laPolicy } from '../../db/schema/index.js';
import type { Actor } from '../../http/actor.js';
import { insertAuditEvent } from '../audit/repository.js';
import { loadLaPolicy, type LaPolicy } from './repository.js';
import type { PolicyForm } from './schemas.js';

/** Saves the LA's thresholds (the row is created on the first save), audited with before and after. */
export async function savePolicy(db: Database, actor: Actor, input: PolicyForm): Promise<void> {
  const { laId } = actor.principal;
  await db.transaction(async (tx) => {
    const before: LaPolicy = await loadLaPolicy(tx, laId);
    await tx.insert(laPolicy).values({ laId, ...input }).onConflictDoUpdate({ target: laPolicy.laId, set: input });
    await insertAuditEvent(tx, {
      laId,
      actorUserId: actor.principal.userId,
      actorRole: actor.principal.role,
      action: 'MANAGE_LA_POLICY',
      subjectType: 'la_policy',
      subjectId: laId,
      requestId: actor.requestId,
      change: { before, after: input },
    });
  });
}
