import { describe, expect, it } from 'vitest';
import { todayInLondon } from '../../src/domain/formatting.js';
import { runDailySweep } from '../../src/modules/concerns/sweep.js';
import { expectAccessible } from './browser.js';
import { demoSite } from './site.js';

// With the demo's delivery history and the daily check run on it, so the delivery pages have shortfalls to follow.
const site = demoSite({
  plans: 60,
  deliveryHistory: true,
  prepare: async (t) => {
    await runDailySweep(t.database.db, todayInLondon());
  },
});
const signedIn = (role: 'parent' | 'sen_caseworker' | 'sen_team_manager') => site.signedInPage(role);

describe('provision concerns', () => {
  it('a parent says therapy is not happening; the caseworker works the concern; the parent follows it', async () => {
    const parent = await signedIn('parent');
    await parent.locator('table a.govuk-link').first().click();
    await site.recordShown(parent).provision.select();
    await parent.getByRole('link', { name: 'Tell us provision is not happening' }).click();
    await expectAccessible(parent);
    await parent.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => parent.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(parent);
    await parent.locator('input[name="itemId"]').first().check();
    await parent.getByLabel('What is happening?').fill('No sessions for three weeks; the school says the therapist is off.');
    await parent.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => parent.getByText('The concern has been raised and sent to the caseworker.').count()).toBe(1);
    await expectAccessible(parent);
    const concernUrl = parent.url().replace('?raised=1', '');

    const caseworker = await signedIn('sen_caseworker');
    // Concerns are the first of the monitoring pages in the menu.
    await caseworker.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Monitoring' }).click();
    await expect.poll(() => caseworker.getByRole('heading', { name: 'Provision concerns', level: 1 }).count()).toBe(1);
    await expectAccessible(caseworker);
    await caseworker.goto(concernUrl);
    await caseworker.getByLabel('Action agreed').check();
    await caseworker.getByRole('button', { name: 'Record step' }).click();
    await expect.poll(() => caseworker.locator('.govuk-error-summary').count()).toBe(1);
    await expectAccessible(caseworker);
    await caseworker.getByLabel('Note').fill('Cover therapist from Monday and 3 make-up sessions before Christmas.');
    await caseworker.getByRole('button', { name: 'Record step' }).click();
    await expect.poll(() => caseworker.getByText('The step has been recorded.').count()).toBe(1);
    await expectAccessible(caseworker);

    await parent.goto(concernUrl);
    await expect.poll(() => parent.getByText('3 make-up sessions before Christmas').count()).toBe(1);
    await parent.locator('.moj-sub-navigation').getByRole('link', { name: 'Communication', exact: true }).click();
    await expect.poll(() => parent.getByText(/Provision concern: Action agreed/).count()).toBe(1);
    await expectAccessible(parent);
  });

  it('the team manager reads delivery across the LA and follows a shortfall to the child', async () => {
    const manager = await signedIn('sen_team_manager');
    await manager.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Monitoring' }).click();
    await manager.waitForLoadState('load');
    await manager.locator('.moj-sub-navigation').getByRole('link', { name: 'Delivery', exact: true }).click();
    await expect.poll(() => manager.getByRole('heading', { name: 'Provision delivery', level: 1 }).count()).toBe(1);
    await expectAccessible(manager);
    await manager.getByRole('link', { name: 'Show this school year' }).click();
    await expectAccessible(manager);
    await manager.locator('table a.govuk-link').first().click();
    await expect.poll(() => manager.getByRole('heading', { name: 'Provision', level: 2 }).count()).toBe(1);
    await expectAccessible(manager);
  });
});
