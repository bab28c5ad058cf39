import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { fixedClock } from '../../src/clock.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { ehcPlan, review, reviewParticipant } from '../../src/db/schema/index.js';
import { countReviewKpis, schoolYearStarting, type KpiPlan, type KpiReview } from '../../src/domain/review-kpis.js';
import { paths } from '../../src/http/paths.js';
import { reviewKpiCounts } from '../../src/modules/reports/review-kpis-repository.js';
import { aChild, aLocalAuthority, aPlanWithProvision, aUser, type TestLa } from '../factories/index.js';
import { signedInAsUser, testConfig, type Browser } from '../helpers/app.js';
import { openTestDatabase, testEngine } from '../helpers/database.js';

const TODAY = '2027-03-15';
const YEAR = schoolYearStarting(2026);

type Fixture = Partial<typeof review.$inferInsert> & { plan: string; dueBy: string; ep?: boolean; officer?: boolean };

/**
 * A fixture LA whose every figure is worked out by hand below (the same cases as the unit test's
 * reference count), and a second LA with reviews of its own that must count nowhere.
 */
const REVIEWS: Fixture[] = [
  // p1: due 1 Oct, held 20 Sep (on time); amend decided 10 Oct (day 20: within 4 weeks); EP and officer there.
  { plan: 'p1', dueBy: '2026-10-01', heldOn: '2026-09-20', decision: 'amend', decisionOn: '2026-10-10', stage: 'closed', ep: true, officer: true },
  // p2: held 9 days late; kept, decided on day 40; officer only (the EP was invited, did not come).
  { plan: 'p2', dueBy: '2026-11-01', heldOn: '2026-11-10', decision: 'maintain', decisionOn: '2026-12-20', stage: 'closed', officer: true },
  // p3: due 10 Jan, not held: overdue.
  { plan: 'p3', dueBy: '2027-01-10', stage: 'scheduled' },
  // p4: due 1 May: not yet due.
  { plan: 'p4', dueBy: '2027-05-01', stage: 'invited' },
  // p5: cancelled (counts nowhere), so p5's plan has no review arranged: overdue.
  { plan: 'p5', dueBy: '2027-02-01', stage: 'cancelled', heldOn: '2027-01-20', cancelledReason: 'Arranged again' },
  // p6: due last school year, held 15 Jan: counted for the meeting, no decision after 8 weeks.
  { plan: 'p6', dueBy: '2026-08-20', heldOn: '2027-01-15', stage: 'held' },
  // p1 again, interim: held on time 1 Mar, no decision yet, day 14; EP only.
  { plan: 'p1', kind: 'interim', reason: 'parent_request', dueBy: '2027-03-20', heldOn: '2027-03-01', stage: 'held', ep: true },
  // p8: primary to secondary in Sept 2027 (deadline 14 Feb 2027): amended plan on 14 Feb, on time.
  {
    plan: 'p8',
    kind: 'phase_transfer',
    dueBy: '2026-12-01',
    heldOn: '2026-11-20',
    decision: 'amend',
    decisionOn: '2026-12-01',
    amendmentProposedOn: '2026-12-01',
    amendedPlanIssuedOn: '2027-02-14',
    transferTo: 'primary_to_secondary',
    transferDate: '2027-09-02',
    stage: 'closed',
  },
  // p9: school to post-16 in Sept 2027 (deadline 30 March 2027): amendment proposed, not finalised, deadline to come.
  {
    plan: 'p9',
    kind: 'phase_transfer',
    dueBy: '2027-03-01',
    heldOn: '2027-02-20',
    decision: 'amend',
    decisionOn: '2027-03-10',
    amendmentProposedOn: '2027-03-10',
    transferTo: 'secondary_to_post16',
    transferDate: '2027-09-01',
    stage: 'amendment_proposed',
  },
  // p10: moved in Sept 2026, deadline Feb 2026: last school year. Its next review (due 4 Jan 2027) is not arranged: overdue.
  {
    plan: 'p10',
    kind: 'phase_transfer',
    dueBy: '2026-01-10',
    heldOn: '2026-01-05',
    decision: 'maintain',
    decisionOn: '2026-01-20',
    transferTo: 'primary_to_secondary',
    transferDate: '2026-09-03',
    stage: 'closed',
  },
  // p13: between post-16 institutions on 31 July 2027: deadline 28 Feb 2027 (5 months, clamped), missed.
  { plan: 'p13', kind: 'phase_transfer', dueBy: '2027-06-30', transferTo: 'post16_to_post16', transferDate: '2027-07-31', stage: 'scheduled' },
];
const PLANS: Record<string, { nextReviewDue: string; status?: string }> = {
  p1: { nextReviewDue: '2027-09-19' },
  p2: { nextReviewDue: '2027-11-09' },
  p3: { nextReviewDue: '2027-01-10' },
  p4: { nextReviewDue: '2027-05-01' },
  p5: { nextReviewDue: '2027-02-01' },
  p6: { nextReviewDue: '2028-01-14' },
  p8: { nextReviewDue: '2027-11-19' },
  p9: { nextReviewDue: '2028-02-19' },
  p10: { nextReviewDue: '2027-01-04' },
  p11: { nextReviewDue: '2027-06-30' },
  p12: { nextReviewDue: '2027-01-30', status: 'ceased' },
  p13: { nextReviewDue: '2027-06-30' },
};

