import { describe, expect, it } from 'vitest';
import { checkPage as check, demoSite } from './site.js';

const site = demoSite({ plans: 60, deliveryHistory: false });

describe('average funding by placement type', () => {
  it('an insight analyst goes from the reports to the funding table and the FOI answer, and chooses another financial year', async () => {
    const page = await site.signedInPage('insight_analyst');
    await page.goto(`${site.baseUrl}/reports`);
    await page.getByRole('link', { name: /Average funding by placement type/ }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.getByRole('heading', { name: 'Average funding by placement type' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('table').first().textContent()).toContain('Mainstream school');
    await expect.poll(() => page.locator('main').textContent()).toContain('4. How much does the council fund for a SEN child in home learning');
    await check(page);
    await page.getByLabel('Financial year').selectOption({ index: 0 });
    await page.getByRole('button', { name: 'Show this financial year' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('main').textContent()).toContain('(so far)');
    await check(page);
  });
});
