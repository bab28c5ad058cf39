import { and, asc, eq, isNull, lt } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUser, child, familyLink, message, messageThread } from '../../src/db/schema/index.js';
import { childShortName } from '../../src/domain/notification-texts.js';
import { flagOverdueReplies } from '../../src/modules/messages/service.js';
import { createTestApp, demoUser, TEST_CLOCK, type TestApp } from '../helpers/app.js';
import { expectAccessible, expectFrontendSupported, launchChromium, signInThroughForm } from './browser.js';
import { paths } from '../../src/http/paths.js';

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

describe('messages', () => {
  it('a parent writes, the caseworker replies, and the reply time shows on the communication promise', async () => {
    const [link] = await t.database.db
      .select({ childId: familyLink.childId })
      .from(familyLink)
      .innerJoin(appUser, eq(appUser.id, familyLink.userId))
      .innerJoin(child, eq(child.id, familyLink.childId))
      .where(and(eq(appUser.email, demoUser(t.demo, 'parent').email), eq(familyLink.hasParentalResponsibility, true)))
      .orderBy(asc(child.id))
      .limit(1);
    if (!link) throw new Error('The demo parent has no child');
    const childId = link.childId;

    const parentPage = await (await browser.newContext()).newPage();
    await signIn(parentPage, 'parent');
    await parentPage.goto(`${baseUrl}${paths.child.overview({ childId })}`);
    // The Overview carries the communication promise in one line.
    await expect.poll(() => parentPage.getByTestId('communication-line').textContent()).toMatch(/The family was last updated/);
    await expectAccessible(parentPage);
    await parentPage.locator('.app-child-tabs').getByRole('link', { name: 'Communication', exact: true }).click();
    await parentPage.waitForLoadState('load');
    await parentPage.locator('.app-child-tabs__group').getByRole('link', { name: 'Messages', exact: true }).click();
    await expect.poll(() => parentPage.getByRole('heading', { name: 'Messages' }).count()).toBe(1);
    await expectFrontendSupported(parentPage);
    await expectAccessible(parentPage);

    await parentPage.getByRole('button', { name: 'Start a new conversation' }).click();
    await expect.poll(() => parentPage.getByRole('heading', { name: 'Start a new conversation' }).count()).toBe(1);
    await expectAccessible(parentPage);
    // Nothing typed: the error summary names what is missing, and nothing is sent.
    await parentPage.getByRole('button', { name: 'Send message' }).click();
    await expect.poll(() => parentPage.locator('.govuk-error-summary').textContent()).toContain('Enter your message');
    await expectAccessible(parentPage);

    await parentPage.getByLabel('Subject').fill('Speech therapy this term');
    await parentPage.getByLabel('Message', { exact: true }).fill('Has the speech therapist started the sessions yet? <b>Thanks</b>');
    await parentPage.getByRole('button', { name: 'Send message' }).click();
    await expect.poll(() => parentPage.locator('.govuk-notification-banner').textContent()).toContain('Your message has been sent');
    await expect.poll(() => parentPage.getByText('Has the speech therapist started the sessions yet? <b>Thanks</b>').count()).toBe(1);
    await expectAccessible(parentPage);
    const threadUrl = parentPage.url().replace(/\?.*$/, '');

    const caseworkerPage = await (await browser.newContext()).newPage();
    await signIn(caseworkerPage, 'sen_caseworker');
    await caseworkerPage.goto(`${baseUrl}${paths.messages.list({ childId })}`);
    await expect.poll(() => caseworkerPage.getByRole('link', { name: 'Speech therapy this term' }).count()).toBe(1);
    await expectAccessible(caseworkerPage);
    await caseworkerPage.getByRole('link', { name: 'Speech therapy this term' }).click();
    await expect.poll(() => caseworkerPage.getByText('Reply due by').count()).toBe(1);
    await expectAccessible(caseworkerPage);
    await caseworkerPage.getByLabel('Your reply').fill('Yes: the first session is on Tuesday.');
    await caseworkerPage.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => caseworkerPage.getByText(/Replied .*: 0 working days/).count()).toBe(1);
    await expectAccessible(caseworkerPage);

    // The parent sees the reply, and that the caseworker read their message.
    await parentPage.goto(threadUrl);
    await expect.poll(() => parentPage.getByText('Yes: the first session is on Tuesday.').count()).toBe(1);
    await expect.poll(() => parentPage.getByText(/Read by Priya Shah/).count()).toBe(1);
    await expectAccessible(parentPage);

    const managerPage = await (await browser.newContext()).newPage();
    await signIn(managerPage, 'sen_team_manager');
    await managerPage.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Monitoring' }).click();
    await managerPage.waitForLoadState('load');
    await managerPage.locator('.moj-sub-navigation').getByRole('link', { name: 'Communication promise' }).click();
    await expect.poll(() => managerPage.getByRole('heading', { name: 'Communication promise' }).count()).toBe(1);
    const latest = managerPage.locator('table', { has: managerPage.getByText('Time to reply') });
    await expect.poll(() => latest.locator('tbody tr').first().textContent()).toMatch(/Priya Shah[\s\S]*0 working days[\s\S]*On time/);
    await expectAccessible(managerPage);
  });

  it('a message unanswered after 3 working days is flagged to its owner, who is told, and listed on the promise', async () => {
    const today = TEST_CLOCK.today();
    // The demo parent's child always has one message waiting past its reply date.
    const [overdue] = await t.database.db
      .select({ subject: messageThread.subject, threadId: messageThread.id, childId: message.childId, forename: child.forename, surname: child.surname })
      .from(message)
      .innerJoin(messageThread, eq(messageThread.id, message.threadId))
      .innerJoin(child, eq(child.id, message.childId))
      .innerJoin(familyLink, eq(familyLink.childId, message.childId))
      .innerJoin(appUser, eq(appUser.id, familyLink.userId))
      .where(and(eq(appUser.email, demoUser(t.demo, 'parent').email), isNull(message.repliedAt), lt(message.replyDueOn, today)))
      .limit(1);
    if (!overdue) throw new Error('The demo has no message waiting past its reply date');
    expect((await flagOverdueReplies(t.database.db, t.demo.laId, today)).flagged).toBeGreaterThan(0);

    const caseworkerPage = await (await browser.newContext()).newPage();
    await signIn(caseworkerPage, 'sen_caseworker');
    await caseworkerPage.getByRole('link', { name: /Notifications/ }).click();
    const flag = caseworkerPage.locator('li', { hasText: `Reply overdue: message about ${childShortName(overdue.forename, overdue.surname)}` }).first();
    await expect.poll(() => flag.textContent()).toContain('was due a reply by');
    await expectAccessible(caseworkerPage);
    await flag.getByRole('link').first().click();
    await expect.poll(() => caseworkerPage.url()).toContain(paths.messages.thread({ childId: overdue.childId, threadId: overdue.threadId }));
    await expectAccessible(caseworkerPage);

    const managerPage = await (await browser.newContext()).newPage();
    await signIn(managerPage, 'sen_team_manager');
    await managerPage.goto(`${baseUrl}${paths.monitoring.communication()}`);
    const pastTarget = managerPage.getByRole('table', { name: 'Messages unanswered past the reply date, oldest first' });
    await expect.poll(() => pastTarget.textContent()).toContain(overdue.subject);
    await expectAccessible(managerPage);
  });
});
