import { describe, expect, it } from 'vitest';
import { aPlanWithProvision, aPupil, aSchool, anOrganisation, theDemoLa, therapyFrom } from '../factories/index.js';
import { checkPage as check, demoSite } from './site.js';

/** A child whose plan has a line in vague words ("regular sessions"). */
let vagueChildId: string;

const site = demoSite({
  prepare: async (t) => {
    const la = theDemoLa(t);
    const pupil = await aPupil(la, await aSchool(la));
    const trust = await anOrganisation(la);
    await aPlanWithProvision(la, pupil, {
      provision: [therapyFrom(trust, { section: 'G', description: 'Child and adolescent mental health service: regular sessions with a named clinician', provisionType: 'mental_health' })],
    });
    vagueChildId = pupil.id;
  },
});
const signedIn = (role: 'school_senco' | 'sen_caseworker' | 'la_admin') => site.signedInPage(role);

describe('the week grid and corrections', () => {
  it('a SENCO logs a week for their pupils, fixes a mistake the form points to, then corrects a record', async () => {
    const page = await signedIn('school_senco');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Record provision' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Record a week of provision' }).count()).toBe(1);
    await check(page);
    // Last week: a whole week that has happened.
    await page.locator('.govuk-pagination__prev a').click();
    await page.waitForLoadState('load');
    await check(page);
    const groups = page.locator('tbody.govuk-table__body');
    expect(await groups.count()).toBeGreaterThanOrEqual(2);
    const firstPupil = (await groups.nth(0).locator('th a').textContent())?.trim() ?? '';
    // Sessions only: the minutes come from the plan's session length.
    await groups.nth(0).locator('input[name$="-delivered-sessions"]').first().fill('2');
    await groups.nth(1).locator('input[name$="-delivered-sessions"]').first().fill('1');
    await groups.nth(1).locator('input[name$="-missed-sessions"]').first().fill('1');
    await groups.nth(1).locator('input[name$="-missed-minutes"]').first().fill('30');
    await page.getByRole('button', { name: 'Record this week' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('Select why the sessions were missed');
    await check(page);
    // What was typed is still there; the reason is chosen and the week goes in.
    expect(await groups.nth(0).locator('input[name$="-delivered-sessions"]').first().inputValue()).toBe('2');
    await groups.nth(1).locator('select[name$="-missed-reason"]').first().selectOption('staff_vacancy');
    await page.getByRole('button', { name: 'Record this week' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('.govuk-notification-banner--success').textContent()).toContain('Recorded 3 records for 2 pupils');
    await check(page);

    // The first pupil's records: the weekly total is there and can be corrected by a new record.
    await groups.nth(0).locator('th a').click();
    await page.waitForLoadState('load');
    await page
      .getByRole('link', { name: /^Records/ })
      .first()
      .click();
    await page.waitForLoadState('load');
    await check(page);
    await page
      .getByRole('link', { name: /^Correct/ })
      .first()
      .click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.getByRole('heading', { name: /Correct a record of/ }).count()).toBe(1);
    await check(page);
    await page.getByLabel('Sessions', { exact: true }).fill('1');
    await page.getByLabel('Minutes', { exact: true }).fill('25');
    await page.getByRole('button', { name: 'Save correction' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('.govuk-notification-banner--success').textContent()).toContain('The correction has been recorded');
    await expect.poll(() => page.locator('.govuk-tag', { hasText: 'Superseded' }).count()).toBe(1);
    await check(page);
    expect(await page.locator('.moj-identity-bar h1').textContent()).toContain(firstPupil);
  });

  it('shows vague wording with its reason on the Plan and Provision tabs', async () => {
    const vague = { childId: vagueChildId };
    expect(vague.childId).toBeDefined();
    const page = await signedIn('sen_caseworker');
    const record = site.childRecord(page, vague.childId);
    for (const tab of [record.plan, record.provision]) {
      await tab.open();
      await expect.poll(() => page.getByText('Vague: “regular”').count()).toBeGreaterThan(0);
      await expect.poll(() => page.getByText(/Does not say how often/).count()).toBeGreaterThan(0);
      await check(page);
    }
  });
});

describe('LA administration', () => {
  it('an administrator edits a term, adds an INSET day and sets the thresholds', async () => {
    const page = await signedIn('la_admin');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Settings' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.getByText('These are the default term dates for England').count()).toBe(1);
    await check(page);
    await page.getByRole('link', { name: 'Change Autumn 2026' }).click();
    await page.waitForLoadState('load');
    await check(page);
    // A half term that ends before it starts is refused, with the form kept.
    await page.locator('input[name="halfTermEnd-day"]').fill('20');
    await page.getByRole('button', { name: 'Save term' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('The last day of half term must be on or after its first day');
    await check(page);
    await page.locator('input[name="halfTermEnd-day"]').fill('30');
    await page.getByLabel('Name of the term').fill('Autumn term 2026');
    await page.getByRole('button', { name: 'Save term' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('.govuk-notification-banner--success').count()).toBe(1);
    await expect.poll(() => page.getByRole('cell', { name: 'Autumn term 2026', exact: true }).count()).toBe(1);
    await check(page);

    await page.getByRole('button', { name: 'Add a closure' }).click();
    await page.waitForLoadState('load');
    await check(page);
    await page.locator('input[name="date-day"]').fill('25');
    await page.locator('input[name="date-month"]').fill('11');
    await page.locator('input[name="date-year"]').fill('2026');
    await page.getByLabel('School closure (INSET or other)').check();
    await page.getByLabel('Description (optional)').fill('INSET day');
    await page.getByRole('button', { name: 'Save closure' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.getByRole('cell', { name: 'INSET day', exact: true }).count()).toBe(1);
    await check(page);

    await page.getByRole('link', { name: 'Alarm thresholds' }).click();
    await page.waitForLoadState('load');
    await check(page);
    await page.getByLabel('Share of what is owed that must be delivered').fill('85');
    await page.getByRole('button', { name: 'Save thresholds' }).click();
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('.govuk-notification-banner--success').textContent()).toContain('The thresholds have been saved');
    await check(page);
  });
});
