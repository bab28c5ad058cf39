import type { Principal } from '../../auth/child-scope.js';
import type { Database } from '../../db/client.js';
import { insertAuditEvent } from '../audit/repository.js';
import * as repository from './repository.js';

export async function loadLaSummary(db: Database, actor: { principal: Principal; requestId: string }) {
  const { laId } = actor.principal;
  const [costs, needs] = await Promise.all([repository.placementCostsByType(db, laId), repository.plansByPrimaryNeed(db, laId)]);
  await insertAuditEvent(db, {
    laId,
    actorUserId: actor.principal.userId,
    actorRole: actor.principal.role,
    action: 'VIEW_REPORTS',
    subjectType: 'report',
    subjectId: 'la-summary',
    requestId: actor.requestId,
  });
  return { costs, needs };
}
