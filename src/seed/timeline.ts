import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { child, ehcPlan, placement, planVersion, setting } from '../db/schema/index.js';
import type { Audience } from '../domain/audience.js';
import { PLAN_VERSION_KINDS } from '../domain/plans.js';
import { placementLabel } from '../modules/children/view-models.js';
import { addTimelineEntries, type NewTimelineEntry } from '../modules/timeline/repository.js';
import { Prng, seedFromText } from './prng.js';

export interface IssuedVersion {
  childId: string;
  versionId: string;
  versionNumber: number;
  kind: string;
  issuedDate: string;
  issuedBy: string | null;
}

export interface PlacementStart {
  childId: string;
  placementId: string;
  startDate: string;
  endDate: string | null;
  settingName: string | null;
  senSettingCode: string | null;
}

/** A London date at midday, as a time: the demo knows the day something happened, not the hour. */
function middayOf(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}

/** Plan versions issued and placements started and ended, as timeline entries everyone may see. */
export function recordEntries(laId: string, versions: IssuedVersion[], placements: PlacementStart[]): NewTimelineEntry[] {
  return [
    ...versions.map((version): NewTimelineEntry => ({
      laId,
      childId: version.childId,
      occurredAt: middayOf(version.issuedDate),
      kind: version.kind === 'final' ? 'plan_issued' : 'plan_amended',
      title: `${version.kind in PLAN_VERSION_KINDS ? PLAN_VERSION_KINDS[version.kind as keyof typeof PLAN_VERSION_KINDS] : version.kind} issued (version ${String(version.versionNumber)})`,
      audience: 'family',
      authorUserId: version.issuedBy,
      authorRole: version.issuedBy ? 'sen_caseworker' : null,
      sourceType: 'plan_version',
      sourceId: version.versionId,
    })),
    ...placements.flatMap((row): NewTimelineEntry[] => {
      const base = { laId, childId: row.childId, kind: 'placement' as const, audience: 'family' as const, sourceType: 'placement', sourceId: row.placementId };
      const started: NewTimelineEntry = { ...base, occurredAt: middayOf(row.startDate), title: `Started at ${placementLabel(row)}` };
      return row.endDate ? [started, { ...base, occurredAt: middayOf(row.endDate), title: `Left ${placementLabel(row)}` }] : [started];
    }),
  ];
}

const CALLS: { title: string; body: string; audience: Audience }[] = [
  { title: 'Call with parent about transport', body: 'Mum asked whether the taxi can collect earlier on Fridays. Passed to the transport team.', audience: 'family' },
  { title: 'Letter confirming the annual review date', body: 'Sent to the family and the school with the date, time and who will attend.', audience: 'family' },
  { title: 'Meeting with the SENCO about the timetable', body: 'Agreed to review the afternoon sessions at half term.', audience: 'professionals' },
  { title: 'Case note: panel preparation', body: 'Papers ready for the next panel; costs checked with finance.', audience: 'la_internal' },
];

/**
 * The demo's timeline: every plan issued and placement, from the records just seeded, and a few
 * calls and notes from the caseworker (drawn from their own stream, so the rest of the demo stays
 * the same for a seed). The demo parent's first child gets one of each audience and a restricted
 * note, so every demo role sees a different timeline of the same child. One bulk write.
 */
export async function seedTimeline(db: Database, options: { laId: string; seed: string; parentUserId: string; now: Date }): Promise<number> {
  const { laId } = options;
  const prng = new Prng(seedFromText(`${options.seed}:timeline`));
  const versions = await db
    .select({
      childId: ehcPlan.childId,
      versionId: planVersion.id,
      versionNumber: planVersion.versionNumber,
      kind: planVersion.kind,
      issuedDate: planVersion.issuedDate,
      issuedBy: planVersion.issuedBy,
    })
    .from(planVersion)
    .innerJoin(ehcPlan, eq(ehcPlan.id, planVersion.planId))
    .where(and(eq(planVersion.laId, laId), isNotNull(planVersion.issuedDate)))
    .orderBy(ehcPlan.childId, planVersion.versionNumber);
  const placements = await db
    .select({ childId: placement.childId, placementId: placement.id, startDate: placement.startDate, endDate: placement.endDate, settingName: setting.name, senSettingCode: placement.senSettingCode })
    .from(placement)
    .leftJoin(setting, eq(setting.id, placement.settingId))
    .where(eq(placement.laId, laId))
    .orderBy(placement.childId, placement.startDate);
  // `child.id` by name: drizzle writes a column in a one-table select's fields unqualified, which
  // inside the subquery would name family_link's own id (the demo parent's child then got nothing).
  const children = await db
    .select({ id: child.id, caseworkerId: child.caseworkerId, parents: sql<boolean>`exists (select 1 from family_link f where f.child_id = child.id and f.user_id = ${options.parentUserId})` })
    .from(child)
    .where(eq(child.laId, laId))
    .orderBy(child.id);
  const entries = recordEntries(
    laId,
    versions.flatMap((row) => (row.issuedDate ? [{ ...row, issuedDate: row.issuedDate }] : [])),
    placements,
  );
  const now = options.now.getTime();
  let demoChildDone = false;
  for (const row of children) {
    if (!row.caseworkerId) continue;
    const author = { laId, childId: row.id, authorUserId: row.caseworkerId, authorRole: 'sen_caseworker' };
    const daysAgo = (days: number) => new Date(now - days * 86_400_000);
    if (row.parents && !demoChildDone) {
      demoChildDone = true;
      for (const [index, call] of CALLS.entries())
        entries.push({ ...author, occurredAt: daysAgo(3 + index * 5), kind: index === 1 ? 'letter' : index === 2 ? 'meeting' : index === 0 ? 'phone_call' : 'note', ...call });
      entries.push({
        ...author,
        occurredAt: daysAgo(2),
        kind: 'note',
        title: 'Safeguarding note',
        body: 'Shared with the social worker. Not for the family or the school.',
        audience: 'la_internal',
        restrictedToRoles: ['sen_caseworker', 'sen_team_manager'],
      });
      continue;
    }
    if (!prng.chance(0.3)) continue;
    const call = prng.pick(CALLS);
    entries.push({ ...author, occurredAt: daysAgo(prng.int(1, 300)), kind: call.audience === 'la_internal' ? 'note' : 'phone_call', ...call });
  }
  await addTimelineEntries(db, entries);
  return entries.length;
}
