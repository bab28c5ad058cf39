import type { Browser, Page } from 'playwright-core';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUser, ehcPlan, familyLink, planVersion, provisionItem } from '../../src/db/schema/index.js';
import { addDays } from '../../src/domain/dates.js';
import { weekStarting } from '../../src/domain/school-calendar.js';
import { amendPlan } from '../../src/modules/plans/service.js';
import { createTestApp, demoUser, TEST_CLOCK, type TestApp } from '../helpers/app.js';
import { expectAccessible, expectFrontendSupported, launchChromium, signInThroughForm } from './browser.js';
import { declaredAudit } from '../../src/http/actor.js';

let t: TestApp;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  // With the demo's delivery history, so the shares are a year's worth of records.
  t = await createTestApp({ plans: 30, clock: TEST_CLOCK });
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
  await t.close();
});

async function check(page: Page): Promise<void> {
  await expectFrontendSupported(page);
  await expectAccessible(page);
}

/** The last column of the Provision tab's table: the share delivered this school year, line by line. */
async function schoolYearShares(page: Page): Promise<string[]> {
  const table = page.locator('table', { has: page.locator('caption', { hasText: 'Provision owed, delivered and missed' }) });
  return (await table.locator('tbody tr td:last-child').allTextContents()).map((text) => text.trim());
}

/** The item ledger's "Share delivered" row: this week, this term, this school year, since the plan started. */
async function itemShares(page: Page): Promise<string[]> {
  const table = page.locator('table', { has: page.locator('caption', { hasText: 'What this provision has owed' }) });
  return (await table.locator('tbody tr', { hasText: 'Share delivered' }).locator('td').allTextContents()).map((text) => text.trim());
}

describe('amending a plan', () => {
  it('shows the parent the same school-year share before and after an amendment that leaves the provision as it was', async () => {
    const parentUser = demoUser(t.demo, 'parent');
    const [row] = await t.database.db
      .select({ childId: familyLink.childId, issuedDate: planVersion.issuedDate })
      .from(familyLink)
      .innerJoin(appUser, eq(appUser.id, familyLink.userId))
      .innerJoin(ehcPlan, and(eq(ehcPlan.childId, familyLink.childId), eq(ehcPlan.status, 'active')))
      .innerJoin(planVersion, eq(planVersion.id, ehcPlan.currentVersionId))
      .where(eq(appUser.email, parentUser.email))
      .orderBy(asc(planVersion.issuedDate), asc(familyLink.childId))
      .limit(1);
    const childId = row?.childId ?? '';
    const items = await t.database.db
      .select({ id: provisionItem.id, period: provisionItem.period, description: provisionItem.description })
      .from(ehcPlan)
      .innerJoin(provisionItem, eq(provisionItem.planVersionId, ehcPlan.currentVersionId))
      .where(and(eq(ehcPlan.childId, childId), eq(ehcPlan.status, 'active')))
      .orderBy(asc(provisionItem.section), asc(provisionItem.position));
    const weeklyIndex = items.findIndex((item) => item.period === 'week');
    expect(weeklyIndex).toBeGreaterThanOrEqual(0);

    const page = await (await browser.newContext()).newPage();
    await signInThroughForm(page, baseUrl, parentUser);
    await page.goto(`${baseUrl}/children/${childId}/provision`);
    await check(page);
    const before = await schoolYearShares(page);
    expect(before.length).toBe(items.length);
    expect(before.some((share) => /^[1-9]\d*%$/.test(share))).toBe(true);
    await page.goto(`${baseUrl}/children/${childId}/provision/${items[weeklyIndex]?.id ?? ''}`);
    await check(page);
    const itemBefore = await itemShares(page);

    // The caseworker issues an amended plan: every line taken on, the first reworded. There is no
    // amendment form yet (the reviews work will call amendPlan from one).
    const [caseworker] = await t.database.db
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, 'sen_caseworker').email));
    const today = TEST_CLOCK.today();
    const wanted = addDays(weekStarting(today), -4);
    const amended = await amendPlan(
      t.database.db,
      {
        principal: { userId: caseworker?.id ?? '', laId: t.demo.laId, role: 'sen_caseworker', displayName: 'C', email: '', settingId: null, organisationId: null, childId: null },
        requestId: 'e2e',
        audit: declaredAudit('AMEND_PLAN'),
        clock: TEST_CLOCK,
      },
      childId,
      {
        issuedDate: row?.issuedDate && row.issuedDate > wanted ? row.issuedDate : wanted,
        provision: items.map((item, index) => (index === 0 ? { previousItemId: item.id, description: `${item.description}, reviewed with the family` } : { previousItemId: item.id })),
      },
    );

    await page.goto(`${baseUrl}/children/${childId}/provision`);
    await check(page);
    expect(await schoolYearShares(page)).toEqual(before);
    await page.goto(`${baseUrl}/children/${childId}/provision/${amended.itemIds[weeklyIndex] ?? ''}`);
    await check(page);
    expect(await itemShares(page)).toEqual(itemBefore);
    await expect.poll(() => page.locator('.govuk-inset-text', { hasText: /Plan amended on .+: this line carried on/ }).count()).toBeGreaterThan(0);
    // The amendment is on the family's timeline.
    await page.goto(`${baseUrl}/children/${childId}/timeline`);
    await check(page);
    await expect.poll(() => page.getByText(`Amended plan issued (version ${String(amended.versionNumber)})`).count()).toBeGreaterThan(0);
  });
});
