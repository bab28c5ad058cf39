import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { REVIEW_DECISION_DAYS, PHASE_TRANSFERS, type PhaseTransfer } from '../../domain/review-clock.js';
import {
  emptyReviewKpiCounts,
  type Attendance,
  type DecisionTime,
  type DueOutcome,
  type DueRow,
  type Outcome,
  type ReviewKpiCounts,
  type SchoolYear,
  type TransferOutcome,
} from '../../domain/review-kpis.js';
import type { IsoDate } from '../../domain/dates.js';

type Rows<T> = { rows: T[] };

/**
 * The review KPIs of one LA for a school year, counted in SQL (count filters, four queries, no
 * review rows loaded), by the same rules as `countReviewKpis` in src/domain/review-kpis.ts. Every
 * query is scoped by la_id.
 */
export async function reviewKpiCounts(db: Database, laId: string, year: SchoolYear, today: IsoDate): Promise<ReviewKpiCounts> {
  const counts = emptyReviewKpiCounts();
  const [due, notArranged, held, transfers] = await Promise.all([
    dueByKind(db, laId, year, today),
    plansWithNoReviewArranged(db, laId, year, today),
    heldByOutcome(db, laId, year, today),
    transfersByDeadline(db, laId, year, today),
  ]);
  for (const row of due) counts.due[row.row] = pick(row, ['heldOnTime', 'heldLate', 'overdue', 'notYetDue']);
  counts.due.not_arranged = { heldOnTime: 0, heldLate: 0, overdue: notArranged.overdue, notYetDue: notArranged.notYetDue };
  for (const row of held) {
    counts.decided[row.outcome] = pick(row, ['within4Weeks', 'after4Weeks', 'waitingInTime', 'waitingLate']);
    for (const key of ['both', 'epOnly', 'officerOnly', 'neither'] as const) counts.attendance[key] += row[key];
  }
  for (const row of transfers) counts.transfers[row.transfer] = pick(row, ['onTime', 'late', 'overdue', 'notYetDue']);
  return counts;
}

/** The counts of a row, as numbers whichever driver read them. */
function pick<K extends string>(row: Record<K, number | string>, keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, Number(row[key])])) as Record<K, number>;
}

/** Reviews whose last day falls in the year, not cancelled, by kind (classifyDue). */
async function dueByKind(db: Database, laId: string, year: SchoolYear, today: IsoDate) {
  const result = await db.execute(sql`
    select case when kind in ('phase_transfer', 'interim') then kind else 'annual' end as "row",
           count(*) filter (where held_on <= due_by)::int as "heldOnTime",
           count(*) filter (where held_on > due_by)::int as "heldLate",
           count(*) filter (where held_on is null and due_by < ${today}::date)::int as "overdue",
           count(*) filter (where held_on is null and due_by >= ${today}::date)::int as "notYetDue"
      from review
     where la_id = ${laId}::uuid and stage <> 'cancelled' and due_by between ${year.start}::date and ${year.end}::date
     group by 1`);
  return (result as Rows<{ row: Exclude<DueRow, 'not_arranged'> } & Record<DueOutcome, number>>).rows;
}

/** Plans in force whose next review is due in the year with no annual or phase-transfer review (not cancelled) due in it. */
async function plansWithNoReviewArranged(db: Database, laId: string, year: SchoolYear, today: IsoDate) {
  const result = await db.execute(sql`
    select count(*) filter (where p.next_review_due < ${today}::date)::int as "overdue",
           count(*) filter (where p.next_review_due >= ${today}::date)::int as "notYetDue"
      from ehc_plan p
     where p.la_id = ${laId}::uuid and p.status = 'active' and p.next_review_due between ${year.start}::date and ${year.end}::date
       and not exists (
             select 1 from review r
              where r.la_id = p.la_id and r.child_id = p.child_id and r.plan_id = p.id and r.kind <> 'interim' and r.stage <> 'cancelled'
                and r.due_by between ${year.start}::date and ${year.end}::date)`);
  const [row] = (result as Rows<{ overdue: number | string; notYetDue: number | string }>).rows;
  return { overdue: Number(row?.overdue ?? 0), notYetDue: Number(row?.notYetDue ?? 0) };
}

