import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, demoUser, TEST_CLOCK, type TestApp } from '../helpers/app.js';
import { expectAccessible, expectFrontendSupported, launchChromium, signInThroughForm } from './browser.js';

const CHILD_TABS = ['Overview', 'Plan', 'Provision', 'Reviews', 'Communication', 'Funding', 'Inclusion'];
/** The tabs of those who do not see the LA's rates (issue 13, item 7): no Funding. */
const TABS_WITHOUT_FUNDING = CHILD_TABS.filter((tab) => tab !== 'Funding');
/** A tab that groups pages opens its first: Communication opens the Timeline. */
const FIRST_PAGE_OF_TAB: Record<string, string> = { Communication: 'Timeline' };

let t: TestApp;
let baseUrl: string;
let browser: Browser;
let allChildIds: string[];

beforeAll(async () => {
  // An empty delivery ledger, so the recording journey sees exactly the session it records.
  t = await createTestApp({ plans: 80, deliveryHistory: false, clock: TEST_CLOCK });
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  const { child } = await import('../../src/db/schema/index.js');
  allChildIds = (await t.database.db.select({ id: child.id }).from(child)).map((row) => row.id);
});

afterAll(async () => {
  await browser.close();
  await t.close();
});

/** A fresh browser context per journey: its own cookies, as a separate person would have. */
async function newPage(): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

async function signIn(page: Page, role: string): Promise<void> {
  await signInThroughForm(page, baseUrl, demoUser(t.demo, role));
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect.poll(() => page.getByRole('heading', { name: 'You have signed out' }).count()).toBe(1);
  await expectAccessible(page);
}

/** The ids of every child on the signed-in person's caseload, page by page. */
async function everyChildOnCaseload(page: Page): Promise<string[]> {
  const ids: string[] = [];
  for (let pageNumber = 1; pageNumber <= 20; pageNumber += 1) {
    await page.goto(`${baseUrl}/children?page=${String(pageNumber)}`);
    const anchors = await page.locator('table a.govuk-link').all();
    const hrefs = await Promise.all(anchors.map((anchor) => anchor.getAttribute('href')));
    ids.push(...hrefs.map((href) => (href ?? '').replace('/children/', '')));
    if (anchors.length < 25) break;
  }
  return ids;
}

/** Opens the first child on the caseload and every tab of their record, checking each page. */
async function walkFirstChild(page: Page, tabs: string[]): Promise<string> {
  const firstChild = page.locator('table a.govuk-link').first();
  const name = (await firstChild.textContent())?.trim() ?? '';
  await firstChild.click();
  await expect.poll(() => page.locator('.moj-identity-bar h1').textContent()).toBe(name);
  for (const tab of tabs) {
    await page.locator('.app-child-tabs').getByRole('link', { name: tab, exact: true }).click();
    await expect.poll(() => page.locator('.app-child-tabs [aria-current="page"]').textContent()).toContain(tab);
    await expect.poll(() => page.locator('main h2.govuk-heading-l').textContent()).toBe(FIRST_PAGE_OF_TAB[tab] ?? tab);
    await expectFrontendSupported(page);
    await expectAccessible(page);
  }
  return page.url();
}

describe('casework roles', () => {
  it.each([
    ['sen_caseworker', [...CHILD_TABS, 'History']],
    ['sen_team_manager', [...CHILD_TABS, 'History']],
    ['educational_psychologist', [...TABS_WITHOUT_FUNDING, 'History']],
    ['inclusion_officer', [...TABS_WITHOUT_FUNDING, 'History']],
    ['finance_officer', CHILD_TABS],
  ])('%s signs in, searches and filters the caseload and walks a child record', async (role, tabs) => {
    const page = await newPage();
    await signIn(page, role);
    await expect.poll(() => page.getByRole('heading', { name: 'Caseload', level: 1 }).count()).toBe(1);
    await expectAccessible(page);
    await expect.poll(() => page.locator('#caseload-count').textContent()).toContain('of 80 children');

    await page.getByLabel('Primary need').selectOption('ASD');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.url()).toContain('need=ASD');
    await expectAccessible(page);
    const cells = await page.locator('table tbody tr td:nth-child(3)').allTextContents();
    expect(cells.length).toBeGreaterThan(0);
    expect(new Set(cells.map((cell) => cell.trim()))).toEqual(new Set(['Autistic spectrum disorder']));

    // The MoJ filter shows the chosen need as a tag; following it removes the filter.
    await page.locator('.moj-filter__selected').getByRole('link', { name: 'Remove this filter Autistic spectrum disorder' }).click();
    await expect.poll(() => page.url()).not.toContain('need=');
    await expect.poll(() => page.locator('.moj-filter__selected').count()).toBe(0);
    await page.getByRole('link', { name: 'Next' }).click();
    await expect.poll(() => page.url()).toContain('page=2');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Previous' }).click();

    await walkFirstChild(page, tabs);
    await signOut(page);
    await page.context().close();
  });

  it('shows caseload filter mistakes in an accessible error summary', async () => {
    const page = await newPage();
    await signIn(page, 'sen_caseworker');
    await page.goto(`${baseUrl}/children?review=someday`);
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(page);
    await page.context().close();
  });
});

