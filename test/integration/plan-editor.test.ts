import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { appUser, auditEvent, ehcPlan, familyLink, messageThread, planOutcome, planSection, planVersion, provisionItem, provisionOutcome, review, timelineEntry } from '../../src/db/schema/index.js';
import { addDays } from '../../src/domain/dates.js';
import { todayInLondon } from '../../src/domain/formatting.js';
import { declaredAudit, type Actor } from '../../src/http/actor.js';
import { paths } from '../../src/http/paths.js';
import { startAmendmentDraft } from '../../src/modules/plan-editor/service.js';
import { amendPlan } from '../../src/modules/plans/service.js';
import { aChild, aLocalAuthority, aPlanWithProvision, aUser, actorFor } from '../factories/index.js';
import { createTestApp, demoUser, signedInAs, TEST_CLOCK, type Browser, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';

/** A clock the test moves on: the 15 days for comments pass between two requests. */
function movableClock(start: Date): Clock & { advanceDays(days: number): void } {
  let at = start.getTime();
  return {
    now: () => new Date(at),
    today: () => todayInLondon(new Date(at)),
    advanceDays(days: number) {
      at += days * 86_400_000;
    },
  };
}

/** The `_version` the page's first edit form carries. */
function formVersion(html: string): string {
  return /name="_version" value="(\d+)"/.exec(html)?.[1] ?? '';
}

function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z#0-9]+;/g, ' ')
    .replace(/\s+/g, ' ');
}

