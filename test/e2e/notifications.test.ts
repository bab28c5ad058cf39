import { and, eq, isNull } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUser, notification } from '../../src/db/schema/index.js';
import { taskAssigned } from '../../src/domain/notification-texts.js';
import { FakeNotifier } from '../../src/integrations/notify/fake-notifier.js';
import { queueNotifications } from '../../src/modules/notifications/outbox.js';
import { sendDueNotifications } from '../../src/modules/notifications/sender.js';
import { createTestApp, demoUser, type TestApp } from '../helpers/app.js';
import { expectAccessible, expectFrontendSupported, launchChromium, signInThroughForm } from './browser.js';
import { paths } from '../../src/http/paths.js';

let t: TestApp;
let baseUrl: string;
let browser: Browser;

async function userIdOf(role: string): Promise<string> {
  const [row] = await t.database.db
    .select({ id: appUser.id })
    .from(appUser)
    .where(eq(appUser.email, demoUser(t.demo, role).email));
  if (!row) throw new Error(`No demo ${role}`);
  return row.id;
}

beforeAll(async () => {
  t = await createTestApp({ plans: 40, deliveryHistory: false });
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

describe('notifications', () => {
  it('a parent opens their notifications, follows one to the review, and switches to a daily summary', async () => {
    const parentId = await userIdOf('parent');
    // The demo's review workflow invites the parent to one review (src/seed/reviews.ts): their one unread notification.
    const [invitation] = await t.database.db
      .select({ link: notification.link })
      .from(notification)
      .where(and(eq(notification.userId, parentId), eq(notification.channel, 'in_app'), isNull(notification.readAt)));
    if (!invitation?.link) throw new Error('The demo parent has no unread review invitation');

    const page = await (await browser.newContext()).newPage();
    await signIn(page, 'parent');
    const navigation = page.getByRole('navigation', { name: 'Menu' });
    await expect.poll(() => navigation.getByRole('link', { name: /Notifications 1 unread/ }).count()).toBe(1);
    await expectAccessible(page);

    await navigation.getByRole('link', { name: /Notifications/ }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Notifications', level: 1 }).count()).toBe(1);
    await expect.poll(() => page.getByText(/^A review meeting for your child is on \d+ \w+; please add your views by \d+ \w+\.$/).count()).toBe(1);
    await expectFrontendSupported(page);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'A review meeting for your child' }).click();
    await page.waitForURL(`${baseUrl}${invitation.link}`);
    await expectAccessible(page);
    await expect.poll(() => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Notifications', exact: true }).count()).toBe(1);

    await page.goto(`${baseUrl}${paths.notifications.list()}`);
    await page.getByRole('link', { name: 'Change how you get notifications' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'How do you want to hear about new notifications?' }).count()).toBe(1);
    await expectAccessible(page);
    await page.getByLabel('By email in one summary each morning, and in this service').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByText('Your notification settings have been saved').count()).toBe(1);
    await expect.poll(() => page.getByLabel('By email in one summary each morning, and in this service').isChecked()).toBe(true);
    await expectAccessible(page);
  });

  it('an LA admin sees the email outbox with what failed and why', async () => {
    const caseworkerId = await userIdOf('sen_caseworker');
    await t.database.db.transaction((tx) => queueNotifications(tx, [{ laId: t.demo.laId, userId: caseworkerId, ...taskAssigned({ child: null, dueOn: null }) }]));
    const notifier = new FakeNotifier();
    notifier.failNext(1);
    await sendDueNotifications(t.database.db, notifier, new Date(), { linkBase: baseUrl });

    const page = await (await browser.newContext()).newPage();
    await signIn(page, 'la_admin');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Settings' }).click();
    await page.waitForLoadState('load');
    await page.locator('.moj-sub-navigation').getByRole('link', { name: 'Email outbox' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Email outbox' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('cell', { name: 'Sent', exact: true }).count()).toBeGreaterThan(0);
    await expectAccessible(page);
    // The demo's own email fills the first page: the administrator filters to what is failing.
    await page.getByLabel('State').selectOption({ label: 'Failed, trying again' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.getByText(/Provider unavailable \(fake\)/).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('cell', { name: 'Failed, trying again' }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('cell', { name: 'Sent', exact: true }).count()).toBe(0);
    await expectAccessible(page);
  });
});