describe('people linked to particular children', () => {
  it.each([
    ['parent', 'Your children', 2],
    ['school_senco', 'Pupils', null],
    ['professional', 'Children', null],
    ['young_person', 'Your record', 1],
  ] as const)('%s sees only their own children and gets 404 for another', async (role, heading, expectedCount) => {
    const page = await newPage();
    await signIn(page, role);
    await expect.poll(() => page.getByRole('heading', { name: heading, level: 1 }).count()).toBe(1);
    await expectAccessible(page);
    const mine = await everyChildOnCaseload(page);
    if (expectedCount !== null) expect(mine).toHaveLength(expectedCount);
    expect(mine.length).toBeGreaterThan(0);
    await page.goto(`${baseUrl}/children`);

    await walkFirstChild(page, TABS_WITHOUT_FUNDING);

    const notMine = allChildIds.find((id) => !mine.includes(id)) ?? '';
    const response = await page.goto(`${baseUrl}/children/${notMine}`);
    expect(response?.status()).toBe(404);
    await expect.poll(() => page.getByRole('heading', { name: 'Page not found' }).count()).toBe(1);
    await expectAccessible(page);
    const plan = await page.goto(`${baseUrl}/children/${notMine}/plan`);
    expect(plan?.status()).toBe(404);
    await page.goto(`${baseUrl}/children`);
    await signOut(page);
    await page.context().close();
  });
});

describe('recording provision', () => {
  it('a SENCO records a session for a pupil, correcting a mistake shown in the error summary', async () => {
    const page = await newPage();
    await signIn(page, 'school_senco');
    await page.locator('table a.govuk-link').first().click();
    await page.locator('.moj-sub-navigation').getByRole('link', { name: 'Provision', exact: true }).click();
    await page.getByRole('button', { name: 'Record a session' }).click();
    await expect.poll(() => page.getByRole('group', { name: 'Record a session of' }).count()).toBe(1);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Record session' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(page);

    const [year, month, day] = TEST_CLOCK.today().split('-').map(Number);
    await page.locator('input[name="itemId"]').first().check();
    await page.getByLabel('Day').fill(String(day));
    await page.getByLabel('Month').fill(String(month));
    await page.getByLabel('Year').fill(String(year));
    await page.getByLabel('Delivered', { exact: true }).check();
    await page.getByLabel('Minutes').fill('40');
    await page.getByRole('button', { name: 'Record session' }).click();
    await expect.poll(() => page.getByText('The session has been recorded.').count()).toBe(1);
    await expect.poll(() => page.getByText('40 minutes (1 session)').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await page.context().close();
  });
});

describe('roles without child records', () => {
  it('the insight analyst sees aggregate reports and is refused the caseload', async () => {
    const page = await newPage();
    await signIn(page, 'insight_analyst');
    await expect.poll(() => page.getByRole('heading', { name: 'Reports', level: 1 }).count()).toBe(1);
    await expectAccessible(page);
    const response = await page.goto(`${baseUrl}/children`);
    expect(response?.status()).toBe(403);
    await expectAccessible(page);
    await page.context().close();
  });

  it('the LA administrator sees the users of their LA', async () => {
    const page = await newPage();
    await signIn(page, 'la_admin');
    await expect.poll(() => page.getByRole('heading', { name: 'Users', level: 1 }).count()).toBe(1);
    await expectAccessible(page);
    await signOut(page);
    await page.context().close();
  });

  it('a wrong password is answered on the sign-in page with an accessible error summary', async () => {
    const page = await newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email address').fill('caseworker@nowhere.example.org');
    await page.getByLabel('Password', { exact: true }).fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await expect.poll(() => page.locator('#email').inputValue()).toBe('caseworker@nowhere.example.org');
    await expectAccessible(page);
    await page.goto(`${baseUrl}/accessibility`);
    await expectAccessible(page);
    await page.context().close();
  });
});
