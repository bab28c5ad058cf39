import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { child, familyLink, task } from '../../src/db/schema/index.js';
import { addDays } from '../../src/domain/dates.js';
import { todayInLondon } from '../../src/domain/formatting.js';
import { minimalPdf } from '../../src/seed/documents.js';
import { aPupil, demoAccounts, theDemoLa, type TestUser } from '../factories/index.js';
import { expectAccessible } from './browser.js';
import { demoSite } from './site.js';

let accounts: Record<Role, TestUser>;
/** A pupil at the demo SENCO's school. */
let pupil: { id: string };

const site = demoSite({
  prepare: async (t) => {
    accounts = await demoAccounts(t);
    pupil = await aPupil(theDemoLa(t), accounts.school_senco.settingId ?? '');
  },
});
const baseUrl = () => site.baseUrl;

describe('documents and tasks', () => {
  it('a SENCO uploads a document for a pupil; a refused file is explained', async () => {
    const page = await site.signedInPage('school_senco');
    const record = site.childRecord(page, pupil.id);
    await page.goto(record.overview.url);
    await record.documents.select();
    await expect.poll(() => page.getByRole('heading', { name: 'Add a document' }).count()).toBe(1);

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
    const parentId = accounts.parent.id;
    // The demo's documents are on the parent's younger child's record.
    const [link] = await site.t.database.db.select({ childId: familyLink.childId }).from(familyLink).innerJoin(child, eq(child.id, familyLink.childId)).where(eq(familyLink.userId, parentId)).orderBy(sql`${child.dateOfBirth} desc`);
    const page = await site.signedInPage('parent');
    await page.goto(`${baseUrl()}/children/${link?.childId ?? ''}/documents`);
    await expect.poll(() => page.getByRole('link', { name: 'Speech and language therapy report', exact: true }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Educational psychology advice', exact: true }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Panel notes', exact: true }).count()).toBe(0);
    await expectAccessible(page);
  });

  it('a caseworker completes a task from their tray', async () => {
    const caseworkerId = accounts.sen_caseworker.id;
    const someChild = pupil;
    const today = todayInLondon();
    await site.t.database.db.insert(task).values([
      { laId: site.t.demo.laId, childId: someChild.id, title: 'Send the draft plan to the family', ownerUserId: caseworkerId, dueOn: addDays(today, -2), sourceType: 'manual' },
      { laId: site.t.demo.laId, childId: someChild.id, title: 'Book the interpreter', ownerUserId: caseworkerId, dueOn: addDays(today, 5), sourceType: 'manual' },
    ]);
    const page = await site.signedInPage('sen_caseworker');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Tasks' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Your tasks' }).count()).toBe(1);
    await expectAccessible(page);
    await page.getByRole('button', { name: /^Mark as done\W+Send the draft plan to the family$/ }).click();
    await expect.poll(() => page.getByText('The task has been marked as done.').count()).toBe(1);
    expect(await page.getByText('Send the draft plan to the family').count()).toBe(0);
    expect(await page.getByRole('cell', { name: 'Book the interpreter', exact: true }).count()).toBe(1);
    await expectAccessible(page);

    // The team manager sees it among the team's tasks and can give it to someone else.
    const managerPage = await site.signedInPage('sen_team_manager');
    await managerPage.goto(`${baseUrl()}/tasks`);
    await managerPage.getByRole('link', { name: "See your team's tasks" }).click();
    await expect.poll(() => managerPage.getByRole('cell', { name: 'Book the interpreter', exact: true }).count()).toBe(1);
    await expectAccessible(managerPage);
  });
});
