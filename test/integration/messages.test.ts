import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUser, auditEvent, child, familyLink, message, messageRead, messageThread, notification, team, timelineEntry } from '../../src/db/schema/index.js';
import { replyDueOn } from '../../src/domain/communication.js';
import { loadSchoolCalendar } from '../../src/modules/calendar/repository.js';
import { flagOverdueReplies } from '../../src/modules/messages/service.js';
import { createTestApp, demoUser, signedInAs, TEST_CLOCK, type Browser, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { paths } from '../../src/http/paths.js';

describe(`messages and the communication promise (${testEngine})`, () => {
  let t: TestApp;
  let laId: string;
  let parentChildId: string;
  let parentChildForename: string;
  let otherChildId: string;
  let parentId: string;
  let caseworkerId: string;
  let ownerId: string;
  let parent: Browser;
  let caseworker: Browser;
  let manager: Browser;

  const userId = async (role: string) => {
    const [row] = await t.database.db
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, role).email));
    return row?.id ?? '';
  };
  const threadBySubject = async (subject: string) => {
    const [row] = await t.database.db
      .select()
      .from(messageThread)
      .where(and(eq(messageThread.laId, laId), eq(messageThread.subject, subject)));
    if (!row) throw new Error(`No thread "${subject}"`);
    return row;
  };
  const messagesIn = (threadId: string) => t.database.db.select().from(message).where(eq(message.threadId, threadId)).orderBy(asc(message.sentAt));
  const messageCount = async () => (await t.database.db.select({ count: sql<number>`count(*)::int` }).from(message))[0]?.count ?? 0;

  beforeAll(async () => {
    t = await createTestApp({ plans: 40, deliveryHistory: false, clock: TEST_CLOCK });
    laId = t.demo.laId;
    parentId = await userId('parent');
    caseworkerId = await userId('sen_caseworker');
    const [link] = await t.database.db
      .select({ childId: familyLink.childId, forename: child.forename, surname: child.surname, caseworkerId: child.caseworkerId })
      .from(familyLink)
      .innerJoin(child, eq(child.id, familyLink.childId))
      .where(and(eq(familyLink.userId, parentId), eq(familyLink.hasParentalResponsibility, true)))
      .orderBy(asc(child.id))
      .limit(1);
    if (!link?.caseworkerId) throw new Error("The demo parent's child has no caseworker");
    parentChildId = link.childId;
    // Staff read "Sam T." in a notification: first name and surname initial (domain/notification-texts.ts).
    parentChildForename = `${link.forename} ${link.surname.charAt(0).toUpperCase()}.`;
    ownerId = link.caseworkerId;
    const [other] = await t.database.db
      .select({ id: child.id })
      .from(child)
      .where(and(eq(child.laId, laId), sql`not exists (select 1 from family_link f where f.child_id = ${child.id} and f.user_id = ${parentId})`))
      .limit(1);
    otherChildId = other?.id ?? '';
    parent = await signedInAs(t.app, t.demo, 'parent');
    caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    manager = await signedInAs(t.app, t.demo, 'sen_team_manager');
  });

  afterAll(async () => {
    await t.close();
  });

  it("a parent's message is answered by the caseworker, with the reply time measured, everything written together", async () => {
    const subject = 'Taxi not arriving';
    const body = 'The taxi has not come for three days.\n\nCan someone call me?';
    await parent.get(paths.messages.new({ childId: parentChildId }));
    const sent = await parent.post(paths.messages.list({ childId: parentChildId }), { subject, audience: 'family', body });
    expect(sent.statusCode).toBe(303);
    const thread = await threadBySubject(subject);
    expect(thread.audience).toBe('family');
    expect(thread.ownerUserId).toBe(ownerId);
    const [first] = await messagesIn(thread.id);
    if (!first) throw new Error('No message stored');
    const calendar = await loadSchoolCalendar(t.database.db, laId);
    expect(first.replyDueOn).toBe(replyDueOn(first.sentAt, 3, calendar.bankHolidays));
    expect(first.repliedAt).toBeNull();

    // The timeline says a message came, not what it said.
    const entries = await t.database.db
      .select()
      .from(timelineEntry)
      .where(and(eq(timelineEntry.sourceType, 'message_thread'), eq(timelineEntry.sourceId, thread.id)));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'message', audience: 'family', title: `Message: ${subject}`, body: null, authorUserId: parentId });
    const audits = await t.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'SEND_MESSAGE'), eq(auditEvent.subjectId, first.id)));
    expect(audits).toHaveLength(1);

    // The owner hears of it with no text from the message.
    const ownerNews = await t.database.db
      .select()
      .from(notification)
      .where(and(eq(notification.userId, ownerId), eq(notification.link, paths.messages.thread({ childId: parentChildId, threadId: thread.id }))));
    expect(ownerNews.length).toBeGreaterThan(0);
    expect(ownerNews[0]?.subject).toBe(`New message about ${parentChildForename}`);
    expect(ownerNews[0]?.body).toBe('Sarah Ahmed sent a new message. Sign in to read it.');
    expect(ownerNews.some((row) => row.body.includes('taxi'))).toBe(false);

    // The caseworker opens the thread: it is read, and the read is audited once.
    const page = await caseworker.get(paths.messages.thread({ childId: parentChildId, threadId: thread.id }));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The taxi has not come for three days.');
    expect(page.body).toContain('Reply due by');
    const reads = await t.database.db
      .select()
      .from(messageRead)
      .where(and(eq(messageRead.messageId, first.id), eq(messageRead.userId, caseworkerId)));
    expect(reads).toHaveLength(1);
    const readAudits = await t.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'READ_MESSAGE'), eq(auditEvent.subjectId, thread.id)));
    expect(readAudits).toHaveLength(1);

    const replied = await caseworker.post(paths.messages.thread({ childId: parentChildId, threadId: thread.id }), { kind: 'message', body: 'I have spoken to transport: the taxi comes tomorrow.' });
    expect(replied.statusCode).toBe(303);
    const [answered, reply] = await messagesIn(thread.id);
    expect(answered?.repliedBy).toBe(caseworkerId);
    expect(answered?.repliedAt?.getTime()).toBe(reply?.sentAt.getTime());
    expect(reply?.replyDueOn).toBeNull();

    const parentNews = await t.database.db
      .select()
      .from(notification)
      .where(and(eq(notification.userId, parentId), eq(notification.kind, 'message_received'), eq(notification.channel, 'in_app')));
    expect(parentNews.map((row) => [row.subject, row.body])).toContainEqual(["New message about your child's EHC plan", 'Priya Shah replied to your message. Sign in to read it.']);

    // Staff see the reply time; the parent sees who has read their own message.
    const after = await caseworker.get(paths.messages.thread({ childId: parentChildId, threadId: thread.id }));
    expect(after.body).toMatch(/Replied .*: 0 working days \([\d.]+ working hours\); reply was due by/);
    const parentView = await parent.get(paths.messages.thread({ childId: parentChildId, threadId: thread.id }));
    expect(parentView.body).toContain('Read by Priya Shah');
    expect(parentView.body).not.toContain('Reply due by');
    const tab = await parent.get(paths.messages.list({ childId: parentChildId }));
    expect(tab.statusCode).toBe(200);
    expect(tab.body).toContain(subject);
    expect(tab.body).toContain('The family was last updated today');
    const overview = await caseworker.get(paths.child.overview({ childId: parentChildId }));
    expect(overview.body).toContain('The family was last updated today');
  });

  it('shows a message body as text, never as markup', async () => {
    await parent.get(paths.messages.new({ childId: parentChildId }));
    const response = await parent.post(paths.messages.list({ childId: parentChildId }), { subject: 'Script <b>test</b>', audience: 'family', body: '<script>alert("x")</script> & more' });
    expect(response.statusCode).toBe(303);
    const thread = await threadBySubject('Script <b>test</b>');
    const page = await caseworker.get(paths.messages.thread({ childId: parentChildId, threadId: thread.id }));
    expect(page.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(page.body).not.toContain('<script>alert(');
    expect(page.body).not.toContain('<b>test</b>');
    const tab = await caseworker.get(paths.messages.list({ childId: parentChildId }));
    expect(tab.body).not.toContain('<b>test</b>');
  });

  it('stores nothing for an empty or oversize message, and says why', async () => {
    const before = await messageCount();
    await parent.get(paths.messages.new({ childId: parentChildId }));
    const empty = await parent.post(paths.messages.list({ childId: parentChildId }), { subject: 'Empty', audience: 'family', body: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('govuk-error-summary');
    expect(empty.body).toContain('Enter your message');
    const oversize = await parent.post(paths.messages.list({ childId: parentChildId }), { subject: 'Long', audience: 'family', body: 'a'.repeat(5001) });
    expect(oversize.statusCode).toBe(400);
    expect(oversize.body).toContain('Your message must be 5000 characters or fewer');
    const thread = await threadBySubject('Taxi not arriving');
    const page = await parent.get(paths.messages.thread({ childId: parentChildId, threadId: thread.id }));
    expect(page.statusCode).toBe(200);
    const emptyReply = await parent.post(paths.messages.thread({ childId: parentChildId, threadId: thread.id }), { body: '' });
    expect(emptyReply.statusCode).toBe(400);
    expect(emptyReply.body).toContain('Enter your message');
    expect(await messageCount()).toBe(before);
    const threads = await t.database.db
      .select()
      .from(messageThread)
      .where(sql`${messageThread.subject} in ('Empty', 'Long')`);
    expect(threads).toHaveLength(0);
  });

  it('keeps each audience to those it is for', async () => {
    const before = await messageCount();
    await parent.get(paths.messages.new({ childId: parentChildId }));
    const refused = await parent.post(paths.messages.list({ childId: parentChildId }), { subject: 'Wider', audience: 'professionals', body: 'Trying to write to professionals only' });
    expect(refused.statusCode).toBe(400);
    expect(await messageCount()).toBe(before);

    // A new-thread form for a parent offers no audience choice; a caseworker's offers all three.
    const parentForm = await parent.get(paths.messages.new({ childId: parentChildId }));
    expect(parentForm.body).not.toContain('value="professionals"');
    const caseworkerForm = await caseworker.get(paths.messages.new({ childId: parentChildId }));
    expect(caseworkerForm.body).toContain('value="la_internal"');

    const started = await caseworker.post(paths.messages.list({ childId: parentChildId }), {
      subject: 'Professionals meeting',
      audience: 'professionals',
      kind: 'message',
      body: 'Notes for the team around the child',
    });
    expect(started.statusCode).toBe(303);
    const thread = await threadBySubject('Professionals meeting');
    expect((await parent.get(paths.messages.thread({ childId: parentChildId, threadId: thread.id }))).statusCode).toBe(404);
    expect((await parent.get(paths.messages.list({ childId: parentChildId }))).body).not.toContain('Professionals meeting');
    await parent.get(paths.messages.list({ childId: parentChildId }));
    expect((await parent.post(paths.messages.thread({ childId: parentChildId, threadId: thread.id }), { body: 'Let me in' })).statusCode).toBe(404);
    // The parent was told nothing of it.
    const told = await t.database.db
      .select()
      .from(notification)
      .where(and(eq(notification.userId, parentId), eq(notification.link, paths.messages.thread({ childId: parentChildId, threadId: thread.id }))));
    expect(told).toHaveLength(0);
    // A message from a staff member owes no reply.
    const [only] = await messagesIn(thread.id);
    expect(only?.replyDueOn).toBeNull();
  });

  it('answers "not found" for a child outside the viewer\'s scope, and "forbidden" for a role without the dashboard', async () => {
    expect((await parent.get(paths.messages.list({ childId: otherChildId }))).statusCode).toBe(404);
    expect((await parent.get(paths.messages.new({ childId: otherChildId }))).statusCode).toBe(404);
    const before = await messageCount();
    expect((await parent.post(paths.messages.list({ childId: otherChildId }), { subject: 'Not mine', audience: 'family', body: 'Hello' })).statusCode).toBe(404);
    expect((await parent.get(paths.messages.thread({ childId: parentChildId, threadId: 'not-a-uuid' }))).statusCode).toBe(404);
    expect(await messageCount()).toBe(before);
    expect((await caseworker.get(paths.monitoring.communication())).statusCode).toBe(403);
    expect((await parent.get(paths.monitoring.communication())).statusCode).toBe(403);
  });

  it('records a call, and a message sent for a parent (assisted) that is owed a reply', async () => {
    const thread = await threadBySubject('Taxi not arriving');
    await caseworker.get(paths.messages.thread({ childId: parentChildId, threadId: thread.id }));
    const call = await caseworker.post(paths.messages.thread({ childId: parentChildId, threadId: thread.id }), { kind: 'phone_call', body: 'Called mum: the taxi came today.' });
    expect(call.statusCode).toBe(303);
    await caseworker.get(paths.messages.thread({ childId: parentChildId, threadId: thread.id }));
    const assisted = await caseworker.post(paths.messages.thread({ childId: parentChildId, threadId: thread.id }), {
      kind: 'message',
      onBehalfOf: parentId,
      body: 'Mum asks whether the taxi can come ten minutes earlier.',
    });
    expect(assisted.statusCode).toBe(303);
    const rows = await messagesIn(thread.id);
    const recordedCall = rows.find((row) => row.kind === 'phone_call');
    const forParent = rows.find((row) => row.onBehalfOfUserId === parentId);
    expect(recordedCall?.replyDueOn).toBeNull();
    expect(forParent?.authorUserId).toBe(caseworkerId);
    expect(forParent?.replyDueOn).not.toBeNull();
    expect(forParent?.repliedAt).toBeNull();
    const page = await parent.get(paths.messages.thread({ childId: parentChildId, threadId: thread.id }));
    expect(page.body).toContain('Sent by Priya Shah on behalf of Sarah Ahmed (assisted)');
    expect(page.body).toContain('Phone call recorded by Priya Shah');
    const titles = (await t.database.db.select().from(timelineEntry).where(eq(timelineEntry.sourceId, thread.id))).map((row) => row.title);
    expect(titles).toContain('Phone call recorded: Taxi not arriving');
    // Who and for whom is the byline's to say ("…, on behalf of … (assisted)"), not the title's.
    expect(titles).toContain('Message: Taxi not arriving');
    expect(titles.filter((title) => /Parent or carer|SEN caseworker/.test(title))).toEqual([]);

    // A parent cannot claim to write for someone else, nor record a call.
    await parent.get(paths.messages.thread({ childId: parentChildId, threadId: thread.id }));
    const before = await messageCount();
    expect((await parent.post(paths.messages.thread({ childId: parentChildId, threadId: thread.id }), { kind: 'phone_call', body: 'A call' })).statusCode).toBe(400);
    expect((await parent.post(paths.messages.thread({ childId: parentChildId, threadId: thread.id }), { onBehalfOf: caseworkerId, body: 'As someone else' })).statusCode).toBe(400);
    expect(await messageCount()).toBe(before);
  });

  it('flags an unanswered message to its owner the day after its reply date, then to the manager, once each', async () => {
    await parent.get(paths.messages.new({ childId: parentChildId }));
    await parent.post(paths.messages.list({ childId: parentChildId }), { subject: 'When is the review meeting', audience: 'family', body: 'When is the review?' });
    const thread = await threadBySubject('When is the review meeting');
    const [waiting] = await messagesIn(thread.id);
    if (!waiting) throw new Error('No message');
    // Sent on Monday 2 March 2026: 3 working days to reply, due Thursday 5 March.
    await t.database.db
      .update(message)
      .set({ sentAt: new Date('2026-03-02T10:00:00Z'), replyDueOn: '2026-03-05' })
      .where(eq(message.id, waiting.id));
    const owned = () =>
      t.database.db
        .select()
        .from(notification)
        .where(and(eq(notification.link, paths.messages.thread({ childId: parentChildId, threadId: thread.id })), sql`${notification.kind} like 'reply_overdue%'`, eq(notification.channel, 'in_app')));
    const state = async () => (await t.database.db.select().from(message).where(eq(message.id, waiting.id)))[0];

    await flagOverdueReplies(t.database.db, laId, '2026-03-05');
    expect((await state())?.overdueFlaggedAt).toBeNull();
    expect(await owned()).toHaveLength(0);

    await flagOverdueReplies(t.database.db, laId, '2026-03-06');
    expect((await state())?.overdueFlaggedAt).not.toBeNull();
    const flagged = await owned();
    expect(flagged.map((row) => [row.userId, row.kind, row.subject])).toEqual([[ownerId, 'reply_overdue', `Reply overdue: message about ${parentChildForename}`]]);
    expect(flagged[0]?.body).not.toContain('When is the review');

    // The same day again: nothing new.
    await flagOverdueReplies(t.database.db, laId, '2026-03-06');
    expect(await owned()).toHaveLength(1);
    // Monday 9 March is two working days after the due date: still the owner's.
    await flagOverdueReplies(t.database.db, laId, '2026-03-09');
    expect((await state())?.escalatedAt).toBeNull();
    await flagOverdueReplies(t.database.db, laId, '2026-03-10');
    expect((await state())?.escalatedAt).not.toBeNull();
    const managerId = await userId('sen_team_manager');
    expect((await owned()).map((row) => [row.userId, row.kind])).toContainEqual([managerId, 'reply_overdue_escalated']);
    await flagOverdueReplies(t.database.db, laId, '2026-03-11');
    expect(await owned()).toHaveLength(2);

    // The tab shows the wait; the dashboard lists it past target.
    const tab = await caseworker.get(paths.messages.list({ childId: parentChildId }));
    expect(tab.body).toMatch(/\(parent or carer\) has been waiting \d+ working days for a reply from the [^(]+ \(due 5 March 2026\): the reply is overdue/);
  });

  it('gives a conversation to another officer', async () => {
    const thread = await threadBySubject('When is the review meeting');
    const managerId = await userId('sen_team_manager');
    const page = await manager.get(paths.messages.thread({ childId: parentChildId, threadId: thread.id }));
    expect(page.body).toContain('Give this conversation to');
    expect((await manager.post(paths.messages.owner({ childId: parentChildId, threadId: thread.id }), { ownerUserId: parentId })).statusCode).toBe(400);
    expect((await manager.post(paths.messages.owner({ childId: parentChildId, threadId: thread.id }), { ownerUserId: managerId })).statusCode).toBe(303);
    expect((await threadBySubject('When is the review meeting')).ownerUserId).toBe(managerId);
    await parent.get(paths.messages.thread({ childId: parentChildId, threadId: thread.id }));
    expect((await parent.post(paths.messages.owner({ childId: parentChildId, threadId: thread.id }), { ownerUserId: parentId })).statusCode).toBe(403);
  });

  it('shows the communication promise figures as the database has them', async () => {
    const today = TEST_CLOCK.today();
    const [expected] = await t.database.db
      .select({
        needing: sql<number>`count(*) filter (where ${message.repliedAt} is null)::int`,
        replied: sql<number>`count(*) filter (where ${message.repliedAt} is not null and ${message.sentAt} >= now() - interval '90 days')::int`,
        onTime: sql<number>`count(*) filter (where ${message.repliedAt} is not null and ${message.sentAt} >= now() - interval '90 days'
          and (${message.repliedAt} at time zone 'Europe/London')::date <= ${message.replyDueOn})::int`,
        missed: sql<number>`count(*) filter (where ${message.repliedAt} is null and ${message.sentAt} >= now() - interval '90 days' and ${message.replyDueOn} < ${today})::int`,
        pastTarget: sql<number>`count(*) filter (where ${message.repliedAt} is null and ${message.replyDueOn} < ${today})::int`,
      })
      .from(message)
      .where(and(eq(message.laId, laId), sql`${message.replyDueOn} is not null`));
    if (!expected) throw new Error('No figures');
    const page = await manager.get(paths.monitoring.communication());
    expect(page.statusCode).toBe(200);
    const row = (label: string) => new RegExp(`${label}[\\s\\S]*?<dd class="govuk-summary-list__value">\\s*([^<]*?)\\s*<`).exec(page.body)?.[1];
    expect(row('Messages needing a reply now')).toBe(String(expected.needing));
    const decided = expected.replied + expected.missed;
    expect(row('Replied within 3 working days \\(last 90 days\\)')).toBe(
      decided === 0 ? 'No messages due a reply yet' : `${String(Math.round((expected.onTime / decided) * 100))}% (${String(expected.onTime)} of ${String(decided)})`,
    );
    expect(row('Unanswered past the reply date')).toBe(String(expected.pastTarget));
    // Children with a plan in force and no family-visible entry in 14 days, counted the slow, obvious way.
    const [silent] = await t.database.db
      .select({ count: sql<number>`count(*)::int` })
      .from(child)
      .where(
        and(
          eq(child.laId, laId),
          sql`exists (select 1 from ehc_plan p where p.child_id = ${child.id} and p.status = 'active')`,
          sql`not exists (select 1 from timeline_entry te where te.child_id = ${child.id} and te.audience = 'family' and te.restricted_to_roles is null
                and te.occurred_at >= (${today}::date - 14)::timestamptz)`,
        ),
      );
    expect(row('Children with no update to the family in 14 days')).toBe(String(silent?.count));
    expect(page.body).not.toContain(`href="${paths.messages.list({ childId: parentChildId })}">`);
    expect(page.body).toContain('When is the review meeting');
    expect(page.body).toContain('Median time to first reply');
    const audits = await t.database.db.select().from(auditEvent).where(eq(auditEvent.action, 'VIEW_COMMUNICATION_PROMISE'));
    expect(audits.length).toBeGreaterThan(0);
    // The promise is one of the monitoring pages, linked from their sub-navigation.
    expect((await manager.get(paths.concerns.list())).body).toContain(`href="${paths.monitoring.communication()}"`);
  });

  it('adds each officer’s and each team’s figures up to the headline, and says what each counts', async () => {
    const page = (await manager.get(paths.monitoring.communication())).body;
    const headline = /Replied within 3 working days \(last 90 days\)[\s\S]*?\((\d+) of (\d+)\)/.exec(page);
    const pastTarget = /Unanswered past the reply date\s*<\/dt>[\s\S]*?<dd class="govuk-summary-list__value">\s*(\d+)/.exec(page);
    expect(headline).not.toBeNull();
    expect(Number(headline?.[2])).toBeGreaterThan(0);
    for (const [start, end] of [
      ['By officer', 'By team'],
      ['By team', 'Unanswered past the reply date</h2>'],
    ] as const) {
      const table = page.slice(page.indexOf(`${start}</h2>`), page.indexOf(end, page.indexOf(`${start}</h2>`) + start.length));
      const rows = [...table.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((row) => row[1] ?? '').filter((row) => row.includes('<td'));
      const figures = rows.map((row) => {
        const ratio = /\((\d+) of (\d+)\)/.exec(row);
        const cells = [...row.matchAll(/<td[^>]*>\s*(?:<strong>)?([^<]*)/g)].map((cell) => cell[1]?.trim() ?? '');
        // Officer, replied on time, overdue now, oldest unanswered.
        return { onTime: Number(ratio?.[1] ?? 0), decided: Number(ratio?.[2] ?? 0), overdue: Number(cells[2]) };
      });
      const total = figures.pop();
      expect(rows.at(-1)).toMatch(/All (officers|teams)/);
      expect(total).toEqual({ onTime: Number(headline?.[1]), decided: Number(headline?.[2]), overdue: Number(pastTarget?.[1]) });
      expect(figures.reduce((sum, row) => sum + row.onTime, 0)).toBe(total?.onTime);
      expect(figures.reduce((sum, row) => sum + row.decided, 0)).toBe(total?.decided);
      expect(figures.reduce((sum, row) => sum + row.overdue, 0)).toBe(total?.overdue);
    }
    for (const definition of ['whether or not their reply date has passed', 'those answered by the reply date', 'whenever they were sent', 'has seen nothing new on the timeline']) {
      expect(page).toContain(definition);
    }
  });
  it('filtered to a team, every figure is that team’s: its row of the unfiltered table becomes the headline', async () => {
    const [north] = await t.database.db
      .select({ id: team.id, name: team.name })
      .from(team)
      .where(and(eq(team.laId, laId), eq(team.name, 'SEN Team North')));
    if (!north) throw new Error('No demo team');
    const whole = (await manager.get(paths.monitoring.communication())).body;
    const byTeam = whole.slice(whole.indexOf('By team</h2>'), whole.indexOf('Unanswered past the reply date</h2>'));
    const teamRow = new RegExp(`${north.name}</td>[\\s\\S]*?\\((\\d+) of (\\d+)\\)[\\s\\S]*?<td[^>]*>\\s*(\\d+)`).exec(byTeam);
    expect(teamRow).not.toBeNull();

    const filtered = await manager.get(paths.monitoring.communication({ team: north.id }));
    expect(filtered.statusCode).toBe(200);
    const headline = /Replied within 3 working days \(last 90 days\)[\s\S]*?<dd class="govuk-summary-list__value">\s*([^<]*?)\s*</.exec(filtered.body)?.[1];
    expect(headline).toMatch(new RegExp(`\\(${teamRow?.[1] ?? ''} of ${teamRow?.[2] ?? ''}\\)$`));
    const pastTarget = /Unanswered past the reply date\s*<\/dt>[\s\S]*?<dd class="govuk-summary-list__value">\s*(\d+)/.exec(filtered.body)?.[1];
    expect(pastTarget).toBe(teamRow?.[3]);
    // The children counted are those whose caseworker is in the team, counted the slow, obvious way.
    const today = TEST_CLOCK.today();
    const [silent] = await t.database.db
      .select({ count: sql<number>`count(*)::int` })
      .from(child)
      .innerJoin(appUser, eq(appUser.id, child.caseworkerId))
      .where(
        and(
          eq(child.laId, laId),
          eq(appUser.teamId, north.id),
          sql`exists (select 1 from ehc_plan p where p.child_id = ${child.id} and p.status = 'active')`,
          sql`not exists (select 1 from timeline_entry te where te.child_id = ${child.id} and te.audience = 'family' and te.restricted_to_roles is null
                and te.occurred_at >= (${today}::date - 14)::timestamptz)`,
        ),
      );
    const silentShown = /Children with no update to the family in 14 days\s*<\/dt>[\s\S]*?<dd class="govuk-summary-list__value">\s*(\d+)/.exec(filtered.body)?.[1];
    expect(silentShown).toBe(String(silent?.count));
    expect(filtered.body).toContain('Selected filters');
    // A team that is not an id reads as the whole LA.
    expect((await manager.get(`${paths.monitoring.communication()}?team=nonsense`)).statusCode).toBe(200);
  });
});
