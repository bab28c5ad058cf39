import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { addDays } from '../../src/domain/dates.js';
import { todayInLondon } from '../../src/domain/formatting.js';
import { weekStarting } from '../../src/domain/school-calendar.js';
import { amendPlan } from '../../src/modules/plans/service.js';
import { actorFor, aChild, aFamilyLink, aPlanWithProvision, anOrganisation, deliveredSessions, demoAccounts, SCHOOL_SESSIONS, theDemoLa, therapyFrom, type ProvisionLine, type TestPlan, type TestUser } from '../factories/index.js';
import { demoSite } from './site.js';

let accounts: Record<Role, TestUser>;
/** The demo parent's child, with a plan issued ten weeks ago and a month of sessions recorded. */
let childId: string;
let plan: TestPlan;
let lines: ProvisionLine[];

const site = demoSite({
  prepare: async (t) => {
    accounts = await demoAccounts(t);
    const la = theDemoLa(t);
    const ownChild = await aChild(la, { caseworker: accounts.sen_caseworker });
    await aFamilyLink(la, ownChild, accounts.parent, { name: accounts.parent.displayName, relationship: 'Mother' });
    lines = [SCHOOL_SESSIONS, therapyFrom(await anOrganisation(la))];
    plan = await aPlanWithProvision(la, ownChild, { issuedDate: addDays(weekStarting(todayInLondon()), -70), provision: lines });
    const mondays = [1, 2, 3, 4].map((weeksAgo) => addDays(weekStarting(todayInLondon()), -7 * weeksAgo));
    await deliveredSessions(la, accounts.sen_caseworker, plan.itemIds[0] ?? '', mondays, { minutes: 30 });
    await deliveredSessions(la, accounts.sen_caseworker, plan.itemIds[1] ?? '', mondays.slice(0, 2), { minutes: 45 });
    childId = ownChild.id;
  },
});

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
    const items = plan.itemIds.map((id, index) => ({ id, period: lines[index]?.period, description: lines[index]?.description ?? '' }));
    const weeklyIndex = items.findIndex((item) => item.period === 'week');
    expect(weeklyIndex).toBeGreaterThanOrEqual(0);

    const page = await site.signedInPage('parent');
    const record = site.childRecord(page, childId);
    await record.provision.open();
    const before = await schoolYearShares(page);
    expect(before.length).toBe(items.length);
    expect(before.some((share) => /^[1-9]\d*%$/.test(share))).toBe(true);
    await site.visit(page, `/children/${childId}/provision/${items[weeklyIndex]?.id ?? ''}`);
    const itemBefore = await itemShares(page);

    // The caseworker issues an amended plan: every line taken on, the first reworded. There is no
    // amendment form yet (the reviews work will call amendPlan from one).
    const today = todayInLondon();
    const wanted = addDays(weekStarting(today), -4);
    const amended = await amendPlan(
      site.t.database.db,
      actorFor(accounts.sen_caseworker, 'e2e'),
      childId,
      {
        issuedDate: plan.issuedDate > wanted ? plan.issuedDate : wanted,
        provision: items.map((item, index) => (index === 0 ? { previousItemId: item.id, description: `${item.description}, reviewed with the family` } : { previousItemId: item.id })),
      },
    );

    await record.provision.open();
    expect(await schoolYearShares(page)).toEqual(before);
    await site.visit(page, `/children/${childId}/provision/${amended.itemIds[weeklyIndex] ?? ''}`);
    expect(await itemShares(page)).toEqual(itemBefore);
    await expect.poll(() => page.locator('.govuk-inset-text', { hasText: /Plan amended on .+: this line carried on/ }).count()).toBeGreaterThan(0);
    // The amendment is on the family's timeline.
    await record.timeline.open();
    await expect.poll(() => page.getByText(`Amended plan issued (version ${String(amended.versionNumber)})`).count()).toBeGreaterThan(0);
  });
});
