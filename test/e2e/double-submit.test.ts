import { and, count, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ehcPlan, timelineEntry } from '../../src/db/schema/index.js';
import { createTestApp, demoUser, TEST_CLOCK, type TestApp } from '../helpers/app.js';
import { expectAccessible, expectFrontendSupported, launchChromium, signInThroughForm } from './browser.js';

let t: TestApp;
let baseUrl: string;
let browser: Browser;
let childId: string;

beforeAll(async () => {
  t = await createTestApp({ plans: 20, deliveryHistory: false, clock: TEST_CLOCK });
  const [plan] = await t.database.db.select({ childId: ehcPlan.childId }).from(ehcPlan).where(eq(ehcPlan.status, 'active')).limit(1);
  childId = plan?.childId ?? '';
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
  await t.close();
});

async function signIn(): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInThroughForm(page, baseUrl, demoUser(t.demo, 'sen_caseworker'));
  return page;
}

async function entriesTitled(title: string): Promise<number> {
  const [row] = await t.database.db
    .select({ n: count() })
    .from(timelineEntry)
    .where(and(eq(timelineEntry.childId, childId), eq(timelineEntry.title, title)));
  return row?.n ?? 0;
}

/** Fills in the timeline's "log a note" form and double-clicks its button, as an impatient person does. */
async function doubleClickANote(page: Page, title: string): Promise<void> {
  const [day, month, year] = TEST_CLOCK.today()
    .split('-')
    .reverse()
    .map((part) => String(Number(part)));
  await page.goto(`${baseUrl}/children/${childId}/timeline/new`);
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
    await page.goto(`${baseUrl}/children/${childId}/timeline/new`);
    await expectFrontendSupported(page);
    await expect.poll(() => page.getByRole('button', { name: 'Add to timeline' }).getAttribute('data-prevent-double-click')).toBe('true');
    await doubleClickANote(page, 'Double-clicked with JavaScript on');
    expect(await entriesTitled('Double-clicked with JavaScript on')).toBe(1);
  });
});
