import { and, count, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { timelineEntry } from '../../src/db/schema/index.js';
import { todayInLondon } from '../../src/domain/formatting.js';
import { aChild, aPlanWithProvision, theDemoLa } from '../factories/index.js';
import { expectAccessible, expectFrontendSupported } from './browser.js';
import { demoSite } from './site.js';

let childId: string;

const site = demoSite({
  plans: 20,
  prepare: async (t) => {
    const la = theDemoLa(t);
    const child = await aChild(la);
    await aPlanWithProvision(la, child);
    childId = child.id;
  },
});
const baseUrl = () => site.baseUrl;
const signIn = () => site.signedInPage('sen_caseworker');

async function entriesTitled(title: string): Promise<number> {
  const [row] = await site.t.database.db.select({ n: count() }).from(timelineEntry).where(and(eq(timelineEntry.childId, childId), eq(timelineEntry.title, title)));
  return row?.n ?? 0;
}

/** Fills in the timeline's "log a note" form and double-clicks its button, as an impatient person does. */
async function doubleClickANote(page: Page, title: string): Promise<void> {
  const [day, month, year] = todayInLondon().split('-').reverse().map((part) => String(Number(part)));
  await page.goto(`${baseUrl()}/children/${childId}/timeline/new`);
  await page.waitForLoadState('load');
  await expectAccessible(page);
  await page.getByLabel('Note', { exact: true }).check();
  await page.locator('#when-day').fill(day ?? '');
  await page.locator('#when-month').fill(month ?? '');
  await page.locator('#when-year').fill(year ?? '');
  await page.getByLabel('Summary').fill(title);
  await page.getByLabel('LA staff only', { exact: true }).check();
  await page.getByRole('button', { name: 'Add to timeline' }).dblclick();
  await expect.poll(() => page.locator('.govuk-notification-banner--success').count(), { timeout: 15_000 }).toBe(1);
  await expectAccessible(page);
}

describe('a form double-clicked is stored once', () => {
  it('with JavaScript on, GOV.UK Frontend stops the second click, and one note is stored', async () => {
    const page = await signIn();
    await page.goto(`${baseUrl()}/children/${childId}/timeline/new`);
    await expectFrontendSupported(page);
    await expect.poll(() => page.getByRole('button', { name: 'Add to timeline' }).getAttribute('data-prevent-double-click')).toBe('true');
    await doubleClickANote(page, 'Double-clicked with JavaScript on');
    expect(await entriesTitled('Double-clicked with JavaScript on')).toBe(1);
  });
});
