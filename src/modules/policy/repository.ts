import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { laPolicy } from '../../db/schema/index.js';

export type LaPolicy = Omit<typeof laPolicy.$inferSelect, 'laId'>;

/** The defaults an LA starts with (the issue's: 80 % over 4 weeks, 3 silent weeks, 15 school days). */
export const DEFAULT_LA_POLICY: LaPolicy = {
  gapMinimumPercent: 80,
  gapWindowWeeks: 4,
  gapSilentWeeks: 3,
  notFullTimeSchoolDays: 15,
  concernStepDays: 10,
  replyWorkingDays: 3,
  familyUpdateDays: 14,
};

/** The LA's thresholds and ladder timings, or the defaults where it has not set its own. */
export async function loadLaPolicy(db: Database, laId: string): Promise<LaPolicy> {
  const [row] = await db.select().from(laPolicy).where(eq(laPolicy.laId, laId));
  if (!row) return DEFAULT_LA_POLICY;
  return {
    gapMinimumPercent: row.gapMinimumPercent,
    gapWindowWeeks: row.gapWindowWeeks,
    gapSilentWeeks: row.gapSilentWeeks,
    notFullTimeSchoolDays: row.notFullTimeSchoolDays,
    concernStepDays: row.concernStepDays,
    replyWorkingDays: row.replyWorkingDays,
    familyUpdateDays: row.familyUpdateDays,
  };
}
