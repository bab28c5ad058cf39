import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { todayInLondon } from '../../src/domain/formatting.js';
import { aFamilyLink, aProfessionalAssignment, aPupil, demoAccounts, theDemoLa } from '../factories/index.js';
import { demoUser } from '../helpers/app.js';
import { expectAccessible } from './browser.js';
import { demoSite } from './site.js';

/** A pupil at the demo SENCO's school, linked here to the demo parent and professional, so all four see one child. */
let childId: string;

const site = demoSite({
  prepare: async (t) => {
    const accounts = await demoAccounts(t);
    const la = theDemoLa(t);
    const pupil = await aPupil(la, accounts.school_senco.settingId ?? '');
    await aFamilyLink(la, pupil, accounts.parent, { name: 'Sarah Ahmed', relationship: 'Mother' });
    await aProfessionalAssignment(la, pupil, accounts.professional, { involvement: 'Speech and language therapy' });
    childId = pupil.id;
  },
});
const signIn = (role: Parameters<typeof site.signedInPage>[0]) => site.signedInPage(role);

/** From the record's overview, by the tabs: Timeline, People involved and who has looked are pages of the Communication tab. */
async function openTab(page: Page, tab: 'Timeline' | 'People involved' | 'Who has looked at this record'): Promise<void> {
  const record = site.childRecord(page, childId);
  await page.goto(record.overview.url);
  await { Timeline: record.timeline, 'People involved': record.people, 'Who has looked at this record': record.accessLog }[tab].select();
}

async function timelineTitles(page: Page): Promise<string[]> {
  return page.locator('.moj-timeline__title').allTextContents();
}

describe('the shared timeline', () => {
  it('a caseworker logs a restricted LA-only note and a family call; the parent, SENCO and professional each see what they should, and the parent reads their access log', async () => {
    const [day, month, year] = todayInLondon().split('-').reverse().map((part) => String(Number(part)));
    const caseworker = await signIn('sen_caseworker');
    await openTab(caseworker, 'Timeline');
    await caseworker.getByRole('link', { name: 'Log a call, letter, meeting or note' }).click();
    await caseworker.waitForLoadState('load');
    await expectAccessible(caseworker);

    // Nothing filled in: every missing answer is named.
    await caseworker.getByRole('button', { name: 'Add to timeline' }).click();
    await expect.poll(() => caseworker.locator('.govuk-error-summary').textContent()).toContain('Enter a summary');
    await expectAccessible(caseworker);

    const log = async (kind: string, title: string, audience: string, restrictTo?: string) => {
      await caseworker.getByLabel(kind, { exact: true }).check();
      await caseworker.locator('#when-day').fill(day ?? '');
      await caseworker.locator('#when-month').fill(month ?? '');
      await caseworker.locator('#when-year').fill(year ?? '');
      await caseworker.getByLabel('Summary').fill(title);
      await caseworker.getByLabel(audience, { exact: true }).check();
      if (restrictTo) await caseworker.getByLabel(restrictTo, { exact: true }).check();
      await caseworker.getByRole('button', { name: 'Add to timeline' }).click();
      await expect.poll(() => caseworker.locator('.govuk-notification-banner--success').count()).toBe(1);
      await expectAccessible(caseworker);
    };
    await log('Note', 'Safeguarding: strategy meeting held', 'LA staff only', 'SEN team manager');
    await caseworker.getByRole('link', { name: 'Log a call, letter, meeting or note' }).click();
    await caseworker.waitForLoadState('load');
    await log('Phone call', 'Call with mum about transport', 'Family and everyone working with the child');
    const seenByCaseworker = await timelineTitles(caseworker);
    expect(seenByCaseworker.slice(0, 2)).toEqual(['Call with mum about transport', 'Safeguarding: strategy meeting held']);
    await expect.poll(() => caseworker.locator('.moj-timeline').textContent()).toContain('Restricted: SEN team manager');

    for (const role of ['parent', 'school_senco', 'professional'] as const) {
      const page = await signIn(role);
      await openTab(page, 'Timeline');
      const titles = await timelineTitles(page);
      expect(titles, role).toContain('Call with mum about transport');
      expect(titles, role).not.toContain('Safeguarding: strategy meeting held');
      expect(await page.locator('.moj-timeline').textContent(), role).not.toContain('LA only');
      await openTab(page, 'People involved');
      const people = (await page.locator('main').textContent()) ?? '';
      expect(people).toContain('Sarah Ahmed');
      if (role === 'parent') {
        expect(people).toContain(demoUser(site.t.demo, 'parent').email);
        await openTab(page, 'Who has looked at this record');
        const logText = (await page.locator('main').textContent()) ?? '';
        expect(logText).toContain(`${demoUser(site.t.demo, 'sen_caseworker').displayName}, SEN caseworker,`);
        expect(logText).toContain('added to the timeline');
      } else {
        expect(people).not.toContain(demoUser(site.t.demo, 'parent').email);
      }
    }
  });
});
