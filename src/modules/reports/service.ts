import type { Actor } from '../../http/actor.js';
import type { Database } from '../../db/client.js';
import { recordAudit } from '../audit/repository.js';
import * as repository from './repository.js';

export async function loadLaSummary(db: Database, actor: Actor) {
  const { laId } = actor.principal;
  const [costs, needs] = await Promise.all([repository.placementCostsByType(db, laId), repository.plansByPrimaryNeed(db, laId)]);
  await recordAudit(db, actor, {
    subjectType: 'report',
    subjectId: 'la-summary',
  });
  return { costs, needs };
}
