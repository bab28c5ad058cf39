import { and, eq, isNull } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUser, familyLink, placement, professionalAssignment } from '../../src/db/schema/index.js';
import { addDays } from '../../src/domain/dates.js';
import { createTestApp, demoUser, TEST_CLOCK, type TestApp } from '../helpers/app.js';
import { expectAccessible, expectFrontendSupported, launchChromium, signInThroughForm } from './browser.js';
import { paths } from '../../src/http/paths.js';

let t: TestApp;
let baseUrl: string;
let browser: Browser;
/** A pupil at the demo SENCO's school, linked here to the demo parent and professional, so all four see one child. */
let childId: string;

beforeAll(async () => {
  t = await createTestApp({ plans: 40, deliveryHistory: false, clock: TEST_CLOCK });
  const db = t.database.db;
  const laId = t.demo.laId;
  const idOf = async (role: string) =>
    (
      await db
        .select({ id: appUser.id, settingId: appUser.settingId })
        .from(appUser)
        .where(eq(appUser.email, demoUser(t.demo, role).email))
    )[0];
  const senco = await idOf('school_senco');
  const [pupil] = await db
    .select({ id: placement.childId })
    .from(placement)
    .where(and(eq(placement.settingId, senco?.settingId ?? ''), isNull(placement.endDate)))
    .limit(1);
  childId = pupil?.id ?? '';
  await db.insert(familyLink).values({ laId, childId, userId: (await idOf('parent'))?.id, name: 'Sarah Ahmed', relationship: 'Mother', hasParentalResponsibility: true });
  await db
    .insert(professionalAssignment)
    .values({ laId, childId, userId: (await idOf('professional'))?.id ?? '', involvement: 'Speech and language therapy', startDate: addDays(TEST_CLOCK.today(), -100) });
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
  await t.close();
});

async function signIn(role: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInThroughForm(page, baseUrl, demoUser(t.demo, role));
  return page;
}

async function openTab(page: Page, tab: string): Promise<void> {
  await page.goto(`${baseUrl}${paths.child.overview({ childId })}`);
  // Timeline, People involved and who has looked are pages of the Communication tab.
  if (tab !== 'Overview') {
    await page.locator('.app-child-tabs').getByRole('link', { name: 'Communication', exact: true }).click();
    await page.waitForLoadState('load');
  }
  await page.locator('.moj-sub-navigation').getByRole('link', { name: tab, exact: true }).click();
  await page.waitForLoadState('load');
  await expectFrontendSupported(page);
  await expectAccessible(page);
}

async function timelineTitles(page: Page): Promise<string[]> {
  return page.locator('.moj-timeline__title').allTextContents();
}

describe('the shared timeline', () => {
  it('a caseworker logs a restricted LA-only note and a family call; the parent, SENCO and professional each see what they should, and the parent reads their access log', async () => {
    const [day, month, year] = TEST_CLOCK.today()
      .split('-')
      .reverse()
      .map((part) => String(Number(part)));
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

    for (const role of ['parent', 'school_senco', 'professional']) {
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
        expect(people).toContain(demoUser(t.demo, 'parent').email);
        await openTab(page, 'Who has looked at this record');
        const logText = (await page.locator('main').textContent()) ?? '';
        expect(logText).toContain(`${demoUser(t.demo, 'sen_caseworker').displayName}, SEN caseworker,`);
        expect(logText).toContain('added to the timeline');
      } else {
        expect(people).not.toContain(demoUser(t.demo, 'parent').email);
      }
    }
  });
});
