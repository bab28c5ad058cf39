import { and, eq, isNull, lt } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { child, familyLink, message, messageThread } from '../../src/db/schema/index.js';
import { todayInLondon } from '../../src/domain/formatting.js';
import { childShortName } from '../../src/domain/notification-texts.js';
import { flagOverdueReplies } from '../../src/modules/messages/service.js';
import { aChild, aFamilyLink, aPlanWithProvision, demoAccounts, theDemoLa, type TestUser } from '../factories/index.js';
import { expectAccessible } from './browser.js';
import { demoSite } from './site.js';

let accounts: Record<Role, TestUser>;
/** A child of the demo parent, whose caseworker is the demo caseworker, with no messages yet. */
let childId: string;

const site = demoSite({
  prepare: async (t) => {
    accounts = await demoAccounts(t);
    const la = theDemoLa(t);
    const ownChild = await aChild(la, { caseworker: accounts.sen_caseworker });
    await aPlanWithProvision(la, ownChild);
    await aFamilyLink(la, ownChild, accounts.parent, { name: accounts.parent.displayName, relationship: 'Mother' });
    childId = ownChild.id;
  },
});
const baseUrl = () => site.baseUrl;

describe('messages', () => {
  it('a parent writes, the caseworker replies, and the reply time shows on the communication promise', async () => {
    const parentPage = await site.signedInPage('parent');
    const record = site.childRecord(parentPage, childId);
    await parentPage.goto(record.overview.url);
    // The Overview carries the communication promise in one line.
    await expect.poll(() => parentPage.getByTestId('communication-line').textContent()).toMatch(/The family was last updated/);
    await expectAccessible(parentPage);
    await record.messages.select();
    await expect.poll(() => parentPage.getByRole('heading', { name: 'Messages' }).count()).toBe(1);

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

    const caseworkerPage = await site.signedInPage('sen_caseworker');
    await caseworkerPage.goto(`${baseUrl()}/children/${childId}/messages`);
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

    const managerPage = await site.signedInPage('sen_team_manager');
    await managerPage.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Monitoring' }).click();
    await managerPage.waitForLoadState('load');
    await managerPage.locator('.moj-sub-navigation').getByRole('link', { name: 'Communication promise' }).click();
    await expect.poll(() => managerPage.getByRole('heading', { name: 'Communication promise' }).count()).toBe(1);
    const latest = managerPage.locator('table', { has: managerPage.getByText('Time to reply') });
    await expect.poll(() => latest.locator('tbody tr').first().textContent()).toMatch(/Priya Shah[\s\S]*0 working days[\s\S]*On time/);
    await expectAccessible(managerPage);
  });

  it('a message unanswered after 3 working days is flagged to its owner, who is told, and listed on the promise', async () => {
    const today = todayInLondon();
    // The demo parent's child always has one message waiting past its reply date.
    const [overdue] = await site.t.database.db
      .select({ subject: messageThread.subject, threadId: messageThread.id, childId: message.childId, forename: child.forename, surname: child.surname })
      .from(message)
      .innerJoin(messageThread, eq(messageThread.id, message.threadId))
      .innerJoin(child, eq(child.id, message.childId))
      .innerJoin(familyLink, eq(familyLink.childId, message.childId))
      .where(and(eq(familyLink.userId, accounts.parent.id), isNull(message.repliedAt), lt(message.replyDueOn, today)))
      .limit(1);
    if (!overdue) throw new Error('The demo has no message waiting past its reply date');
    expect((await flagOverdueReplies(site.t.database.db, site.t.demo.laId, today)).flagged).toBeGreaterThan(0);

    const caseworkerPage = await site.signedInPage('sen_caseworker');
    await caseworkerPage.getByRole('link', { name: /Notifications/ }).click();
    const flag = caseworkerPage.locator('li', { hasText: `Reply overdue: message about ${childShortName(overdue.forename, overdue.surname)}` }).first();
    await expect.poll(() => flag.textContent()).toContain('was due a reply by');
    await expectAccessible(caseworkerPage);
    await flag.getByRole('link').first().click();
    await expect.poll(() => caseworkerPage.url()).toContain(`/children/${overdue.childId}/messages/${overdue.threadId}`);
    await expectAccessible(caseworkerPage);

    const managerPage = await site.signedInPage('sen_team_manager');
    await managerPage.goto(`${baseUrl()}/communication`);
    const pastTarget = managerPage.getByRole('table', { name: 'Messages unanswered past the reply date, oldest first' });
    await expect.poll(() => pastTarget.textContent()).toContain(overdue.subject);
    await expectAccessible(managerPage);
  });
});
