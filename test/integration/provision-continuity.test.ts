import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appUser,
  auditEvent,
  childDeliveryLedger,
  deliveryRateRollup,
  ehcPlan,
  familyLink,
  planVersion,
  provisionConcern,
  provisionItem,
  provisionItemLedger,
  timelineEntry,
} from '../../src/db/schema/index.js';
import { addDays } from '../../src/domain/dates.js';
import { weekStarting } from '../../src/domain/school-calendar.js';
import type { Actor } from '../../src/http/actor.js';
import { sweepLa } from '../../src/modules/concerns/service.js';
import { amendPlan } from '../../src/modules/plans/service.js';
import { createTestApp, demoUser, signedInAs, TEST_CLOCK, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { declaredAudit } from '../../src/http/actor.js';
import { paths } from '../../src/http/paths.js';

/** The cells of each body row of the first table on a page after some text (its caption), as text. */
function tableRows(html: string, after = ''): string[][] {
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(html.slice(Math.max(0, html.indexOf(after))))?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) =>
      (cell[1] ?? '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );
}

describe(`provision carried on across an amendment (${testEngine})`, () => {
  let t: TestApp;
  let caseworker: Actor;
  let childId: string;
  const today = TEST_CLOCK.today();

  async function currentItems() {
    return t.database.db
      .select({ id: provisionItem.id, period: provisionItem.period, sessionsPerPeriod: provisionItem.sessionsPerPeriod, description: provisionItem.description, issuedDate: planVersion.issuedDate })
      .from(ehcPlan)
      .innerJoin(planVersion, eq(planVersion.id, ehcPlan.currentVersionId))
      .innerJoin(provisionItem, eq(provisionItem.planVersionId, planVersion.id))
      .where(and(eq(ehcPlan.childId, childId), eq(ehcPlan.status, 'active')))
      .orderBy(asc(provisionItem.section), asc(provisionItem.position));
  }

  /** Every figure a person or the LA can read about the child's provision. */
  async function figures() {
    const parent = await signedInAs(t.app, t.demo, 'parent');
    const tab = await parent.get(paths.child.provision({ childId }));
    expect(tab.statusCode).toBe(200);
    const items = await currentItems();
    const weekly = items.find((item) => item.period === 'week');
    const page = await parent.get(paths.provision.item({ childId, itemId: weekly?.id ?? '' }));
    expect(page.statusCode).toBe(200);
    await sweepLa(t.database.db, t.demo.laId, today);
    const itemLedgers = await t.database.db
      .select({
        owedYear: provisionItemLedger.owedYearMinutes,
        deliveredYear: provisionItemLedger.deliveredYearMinutes,
        owedTerm: provisionItemLedger.owedTermMinutes,
        deliveredTerm: provisionItemLedger.deliveredTermMinutes,
        owedWindow: provisionItemLedger.owedWindowMinutes,
        deliveredWindow: provisionItemLedger.deliveredWindowMinutes,
      })
      .from(provisionItemLedger)
      .innerJoin(provisionItem, eq(provisionItem.id, provisionItemLedger.provisionItemId))
      .where(eq(provisionItemLedger.childId, childId))
      .orderBy(asc(provisionItem.section), asc(provisionItem.position));
    const [childLedger] = await t.database.db.select().from(childDeliveryLedger).where(eq(childDeliveryLedger.childId, childId));
    const rollup = await t.database.db
      .select({
        period: deliveryRateRollup.period,
        dimension: deliveryRateRollup.dimension,
        key: deliveryRateRollup.key,
        items: deliveryRateRollup.items,
        owed: deliveryRateRollup.owedMinutes,
        delivered: deliveryRateRollup.deliveredMinutes,
      })
      .from(deliveryRateRollup)
      .where(eq(deliveryRateRollup.laId, t.demo.laId))
      .orderBy(deliveryRateRollup.period, deliveryRateRollup.dimension, deliveryRateRollup.key);
    const [concerns] = await t.database.db
      .select({ open: sql<number>`count(*)::int` })
      .from(provisionConcern)
      .where(and(eq(provisionConcern.childId, childId), eq(provisionConcern.status, 'open'), eq(provisionConcern.kind, 'delivery_gap')));
    return {
      openGapConcerns: concerns?.open ?? 0,
      tab: tableRows(tab.body, 'Provision owed, delivered and missed'),
      itemPage: tableRows(page.body, 'What this provision has owed'),
      itemPageHtml: page.body,
      itemLedgers,
      childLedger,
      rollup,
      items,
    };
  }

  beforeAll(async () => {
    t = await createTestApp({ plans: 30, clock: TEST_CLOCK });
    const parent = demoUser(t.demo, 'parent');
    // The parent's child whose plan in force was issued longest ago: plenty of ledger behind it.
    const [row] = await t.database.db
      .select({ childId: familyLink.childId })
      .from(familyLink)
      .innerJoin(appUser, eq(appUser.id, familyLink.userId))
      .innerJoin(ehcPlan, and(eq(ehcPlan.childId, familyLink.childId), eq(ehcPlan.status, 'active')))
      .innerJoin(planVersion, eq(planVersion.id, ehcPlan.currentVersionId))
      .where(eq(appUser.email, parent.email))
      .orderBy(asc(planVersion.issuedDate))
      .limit(1);
    childId = row?.childId ?? '';
    const [user] = await t.database.db
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, 'sen_caseworker').email));
    caseworker = {
      principal: { userId: user?.id ?? '', laId: t.demo.laId, role: 'sen_caseworker', displayName: 'C', email: '', settingId: null, organisationId: null, childId: null },
      requestId: 'test',
      audit: declaredAudit('AMEND_PLAN'),
      clock: TEST_CLOCK,
    };
  });
  afterAll(async () => {
    await t.close();
  });

  /** A date in the last fortnight after the version in force was issued, so the amendment splits the ledger. */
  function amendmentDate(issuedDate: string | null): string {
    const wanted = addDays(weekStarting(today), -4);
    return issuedDate !== null && issuedDate > wanted ? issuedDate : wanted;
  }

  it('an amendment that leaves the lines as they were (one reworded) leaves every figure as it was', async () => {
    const before = await figures();
    expect(before.items.length).toBeGreaterThan(1);
    expect(before.tab.some((row) => /\d+%$/.test(row.at(-1) ?? '') && row.at(-1) !== '0%')).toBe(true);
    const issuedDate = amendmentDate(before.items[0]?.issuedDate ?? null);
    const amended = await amendPlan(t.database.db, caseworker, childId, {
      issuedDate,
      provision: before.items.map((item, index) => (index === 0 ? { previousItemId: item.id, description: `${item.description}, as agreed at the review` } : { previousItemId: item.id })),
    });
    expect(amended).toMatchObject({ carriedOn: before.items.length, changed: 0, added: 0, ended: 0 });

    const after = await figures();
    expect(after.items.map((item) => item.id)).toEqual(amended.itemIds);
    expect(after.items[0]?.issuedDate).toBe(issuedDate);
    // The parent's Provision tab: the same owed, delivered, missed and shares (the wording aside).
    expect(after.tab.map((row) => row.slice(1))).toEqual(before.tab.map((row) => row.slice(1)));
    // The item's own ledger: the same for the week, term, school year and since the plan started.
    expect(after.itemPage).toEqual(before.itemPage);
    expect(after.itemPageHtml).toMatch(/Plan amended on [^:]+: this line carried on (unchanged|with new wording)/);
    // The LA's snapshot, the child's totals and the rates by provider, setting, type and need.
    expect(after.itemLedgers).toEqual(before.itemLedgers);
    expect(after.childLedger).toEqual(before.childLedger);
    expect(after.rollup).toEqual(before.rollup);
    // A line behind before the amendment is the same concern after it, not a second one.
    expect(after.openGapConcerns).toBe(before.openGapConcerns);

    const [audit] = await t.database.db
      .select({ change: auditEvent.change })
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'AMEND_PLAN'), eq(auditEvent.subjectId, amended.versionId)));
    expect(audit?.change).toMatchObject({ versionNumber: amended.versionNumber, issuedDate, lines: { carriedOn: before.items.length } });
    const entries = await t.database.db.select({ title: timelineEntry.title, audience: timelineEntry.audience }).from(timelineEntry).where(eq(timelineEntry.sourceId, amended.versionId));
    expect(entries).toEqual([{ title: `Amended plan issued (version ${String(amended.versionNumber)})`, audience: 'family' }]);
  });

  it('a line given more sessions starts a new schedule from the amendment, with the old line’s ledger still shown', async () => {
    const before = await figures();
    const weeklyIndex = before.items.findIndex((item) => item.period === 'week');
    const weekly = before.items[weeklyIndex];
    expect(weekly).toBeDefined();
    const issuedDate = today;
    const amended = await amendPlan(t.database.db, caseworker, childId, {
      issuedDate,
      provision: before.items.map((item) => (item.id === weekly?.id ? { previousItemId: item.id, sessionsPerPeriod: (item.sessionsPerPeriod ?? 1) + 1 } : { previousItemId: item.id })),
    });
    expect(amended).toMatchObject({ carriedOn: before.items.length - 1, changed: 1 });
    const newLine = amended.itemIds[weeklyIndex] ?? '';
    const [stored] = await t.database.db
      .select({ previousItemId: provisionItem.previousItemId, continuesPrevious: provisionItem.continuesPrevious })
      .from(provisionItem)
      .where(eq(provisionItem.id, newLine));
    expect(stored).toEqual({ previousItemId: weekly?.id, continuesPrevious: false });

    const caseworkerBrowser = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const page = await caseworkerBrowser.get(paths.provision.item({ childId, itemId: newLine }));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('how much is given changed');
    const [current, old] = [tableRows(page.body, 'What this provision has owed'), tableRows(page.body, 'Before the plan was amended')];
    // The new schedule: nothing delivered against it yet, owed only from today.
    expect(
      current
        .find((row) => row[0] === 'Delivered')
        ?.slice(1)
        .every((cell) => cell === 'None'),
    ).toBe(true);
    // The old line's figures, as they stood: what was delivered against it this school year is still there.
    const deliveredBefore = before.itemPage.find((row) => row[0] === 'Delivered')?.[3];
    expect(old.find((row) => row[0] === 'Delivered')?.[1]).toBe(deliveredBefore);

    // The sweep owes the new line from today, so its snapshot row starts again.
    await sweepLa(t.database.db, t.demo.laId, today);
    const [snapshot] = await t.database.db.select().from(provisionItemLedger).where(eq(provisionItemLedger.provisionItemId, newLine));
    expect(snapshot?.deliveredYearMinutes ?? 0).toBe(0);
    const [oldSnapshot] = await t.database.db
      .select({ id: provisionItemLedger.provisionItemId })
      .from(provisionItemLedger)
      .where(sql`${provisionItemLedger.provisionItemId} = ${weekly?.id ?? ''}`);
    expect(oldSnapshot).toBeUndefined();
  });

  it('refuses an amendment that names a line not in the plan in force, or takes one on twice, and saves nothing', async () => {
    const items = await currentItems();
    const [first] = items;
    const versionsBefore = await t.database.db.select({ id: planVersion.id }).from(planVersion).innerJoin(ehcPlan, eq(ehcPlan.id, planVersion.planId)).where(eq(ehcPlan.childId, childId));
    await expect(amendPlan(t.database.db, caseworker, childId, { issuedDate: today, provision: [{ previousItemId: first?.id ?? '' }, { previousItemId: first?.id ?? '' }] })).rejects.toMatchObject({
      statusCode: 400,
    });
    await expect(amendPlan(t.database.db, caseworker, childId, { issuedDate: addDays(today, 1), provision: [] })).rejects.toMatchObject({ statusCode: 400 });
    const parent = { ...caseworker, principal: { ...caseworker.principal, role: 'parent' as const } };
    await expect(amendPlan(t.database.db, parent, childId, { issuedDate: today, provision: [] })).rejects.toMatchObject({ statusCode: 403 });
    const versionsAfter = await t.database.db.select({ id: planVersion.id }).from(planVersion).innerJoin(ehcPlan, eq(ehcPlan.id, planVersion.planId)).where(eq(ehcPlan.childId, childId));
    expect(versionsAfter).toHaveLength(versionsBefore.length);
  });
});
