import type { Database } from '../db/client.js';
import { describeChainBreak } from '../domain/audit-chain.js';
import { verifyAuditChains, type ChainVerdict } from '../modules/audit/chain.js';

function describeVerdict(verdict: ChainVerdict): string {
  const who = verdict.laId === null ? 'Events with no LA' : `${verdict.laName ?? 'Unknown LA'} (LA ${verdict.laId})`;
  const checked = `${verdict.checked.toLocaleString('en-GB')} event${verdict.checked === 1 ? '' : 's'} checked`;
  if (!verdict.broken) return `${who}: ${checked}, intact. Last hash ${verdict.end.hash}.`;
  const { eventId, occurredAt, problem } = verdict.broken;
  const where = eventId === null ? 'the end of the chain' : `event ${String(eventId)} (${occurredAt ?? 'no time'})`;
  return `${who}: ${checked}, BROKEN at ${where}: ${describeChainBreak(problem)}.`;
}

/** Prints one line per LA and answers the exit code: 0 when every chain is intact. */
export async function runAuditVerify(db: Database, options: { la?: string }, print: (line: string) => void): Promise<number> {
  const verdicts = await verifyAuditChains(db, options.la ? { laId: options.la } : {});
  if (verdicts.length === 0) {
    print(options.la ? `There is no LA ${options.la} and no audit events for it.` : 'There are no audit events to check.');
    return options.la ? 1 : 0;
  }
  for (const verdict of verdicts) print(describeVerdict(verdict));
  return verdicts.some((verdict) => verdict.broken) ? 1 : 0;
}