describe(`the plan editor: an amendment drafted, proposed and issued (${testEngine})`, () => {
  let t: TestApp;
  const clock = movableClock(TEST_CLOCK.now());
  let caseworker: Browser;
  let parent: Browser;
  let childId: string;
  let caseworkerActor: Actor;

  beforeAll(async () => {
    t = await createTestApp({ plans: 30, deliveryHistory: false, clock });
    caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    parent = await signedInAs(t.app, t.demo, 'parent');
    // The demo parent's child with a plan in force and no draft open.
    const [row] = await t.database.db
      .select({ childId: familyLink.childId })
      .from(familyLink)
      .innerJoin(appUser, eq(appUser.id, familyLink.userId))
      .innerJoin(ehcPlan, and(eq(ehcPlan.childId, familyLink.childId), eq(ehcPlan.status, 'active')))
      .where(and(eq(appUser.email, demoUser(t.demo, 'parent').email), sql`not exists (select 1 from plan_version d where d.plan_id = ${ehcPlan.id} and d.status = 'draft')`))
      .orderBy(asc(familyLink.childId))
      .limit(1);
    childId = row?.childId ?? '';
    const [user] = await t.database.db
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, 'sen_caseworker').email));
    caseworkerActor = {
      principal: { userId: user?.id ?? '', laId: t.demo.laId, role: 'sen_caseworker', displayName: 'C', email: '', settingId: null, organisationId: null, childId: null },
      requestId: 'test',
      audit: declaredAudit('START_PLAN_AMENDMENT'),
      clock,
    };
  });
  afterAll(async () => {
    await t.close();
  });

  async function plan() {
    const [row] = await t.database.db
      .select({ planId: ehcPlan.id, currentVersionId: ehcPlan.currentVersionId })
      .from(ehcPlan)
      .where(and(eq(ehcPlan.childId, childId), eq(ehcPlan.status, 'active')));
    return row;
  }

  async function draftRow(versionId: string) {
    const [row] = await t.database.db.select().from(planVersion).where(eq(planVersion.id, versionId));
    return row;
  }

  async function linesOf(versionId: string) {
    return t.database.db.select().from(provisionItem).where(eq(provisionItem.planVersionId, versionId)).orderBy(asc(provisionItem.section), asc(provisionItem.position));
  }

  it('runs from the Plan tab to the amended plan in force, refusing what it must on the way', async () => {
    const inForce = await plan();
    const inForceId = inForce?.currentVersionId ?? '';
    const before = await linesOf(inForceId);
    expect(before.length).toBeGreaterThanOrEqual(3);
    // A review whose "amend" decision this draft carries out.
    const [reviewRow] = await t.database.db
      .insert(review)
      .values({ laId: t.demo.laId, planId: inForce?.planId ?? '', childId, kind: 'interim', reason: 'la_request', dueBy: addDays(clock.today(), 30), stage: 'decided' })
      .returning({ id: review.id });

    // The Plan tab offers the amendment to the caseworker, not to the parent.
    expect((await caseworker.get(paths.child.plan({ childId }))).body).toContain(paths.planEditor.start({ childId }));
    expect((await parent.get(paths.child.plan({ childId }))).body).not.toContain(paths.planEditor.start({ childId }));
    expect((await parent.get(paths.planEditor.start({ childId }))).statusCode).toBe(403);

    // Start: a copy of the plan in force, each line pointing at the one it came from.
    expect((await caseworker.get(paths.planEditor.start({ childId }))).statusCode).toBe(200);
    const started = await caseworker.post(paths.planEditor.start({ childId }), {});
    expect(started.statusCode).toBe(303);
    const versionId = /\/plan\/drafts\/([0-9a-f-]{36})/.exec(started.headers.location as string)?.[1] ?? '';
    const copied = await linesOf(versionId);
    expect(copied.map((line) => line.previousItemId)).toEqual(before.map((line) => line.id));
    expect(copied.every((line) => !line.continuesPrevious)).toBe(true);
    const copiedLinks = await t.database.db
      .select({ count: sql<number>`count(*)::int` })
      .from(provisionOutcome)
      .innerJoin(provisionItem, eq(provisionItem.id, provisionOutcome.provisionItemId))
      .where(eq(provisionItem.planVersionId, versionId));
    expect(copiedLinks[0]?.count).toBeGreaterThan(0);
    // One open draft per plan: starting again goes to the same draft, and links the review to it.
    const again = await startAmendmentDraft(t.database.db, caseworkerActor, childId, { reviewId: reviewRow?.id ?? '' });
    expect(again).toEqual({ versionId, created: false });
    // …and nothing else may amend the plan while it is open.
    await expect(amendPlan(t.database.db, { ...caseworkerActor, audit: declaredAudit('AMEND_PLAN') }, childId, { issuedDate: clock.today(), provision: [] })).rejects.toMatchObject({
      statusCode: 400,
    });

    // The draft is the LA's working copy: the parent cannot open it, nor its proposal before it is sent.
    expect((await parent.get(paths.planEditor.draft({ childId, versionId }))).statusCode).toBe(403);
    expect((await parent.get(paths.planEditor.proposal({ childId, versionId }))).statusCode).toBe(404);
    expect((await parent.get(paths.child.plan({ childId }, { version: versionId }))).statusCode).toBe(404);

    const overview = await caseworker.get(paths.planEditor.draft({ childId, versionId }));
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('govuk-task-list');
    expect(text(overview.body)).toContain('Nothing in the plan changes yet');
    let version = formVersion((await caseworker.get(paths.planEditor.section({ childId, versionId, section: 'A' }))).body);
    expect(version).toBe('1');

    // Section A, then a stale save of section C at the version the page was opened at.
    const aspirations = 'Enjoys swimming and wants to work with animals when they leave school.';
    expect((await caseworker.post(paths.planEditor.section({ childId, versionId, section: 'A' }), { _version: version, content: aspirations })).statusCode).toBe(303);
    const stale = await caseworker.post(paths.planEditor.section({ childId, versionId, section: 'C' }), { _version: version, content: 'Typed over an older page' });
    expect(stale.statusCode).toBe(409);
    expect(text(stale.body)).toContain('after you opened the page, so your change was not saved');
    const sectionC = await t.database.db
      .select()
      .from(planSection)
      .where(and(eq(planSection.planVersionId, versionId), eq(planSection.section, 'C')));
    expect(sectionC[0]?.content ?? '').not.toContain('Typed over');
    version = formVersion(stale.body);
    expect(version).toBe('2');

    // Bad input: nothing saved, the draft's version unchanged.
    const noMain = await caseworker.post(paths.planEditor.needs({ childId, versionId }), { _version: version, 'needs[0][senType]': 'SLCN', 'needs[0][description]': 'Needs help with language.' });
    expect(noMain.statusCode).toBe(400);
    expect(text(noMain.body)).toContain('Select which need is the main one');
    const badDate = await caseworker.post(paths.planEditor.outcomes({ childId, versionId }), {
      _version: version,
      'outcomes[0][area]': 'Independence',
      'outcomes[0][description]': 'Will travel to school with a friend.',
      'outcomes[0][targetDay]': '31',
      'outcomes[0][targetMonth]': '2',
      'outcomes[0][targetYear]': '2027',
    });
    expect(badDate.statusCode).toBe(400);
    expect(text(badDate.body)).toContain('must be a real date');
    const badLine = await caseworker.post(paths.planEditor.newLine({ childId, versionId, section: 'F' }), {
      _version: version,
      description: '',
      provisionType: 'other',
      providerKind: 'school',
      termTimeOnly: 'yes',
      sessionsPerPeriod: 'lots',
    });
    expect(badLine.statusCode).toBe(400);
    expect(text(badLine.body)).toContain('Enter what the provision is');
    expect(text(badLine.body)).toContain('must be a whole number');
    expect((await draftRow(versionId))?.version).toBe(2);

    // Section E: the outcomes kept, one added.
    const outcomesPage = await caseworker.get(paths.planEditor.outcomes({ childId, versionId }));
    const outcomes = await t.database.db.select().from(planOutcome).where(eq(planOutcome.planVersionId, versionId)).orderBy(asc(planOutcome.position));
    const form: Record<string, string> = { _version: formVersion(outcomesPage.body) };
    outcomes.forEach((outcome, index) => {
      form[`outcomes[${String(index)}][id]`] = outcome.id;
      form[`outcomes[${String(index)}][area]`] = outcome.area;
      form[`outcomes[${String(index)}][description]`] = outcome.description;
    });
    const added = outcomes.length;
    Object.assign(form, {
      [`outcomes[${String(added)}][area]`]: 'Independence',
      [`outcomes[${String(added)}][description]`]: 'Will travel to school with a friend.',
      [`outcomes[${String(added)}][targetDay]`]: '20',
      [`outcomes[${String(added)}][targetMonth]`]: '7',
      [`outcomes[${String(added)}][targetYear]`]: '2027',
    });
    expect((await caseworker.post(paths.planEditor.outcomes({ childId, versionId }), form)).statusCode).toBe(303);
    const newOutcome = (await t.database.db.select().from(planOutcome).where(eq(planOutcome.planVersionId, versionId))).find((outcome) => outcome.previousOutcomeId === null);
    expect(newOutcome).toMatchObject({ area: 'Independence', targetDate: '2027-07-20' });

    // Lines: one reworded only (carries its ledger on), one given more sessions (starts afresh),
    // the last removed (ends), and a vague one added and linked to the new outcome.
    const [reworded, moreOften] = copied.filter((line) => line.sessionsPerPeriod !== null && line.period !== null);
    const removed = copied.at(-1);
    if (!reworded || !moreOften || !removed || removed.id === moreOften.id || removed.id === reworded.id) throw new Error('The demo plan needs two quantified lines and another');
    const lineForm = (line: (typeof copied)[number], overrides: Record<string, string>) => ({
      description: line.description,
      provisionType: line.provisionType,
      providerKind: line.providerKind,
      organisationId: line.organisationId ?? '',
      sessionsPerPeriod: String(line.sessionsPerPeriod ?? ''),
      minutesPerSession: String(line.minutesPerSession ?? ''),
      period: line.period ?? '',
      groupSize: line.groupSize ?? '',
      termTimeOnly: line.termTimeOnly ? 'yes' : 'no',
      fundingSource: line.fundingSource ?? '',
      ...overrides,
    });
    const save = async (path: string, body: Record<string, string>) => {
      const opened = await caseworker.get(path);
      expect(opened.statusCode).toBe(200);
      const response = await caseworker.post(path, { _version: formVersion(opened.body), ...body });
      return response;
    };
    expect((await save(paths.planEditor.line({ childId, versionId, lineId: reworded.id }), lineForm(reworded, { description: `${reworded.description}, as agreed with the family` }))).statusCode).toBe(
      303,
    );
    expect(
      (await save(paths.planEditor.line({ childId, versionId, lineId: moreOften.id }), lineForm(moreOften, { sessionsPerPeriod: String((moreOften.sessionsPerPeriod ?? 0) + 1) }))).statusCode,
    ).toBe(303);
    const listPage = await caseworker.get(paths.planEditor.provision({ childId, versionId, section: removed.section }));
    expect((await caseworker.post(paths.planEditor.removeLine({ childId, versionId, lineId: removed.id }), { _version: formVersion(listPage.body) })).statusCode).toBe(303);
    const vague = await save(paths.planEditor.newLine({ childId, versionId, section: 'F' }), {
      description: 'Access to a quiet room when needed',
      provisionType: 'emotional_support',
      providerKind: 'school',
      termTimeOnly: 'yes',
      outcomeIds: newOutcome?.id ?? '',
    });
    expect(vague.statusCode).toBe(303);
    // Saved, and flagged: the section's page warns about the words and the missing quantity.
    const flagged = text((await caseworker.get(paths.planEditor.provision({ childId, versionId, section: 'F' }))).body);
    expect(flagged).toContain('“Access to”: Says the child may use something, not that it will be provided');
    expect(flagged).toContain('“when needed”');
    expect(flagged).toContain('Not quantified');
    const newLine = (await linesOf(versionId)).find((line) => line.previousItemId === null);
    const newLinks = await t.database.db
      .select()
      .from(provisionOutcome)
      .where(eq(provisionOutcome.provisionItemId, newLine?.id ?? ''));
    expect(newLinks.map((link) => link.outcomeId)).toEqual([newOutcome?.id]);

    // Proposed to the family: the date, the family's timeline, the review moved on.
    const proposePage = await caseworker.get(paths.planEditor.propose({ childId, versionId }));
    expect(text(proposePage.body)).toContain('Comments by');
    expect((await caseworker.post(paths.planEditor.propose({ childId, versionId }), { _version: formVersion(proposePage.body) })).statusCode).toBe(303);
    const proposedOn = clock.today();
    expect((await draftRow(versionId))?.proposedOn).toBe(proposedOn);
    const [reviewAfterProposal] = await t.database.db
      .select()
      .from(review)
      .where(eq(review.id, reviewRow?.id ?? ''));
    expect(reviewAfterProposal).toMatchObject({ draftVersionId: versionId, amendmentProposedOn: proposedOn, stage: 'amendment_proposed' });
    const entries = await t.database.db
      .select()
      .from(timelineEntry)
      .where(and(eq(timelineEntry.childId, childId), eq(timelineEntry.sourceId, versionId)));
    expect(entries.map((entry) => [entry.kind, entry.audience])).toEqual([['plan_amendment_proposed', 'family']]);

    // The family sees what changes in plain words, with the days left, and comments.
    const proposal = await parent.get(paths.planEditor.proposal({ childId, versionId }));
    expect(proposal.statusCode).toBe(200);
    const words = text(proposal.body);
    expect(words).toContain('15 days left');
    expect(words).toContain('What changes: how much is given');
    expect(words).toContain('What changes: the wording');
    expect(words).toContain('Ends');
    expect(words).toContain('New: Access to a quiet room when needed. The plan does not say how much or how often');
    expect(words).toContain('Will travel to school with a friend. To be reached by 20 July 2027.');
    expect(words).not.toMatch(/\b(SLCN|ASD|SEMH|la_service|notional_sen|teaching_assistant)\b/);
    expect((await parent.get(paths.child.plan({ childId }))).body).toContain(paths.planEditor.proposal({ childId, versionId }));
    const empty = await parent.post(paths.planEditor.comment({ childId, versionId }), { comment: '  ' });
    expect(empty.statusCode).toBe(400);
    expect((await parent.post(paths.planEditor.comment({ childId, versionId }), { comment: 'We would like the therapy to stay weekly.' })).statusCode).toBe(303);
    const threads = await t.database.db
      .select()
      .from(messageThread)
      .where(and(eq(messageThread.childId, childId), eq(messageThread.subject, 'Comments on the proposed changes to the plan')));
    expect(threads).toHaveLength(1);

    // Not before the 15 days have passed: refused, nothing issued.
    const early = await caseworker.get(paths.planEditor.issue({ childId, versionId }));
    expect(text(early.body)).toContain(`can be issued from`);
    // The page offers no button yet; a hand-made request at the draft's version is refused all the same.
    expect(early.body).not.toContain('Issue the amended plan</button>');
    const current = String((await draftRow(versionId))?.version);
    const refused = await caseworker.post(paths.planEditor.issue({ childId, versionId }), { _version: current });
    expect(refused.statusCode).toBe(400);
    expect((await plan())?.currentVersionId).toBe(inForceId);
    clock.advanceDays(14);
    expect((await caseworker.post(paths.planEditor.issue({ childId, versionId }), { _version: current })).statusCode).toBe(400);
    expect((await plan())?.currentVersionId).toBe(inForceId);

    // On the 16th day (the 15 days begin with the day the notice was sent): issued.
    clock.advanceDays(1);
    const issuePage = await caseworker.get(paths.planEditor.issue({ childId, versionId }));
    const issued = await caseworker.post(paths.planEditor.issue({ childId, versionId }), { _version: formVersion(issuePage.body) });
    expect(issued.statusCode).toBe(303);
    expect(issued.headers.location).toBe(paths.child.plan({ childId }, { issued: 1 }));
    expect((await plan())?.currentVersionId).toBe(versionId);
    expect(await draftRow(versionId)).toMatchObject({ status: 'issued', kind: 'amended', issuedDate: clock.today() });
    expect((await draftRow(inForceId))?.status).toBe('superseded');

    // Ledger continuity through the editor (ADR 6): the reworded line and the untouched ones carry on, the changed one does not.
    const final = await linesOf(versionId);
    const continues = new Map(final.map((line) => [line.previousItemId, line.continuesPrevious]));
    expect(continues.get(reworded.previousItemId)).toBe(true);
    expect(continues.get(moreOften.previousItemId)).toBe(false);
    expect(continues.has(removed.previousItemId)).toBe(false);
    expect(continues.get(null)).toBe(false);
    const untouched = final.filter((line) => line.previousItemId && line.previousItemId !== reworded.previousItemId && line.previousItemId !== moreOften.previousItemId);
    expect(untouched.every((line) => line.continuesPrevious)).toBe(true);
    const ledger = await parent.get(paths.provision.item({ childId, itemId: final.find((line) => line.previousItemId === reworded.previousItemId)?.id ?? '' }));
    expect(text(ledger.body)).toMatch(/Plan amended on .+: this line carried on/);

    // The issued version is frozen as every other.
    await expect(
      t.database.db
        .update(provisionItem)
        .set({ description: 'Changed after issue' })
        .where(eq(provisionItem.id, final[0]?.id ?? '')),
    ).rejects.toThrow();

    // The review records the amended plan and finishes; the family's timeline has it; the audit names every step.
    const [reviewAfterIssue] = await t.database.db
      .select()
      .from(review)
      .where(eq(review.id, reviewRow?.id ?? ''));
    expect(reviewAfterIssue).toMatchObject({ amendedVersionId: versionId, amendedPlanIssuedOn: clock.today(), stage: 'closed' });
    const kinds = await t.database.db
      .select({ kind: timelineEntry.kind })
      .from(timelineEntry)
      .where(and(eq(timelineEntry.childId, childId), eq(timelineEntry.sourceId, versionId)));
    expect(kinds.map((entry) => entry.kind).sort()).toEqual(['plan_amended', 'plan_amendment_proposed']);
    const actions = await t.database.db
      .select({ action: auditEvent.action })
      .from(auditEvent)
      .where(and(eq(auditEvent.subjectType, 'plan_version'), eq(auditEvent.subjectId, versionId)));
    expect(new Set(actions.map((row) => row.action))).toEqual(new Set(['START_PLAN_AMENDMENT', 'EDIT_PLAN_DRAFT', 'PROPOSE_PLAN_AMENDMENT', 'AMEND_PLAN']));
    // Nothing open any more: the Plan tab offers a new amendment.
    expect((await caseworker.get(paths.child.plan({ childId }))).body).toContain('Amend the plan');
  });

  it('answers "not found" for another local authority’s child and draft', async () => {
    const other = await aLocalAuthority(t.database.db);
    const otherChild = await aChild(other);
    await aPlanWithProvision(other, otherChild);
    const otherCaseworker = await aUser(other, 'sen_caseworker');
    const { versionId: otherDraft } = await startAmendmentDraft(t.database.db, { ...actorFor(otherCaseworker), audit: declaredAudit('START_PLAN_AMENDMENT') }, otherChild.id);
    expect((await caseworker.get(paths.planEditor.start({ childId: otherChild.id }))).statusCode).toBe(404);
    expect((await caseworker.post(paths.planEditor.start({ childId: otherChild.id }), {})).statusCode).toBe(404);
    expect((await caseworker.get(paths.planEditor.draft({ childId: otherChild.id, versionId: otherDraft }))).statusCode).toBe(404);
    // The demo child's path with the other LA's draft is not found either.
    expect((await caseworker.get(paths.planEditor.draft({ childId, versionId: otherDraft }))).statusCode).toBe(404);
    expect((await caseworker.get(paths.planEditor.section({ childId: otherChild.id, versionId: otherDraft, section: 'A' }))).statusCode).toBe(404);
    const opened = await caseworker.get(paths.planEditor.section({ childId, versionId: otherDraft, section: 'A' }));
    expect(opened.statusCode).toBe(404);
    expect((await caseworker.post(paths.planEditor.section({ childId: otherChild.id, versionId: otherDraft, section: 'A' }), { _version: '1', content: 'Not mine' })).statusCode).toBe(404);
    expect((await parent.get(paths.planEditor.proposal({ childId: otherChild.id, versionId: otherDraft }))).statusCode).toBe(404);
    const [untouched] = await t.database.db.select().from(planVersion).where(eq(planVersion.id, otherDraft));
    expect(untouched?.version).toBe(1);
    // A section that is not one of the plan's is not found.
    expect((await caseworker.get(paths.planEditor.section({ childId: otherChild.id, versionId: otherDraft, section: 'Z' }))).statusCode).toBe(404);
  });
});