async function buildLa(db: DatabaseHandle['db'], la: TestLa, fixtures: Fixture[]) {
  const planIds = new Map<string, { planId: string; childId: string }>();
  for (const [name, plan] of Object.entries(PLANS)) {
    const child = await aChild(la);
    const { planId } = await aPlanWithProvision(la, child, { issuedDate: '2024-06-01' });
    await db
      .update(ehcPlan)
      .set({ nextReviewDue: plan.nextReviewDue, status: plan.status ?? 'active' })
      .where(eq(ehcPlan.id, planId));
    planIds.set(name, { planId, childId: child.id });
  }
  for (const { plan, ep, officer, ...fields } of fixtures) {
    const ids = planIds.get(plan);
    if (!ids) throw new Error(plan);
    const [row] = await db
      .insert(review)
      .values({ laId: la.laId, kind: 'annual', ...fields, ...ids })
      .returning({ id: review.id });
    const reviewId = row?.id ?? '';
    await db.insert(reviewParticipant).values([
      { laId: la.laId, reviewId, role: 'parent', name: 'Parent', attended: fields.heldOn ? true : null },
      { laId: la.laId, reviewId, role: 'educational_psychologist', name: 'EP', attended: fields.heldOn ? (ep ?? false) : null },
      { laId: la.laId, reviewId, role: 'la_officer', name: 'Officer', attended: fields.heldOn ? (officer ?? false) : null },
    ]);
  }
}

