import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUser, auditEvent, ehcPlan, familyLink, placement, planVersion, provisionItem, provisionItemName } from '../../src/db/schema/index.js';
import { itemTitle, shortItemName } from '../../src/domain/plain-words.js';
import { declaredAudit, type Actor } from '../../src/http/actor.js';
import { amendPlan } from '../../src/modules/plans/service.js';
import { createTestApp, demoUser, signedInAs, TEST_CLOCK, type Browser, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { deliveredSessions, demoAccounts, theDemoLa } from '../factories/index.js';
import { weekStarting } from '../../src/domain/school-calendar.js';
import { paths } from '../../src/http/paths.js';

const versionOn = (html: string) => /name="_version" value="(\d+)"/.exec(html)?.[1] ?? '';

describe(`the short name families read for a line of provision (${testEngine})`, () => {
  let t: TestApp;
  let childId: string;
  let item: { id: string; section: string; description: string; provisionType: string };
  let derived: string;
  let caseworker: Browser;
  let manager: Browser;
  let parent: Browser;
  const formUrl = () => paths.provision.itemName({ childId, itemId: item.id });
  const userId = async (role: string) => {
    const [row] = await t.database.db
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, role).email));
    return row?.id ?? '';
  };
  const savedName = async (itemId = item.id) => (await t.database.db.select().from(provisionItemName).where(eq(provisionItemName.provisionItemId, itemId)))[0];
  const renameAudits = async () => t.database.db.select().from(auditEvent).where(eq(auditEvent.action, 'RENAME_PROVISION_ITEM')).orderBy(asc(auditEvent.occurredAt));
  async function currentItems() {
    return t.database.db
      .select({
        id: provisionItem.id,
        section: provisionItem.section,
        description: provisionItem.description,
        provisionType: provisionItem.provisionType,
        sessionsPerPeriod: provisionItem.sessionsPerPeriod,
      })
      .from(ehcPlan)
      .innerJoin(planVersion, eq(planVersion.id, ehcPlan.currentVersionId))
      .innerJoin(provisionItem, eq(provisionItem.planVersionId, planVersion.id))
      .where(and(eq(ehcPlan.childId, childId), eq(ehcPlan.status, 'active')))
      .orderBy(asc(provisionItem.section), asc(provisionItem.position));
  }
  async function rename(browser: Browser, shortName: string, version?: string) {
    const page = await browser.get(formUrl());
    return browser.post(formUrl(), { shortName, _version: version ?? versionOn(page.body) });
  }

  beforeAll(async () => {
    t = await createTestApp({ plans: 40, deliveryHistory: false, clock: TEST_CLOCK });
    const db = t.database.db;
    // A pupil at the demo SENCO's school with a plan in force, linked to the demo parent: both can see the child.
    const [senco] = await db
      .select({ settingId: appUser.settingId })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, 'school_senco').email));
    const [pupil] = await db
      .select({ id: placement.childId })
      .from(placement)
      .innerJoin(ehcPlan, and(eq(ehcPlan.childId, placement.childId), eq(ehcPlan.status, 'active')))
      .where(and(eq(placement.settingId, senco?.settingId ?? ''), isNull(placement.endDate)))
      .limit(1);
    childId = pupil?.id ?? '';
    const parentId = await userId('parent');
    const linked = await db
      .select()
      .from(familyLink)
      .where(and(eq(familyLink.childId, childId), eq(familyLink.userId, parentId)));
    if (linked.length === 0) await db.insert(familyLink).values({ laId: t.demo.laId, childId, userId: parentId, name: 'Sarah Ahmed', relationship: 'Mother', hasParentalResponsibility: true });
    const [first] = await currentItems();
    if (!first) throw new Error('The pupil has no provision in force');
    item = first;
    derived = shortItemName(item);
    caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    manager = await signedInAs(t.app, t.demo, 'sen_team_manager');
    parent = await signedInAs(t.app, t.demo, 'parent');
  }, 240_000);

  afterAll(async () => {
    await t.close();
  });

  it('an officer renames a line; the parent reads the new name on every page that names it, and the rename is audited', async () => {
    const ledger = await caseworker.get(paths.provision.item({ childId, itemId: item.id }));
    expect(ledger.body).toContain(`href="${formUrl()}"`);
    expect((await caseworker.get(paths.child.provision({ childId }))).body).toContain(`href="${formUrl()}"`);
    const form = await caseworker.get(formUrl());
    expect(form.statusCode).toBe(200);
    // Never named before: saved over version 0, offering the name made from the wording.
    expect(versionOn(form.body)).toBe('0');
    expect(form.body).toContain(`value="${derived}"`);

    const saved = await caseworker.post(formUrl(), { shortName: '  Reading   help with Mr Shah ', _version: '0' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(paths.provision.item({ childId, itemId: item.id }, { renamed: 1 }));
    expect(await savedName()).toMatchObject({ shortName: 'Reading help with Mr Shah', version: 1, updatedBy: await userId('sen_caseworker'), laId: t.demo.laId });
    expect((await caseworker.get(saved.headers.location ?? '')).body).toContain('The short name has been saved');

    const tab = await parent.get(paths.child.provision({ childId }));
    expect(tab.body).toContain('Reading help with Mr Shah: ');
    expect(tab.body).not.toContain(`${derived}: `);
    // A parent is not offered the form.
    expect(tab.body).not.toContain(`href="${formUrl()}"`);
    const itemPage = await parent.get(paths.provision.item({ childId, itemId: item.id }));
    expect(itemPage.body).toContain('Reading help with Mr Shah: ');
    expect(itemPage.body).not.toContain(`href="${formUrl()}"`);
    const accessLog = await parent.get(paths.child.accessLog({ childId }));
    expect(accessLog.body).toContain(`changed the name of “${derived}” to “Reading help with Mr Shah”`);

    // A concern about the line is about it by its new name, with the plan's wording beneath.
    await parent.get(paths.concerns.raise({ childId }));
    const raised = await parent.post(paths.concerns.raise({ childId }), { itemId: item.id, description: 'The reading sessions stopped after half term.' });
    expect(raised.statusCode).toBe(303);
    const concern = await parent.get(raised.headers.location ?? '');
    expect(concern.body).toContain('Reading help with Mr Shah</a>');
    expect(concern.body).toContain(`In the plan: ${item.description}`);

    const audits = await renameAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      subjectType: 'provision_item',
      subjectId: item.id,
      childId,
      actorUserId: await userId('sen_caseworker'),
      change: { before: derived, after: 'Reading help with Mr Shah', given: 'first' },
    });
  });

  it.each(['parent', 'school_senco', 'professional', 'finance_officer'])('refuses %s the form and the save (403), changing nothing', async (role) => {
    const browser = await signedInAs(t.app, t.demo, role);
    const before = await savedName();
    expect((await browser.get(formUrl())).statusCode).toBe(403);
    expect((await browser.post(formUrl(), { shortName: 'Renamed by someone who may not', _version: String(before?.version ?? 0) })).statusCode).toBe(403);
    expect(await savedName()).toEqual(before);
  });

  it.each([
    ['', 'Enter a short name for this provision'],
    ['      ', 'Enter a short name for this provision'],
    ['x'.repeat(61), 'The short name must be 60 characters or fewer'],
  ])('refuses the name %j with the error summary, saving nothing', async (shortName, message) => {
    const before = await savedName();
    const audits = (await renameAudits()).length;
    const response = await rename(caseworker, shortName);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('href="#shortName"');
    expect(response.body).toContain(message);
    expect(await savedName()).toEqual(before);
    expect(await renameAudits()).toHaveLength(audits);
  });

  it('refuses a save over a name changed since the form was opened, naming who changed it, and keeps what was typed', async () => {
    const opened = await caseworker.get(formUrl());
    const openedAt = versionOn(opened.body);
    expect((await rename(manager, 'Reading help in a small group')).statusCode).toBe(303);
    const stale = await caseworker.post(formUrl(), { shortName: 'Reading help on Tuesdays', _version: openedAt });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('govuk-error-summary');
    expect(stale.body).toMatch(/This was changed by [^<]+ at /);
    expect(stale.body).toContain('value="Reading help on Tuesdays"');
    const now = await savedName();
    expect(now?.shortName).toBe('Reading help in a small group');
    // Shown again at the version saved now, so saving again is a deliberate choice that succeeds.
    expect(versionOn(stale.body)).toBe(String(now?.version));
    expect((await caseworker.post(formUrl(), { shortName: 'Reading help on Tuesdays', _version: versionOn(stale.body) })).statusCode).toBe(303);
    expect((await savedName())?.shortName).toBe('Reading help on Tuesdays');
    // A form without a version cannot say what it saves over.
    expect((await caseworker.post(formUrl(), { shortName: 'No version' })).statusCode).toBe(409);
    expect((await savedName())?.shortName).toBe('Reading help on Tuesdays');
  });

  it('saving the name families already read writes nothing', async () => {
    const before = await savedName();
    const audits = (await renameAudits()).length;
    expect((await rename(caseworker, before?.shortName ?? '')).statusCode).toBe(303);
    expect(await savedName()).toEqual(before);
    expect(await renameAudits()).toHaveLength(audits);
  });

  it('names costed provision on the Funding tab by its short name, with the plan’s wording beneath', async () => {
    const [costed] = await t.database.db
      .select({ childId: ehcPlan.childId, id: provisionItem.id, description: provisionItem.description })
      .from(ehcPlan)
      .innerJoin(provisionItem, eq(provisionItem.planVersionId, ehcPlan.currentVersionId))
      .where(and(eq(ehcPlan.laId, t.demo.laId), eq(ehcPlan.status, 'active'), isNotNull(provisionItem.annualCostPence)))
      .limit(1);
    expect(costed).toBeDefined();
    const url = paths.provision.itemName({ childId: costed?.childId ?? '', itemId: costed?.id ?? '' });
    const page = await caseworker.get(url);
    expect((await caseworker.post(url, { shortName: 'Costed support, renamed', _version: versionOn(page.body) })).statusCode).toBe(303);
    const funding = await caseworker.get(paths.child.funding({ childId: costed?.childId ?? '' }));
    expect(funding.body).toContain('Costed support, renamed<br>');
    expect(funding.body).toContain(`In the plan: ${costed?.description ?? ''}`);
    expect(funding.body).not.toMatch(/<td class="govuk-table__cell">[A-K]\d?: /);
  });

  it('shows a name as text, never as markup', async () => {
    expect((await rename(caseworker, 'Reading <b>help</b>')).statusCode).toBe(303);
    for (const url of [paths.child.provision({ childId }), paths.provision.item({ childId, itemId: item.id })]) {
      const page = await parent.get(url);
      expect(page.body).toContain('Reading &lt;b&gt;help&lt;/b&gt;');
      expect(page.body).not.toContain('<b>help</b>');
    }
    expect((await rename(caseworker, 'Reading help on Tuesdays')).statusCode).toBe(303);
  });

  it('staff pages title a line by its short name and its section in words, never by its section code and whole wording', async () => {
    const title = itemTitle({ ...item, shortName: (await savedName())?.shortName ?? null });
    expect(title).toMatch(/ \(section [A-K]\d?\)$/);
    const escaped = (text: string) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll("'", '&#39;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
    const codeStyle = `${item.section}: ${escaped(item.description)}`;
    const day = '2026-11-23';
    const accounts = await demoAccounts(t);
    const [recordId] = await deliveredSessions(theDemoLa(t), accounts.sen_caseworker, item.id, [day]);
    const pages = {
      ledger: paths.provision.item({ childId, itemId: item.id }),
      records: paths.provision.itemRecords({ childId, itemId: item.id }),
      correction: paths.provision.correctRecord({ childId, recordId: recordId ?? '' }),
      recordForm: paths.provision.record({ childId }),
    };
    for (const [name, url] of Object.entries(pages)) {
      const page = await caseworker.get(url);
      expect(page.statusCode, name).toBe(200);
      expect(page.body, name).toContain(escaped(title));
      expect(page.body, name).not.toContain(codeStyle);
    }
    // The pages about one line still give the plan's own wording beneath the name.
    expect((await caseworker.get(pages.ledger)).body).toContain(`The plan says: “${escaped(item.description)}”`);
    expect((await caseworker.get(pages.records)).body).toContain(`The plan says: “${escaped(item.description)}”`);
    // The week grid names each line the same way.
    const senco = await signedInAs(t.app, t.demo, 'school_senco');
    const grid = await senco.get(paths.provision.week({ week: weekStarting(day) }));
    expect(grid.statusCode).toBe(200);
    expect(grid.body).toMatch(/<td class="govuk-table__cell">[^<]+ \(section [A-K]\d?\)<br>/);
    expect(grid.body).not.toMatch(/<td class="govuk-table__cell">[A-K]\d?: /);
  });

  it('an amendment that carries the line on carries its name; a line that changed is named afresh', async () => {
    const [user] = await t.database.db
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, 'sen_caseworker').email));
    const actor: Actor = {
      principal: { userId: user?.id ?? '', laId: t.demo.laId, role: 'sen_caseworker', displayName: 'C', email: '', settingId: null, organisationId: null, childId: null },
      requestId: 'test',
      audit: declaredAudit('AMEND_PLAN'),
      clock: TEST_CLOCK,
    };
    const items = await currentItems();
    const [, second] = items;
    // Name the second line too (through its own form), then give it one more session.
    if (second) {
      const url = paths.provision.itemName({ childId, itemId: second.id });
      const page = await caseworker.get(url);
      expect((await caseworker.post(url, { shortName: 'Second line, named', _version: versionOn(page.body) })).statusCode).toBe(303);
    }
    const amended = await amendPlan(t.database.db, actor, childId, {
      issuedDate: TEST_CLOCK.today(),
      provision: items.map((line, index) =>
        index === 0
          ? { previousItemId: line.id, description: `${line.description}, as agreed at the review` }
          : index === 1
            ? { previousItemId: line.id, sessionsPerPeriod: (line.sessionsPerPeriod ?? 0) + 1 }
            : { previousItemId: line.id },
      ),
    });
    const [carried, changed] = amended.itemIds;
    expect(await savedName(carried)).toMatchObject({ shortName: 'Reading help on Tuesdays', version: 1 });
    if (changed && second) expect(await savedName(changed)).toBeUndefined();
    const tab = await parent.get(paths.child.provision({ childId }));
    expect(tab.body).toContain('Reading help on Tuesdays: ');
    // The earlier version's line keeps the name it had: history is not rewritten.
    expect((await savedName(item.id))?.shortName).toBe('Reading help on Tuesdays');
    const [audit] = await t.database.db
      .select({ change: auditEvent.change })
      .from(auditEvent)
      .where(and(eq(auditEvent.action, 'AMEND_PLAN'), eq(auditEvent.subjectId, amended.versionId)));
    expect(audit?.change).toMatchObject({ namesCarried: 1 });
  });
});
