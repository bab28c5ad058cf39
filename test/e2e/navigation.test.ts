/// <reference lib="dom" />
// The checks below run inside the page, where the DOM is there to read.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasPermission } from '../../src/auth/permissions.js';
import { ROLES, type Role } from '../../src/auth/roles.js';
import { expectAccessible } from './browser.js';
import { demoSite } from './site.js';

const site = demoSite();
const baseUrl = () => site.baseUrl;

/** How many rows a list of elements takes: the distinct tops of its items. */
async function rowsOf(page: Page, selector: string): Promise<number> {
  const tops = await page.locator(selector).evaluateAll((items) => items.map((item) => (item as HTMLElement).offsetTop));
  expect(tops.length, `${selector} on ${page.url()}`).toBeGreaterThan(0);
  return new Set(tops).size;
}

async function expectReflows(page: Page): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `horizontal scrolling on ${page.url()} at 320 px`).toBeLessThanOrEqual(320);
  await expectAccessible(page);
}

/** The pages each role starts from: their landing page and, where they have one, a child's record. */
async function pagesOf(page: Page, role: Role): Promise<string[]> {
  const pages = [page.url()];
  if (hasPermission(role, 'child:view')) {
    await page.goto(`${baseUrl()}/children`);
    const firstChild = await page.locator('main table a.govuk-link, main a.govuk-link[href^="/children/"]').first().getAttribute('href');
    expect(firstChild).toMatch(/^\/children\/[0-9a-f-]{36}$/);
    pages.push(`${baseUrl()}${firstChild ?? ''}`, `${baseUrl()}${firstChild ?? ''}/timeline`);
  }
  return pages;
}

describe('navigation fits', () => {
  it.each(ROLES)('%s: one row of menu and tabs at 1280 px, no sideways scrolling at 320 px', async (role) => {
    const page = await site.signedInPage(role, { viewport: { width: 1280, height: 900 } });
    for (const url of await pagesOf(page, role)) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(url);
      expect(await rowsOf(page, '.govuk-service-navigation__item'), `service navigation on ${url}`).toBe(1);
      if (url.includes('/children/')) {
        expect(await rowsOf(page, '.app-child-tabs .moj-sub-navigation__item'), `child tabs on ${url}`).toBe(1);
      }
      await page.setViewportSize({ width: 320, height: 640 });
      await page.goto(url);
      await expectReflows(page);
    }
    await page.context().close();
  });

  it('the caseload’s dates stay on one line', async () => {
    const page = await site.signedInPage('sen_caseworker', { viewport: { width: 1280, height: 900 } });
    await page.goto(`${baseUrl()}/children`);
    const lineCounts = await page.locator('main tbody tr td:nth-child(2), main tbody tr td:nth-child(5) .app-nowrap').evaluateAll((cells) =>
      cells.map((cell) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
      }),
    );
    expect(lineCounts.length).toBeGreaterThan(20);
    expect(Math.max(...lineCounts)).toBe(1);
    await page.context().close();
  });
});
