import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/domain/csv.js';
import { addDays } from '../../src/domain/dates.js';
import { createTestApp, demoUser, TEST_CLOCK, type TestApp } from '../helpers/app.js';
import { expectAccessible, expectFrontendSupported, launchChromium } from './browser.js';

let t: TestApp;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  t = await createTestApp({ plans: 40, deliveryHistory: false, clock: TEST_CLOCK });
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
  await t.close();
});

async function signedIn(role: string): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const user = demoUser(t.demo, role);
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
  return page;
}

async function uploadFile(page: Page, name: string, content: string | Buffer): Promise<void> {
  await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.isBuffer(content) ? content : Buffer.from(content) });
  await page.getByRole('button', { name: 'Upload and check' }).click();
  await page.waitForLoadState('load');
}

describe('a SENCO records a week of provision from a spreadsheet', () => {
  it('downloads the pre-filled template, fills it in, uploads it, sees errors for a bad file and is told when a file was imported before', async () => {
    const page = await signedIn('school_senco');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Record provision' }).click();
    await page.waitForLoadState('load');
    await page.locator('.moj-sub-navigation').getByRole('link', { name: 'Upload delivery' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Upload delivery records');
    await expectFrontendSupported(page);
    await page.getByText('What goes in each column').click();
    await expectAccessible(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /template with your children/ }).click()]);
    const template = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
    const rows = parseCsv(template);
    expect(rows[0]?.fields.slice(0, 4)).toEqual(['item_id', 'child', 'provision', 'date']);
    expect(rows.length).toBeGreaterThan(2);

    // Fill in two of the rows: a delivered session and a missed one, as a spreadsheet would.
    const day = addDays(TEST_CLOCK.today(), -1);
    const filled = rows.map((row, index) => {
      const [itemId = '', child = '', provision = ''] = row.fields;
      if (index === 1) return [itemId, child, provision, day, '', 'delivered', '1', '30', '', 'no', '', ''];
      if (index === 2) return [itemId, child, provision, day, '', 'missed', '1', '30', 'provider_absent', '', '', ''];
      return row.fields;
    });
    const csv = filled.map((fields) => fields.map((field) => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field)).join(',')).join('\r\n');

    // First a file with a mistake: nothing is imported and the line is named.
    const broken = csv.replace(`${day},,missed,1,30,provider_absent`, `${day},,missed,1,-30,provider_absent`);
    await uploadFile(page, 'week.csv', broken);
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await expect.poll(() => page.locator('#problems').textContent()).toContain('Minutes must be 1 or more');
    expect(await page.locator('#problems tbody tr').first().locator('td').first().textContent()).toBe('3');
    expect(await page.title()).toMatch(/^Error: /);
    await expectAccessible(page);

    await uploadFile(page, 'week.csv', csv);
    await expect.poll(() => page.locator('.govuk-panel__title').textContent()).toContain('Delivery records imported');
    expect(await page.locator('.govuk-panel__body').textContent()).toMatch(/2 records for [12] child/);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Upload another file' }).click();
    await uploadFile(page, 'week-again.csv', csv);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('This file was imported before');
    await expectAccessible(page);
  });

  it('an administrator issues a key, sees it once, and revokes it', async () => {
    const page = await signedIn('la_admin');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Settings' }).click();
    await page.waitForLoadState('load');
    await page.locator('.moj-sub-navigation').getByRole('link', { name: 'API keys' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('API keys');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Issue an API key' }).click();
    await page.getByRole('button', { name: 'Issue key' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(page);
    const senco = demoUser(t.demo, 'school_senco');
    const option = page.locator('#userId option', { hasText: senco.email });
    await page.locator('#userId').selectOption((await option.getAttribute('value')) ?? '');
    await page.getByLabel('Name of the key').fill('School information system');
    await page.getByRole('button', { name: 'Issue key' }).click();
    await expect.poll(() => page.locator('#api-key').textContent()).toMatch(/^oehcp_[0-9a-f]{8}_/);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Back to API keys' }).click();
    await page
      .getByRole('link', { name: /Revoke/ })
      .first()
      .click();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Revoke key' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toContain('has been revoked');
    await expectAccessible(page);
  });
});
