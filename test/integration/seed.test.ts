import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/auth/roles.js';
import { appUser, child, ehcPlan, familyLink, placement, planNeed, planVersion, provisionItem, timelineEntry } from '../../src/db/schema/index.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { isDatabaseEmpty, seedDemoLa, type DemoLaSummary } from '../../src/seed/generator.js';
import { openTestDatabase, testEngine } from '../helpers/database.js';

describe(`the demo LA generator (${testEngine})`, () => {
  let database: DatabaseHandle;
  let demo: DemoLaSummary;
  const today = '2026-11-28';

  beforeAll(async () => {
    database = await openTestDatabase();
    expect(await isDatabaseEmpty(database.db)).toBe(true);
    demo = await seedDemoLa(database.db, { plans: 400, seed: 42, today });
  });
  afterAll(async () => {
    await database.close();
  });

  it('makes the children asked for, each with one plan in force whose current version is issued', async () => {
    expect(await isDatabaseEmpty(database.db)).toBe(false);
    const rows = await database.db
      .select({ childId: child.id, versionStatus: planVersion.status, nextReviewDue: ehcPlan.nextReviewDue })
      .from(child)
      .innerJoin(ehcPlan, and(eq(ehcPlan.childId, child.id), eq(ehcPlan.status, 'active')))
      .innerJoin(planVersion, eq(planVersion.id, ehcPlan.currentVersionId))
      .where(eq(child.laId, demo.laId));
    expect(rows).toHaveLength(400);
    expect(rows.every((row) => row.versionStatus === 'issued')).toBe(true);
    expect(rows.every((row) => row.nextReviewDue !== null)).toBe(true);
  });

  it('gives every plan in force a primary need and provision, and every child one current main placement', async () => {
    const [counts] = await database.db
      .select({
        withNeed: sql<number>`count(distinct ${planNeed.planVersionId}) filter (where ${planNeed.rank} = 1)::int`,
      })
      .from(planNeed)
      .innerJoin(ehcPlan, eq(ehcPlan.currentVersionId, planNeed.planVersionId));
    expect(counts?.withNeed).toBe(400);
    const [withProvision] = await database.db
      .select({ plans: sql<number>`count(distinct ${provisionItem.planVersionId})::int` })
      .from(provisionItem)
      .innerJoin(ehcPlan, eq(ehcPlan.currentVersionId, provisionItem.planVersionId));
    expect(withProvision?.plans).toBe(400);
    const [placements] = await database.db
      .select({ children: sql<number>`count(distinct ${placement.childId})::int` })
      .from(placement)
      .where(and(eq(placement.rank, 1), sql`${placement.endDate} is null`));
    expect(placements?.children).toBe(400);
  });

  it('draws primary needs from the national mix: autism is the most common', async () => {
    const needs = await database.db
      .select({ senType: planNeed.senType, plans: sql<number>`count(*)::int` })
      .from(planNeed)
      .innerJoin(ehcPlan, eq(ehcPlan.currentVersionId, planNeed.planVersionId))
      .where(eq(planNeed.rank, 1))
      .groupBy(planNeed.senType)
      .orderBy(sql`count(*) desc`);
    expect(needs[0]?.senType).toBe('ASD');
    // Nationally 31.5 %; a 400-plan sample should land well within 20–45 %.
    const share = (needs[0]?.plans ?? 0) / 400;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.45);
  });

  it("gives one of the demo parent's children the calls, letter, meeting and the caseworkers' safeguarding note", async () => {
    const rows = await database.db
      .select({ title: timelineEntry.title, audience: timelineEntry.audience })
      .from(timelineEntry)
      .innerJoin(familyLink, eq(familyLink.childId, timelineEntry.childId))
      .innerJoin(appUser, eq(appUser.id, familyLink.userId))
      .where(and(eq(timelineEntry.laId, demo.laId), eq(appUser.email, demo.users.find((user) => user.role === 'parent')?.email ?? ''), eq(timelineEntry.title, 'Safeguarding note')));
    expect(rows).toEqual([{ title: 'Safeguarding note', audience: 'la_internal' }]);
  });

  it('creates a sign-in for every role', () => {
    expect(new Set(demo.users.map((user) => user.role))).toEqual(new Set(ROLES));
  });

  it('is deterministic: the same seed makes the same children', async () => {
    const other = await openTestDatabase();
    try {
      await seedDemoLa(other.db, { plans: 400, seed: 42, today });
      const names = (db: DatabaseHandle) => db.db.select({ id: child.id, forename: child.forename, surname: child.surname, dateOfBirth: child.dateOfBirth }).from(child).orderBy(asc(child.id));
      expect(await names(other)).toEqual(await names(database));
    } finally {
      await other.close();
    }
  }, 120_000);

  it('can add a second LA beside the first without collisions', async () => {
    const second = await seedDemoLa(database.db, {
      plans: 20,
      seed: 42,
      la: { dfeCode: '997', name: 'Second Borough Council', region: 'London' },
      emailDomain: 'second-borough.example.org',
      today,
    });
    expect(second.laId).not.toBe(demo.laId);
    const [count] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(child)
      .where(eq(child.laId, second.laId));
    expect(count?.n).toBe(20);
  });
});