describe(`review KPIs on a fixture LA (${testEngine})`, () => {
  let database: DatabaseHandle;
  let app: FastifyInstance;
  let la: TestLa;
  let other: TestLa;
  let analyst: Browser;

  beforeAll(async () => {
    database = await openTestDatabase();
    const clock = fixedClock(`${TODAY}T10:30:00Z`);
    app = await buildApp({ config: testConfig(), database, logger: false, clock });
    await app.ready();
    la = await aLocalAuthority(database.db);
    other = await aLocalAuthority(database.db);
    await buildLa(database.db, la, REVIEWS);
    // The other LA: every review held late and overdue plans, so a leak would show in every table.
    await buildLa(database.db, other, [
      { plan: 'p1', dueBy: '2026-10-01', heldOn: '2026-12-20', decision: 'cease', decisionOn: '2027-03-01', stage: 'closed', ep: true },
      { plan: 'p8', kind: 'phase_transfer', dueBy: '2026-12-01', transferTo: 'primary_to_secondary', transferDate: '2027-09-02', stage: 'scheduled' },
    ]);
    analyst = await signedInAsUser(app, await aUser(la, 'insight_analyst'));
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const expected = {
    due: {
      annual: { heldOnTime: 1, heldLate: 1, overdue: 1, notYetDue: 1 },
      phase_transfer: { heldOnTime: 2, heldLate: 0, overdue: 0, notYetDue: 1 },
      interim: { heldOnTime: 1, heldLate: 0, overdue: 0, notYetDue: 0 },
      not_arranged: { heldOnTime: 0, heldLate: 0, overdue: 2, notYetDue: 1 },
    },
    decided: {
      maintain: { within4Weeks: 0, after4Weeks: 1, waitingInTime: 0, waitingLate: 0 },
      amend: { within4Weeks: 3, after4Weeks: 0, waitingInTime: 0, waitingLate: 0 },
      cease: { within4Weeks: 0, after4Weeks: 0, waitingInTime: 0, waitingLate: 0 },
      none: { within4Weeks: 0, after4Weeks: 0, waitingInTime: 1, waitingLate: 1 },
    },
    attendance: { both: 1, epOnly: 1, officerOnly: 1, neither: 3 },
    transfers: {
      early_years_to_school: { onTime: 0, late: 0, overdue: 0, notYetDue: 0 },
      infant_to_junior: { onTime: 0, late: 0, overdue: 0, notYetDue: 0 },
      primary_to_middle: { onTime: 0, late: 0, overdue: 0, notYetDue: 0 },
      primary_to_secondary: { onTime: 1, late: 0, overdue: 0, notYetDue: 0 },
      middle_to_secondary: { onTime: 0, late: 0, overdue: 0, notYetDue: 0 },
      secondary_to_post16: { onTime: 0, late: 0, overdue: 0, notYetDue: 1 },
      post16_to_post16: { onTime: 0, late: 0, overdue: 1, notYetDue: 0 },
    },
  };

  it('counts in SQL exactly the figures worked out by hand', async () => {
    expect(await reviewKpiCounts(database.db, la.laId, YEAR, TODAY)).toEqual(expected);
  });

  it('counts in SQL what the reference count gives over the same rows', async () => {
    const rows = await database.db.execute(sql`
      select r.plan_id as "planId", r.kind, r.stage, r.due_by::text as "dueBy", r.held_on::text as "heldOn", r.decision, r.decision_on::text as "decisionOn",
             r.amended_plan_issued_on::text as "amendedPlanIssuedOn", r.transfer_to as "transferTo", r.transfer_date::text as "transferDate",
             exists (select 1 from review_participant p where p.review_id = r.id and p.role = 'educational_psychologist' and p.attended) as "epAttended",
             exists (select 1 from review_participant p where p.review_id = r.id and p.role = 'la_officer' and p.attended) as "officerAttended"
        from review r where r.la_id = ${la.laId}::uuid`);
    const plans = await database.db.execute(sql`select id, status, next_review_due::text as "nextReviewDue" from ehc_plan where la_id = ${la.laId}::uuid`);
    for (const year of [YEAR, schoolYearStarting(2025), schoolYearStarting(2027)]) {
      const reference = countReviewKpis((rows as { rows: KpiReview[] }).rows, (plans as { rows: KpiPlan[] }).rows, year, TODAY);
      expect(await reviewKpiCounts(database.db, la.laId, year, TODAY), year.label).toEqual(reference);
    }
  });

  function tableRows(page: string, caption: string): string[][] {
    const start = page.indexOf(caption);
    expect(start, caption).toBeGreaterThan(0);
    const table = page.slice(page.indexOf('<tbody', start), page.indexOf('</table>', start));
    return [...table.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)]
      .map((row) => [...(row[1] ?? '').matchAll(/<t[dh][^>]*>\s*(?:<strong>)?([^<]*)/g)].map((cell) => cell[1]?.trim() ?? ''))
      .filter((cells) => cells.length > 1);
  }

  it('shows the current school year by default, each table adding up to its total', async () => {
    const response = await analyst.get(paths.monitoring.reviewReports());
    expect(response.statusCode).toBe(200);
    const page = response.body;
    expect(page).toContain('Reviews of EHC plans, 2026 to 2027');

    const due = tableRows(page, 'Reviews due in 2026 to 2027');
    expect(due.map((row) => row.slice(1).map(Number))).toEqual([
      [4, 1, 1, 1, 1],
      [3, 2, 0, 0, 1],
      [1, 1, 0, 0, 0],
      [3, 0, 0, 2, 1],
      [11, 4, 1, 3, 3],
    ]);
    for (const row of due) expect(Number(row[1])).toBe(row.slice(2).reduce((total, cell) => total + Number(cell), 0));

    const shares = (caption: string) => tableRows(page, caption).map((row) => [row[0], Number(row[1])]);
    expect(shares('by when the local authority decided')).toEqual([
      ['Decided within 4 weeks', 3],
      ['Decided after 4 weeks', 1],
      ['Not decided yet, still within 4 weeks', 1],
      ['Not decided yet, more than 4 weeks', 1],
      ['All meetings held', 6],
    ]);
    expect(shares('by the decision')).toEqual([
      ['Keep the plan as it is', 1],
      ['Amend the plan', 3],
      ['Stop the plan', 0],
      ['No decision yet', 2],
      ['All meetings held', 6],
    ]);
    expect(shares('by who from the local authority')).toEqual([
      ['An educational psychologist and an LA officer', 1],
      ['An educational psychologist, no LA officer', 1],
      ['An LA officer, no educational psychologist', 1],
      ['Neither', 3],
      ['All meetings held', 6],
    ]);
    const transfers = tableRows(page, 'Phase transfer deadlines in 2026 to 2027');
    expect(transfers.map((row) => [row[0], ...row.slice(1).map(Number)])).toEqual([
      ['From primary school to secondary school', 1, 1, 0, 0, 0],
      ['From secondary school to a college or sixth form', 1, 0, 0, 0, 1],
      ['From one college or sixth form to another', 1, 0, 0, 1, 0],
      ['All phase transfers', 3, 1, 0, 1, 1],
    ]);
    for (const caption of ['by when the local authority decided', 'by the decision', 'by who from the local authority']) {
      const rows = shares(caption);
      const total = rows.pop();
      expect(total?.[1]).toBe(rows.reduce((sum, row) => sum + Number(row[1]), 0));
    }

    // Headlines: 4 of the 8 due whose day has come held on time; 3 of 4 decisions in 4 weeks; 3 of 6 meetings with an EP or officer; 1 of 2 deadlines passed met.
    expect(page).toContain('50.0%</span>of reviews held on time, of the 11 due');
    expect(page).toContain('75.0%</span>of decisions made within 4 weeks');
    expect(page).toContain('50.0%</span>of the 6 meetings held');
    expect(page).toContain('50.0% of the deadlines that have passed were met');
    // England's figure, read from DfE's annual_reviews.csv.
    expect(page).toContain('England: 44.4% of decisions were made within 4 weeks in calendar year 2024');
  });

  it('shows another school year when asked, and refuses one that is not a year', async () => {
    const last = await analyst.get(paths.monitoring.reviewReports({ year: 2025 }));
    expect(last.statusCode).toBe(200);
    expect(last.body).toContain('Reviews of EHC plans, 2025 to 2026');
    const [total] = tableRows(last.body, 'Reviews due in 2025 to 2026').slice(-1);
    // p10's review (due 10 Jan 2026, held on time) and p6's (due 20 Aug 2026, held in January 2027) fall in 2025 to 2026.
    expect(total?.slice(1).map(Number)).toEqual([2, 1, 1, 0, 0]);
    const bad = await analyst.get(`${paths.monitoring.reviewReports()}?year=soon`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose a school year from the list');
    expect(bad.body).toContain('Reviews of EHC plans, 2026 to 2027');
  });

  it('writes VIEW_REVIEW_KPIS, is linked from the reports page, and is not for people without reports:view', async () => {
    const before = await database.db.execute(sql`select coalesce(max(id), 0)::int as id from audit_event`);
    const since = (before as { rows: { id: number }[] }).rows[0]?.id ?? 0;
    await analyst.get(paths.monitoring.reviewReports({ year: 2026 }));
    const events = await database.db.execute(sql`select action, subject_id as "subjectId", la_id as "laId" from audit_event where id > ${since}`);
    expect((events as { rows: unknown[] }).rows).toEqual([{ action: 'VIEW_REVIEW_KPIS', subjectId: 'reviews-2026', laId: la.laId }]);
    expect((await analyst.get(paths.monitoring.reports())).body).toContain(`href="${paths.monitoring.reviewReports()}"`);
    for (const role of ['school_senco', 'parent'] as const) {
      const browser = await signedInAsUser(app, await aUser(la, role));
      expect((await browser.get(paths.monitoring.reviewReports())).statusCode, role).toBe(403);
    }
  });

  it('counts the other LA only for the other LA', async () => {
    const counts = await reviewKpiCounts(database.db, other.laId, YEAR, TODAY);
    expect(counts.due.annual).toEqual({ heldOnTime: 0, heldLate: 1, overdue: 0, notYetDue: 0 });
    expect(counts.decided.cease.within4Weeks + counts.decided.cease.after4Weeks).toBe(1);
    expect(counts.transfers.primary_to_secondary).toEqual({ onTime: 0, late: 0, overdue: 1, notYetDue: 0 });
  });
});
