import { and, asc, eq, sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { child } from '../../src/db/schema/index.js';
import { addDays } from '../../src/domain/dates.js';
import { spellStartForSchoolDays } from '../../src/domain/full-time.js';
import { loadSchoolCalendar } from '../../src/modules/calendar/repository.js';
import { sweepLa } from '../../src/modules/concerns/service.js';
import { createTestApp, demoUser, TEST_CLOCK, type TestApp } from '../helpers/app.js';
import { expectAccessible, expectFrontendSupported, launchChromium, signInThroughForm } from './browser.js';
import { paths } from '../../src/http/paths.js';

let t: TestApp;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  t = await createTestApp({ plans: 80, clock: TEST_CLOCK });
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
  await t.close();
});

async function signIn(page: Page, role: string): Promise<void> {
  await signInThroughForm(page, baseUrl, demoUser(t.demo, role));
}

function parts(iso: string): [string, string, string] {
  const [year, month, day] = iso.split('-');
  return [String(Number(day)), String(Number(month)), year ?? ''];
}

describe('full-time education', () => {
  it('a caseworker records a part-time timetable, finds the child on the list of children without full-time education, and the daily check raises a concern', async () => {
    const today = TEST_CLOCK.today();
    const calendar = await loadSchoolCalendar(t.database.db, t.demo.laId);
    const start = spellStartForSchoolDays(calendar, today, 20) ?? today;
    const [target] = await t.database.db
      .select({ id: child.id, forename: child.forename, surname: child.surname })
      .from(child)
      .where(and(eq(child.laId, t.demo.laId), sql`not exists (select 1 from education_arrangement a where a.child_id = ${child.id})`))
      .orderBy(asc(child.id))
      .limit(1);
    if (!target) throw new Error('No child without an arrangement');
    const name = `${target.forename} ${target.surname}`;

    const page = await (await browser.newContext()).newPage();
    await signIn(page, 'sen_caseworker');
    await page.goto(baseUrl + paths.child.overview({ childId: target.id }));
    await page.locator('.moj-sub-navigation').getByRole('link', { name: 'Inclusion', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Education offered' }).count()).toBe(1);
    await expectFrontendSupported(page);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Record a change to the education offered' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Record the education offered' }).count()).toBe(1);
    await expectAccessible(page);

    // A part-time timetable with nothing else filled in: every missing answer is named.
    await page.getByLabel('Part-time timetable', { exact: true }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Enter why the child is on a part-time timetable');
    await expectAccessible(page);

    await page.locator('#offeredHours').fill('12');
    await page.locator('#offeredMinutes').fill('30');
    await page.getByLabel('If part-time: why is the child on a part-time timetable?').fill('Phased return after anxiety-related absence');
    const [startDay, startMonth, startYear] = parts(start);
    await page.locator('#startDate-day').fill(startDay);
    await page.locator('#startDate-month').fill(startMonth);
    await page.locator('#startDate-year').fill(startYear);
    const [reviewDay, reviewMonth, reviewYear] = parts(addDays(today, 14));
    await page.locator('#reviewDate-day').fill(reviewDay);
    await page.locator('#reviewDate-month').fill(reviewMonth);
    await page.locator('#reviewDate-year').fill(reviewYear);
    await page.getByLabel('Agreed by').fill('Parent and headteacher');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByText('The education offered has been recorded.').count()).toBe(1);
    await expect.poll(() => page.getByText('12 hours 30 minutes of 32 hours 30 minutes a week (38%)').count()).toBeGreaterThan(0);
    await expectAccessible(page);

    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Monitoring' }).click();
    await page.waitForLoadState('load');
    await page.locator('.moj-sub-navigation').getByRole('link', { name: 'Not in full-time education' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Children without full-time education' }).count()).toBe(1);
    await expectAccessible(page);
    // Longest first: find the child on whichever page they are.
    for (let pageNumber = 1; pageNumber <= 10 && (await page.getByRole('link', { name, exact: true }).count()) === 0; pageNumber += 1) {
      await page.goto(baseUrl + paths.monitoring.notFullTime({ page: pageNumber + 1 }));
    }
    const row = page.locator('tr', { has: page.getByRole('link', { name, exact: true }) });
    await expect.poll(() => row.textContent()).toContain('20 school days');
    await expect.poll(() => row.textContent()).toContain('Part-time timetable');
    await expectAccessible(page);

    // Twenty school days is past the LA's default limit of 15: the daily check raises a concern.
    expect((await sweepLa(t.database.db, t.demo.laId, today)).notFullTimeConcernsRaised).toBeGreaterThan(0);
    await row.getByRole('link', { name, exact: true }).click();
    await expect.poll(() => page.locator('.moj-identity-bar h1').textContent()).toBe(name);
    await page.locator('.moj-sub-navigation').getByRole('link', { name: 'Inclusion', exact: true }).click();
    const concerns = page.getByRole('table', { name: 'Full-time education concerns' });
    await expect.poll(() => concerns.textContent()).toContain('Not in full-time education');
    await expectAccessible(page);
    await concerns.getByRole('link', { name: 'Full-time education' }).click();
    await expect.poll(() => page.getByText('20 school days without full-time education').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await page.context().close();
  });
});
