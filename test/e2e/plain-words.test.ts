import { and, eq, isNull } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUser, child, familyLink, placement } from '../../src/db/schema/index.js';
import { ETHNICITIES } from '../../src/domain/plain-words.js';
import { createTestApp, demoUser, type TestApp } from '../helpers/app.js';
import { expectAccessible, expectFrontendSupported, launchChromium, signInThroughForm } from './browser.js';
import { paths } from '../../src/http/paths.js';

let t: TestApp;
let baseUrl: string;
let browser: Browser;
let childId: string;
let ethnicity: string;

beforeAll(async () => {
  t = await createTestApp({ plans: 30 });
  const db = t.database.db;
  const [pupil] = await db
    .select({ id: placement.childId, ethnicity: child.ethnicity })
    .from(placement)
    .innerJoin(child, eq(child.id, placement.childId))
    .where(and(eq(placement.laId, t.demo.laId), isNull(placement.endDate)))
    .limit(1);
  childId = pupil?.id ?? '';
  ethnicity = pupil?.ethnicity ?? '';
  const [parent] = await db
    .select({ id: appUser.id })
    .from(appUser)
    .where(eq(appUser.email, demoUser(t.demo, 'parent').email));
  await db.insert(familyLink).values({ laId: t.demo.laId, childId, userId: parent?.id, name: 'Sarah Ahmed', relationship: 'Mother', hasParentalResponsibility: true });
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
  await t.close();
});

async function open(page: Page, path: string): Promise<string> {
  await page.goto(`${baseUrl}${path}`);
  await expectFrontendSupported(page);
  await expectAccessible(page);
  return (await page.locator('main').textContent()) ?? '';
}

describe('plain words for families', () => {
  it('a parent reads codes as words and provision as time they can picture, named in full', async () => {
    const page = await (await browser.newContext()).newPage();
    await signInThroughForm(page, baseUrl, demoUser(t.demo, 'parent'));
    const overview = await open(page, paths.child.overview({ childId }));
    expect(overview).not.toContain('CBDS');
    expect(overview).toContain(ETHNICITIES[ethnicity] ?? ethnicity);
    const provision = await open(page, paths.child.provision({ childId }));
    expect(provision).toMatch(/so far this term/);
    expect(provision).not.toMatch(/\b1 minutes\b|\(\d+ minutes\)/);
    // The seed's literacy intervention begins "Structured, multisensory…": never cut to "Structured:".
    expect(provision).not.toContain('Structured:');
  });

  it('a caseworker gives a line a short name, refused when blank, and the parent reads it on the Provision tab and the item’s page', async () => {
    const caseworker = await (await browser.newContext()).newPage();
    await signInThroughForm(caseworker, baseUrl, demoUser(t.demo, 'sen_caseworker'));
    await open(caseworker, paths.child.provision({ childId }));
    await caseworker
      .getByRole('link', { name: /^Change short name/ })
      .first()
      .click();
    await expect.poll(() => caseworker.getByRole('heading', { name: 'Short name for families' }).count()).toBe(1);
    await expectFrontendSupported(caseworker);
    await expectAccessible(caseworker);
    const itemPath = new URL(caseworker.url()).pathname.replace(/\/name$/, '');

    await caseworker.getByLabel('Short name').fill('   ');
    await caseworker.getByRole('button', { name: 'Save short name' }).click();
    await expect.poll(() => caseworker.locator('.govuk-error-summary').count()).toBe(1);
    expect(await caseworker.locator('.govuk-error-summary').textContent()).toContain('Enter a short name for this provision');
    await expectAccessible(caseworker);

    await caseworker.getByLabel('Short name').fill('Help with reading and spelling');
    await caseworker.getByRole('button', { name: 'Save short name' }).click();
    await expect.poll(() => caseworker.getByText('The short name has been saved.').count()).toBe(1);
    expect(new URL(caseworker.url()).pathname).toBe(itemPath);
    await expectAccessible(caseworker);
    expect(await caseworker.locator('main').textContent()).toContain('Short name: Help with reading and spelling');

    const parent = await (await browser.newContext()).newPage();
    await signInThroughForm(parent, baseUrl, demoUser(t.demo, 'parent'));
    const provision = await open(parent, paths.child.provision({ childId }));
    expect(provision).toContain('Help with reading and spelling: ');
    expect(await parent.getByRole('link', { name: /^Change short name/ }).count()).toBe(0);
    const itemPage = await open(parent, itemPath);
    expect(itemPage).toContain('Help with reading and spelling: ');
  });
});
