import { asc, eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { localAuthority } from '../db/schema/index.js';
import type { Period } from '../domain/funding.js';
import { foiFundingCsv, foiFundingJson, foiFundingText } from '../modules/reports/funding-view-models.js';
import { fundingByPlacementType } from '../modules/reports/service.js';

export type FoiFundingFormat = 'json' | 'csv' | 'text';

/**
 * Prints the average-funding answer for one LA and a period, and answers the exit code. With no
 * `--la` the database must hold exactly one LA, so an answer is never sent for the wrong council.
 */
export async function runFoiFunding(
  db: Database,
  options: { la?: string; period: Period; format: FoiFundingFormat },
  print: (text: string) => void,
  printError: (text: string) => void,
): Promise<number> {
  const authorities = await db
    .select({ id: localAuthority.id, name: localAuthority.name })
    .from(localAuthority)
    .where(options.la ? eq(localAuthority.id, options.la) : undefined)
    .orderBy(asc(localAuthority.name));
  if (authorities.length !== 1 || authorities[0] === undefined) {
    if (options.la) printError(`There is no LA ${options.la}.`);
    else if (authorities.length === 0) printError('There is no LA in this database yet.');
    else printError(`This database holds ${String(authorities.length)} LAs: say which with --la <id>:\n${authorities.map((row) => `  ${row.id}  ${row.name}`).join('\n')}`);
    return 1;
  }
  const report = await fundingByPlacementType(db, authorities[0].id, options.period);
  if (options.format === 'json') print(`${JSON.stringify({ la: authorities[0].name, ...foiFundingJson(report) }, null, 2)}\n`);
  else if (options.format === 'csv') print(foiFundingCsv(report));
  else print(`${authorities[0].name}\n${foiFundingText(report)}`);
  return 0;
}
