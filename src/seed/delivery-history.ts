import { and, eq, gte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../db/client.js';
import { ehcPlan, planVersion, provisionDelivery, provisionDeliveryWeek, provisionItem } from '../db/schema/index.js';
import { addDays, type IsoDate } from '../domain/dates.js';
import type { MissedReason } from '../domain/delivery.js';
import { isProvisionPeriod } from '../domain/plans.js';
import { academicYearStart, owedBetween } from '../domain/schedule.js';
import { DEFAULT_ENGLISH_CALENDAR, weekStarting } from '../domain/school-calendar.js';
import { Prng, seedFromText } from './prng.js';

const ROWS_PER_INSERT = 1000;

/**
 * How an item's provider has been doing this year. Most deliver nearly everything; some lose
 * sessions to a vacancy from some week on; a few stopped recording altogether. These make the
 * demo's ledgers, gap alarms and LA delivery view look like a real LA's.
 */
type Pattern = { kind: 'reliable' } | { kind: 'patchy' } | { kind: 'vacancy'; fromWeek: number } | { kind: 'stopped'; fromWeek: number };

function patternFor(prng: Prng, providerKind: string, weeks: number): Pattern {
  const roll = prng.next();
  // NHS therapy services carry the vacancies (the Ombudsman's most upheld provision complaint).
  const vacancyChance = providerKind === 'nhs' ? 0.1 : 0.02;
  if (roll < vacancyChance) return { kind: 'vacancy', fromWeek: prng.int(Math.floor(weeks / 3), Math.max(1, weeks - 2)) };
  if (roll < vacancyChance + 0.03) return { kind: 'stopped', fromWeek: prng.int(Math.floor(weeks / 2), Math.max(1, weeks - 1)) };
  if (roll < vacancyChance + 0.09) return { kind: 'patchy' };
  return { kind: 'reliable' };
}

/**
 * Weekly totals for every quantified item of every plan in force, from the start of the school
 * year (or the item's start) to the last complete week before `today`, against whichever version's
 * line was in force that week, as a school's week grid or a
 * provider's upload would record them, with the weekly rollup beside them. Written straight to
 * the tables (the seed is trusted, and must stay fast at national scale); its own PRNG stream
 * leaves everything else the seed makes unchanged.
 */
export async function seedDeliveryHistory(db: Database, options: { laId: string; seed: string; today: IsoDate; recordedBy: string }): Promise<number> {
  const prng = new Prng(seedFromText(`${options.seed}:delivery-history`));
  const lastMonday = addDays(weekStarting(options.today), -7);
  const firstMonday = weekStarting(academicYearStart(options.today));
  const yearStart = academicYearStart(options.today);
  // Lines of the plan in force, and lines of a version superseded this school year, each owed
  // until the day before the version after it was issued.
  const nextVersion = alias(planVersion, 'next_version');
  const items = await db
    .select({
      id: provisionItem.id,
      childId: ehcPlan.childId,
      providerKind: provisionItem.providerKind,
      sessionsPerPeriod: provisionItem.sessionsPerPeriod,
      minutesPerSession: provisionItem.minutesPerSession,
      period: provisionItem.period,
      termTimeOnly: provisionItem.termTimeOnly,
      startDate: sql<string>`coalesce(${provisionItem.startDate}, ${planVersion.issuedDate})`,
      endDate: sql<string | null>`least(${provisionItem.endDate}, (${nextVersion.issuedDate} - 1))::text`,
    })
    .from(ehcPlan)
    .innerJoin(planVersion, eq(planVersion.planId, ehcPlan.id))
    .leftJoin(nextVersion, and(eq(nextVersion.planId, ehcPlan.id), eq(nextVersion.versionNumber, sql`${planVersion.versionNumber} + 1`)))
    .innerJoin(provisionItem, eq(provisionItem.planVersionId, planVersion.id))
    .where(and(eq(ehcPlan.laId, options.laId), eq(ehcPlan.status, 'active'), or(eq(planVersion.id, ehcPlan.currentVersionId), gte(nextVersion.issuedDate, yearStart))))
    .orderBy(provisionItem.id);

  const mondays: IsoDate[] = [];
  for (let monday = firstMonday; monday <= lastMonday; monday = addDays(monday, 7)) mondays.push(monday);

  let records: (typeof provisionDelivery.$inferInsert)[] = [];
  let weeks: (typeof provisionDeliveryWeek.$inferInsert)[] = [];
  let total = 0;
  const flush = async () => {
    if (records.length === 0) return;
    await db.transaction(async (tx) => {
      await tx.insert(provisionDelivery).values(records);
      await tx.insert(provisionDeliveryWeek).values(weeks);
    });
    total += records.length;
    records = [];
    weeks = [];
  };

  for (const item of items) {
    if (!item.sessionsPerPeriod || !item.minutesPerSession || !item.period || !isProvisionPeriod(item.period)) continue;
    const pattern = patternFor(prng, item.providerKind, mondays.length);
    const schedule = {
      sessionsPerPeriod: item.sessionsPerPeriod,
      minutesPerSession: item.minutesPerSession,
      period: item.period,
      termTimeOnly: item.termTimeOnly,
      startDate: item.startDate,
      endDate: item.endDate,
    };
    // Termly and yearly items owe a fraction of a session a week: carry it until a whole one is due.
    let carried = 0;
    mondays.forEach((monday, weekIndex) => {
      const friday = addDays(monday, 4);
      if (item.startDate > monday || (item.endDate !== null && item.endDate < monday)) return;
      carried += owedBetween(schedule, DEFAULT_ENGLISH_CALENDAR, monday, addDays(monday, 6)).sessions;
      const owedSessions = Math.floor(carried + 0.001);
      if (owedSessions < 1) return;
      carried -= owedSessions;
      if (pattern.kind === 'stopped' && weekIndex >= pattern.fromWeek) return;
      let missed = 0;
      let reason: MissedReason = 'child_absent';
      if (pattern.kind === 'vacancy' && weekIndex >= pattern.fromWeek) {
        missed = owedSessions;
        reason = 'staff_vacancy';
      } else if (pattern.kind === 'patchy' ? prng.chance(0.6) : prng.chance(0.04)) {
        missed = Math.min(owedSessions, prng.int(1, Math.max(1, Math.ceil(owedSessions / 2))));
        reason = prng.pick<MissedReason>(['child_absent', 'child_absent', 'child_unwell', 'provider_absent', 'setting_closed']);
      }
      const delivered = owedSessions - missed;
      const week = { laId: options.laId, provisionItemId: item.id, weekStart: monday, deliveredSessions: 0, deliveredMinutes: 0, missedSessions: 0, missedMinutes: 0, madeUpMinutes: 0 };
      const base = { laId: options.laId, childId: item.childId, provisionItemId: item.id, deliveredOn: monday, periodEnd: friday, madeUp: false, source: 'web', recordedBy: options.recordedBy };
      if (delivered > 0) {
        records.push({ ...base, id: prng.uuid(), status: 'delivered', sessions: delivered, minutes: delivered * (item.minutesPerSession ?? 0), missedReason: null });
        week.deliveredSessions = delivered;
        week.deliveredMinutes = delivered * (item.minutesPerSession ?? 0);
      }
      if (missed > 0) {
        records.push({ ...base, id: prng.uuid(), status: 'missed', sessions: missed, minutes: missed * (item.minutesPerSession ?? 0), missedReason: reason });
        week.missedSessions = missed;
        week.missedMinutes = missed * (item.minutesPerSession ?? 0);
      }
      weeks.push(week);
    });
    if (records.length >= ROWS_PER_INSERT) await flush();
  }
  await flush();
  return total;
}
