import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.js';
import { todayInLondon } from '../../src/domain/formatting.js';
import { spellStartForSchoolDays } from '../../src/domain/full-time.js';
import { loadSchoolCalendar } from '../../src/modules/calendar/repository.js';
import { sweepLa } from '../../src/modules/concerns/sweep.js';
import { aChild, aPlacement, aPlanWithProvision, aSchool, theDemoLa, type TestChild } from '../factories/index.js';
import { expectAccessible } from './browser.js';
import { demoSite } from './site.js';

/** A child with a plan, at a mainstream school, with no education recorded yet. */
let target: TestChild;

const site = demoSite({
  plans: 80,
  deliveryHistory: true,
  prepare: async (t) => {
    const la = theDemoLa(t);
    target = await aChild(la);
    await aPlacement(la, target, { at: await aSchool(la) });
    await aPlanWithProvision(la, target);
  },
});
const baseUrl = () => site.baseUrl;

function parts(iso: string): [string, string, string] {
  const [year, month, day] = iso.split('-');
  return [String(Number(day)), String(Number(month)), year ?? ''];
}

describe('full-time education', () => {
  it('a caseworker records a part-time timetable, finds the child on the list of children without full-time education, and the daily check raises a concern', async () => {
    const today = todayInLondon();
    const calendar = await loadSchoolCalendar(site.t.database.db, site.t.demo.laId);
    const start = spellStartForSchoolDays(calendar, today, 20) ?? today;
    const name = target.name;

    const page = await site.signedInPage('sen_caseworker');
    const record = site.childRecord(page, target.id);
    await page.goto(record.overview.url);
    await record.inclusion.select();
    await expect.poll(() => page.getByRole('heading', { name: 'Education offered' }).count()).toBe(1);

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
      await page.goto(`${baseUrl()}/education/not-full-time?page=${String(pageNumber + 1)}`);
    }
    const row = page.locator('tr', { has: page.getByRole('link', { name, exact: true }) });
    await expect.poll(() => row.textContent()).toContain('20 school days');
    await expect.poll(() => row.textContent()).toContain('Part-time timetable');
    await expectAccessible(page);

    // Twenty school days is past the LA's default limit of 15: the daily check raises a concern.
    expect((await sweepLa(site.t.database.db, site.t.demo.laId, today)).notFullTimeConcernsRaised).toBeGreaterThan(0);
    await row.getByRole('link', { name, exact: true }).click();
    await expect.poll(() => page.locator('.moj-identity-bar h1').textContent()).toBe(name);
    await site.recordShown(page).inclusion.select();
    const concerns = page.getByRole('table', { name: 'Full-time education concerns' });
    await expect.poll(() => concerns.textContent()).toContain('Not in full-time education');
    await expectAccessible(page);
    await concerns.getByRole('link', { name: 'Full-time education' }).click();
    await expect.poll(() => page.getByText('20 school days without full-time education').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await page.context().close();
  });
});
