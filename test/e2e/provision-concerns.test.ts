import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDailySweep } from '../../src/jobs/provision-sweep.js';
import { paths } from '../../src/http/paths.js';
import { createTestApp, demoUser, TEST_CLOCK, type TestApp } from '../helpers/app.js';
import { expectAccessible, launchChromium } from './browser.js';

let t: TestApp;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  t = await createTestApp({ plans: 60, clock: TEST_CLOCK });
  await runDailySweep(t.database.db, TEST_CLOCK.today());
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
  await t.close();
});

async function signedIn(role: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  const user = demoUser(t.demo, role);
  await page.goto(baseUrl + paths.signIn());
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
  return page;
}

describe('provision concerns', () => {
  it('a parent says therapy is not happening; the caseworker works the concern; the parent follows it', async () => {
    const parent = await signedIn('parent');
    await parent.locator('table a.govuk-link').first().click();
    await parent.locator('.moj-sub-navigation').getByRole('link', { name: 'Provision', exact: true }).click();
    await expectAccessible(parent);
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
