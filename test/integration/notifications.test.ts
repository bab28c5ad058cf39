import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appUser, auditEvent, jobRun, notification, notificationPreference } from '../../src/db/schema/index.js';
import { reviewInvitation, taskAssigned } from '../../src/domain/notification-texts.js';
import { FakeNotifier } from '../../src/integrations/notify/fake-notifier.js';
import { GovUkNotifyNotifier, type NotifyEmailClient } from '../../src/integrations/notify/govuk-notify.js';
import { NotifierError } from '../../src/integrations/notify/notifier.js';
import { queueNotifications } from '../../src/modules/notifications/outbox.js';
import { digestJob, sendDigests, sendDueNotifications } from '../../src/modules/notifications/sender.js';
import { createTestApp, demoUser, signedInAs, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { paths } from '../../src/http/paths.js';

const OPTIONS = { linkBase: 'https://send.example.gov.uk' };
const minutes = (from: Date, count: number) => new Date(from.getTime() + count * 60_000);

/** A task text with its own link, so each queued notification can be told apart in what was sent. */
const linkingTo = (link: string) => ({ ...taskAssigned({ child: null, dueOn: null }), link });

describe(`notifications (${testEngine})`, () => {
  let t: TestApp;
  let laId: string;
  const userIds = new Map<string, string>();
  const userId = (role: string) => {
    const id = userIds.get(role);
    if (!id) throw new Error(`No demo ${role}`);
    return id;
  };
  const notifier = new FakeNotifier();

  const queue = async (role: string, text = linkingTo('/tasks/task-1')) => {
    await t.database.db.transaction((tx) => queueNotifications(tx, [{ laId, userId: userId(role), ...text }]));
  };
  const emailsOf = (role: string) =>
    t.database.db
      .select()
      .from(notification)
      .where(and(eq(notification.userId, userId(role)), eq(notification.channel, 'email')))
      .orderBy(asc(notification.createdAt));
  const setPreference = (role: string, email: boolean, frequency: 'immediate' | 'daily_digest') =>
    t.database.db
      .insert(notificationPreference)
      .values({ userId: userId(role), email, frequency })
      .onConflictDoUpdate({ target: notificationPreference.userId, set: { email, frequency } });

  beforeAll(async () => {
    t = await createTestApp({ plans: 40, deliveryHistory: false });
    laId = t.demo.laId;
    for (const user of t.demo.users) {
      const [row] = await t.database.db.select({ id: appUser.id }).from(appUser).where(eq(appUser.email, user.email));
      if (row && !userIds.has(user.role)) userIds.set(user.role, row.id);
    }
  });

  afterAll(async () => {
    await t.close();
  });

  beforeEach(async () => {
    notifier.reset();
    await t.database.db.delete(notification);
    await t.database.db.delete(notificationPreference);
  });

  it('sends a queued email through the notifier and records it sent; the in-app copy is there too', async () => {
    await queue('sen_caseworker');
    const now = new Date();
    const summary = await sendDueNotifications(t.database.db, notifier, now, OPTIONS);
    expect(summary).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]?.to).toBe(demoUser(t.demo, 'sen_caseworker').email);
    expect(notifier.sent[0]?.body).toContain('https://send.example.gov.uk/tasks/task-1');
    const [email] = await emailsOf('sen_caseworker');
    expect(email).toMatchObject({ state: 'sent', attempts: 1, providerReference: 'fake-1', lastError: null });
    expect(notifier.sent[0]?.reference).toBe(email?.id);
    const inApp = await t.database.db
      .select()
      .from(notification)
      .where(and(eq(notification.userId, userId('sen_caseworker')), eq(notification.channel, 'in_app')));
    expect(inApp).toHaveLength(1);
    // Nothing is sent twice.
    expect(await sendDueNotifications(t.database.db, notifier, minutes(now, 60), OPTIONS)).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });

  it('retries with backoff after two failures, then sends', async () => {
    await queue('sen_caseworker');
    notifier.failNext(2);
    const start = new Date();
    expect(await sendDueNotifications(t.database.db, notifier, start, OPTIONS)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    let [email] = await emailsOf('sen_caseworker');
    expect(email).toMatchObject({ state: 'pending', attempts: 1, lastError: 'Provider unavailable (fake)' });
    expect(email?.nextAttemptAt.getTime()).toBe(minutes(start, 1).getTime());
    // Not due yet half a minute on.
    expect(await sendDueNotifications(t.database.db, notifier, minutes(start, 0.5), OPTIONS)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    const second = minutes(start, 1);
    expect(await sendDueNotifications(t.database.db, notifier, second, OPTIONS)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    [email] = await emailsOf('sen_caseworker');
    expect(email).toMatchObject({ state: 'pending', attempts: 2 });
    expect(email?.nextAttemptAt.getTime()).toBe(minutes(second, 5).getTime());
    expect(await sendDueNotifications(t.database.db, notifier, minutes(second, 4), OPTIONS)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(await sendDueNotifications(t.database.db, notifier, minutes(second, 5), OPTIONS)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    [email] = await emailsOf('sen_caseworker');
    expect(email).toMatchObject({ state: 'sent', attempts: 3, lastError: null });
    expect(notifier.attempted).toHaveLength(3);
  });

  it('gives up as failed after five attempts, and at once when the failure is not retryable', async () => {
    await queue('sen_caseworker');
    notifier.failNext(10);
    let now = new Date();
    for (const wait of [1, 5, 25, 125]) {
      expect((await sendDueNotifications(t.database.db, notifier, now, OPTIONS)).retrying).toBe(1);
      now = minutes(now, wait);
    }
    expect(await sendDueNotifications(t.database.db, notifier, now, OPTIONS)).toEqual({ sent: 0, retrying: 0, failed: 1 });
    const [email] = await emailsOf('sen_caseworker');
    expect(email).toMatchObject({ state: 'failed', attempts: 5 });
    expect(await sendDueNotifications(t.database.db, notifier, minutes(now, 10_000), OPTIONS)).toEqual({ sent: 0, retrying: 0, failed: 0 });

    await queue('sen_team_manager');
    notifier.failNext(1, { retryable: false });
    expect(await sendDueNotifications(t.database.db, notifier, new Date(), OPTIONS)).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect((await emailsOf('sen_team_manager'))[0]).toMatchObject({ state: 'failed', attempts: 1, lastError: 'Bad email address (fake)' });
  });

  it('two senders at once send each email once (claims skip locked rows)', async () => {
    for (const role of ['sen_caseworker', 'sen_team_manager', 'parent', 'school_senco', 'professional']) await queue(role);
    const now = new Date();
    const [a, b] = await Promise.all([sendDueNotifications(t.database.db, notifier, now, OPTIONS), sendDueNotifications(t.database.db, notifier, now, OPTIONS)]);
    expect(a.sent + b.sent).toBe(5);
    expect(new Set(notifier.sent.map((email) => email.reference)).size).toBe(5);
  });

  it('with email turned off, notifies in the app only', async () => {
    await setPreference('parent', false, 'immediate');
    await queue('parent', reviewInvitation({ childId: 'c', meetingOn: '2027-03-03', viewsBy: '2027-02-17' }));
    expect(await emailsOf('parent')).toHaveLength(0);
    expect(await sendDueNotifications(t.database.db, notifier, new Date(), OPTIONS)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    const browser = await signedInAs(t.app, t.demo, 'parent');
    const page = await browser.get(paths.notifications.list());
    expect(page.body).toContain('A review meeting for your child is on 3 March; please add your views by 17 February.');
  });

  it('sends one digest per person per day, listing what was held, and marks the held email sent by it', async () => {
    await setPreference('sen_caseworker', true, 'daily_digest');
    await queue('sen_caseworker', linkingTo('/tasks/task-a'));
    await queue('sen_caseworker', linkingTo('/tasks/task-b'));
    expect((await emailsOf('sen_caseworker')).map((row) => row.state)).toEqual(['held_for_digest', 'held_for_digest']);
    // Held email is not sent by the ordinary sender.
    expect(await sendDueNotifications(t.database.db, notifier, new Date(), OPTIONS)).toEqual({ sent: 0, retrying: 0, failed: 0 });

    const today = '2031-01-06';
    const now = new Date();
    expect(await sendDigests(t.database.db, notifier, today, now, OPTIONS)).toBe(1);
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]?.subject).toBe('Your daily summary: 2 new notifications');
    expect(notifier.sent[0]?.body).toContain('https://send.example.gov.uk/tasks/task-a');
    expect(notifier.sent[0]?.body).toContain('https://send.example.gov.uk/tasks/task-b');
    const emails = await emailsOf('sen_caseworker');
    const digest = emails.find((row) => row.kind === 'digest');
    expect(digest).toMatchObject({ state: 'sent', providerReference: 'fake-1' });
    expect(emails.filter((row) => row.kind !== 'digest').map((row) => [row.state, row.providerReference])).toEqual([
      ['sent', `digest:${digest?.id ?? ''}`],
      ['sent', `digest:${digest?.id ?? ''}`],
    ]);

    // Something new the same day waits for tomorrow's digest, however often the digest runs.
    await queue('sen_caseworker', linkingTo('/tasks/task-c'));
    expect(await sendDigests(t.database.db, notifier, today, minutes(now, 60), OPTIONS)).toBe(0);
    expect(notifier.sent).toHaveLength(1);
    expect(
      await t.database.db
        .select()
        .from(jobRun)
        .where(eq(jobRun.job, digestJob(userId('sen_caseworker')))),
    ).toHaveLength(1);
    expect(await sendDigests(t.database.db, notifier, '2031-01-07', minutes(now, 24 * 60), OPTIONS)).toBe(1);
    expect(notifier.sent[1]?.subject).toBe('Your daily summary: 1 new notification');
  });

  it('shows a person only their own notifications, marks one read when followed, and 404s anyone else’s', async () => {
    await queue('sen_caseworker', linkingTo('/tasks/mine'));
    await queue('sen_team_manager', linkingTo('/tasks/theirs'));
    const [theirs] = await t.database.db
      .select()
      .from(notification)
      .where(and(eq(notification.userId, userId('sen_team_manager')), eq(notification.channel, 'in_app')));
    const [mine] = await t.database.db
      .select()
      .from(notification)
      .where(and(eq(notification.userId, userId('sen_caseworker')), eq(notification.channel, 'in_app')));
    if (!theirs || !mine) throw new Error('not queued');

    const browser = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const list = await browser.get(paths.notifications.list());
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(paths.notifications.notification({ id: mine.id }));
    expect(list.body).not.toContain(paths.notifications.notification({ id: theirs.id }));
    expect(list.body).toContain('>New</strong>');
    // The badge in the navigation on any page.
    expect((await browser.get(paths.caseload())).body).toMatch(/moj-notification-badge">1<span class="govuk-visually-hidden"> unread/);

    expect((await browser.get(paths.notifications.notification({ id: theirs.id }))).statusCode).toBe(404);
    expect((await browser.get(paths.notifications.notification({ id: 'not-a-uuid' }))).statusCode).toBe(404);
    const [stillUnread] = await t.database.db.select().from(notification).where(eq(notification.id, theirs.id));
    expect(stillUnread?.readAt).toBeNull();

    const follow = await browser.get(paths.notifications.notification({ id: mine.id }));
    expect(follow.statusCode).toBe(303);
    expect(follow.headers.location).toBe('/tasks/mine');
    const [read] = await t.database.db.select().from(notification).where(eq(notification.id, mine.id));
    expect(read?.readAt).not.toBeNull();
    // Following it again keeps the first read time.
    await browser.get(paths.notifications.notification({ id: mine.id }));
    const [again] = await t.database.db.select().from(notification).where(eq(notification.id, mine.id));
    expect(again?.readAt?.getTime()).toBe(read?.readAt?.getTime());
    expect((await browser.get(paths.notifications.list())).body).not.toContain('>New</strong>');
    expect((await browser.get(paths.caseload())).body).not.toContain('moj-notification-badge');

    const audits = await t.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.actorUserId, userId('sen_caseworker')), eq(auditEvent.action, 'VIEW_NOTIFICATIONS')));
    expect(audits.length).toBeGreaterThanOrEqual(3);
  });

  it('pages a long list of notifications', async () => {
    for (let index = 0; index < 25; index += 1) await queue('professional', linkingTo(`/tasks/t${String(index)}`));
    const browser = await signedInAs(t.app, t.demo, 'professional');
    const first = await browser.get(paths.notifications.list());
    expect(first.body.match(/href="\/notifications\/[0-9a-f-]{36}"/g)).toHaveLength(20);
    expect(first.body).toContain('govuk-pagination__next');
    const second = await browser.get(paths.notifications.list({ page: 2 }));
    expect(second.body.match(/href="\/notifications\/[0-9a-f-]{36}"/g)).toHaveLength(5);
    expect((await browser.get(paths.notifications.list({ page: 'abc' }))).statusCode).toBe(400);
  });

  it('saves notification preferences, validated and audited, and queues by them', async () => {
    const browser = await signedInAs(t.app, t.demo, 'parent');
    const form = await browser.get(paths.notifications.preferences());
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/value="immediate" checked/);

    const missing = await browser.post(paths.notifications.preferences(), {});
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('govuk-error-summary');
    expect(missing.body).toContain('Select how you want to hear about new notifications');
    const invalid = await browser.post(paths.notifications.preferences(), { delivery: 'carrier_pigeon' });
    expect(invalid.statusCode).toBe(400);

    const saved = await browser.post(paths.notifications.preferences(), { delivery: 'daily_digest' });
    expect(saved.statusCode).toBe(303);
    expect((await browser.get(paths.notifications.preferences({ saved: 1 }))).body).toContain('Your notification settings have been saved');
    const [row] = await t.database.db
      .select()
      .from(notificationPreference)
      .where(eq(notificationPreference.userId, userId('parent')));
    expect(row).toMatchObject({ email: true, frequency: 'daily_digest' });
    await queue('parent');
    expect((await emailsOf('parent')).map((email) => email.state)).toEqual(['held_for_digest']);

    await browser.post(paths.notifications.preferences(), { delivery: 'in_app_only' });
    const [off] = await t.database.db
      .select()
      .from(notificationPreference)
      .where(eq(notificationPreference.userId, userId('parent')));
    expect(off).toMatchObject({ email: false });
    const [audit] = await t.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.actorUserId, userId('parent')), eq(auditEvent.action, 'UPDATE_NOTIFICATION_PREFERENCES')))
      .orderBy(sql`${auditEvent.occurredAt} desc`)
      .limit(1);
    expect(audit?.change).toEqual({ before: { email: true, frequency: 'daily_digest' }, after: { email: false, frequency: 'immediate' } });
  });

  it('shows the outbox with state, attempts and last error to an LA admin, never the body; 403 to a caseworker', async () => {
    await queue('sen_caseworker', linkingTo('/tasks/outbox-task'));
    notifier.failNext(1);
    await sendDueNotifications(t.database.db, notifier, new Date(), OPTIONS);
    const admin = await signedInAs(t.app, t.demo, 'la_admin');
    const page = await admin.get(paths.admin.outbox());
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('You have a new task');
    expect(page.body).toContain('Waiting to send');
    expect(page.body).toContain('Provider unavailable (fake)');
    expect(page.body).toContain(demoUser(t.demo, 'sen_caseworker').displayName);
    expect(page.body).not.toContain('Sign in to see what is needed');
    expect(page.body).toContain(`href="${paths.admin.outbox()}"`);
    // Filtered to what is failing, the outbox shows the failed email and only those like it.
    const retrying = await admin.get(paths.admin.outbox({ state: 'retrying' }));
    expect(retrying.body).toContain('Provider unavailable (fake)');
    expect(retrying.body).not.toContain('Waiting to send</strong>');
    expect(retrying.body).toMatch(/>\s*1 email notification\s*</);

    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    expect((await caseworker.get(paths.admin.outbox())).statusCode).toBe(403);
  });
});

