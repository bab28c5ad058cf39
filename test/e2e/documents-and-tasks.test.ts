import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUser, child, familyLink, placement, task } from '../../src/db/schema/index.js';
import { addDays } from '../../src/domain/dates.js';
import { minimalPdf } from '../../src/seed/documents.js';
import { paths } from '../../src/http/paths.js';
import { createTestApp, demoUser, TEST_CLOCK, type TestApp } from '../helpers/app.js';
import { expectAccessible, expectFrontendSupported, launchChromium, signInThroughForm } from './browser.js';

let t: TestApp;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  t = await createTestApp({ plans: 40, deliveryHistory: false, clock: TEST_CLOCK });
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

const userIdOf = async (role: string) =>
  (
    await t.database.db
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, role).email))
  )[0]?.id ?? '';

describe('documents and tasks', () => {
  it('a SENCO uploads a document for a pupil; a refused file is explained', async () => {
    const sencoId = await userIdOf('school_senco');
    const [pupil] = await t.database.db
      .select({ id: child.id })
      .from(child)
      .innerJoin(placement, and(eq(placement.childId, child.id), isNull(placement.endDate)))
      .where(sql`${placement.settingId} = (select setting_id from app_user where id = ${sencoId})`)
      .orderBy(asc(child.id))
      .limit(1);
    if (!pupil) throw new Error('The SENCO has no pupils');
    const page = await (await browser.newContext()).newPage();
    await signIn(page, 'school_senco');
    await page.goto(`${baseUrl}/children/${pupil.id}`);
    await page.locator('.moj-sub-navigation').getByRole('link', { name: 'Documents', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Add a document' }).count()).toBe(1);
    await expectFrontendSupported(page);
    await expectAccessible(page);

    await page.getByLabel('Title').fill('Termly SEN support review');
    await page.getByLabel('Family and everyone working with the child').check();
    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1') });
    await page.getByRole('button', { name: 'Upload document' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('is a program, not a document');
    await expectAccessible(page);

    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'SEN support review.pdf', mimeType: 'application/pdf', buffer: minimalPdf(['Termly review']) });
    await page.getByRole('button', { name: 'Upload document' }).click();
    await expect.poll(() => page.getByText('The document has been added to the record.').count()).toBe(1);
    await expect.poll(() => page.getByRole('link', { name: 'Termly SEN support review', exact: true }).count()).toBe(1);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Termly SEN support review', exact: true }).click();
    await expect.poll(() => page.getByLabel('Upload a new version').count()).toBe(1);
    await expectAccessible(page);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download version 1' }).click();
    expect((await download).suggestedFilename()).toBe('SEN support review.pdf');
  });

  it('a parent sees the family documents on their child’s record, not the professionals-only ones', async () => {
    const parentId = await userIdOf('parent');
    const [link] = await t.database.db
      .select({ childId: familyLink.childId })
      .from(familyLink)
      .innerJoin(child, eq(child.id, familyLink.childId))
      .where(eq(familyLink.userId, parentId))
      .orderBy(sql`${child.dateOfBirth} desc`);
    const page = await (await browser.newContext()).newPage();
    await signIn(page, 'parent');
    await page.goto(`${baseUrl}${paths.documents.list({ childId: link?.childId ?? '' })}`);
    await expect.poll(() => page.getByRole('link', { name: 'Speech and language therapy report', exact: true }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Educational psychology advice', exact: true }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Panel notes', exact: true }).count()).toBe(0);
    await expectAccessible(page);
  });

  it('a caseworker completes a task from their tray', async () => {
    const caseworkerId = await userIdOf('sen_caseworker');
    const [someChild] = await t.database.db.select({ id: child.id }).from(child).limit(1);
    const today = TEST_CLOCK.today();
    await t.database.db.insert(task).values([
      { laId: t.demo.laId, childId: someChild?.id, title: 'Send the draft plan to the family', ownerUserId: caseworkerId, dueOn: addDays(today, -2), sourceType: 'manual' },
      { laId: t.demo.laId, childId: someChild?.id, title: 'Book the interpreter', ownerUserId: caseworkerId, dueOn: addDays(today, 5), sourceType: 'manual' },
    ]);
    const page = await (await browser.newContext()).newPage();
    await signIn(page, 'sen_caseworker');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Tasks' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Your tasks' }).count()).toBe(1);
    await expectAccessible(page);
    await page.getByRole('button', { name: /^Mark as done\W+Send the draft plan to the family$/ }).click();
    await expect.poll(() => page.getByText('The task has been marked as done.').count()).toBe(1);
    expect(await page.getByText('Send the draft plan to the family').count()).toBe(0);
    expect(await page.getByRole('cell', { name: 'Book the interpreter', exact: true }).count()).toBe(1);
    await expectAccessible(page);

    // The team manager sees it among the team's tasks and can give it to someone else.
    const managerPage = await (await browser.newContext()).newPage();
    await signIn(managerPage, 'sen_team_manager');
    await managerPage.goto(baseUrl + paths.tasks.tray());
    await managerPage.getByRole('link', { name: "See your team's tasks" }).click();
    await expect.poll(() => managerPage.getByRole('cell', { name: 'Book the interpreter', exact: true }).count()).toBe(1);
    await expectAccessible(managerPage);
  });
});