/** Meetings held in the year, not cancelled, by outcome, with when it was decided and who attended (classifyDecisionTime, classifyAttendance). */
async function heldByOutcome(db: Database, laId: string, year: SchoolYear, today: IsoDate) {
  const days = sql.raw(String(REVIEW_DECISION_DAYS));
  const result = await db.execute(sql`
    with held as (
      select case when r.decision in ('maintain', 'amend', 'cease') then r.decision else 'none' end as outcome,
             r.held_on, r.decision_on,
             exists (select 1 from review_participant p where p.review_id = r.id and p.la_id = r.la_id and p.role = 'educational_psychologist' and p.attended) as ep,
             exists (select 1 from review_participant p where p.review_id = r.id and p.la_id = r.la_id and p.role = 'la_officer' and p.attended) as officer
        from review r
       where r.la_id = ${laId}::uuid and r.stage <> 'cancelled' and r.held_on between ${year.start}::date and ${year.end}::date)
    select outcome,
           count(*) filter (where decision_on <= held_on + ${days})::int as "within4Weeks",
           count(*) filter (where decision_on > held_on + ${days})::int as "after4Weeks",
           count(*) filter (where decision_on is null and ${today}::date <= held_on + ${days})::int as "waitingInTime",
           count(*) filter (where decision_on is null and ${today}::date > held_on + ${days})::int as "waitingLate",
           count(*) filter (where ep and officer)::int as "both",
           count(*) filter (where ep and not officer)::int as "epOnly",
           count(*) filter (where officer and not ep)::int as "officerOnly",
           count(*) filter (where not ep and not officer)::int as "neither"
      from held
     group by outcome`);
  return (result as Rows<{ outcome: Outcome } & Record<DecisionTime | Attendance, number>>).rows;
}

/**
 * Phase-transfer reviews whose reg 18 deadline falls in the year, by transfer (classifyTransfer).
 * The deadline is phaseTransferAmendmentDeadline in SQL: 14 February or 30 March of the year of
 * the move, or 5 months before it (PostgreSQL clamps a month end as addMonths does).
 */
async function transfersByDeadline(db: Database, laId: string, year: SchoolYear, today: IsoDate) {
  const known = sql.join(
    (Object.keys(PHASE_TRANSFERS) as PhaseTransfer[]).map((transfer) => sql`${transfer}`),
    sql`, `,
  );
  const result = await db.execute(sql`
    with transfer as (
      select case r.transfer_to when 'early_years_to_primary' then 'early_years_to_school' else r.transfer_to end as transfer,
             r.transfer_date,
             case when r.decision = 'amend' then r.amended_plan_issued_on when r.decision is not null then r.decision_on end as finalised
        from review r
       where r.la_id = ${laId}::uuid and r.kind = 'phase_transfer' and r.stage <> 'cancelled'
         and r.transfer_date between ${year.start}::date and (${year.end}::date + interval '6 months')::date),
    deadline as (
      select transfer, finalised,
             case transfer
               when 'secondary_to_post16' then make_date(extract(year from transfer_date)::int, 3, 30)
               when 'post16_to_post16' then (transfer_date - interval '5 months')::date
               else make_date(extract(year from transfer_date)::int, 2, 14)
             end as due
        from transfer
       where transfer in (${known}))
    select transfer,
           count(*) filter (where finalised <= due)::int as "onTime",
           count(*) filter (where finalised > due)::int as "late",
           count(*) filter (where finalised is null and due < ${today}::date)::int as "overdue",
           count(*) filter (where finalised is null and due >= ${today}::date)::int as "notYetDue"
      from deadline
     where due between ${year.start}::date and ${year.end}::date
     group by transfer`);
  return (result as Rows<{ transfer: PhaseTransfer } & Record<TransferOutcome, number>>).rows;
}
