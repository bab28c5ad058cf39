import { describe, expect, it } from 'vitest';
import { todayInLondon } from '../../src/domain/formatting.js';
import { checkPage as check, demoSite } from './site.js';

const site = demoSite();

describe('resource bases', () => {
  it('an inclusion officer finds a base from the menu, records a visit after fixing what the form points to, and reads the results', async () => {
    const page = await site.signedInPage('inclusion_officer');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Monitoring' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('link', { name: 'Resource bases', exact: true }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.getByRole('heading', { name: 'Resource bases and SEN units' }).count()).toBe(1);
    await check(page);
    await page.getByRole('link', { name: 'The Willow Centre' }).click();
    await page.waitForLoadState('load');
    await check(page);
    await page.getByRole('link', { name: 'Record a monitoring visit' }).click();
    await page.waitForLoadState('load');
    await check(page);
    // Sent with nothing filled in: the error summary names each thing missing, and is accessible too.
    await page.getByRole('button', { name: 'Record the visit' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Enter the date of the visit');
    await check(page);
    // Today in London, as the app reads it: a visit may not be in the future.
    const [year, month, day] = todayInLondon(new Date()).split('-');
    await page.locator('#visitedOn-day').fill(String(Number(day)));
    await page.locator('#visitedOn-month').fill(String(Number(month)));
    await page.locator('#visitedOn-year').fill(year ?? '');
    await page.getByLabel('What did the visit find?').fill('A calm, well-run base.');
    const progress = page.locator('input[type="radio"][value="expected"]');
    for (let index = 0; index < (await progress.count()); index += 1) await progress.nth(index).check();
    const inPlace = page.locator('input[type="radio"][value="yes"]');
    for (let index = 0; index < (await inPlace.count()); index += 1) await inPlace.nth(index).check();
    await page.getByRole('button', { name: 'Record the visit' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('.govuk-notification-banner--success').textContent()).toContain('The visit has been recorded');
    await check(page);
    await page.getByRole('link', { name: 'Parent survey results' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.getByRole('heading', { name: 'Parent survey results' }).count()).toBe(1);
    await check(page);
  });

  it('a parent is asked from their child’s record and answers the survey', async () => {
    const page = await site.signedInPage('parent');
    await page.getByRole('link', { name: /Ahmed/ }).first().click();
    await page.waitForLoadState('load');
    // The first child is the one placed in the base; the second is not.
    const invitation = page.getByTestId('base-survey-invitation');
    if ((await invitation.count()) === 0) {
      await page.goBack();
      await page.getByRole('link', { name: /Ahmed/ }).nth(1).click();
      await page.waitForLoadState('load');
    }
    await page.getByRole('link', { name: 'Answer 5 quick questions' }).click();
    await page.waitForLoadState('load');
    await check(page);
    await page.getByRole('group', { name: 'My child is happy at the base' }).getByLabel('Strongly agree').check();
    await page.getByRole('button', { name: 'Send your answers' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Select an answer for “Staff listen to me”');
    await check(page);
    for (const statement of ['My child is making progress', 'My child gets the support in their plan', 'Staff tell me how my child is getting on', 'Staff listen to me']) {
      await page.getByRole('group', { name: statement }).getByLabel('Agree', { exact: true }).check();
    }
    await page.getByRole('button', { name: 'Send your answers' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('.govuk-panel').textContent()).toContain('Thank you');
    await check(page);
  });
});
