import type { Database } from '../../db/client.js';
import type { Actor } from '../../http/actor.js';
import { recordAudit } from '../audit/repository.js';
import { countOpenConcernsByLevelAndAge } from '../concerns/repository.js';
import * as repository from './repository.js';

/** How many items and children the shortfall tables list. */
const SHORTFALL_ROWS = 20;

/** Everything the LA delivery view shows, read from the ledger snapshot and the open concerns. */
export async function loadDeliveryView(db: Database, actor: Actor, period: repository.LedgerPeriod) {
  const { laId } = actor.principal;
  const today = actor.clock.today();
  const [asOf, byProvider, bySetting, byProvisionType, byNeed, items, children, concerns] = await Promise.all([
    repository.ledgerAsOf(db, laId),
    repository.ratesBy(db, laId, 'provider', period),
    repository.ratesBy(db, laId, 'setting', period),
    repository.ratesBy(db, laId, 'provisionType', period),
    repository.ratesBy(db, laId, 'need', period),
    repository.largestItemShortfalls(db, laId, period, SHORTFALL_ROWS),
    repository.largestChildShortfalls(db, laId, period, SHORTFALL_ROWS),
    countOpenConcernsByLevelAndAge(db, laId, today),
  ]);
  // The shortfall tables name children: the view is audited like a list of children.
  await recordAudit(db, actor, {
    change: { period, childrenShown: [...new Set([...items, ...children].map((row) => row.childId))] },
  });
  return { asOf, byProvider, bySetting, byProvisionType, byNeed, items, children, concerns };
}