describe('GOV.UK Notify adapter', () => {
  const email = { to: 'someone@example.org', subject: 'Subject', body: 'Body', reference: 'ref-1' };
  const failingWith = (error: unknown): NotifyEmailClient => ({ sendEmail: () => Promise.reject(error instanceof Error ? error : Object.assign(new Error('request failed'), error)) });

  it('sends subject and body as personalisation with our reference, and returns Notify’s id', async () => {
    const calls: unknown[] = [];
    const client: NotifyEmailClient = {
      sendEmail: (...args) => {
        calls.push(args);
        return Promise.resolve({ data: { id: 'notify-123' } });
      },
    };
    const notifier = new GovUkNotifyNotifier('template-1', client);
    expect(await notifier.send(email)).toEqual({ providerReference: 'notify-123' });
    expect(calls).toEqual([['template-1', 'someone@example.org', { personalisation: { subject: 'Subject', body: 'Body' }, reference: 'ref-1' }]]);
  });

  it.each([
    ['400 bad request is not retryable', { response: { status: 400, data: { errors: [{ error: 'BadRequestError', message: 'email_address Not a valid email address' }] } } }, false],
    ['403 bad key is not retryable', { response: { status: 403, data: { errors: [{ error: 'AuthError', message: 'Invalid token' }] } } }, false],
    ['429 rate limit is retryable', { response: { status: 429, data: { errors: [{ error: 'RateLimitError', message: 'Exceeded rate limit' }] } } }, true],
    ['500 is retryable', { response: { status: 500, data: { errors: [{ error: 'Exception', message: 'Internal server error' }] } } }, true],
    ['503 is retryable', { response: { status: 503 } }, true],
    ['no response (network) is retryable', { code: 'ECONNRESET' }, true],
  ])('%s', async (_name, error, retryable) => {
    const notifier = new GovUkNotifyNotifier('template-1', failingWith(error));
    const failure = await notifier.send(email).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(NotifierError);
    expect((failure as NotifierError).retryable).toBe(retryable);
    expect((failure as NotifierError).message).not.toContain('someone@example.org');
  });
});
