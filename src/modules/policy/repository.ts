import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { laPolicy } from '../../db/schema/index.js';

export type LaPolicy = Omit<typeof laPolicy.$inferSelect, 'laId' | 'version' | 'updatedBy' | 'updatedAt'>;

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
  return (await loadLaPolicyForEdit(db, laId)).policy;
}

/** The thresholds with the version the form saves over (0: the LA has not saved its own yet). */
export async function loadLaPolicyForEdit(db: Database, laId: string, forUpdate = false) {
  const query = db.select().from(laPolicy).where(eq(laPolicy.laId, laId));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) return { policy: DEFAULT_LA_POLICY, version: 0, row: undefined };
  const policy: LaPolicy = {
    gapMinimumPercent: row.gapMinimumPercent,
    gapWindowWeeks: row.gapWindowWeeks,
    gapSilentWeeks: row.gapSilentWeeks,
    notFullTimeSchoolDays: row.notFullTimeSchoolDays,
    concernStepDays: row.concernStepDays,
    replyWorkingDays: row.replyWorkingDays,
    familyUpdateDays: row.familyUpdateDays,
  };
  return { policy, version: row.version, row };
}
