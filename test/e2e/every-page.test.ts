import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { AXE_TAGS } from './browser.js';
import { demoSite } from './site.js';
import { AxeBuilder } from '@axe-core/playwright';

/*
 * Journeys check the pages they pass through; this checks every page a person can reach by
 * following links, so a page no journey opens is not left unchecked. To finish in a few minutes
 * on two busy cores the crawl is bounded: URLs that differ only in ids or query values are the
 * same page, so at most PER_PATTERN of each are opened, and at most PAGES_PER_ROLE per role.
 * Assets, downloads (CSV, JSON, document files) and sign-out are not pages, and are skipped.
 */
const PER_PATTERN = 2;
const PAGES_PER_ROLE = 15;
const SKIPPED = [/^\/assets\//, /^\/sign-out/, /^\/api\//, /\/download$/, /\.(csv|json)$/];

/** The page a URL shows, whatever record it is for: ids and query values replaced by placeholders. */
export function pagePattern(url: URL): string {
  const path = url.pathname
    .replace(/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/g, '/:id')
    .replace(/\/\d+(?=\/|$)/g, '/:n')
    .replace(/\/\d{4}-\d{2}-\d{2}(?=\/|$)/g, '/:date');
  const keys = [...new Set(url.searchParams.keys())].sort();
  return keys.length > 0 ? `${path}?${keys.join('&')}` : path;
}

// With the demo's delivery history, so the ledger and delivery pages have figures to show.
const site = demoSite({ plans: 30, deliveryHistory: true });

async function problemsOn(page: Page): Promise<string[]> {
  const problems: string[] = [];
  const classes = (await page.locator('body').getAttribute('class')) ?? '';
  if (!classes.includes('govuk-frontend-supported')) problems.push('govuk-frontend-supported is not set');
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  for (const violation of results.violations) {
    problems.push(
      `axe ${violation.id}: ${violation.help} — ${violation.nodes
        .map((node) => node.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
    );
  }
  return problems;
}

describe('every page each demo role can reach', () => {
  it('answers 200, a redirect or 404 (never 5xx), with zero axe violations and GOV.UK Frontend started', async () => {
    const problems: string[] = [];
    const visitedPerRole: Record<string, number> = {};
    // One account per role: the demo has many family accounts, and each sees the same pages.
    const baseUrl = site.baseUrl;
    const oneOfEachRole = site.t.demo.users.filter((user, index, users) => users.findIndex((other) => other.role === user.role) === index);
    for (const user of oneOfEachRole) {
      const page = await site.signedInPage(user.role);
      const queue = [new URL(page.url()).pathname];
      const seen = new Set(queue);
      const perPattern = new Map<string, number>();
      let visited = 0;
      while (queue.length > 0 && visited < PAGES_PER_ROLE) {
        const path = queue.shift() ?? '';
        const pattern = pagePattern(new URL(path, baseUrl));
        if ((perPattern.get(pattern) ?? 0) >= PER_PATTERN) continue;
        perPattern.set(pattern, (perPattern.get(pattern) ?? 0) + 1);
        visited += 1;
        const response = await page.goto(`${baseUrl}${path}`);
        const status = response?.status() ?? 0;
        if (!(status === 200 || status === 404 || (status >= 300 && status < 400))) problems.push(`${user.role} ${path}: HTTP ${String(status)}`);
        if (!(response?.headers()['content-type'] ?? '').includes('text/html')) continue;
        for (const problem of await problemsOn(page)) {
          problems.push(`${user.role} ${path}: ${problem}`);
          console.log(`${user.role} ${path}: ${problem}`);
        }
        const links = [...(await page.content()).matchAll(/<a\b(?![^>]*\bdownload\b)[^>]*\bhref="([^"#]*)/g)].map((match) => (match[1] ?? '').replaceAll('&amp;', '&'));
        for (const href of links) {
          const url = new URL(href, page.url());
          if (url.origin !== baseUrl) continue;
          const next = `${url.pathname}${url.search}`;
          if (seen.has(next) || SKIPPED.some((skip) => skip.test(url.pathname))) continue;
          seen.add(next);
          queue.push(next);
        }
      }
      visitedPerRole[user.role] = visited;
      await page.context().close();
    }
    console.log('pages checked per role', visitedPerRole);
    expect(problems).toEqual([]);
  }, 900_000);
});
