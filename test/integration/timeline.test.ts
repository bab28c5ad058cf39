import { and, count, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { ROLES } from '../../src/auth/roles.js';
import { appUser, auditEvent, child, concernStep, familyLink, placement, professionalAssignment, timelineEntry } from '../../src/db/schema/index.js';
import { seesEntry, type Audience } from '../../src/domain/audience.js';
import { addDays } from '../../src/domain/dates.js';
import { sweepLa } from '../../src/modules/concerns/service.js';
import { recordArrangement } from '../../src/modules/education/service.js';
import { addTimelineEntries, findTimelinePage, type NewTimelineEntry } from '../../src/modules/timeline/repository.js';
import { createTestApp, demoUser, signedInAs, TEST_CLOCK, type Browser, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';
import { declaredAudit } from '../../src/http/actor.js';
import { paths } from '../../src/http/paths.js';

function dateParts(prefix: string, iso: string): Record<string, string> {
  const [year, month, day] = iso.split('-');
  return { [`${prefix}-day`]: String(Number(day)), [`${prefix}-month`]: String(Number(month)), [`${prefix}-year`]: year ?? '' };
}

/** The titles of the entries on a timeline page, in order. */
function titlesOn(html: string): string[] {
  return [...html.matchAll(/<h3 class="moj-timeline__title">([^<]*)<\/h3>/g)].map((match) => match[1] ?? '');
}

/** Every title on the timeline, following "Older entries" to the end. */
async function allTitles(browser: Browser, url: string): Promise<string[]> {
  const titles: string[] = [];
  let next: string | undefined = url;
  for (let pages = 0; next && pages < 200; pages += 1) {
    const response = await browser.get(next);
    expect(response.statusCode).toBe(200);
    titles.push(...titlesOn(response.body));
    next = /<div class="govuk-pagination__next">\s*<a[^>]*href="([^"]+)"/.exec(response.body)?.[1]?.replaceAll('&amp;', '&');
  }
  return titles;
}

describe(`the shared timeline (${testEngine})`, () => {
  let t: TestApp;
  let laId: string;
  /** A pupil at the demo SENCO's school, linked in the test to the demo parent and professional. */
  let childId: string;
  let otherChildId: string;
  const tag = Math.random().toString(36).slice(2, 8);
  const today = TEST_CLOCK.today();
  let caseworker: Browser;
  let parent: Browser;
  let senco: Browser;
  let professional: Browser;
  let manager: Browser;
  let psychologist: Browser;

  const userId = async (role: string) => {
    const [row] = await t.database.db
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, role).email));
    return row?.id ?? '';
  };
  const entriesOf = async (id: string) => (await t.database.db.select({ n: count() }).from(timelineEntry).where(eq(timelineEntry.childId, id)))[0]?.n ?? 0;

  beforeAll(async () => {
    t = await createTestApp({ plans: 40, deliveryHistory: false, clock: TEST_CLOCK });
    laId = t.demo.laId;
    const db = t.database.db;
    const [sencoRow] = await db
      .select({ settingId: appUser.settingId })
      .from(appUser)
      .where(eq(appUser.email, demoUser(t.demo, 'school_senco').email));
    const [pupil] = await db
      .select({ id: placement.childId })
      .from(placement)
      .where(and(eq(placement.settingId, sencoRow?.settingId ?? ''), isNull(placement.endDate)))
      .limit(1);
    childId = pupil?.id ?? '';
    await db.insert(familyLink).values({ laId, childId, userId: await userId('parent'), name: 'Sarah Ahmed', relationship: 'Mother', hasParentalResponsibility: true });
    await db.insert(professionalAssignment).values({ laId, childId, userId: await userId('professional'), involvement: 'Speech and language therapy', startDate: addDays(today, -100) });
    // A child none of the parent, the SENCO or the professional may see.
    const [other] = await db
      .select({ id: child.id })
      .from(child)
      .where(
        and(
          eq(child.laId, laId),
          sql`not exists (select 1 from family_link f where f.child_id = ${child.id} and f.user_id is not null)`,
          sql`not exists (select 1 from placement p where p.child_id = ${child.id} and p.setting_id = ${sencoRow?.settingId ?? null})`,
          sql`not exists (select 1 from professional_assignment a where a.child_id = ${child.id})`,
        ),
      )
      .limit(1);
    otherChildId = other?.id ?? '';
    caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    parent = await signedInAs(t.app, t.demo, 'parent');
    senco = await signedInAs(t.app, t.demo, 'school_senco');
    professional = await signedInAs(t.app, t.demo, 'professional');
    manager = await signedInAs(t.app, t.demo, 'sen_team_manager');
    psychologist = await signedInAs(t.app, t.demo, 'educational_psychologist');
  }, 240_000);

  afterAll(async () => {
    await t.close();
  });

  it('starts with every plan issued and placement from the demo seed', async () => {
    const plans = await t.database.db
      .select({ n: count() })
      .from(timelineEntry)
      .where(and(eq(timelineEntry.laId, laId), eq(timelineEntry.kind, 'plan_issued')));
    expect(plans[0]?.n).toBe(40);
    const placements = await t.database.db
      .select({ n: count() })
      .from(timelineEntry)
      .where(and(eq(timelineEntry.laId, laId), eq(timelineEntry.kind, 'placement')));
    expect(placements[0]?.n).toBeGreaterThanOrEqual(40);
  });

  it('shows each person exactly the entries their audience allows, a restricted one only to the named role and its author', async () => {
    const log = async (browser: Browser, form: Record<string, string>) => {
      await browser.get(paths.child.newTimelineEntry({ childId }));
      const response = await browser.post(paths.child.newTimelineEntry({ childId }), { ...dateParts('when', today), details: '', ...form });
      expect(response.statusCode, response.body.slice(0, 200)).toBe(303);
    };
    await log(caseworker, { kind: 'phone_call', title: `Family call ${tag}`, audience: 'family' });
    await log(caseworker, { kind: 'meeting', title: `Professionals meeting ${tag}`, audience: 'professionals' });
    await log(caseworker, { kind: 'note', title: `LA note ${tag}`, audience: 'la_internal' });
    await log(caseworker, { kind: 'note', title: `Safeguarding ${tag}`, audience: 'la_internal', restrictedToRoles: 'sen_team_manager' });
    await log(senco, { kind: 'letter', title: `School letter ${tag}`, audience: 'professionals' });

    const mine = async (browser: Browser) => (await allTitles(browser, paths.child.timeline({ childId }))).filter((title) => title.endsWith(tag)).sort();
    const all = (...titles: string[]) => titles.map((title) => `${title} ${tag}`).sort();
    expect(await mine(parent)).toEqual(all('Family call'));
    expect(await mine(senco)).toEqual(all('Family call', 'Professionals meeting', 'School letter'));
    expect(await mine(professional)).toEqual(all('Family call', 'Professionals meeting', 'School letter'));
    // The author sees their restricted note; the named role sees it; another LA role does not.
    expect(await mine(caseworker)).toEqual(all('Family call', 'Professionals meeting', 'LA note', 'Safeguarding', 'School letter'));
    expect(await mine(manager)).toEqual(all('Family call', 'Professionals meeting', 'LA note', 'Safeguarding', 'School letter'));
    expect(await mine(psychologist)).toEqual(all('Family call', 'Professionals meeting', 'LA note', 'School letter'));

    const page = await manager.get(paths.child.timeline({ childId }));
    expect(page.body).toContain('Restricted: SEN team manager');
    expect(page.body).toContain('LA only');
    expect(page.body).toContain('Family can see');
    expect(page.body).toContain('Professionals only');
    const audits = await t.database.db
      .select({ n: count() })
      .from(auditEvent)
      .where(and(eq(auditEvent.childId, childId), eq(auditEvent.action, 'ADD_TIMELINE_ENTRY')));
    expect(audits[0]?.n).toBe(5);
  });

  it('filters in SQL exactly as seesEntry decides, for every role, author and restriction', async () => {
    const db = t.database.db;
    const authorId = await userId('sen_caseworker');
    const audiences: Audience[] = ['family', 'professionals', 'la_internal'];
    const restrictions = [null, ['sen_team_manager'], ['sen_caseworker', 'educational_psychologist']];
    const entries: NewTimelineEntry[] = [];
    let minute = 0;
    for (const audience of audiences)
      for (const restrictedToRoles of restrictions)
        for (const author of [authorId, null]) {
          minute += 1;
          entries.push({
            laId,
            childId: otherChildId,
            occurredAt: new Date(Date.UTC(2020, 0, 1, 0, minute)),
            kind: 'note',
            title: `${audience} ${JSON.stringify(restrictedToRoles)} ${String(author)}`,
            audience,
            restrictedToRoles,
            authorUserId: author,
            authorRole: author ? 'sen_caseworker' : null,
          });
        }
    await addTimelineEntries(db, entries);
    const stored = await db.select().from(timelineEntry).where(eq(timelineEntry.childId, otherChildId));
    for (const role of ROLES as readonly Role[]) {
      for (const viewerId of [authorId, '00000000-0000-4000-8000-000000000000']) {
        const viewer = { role, userId: viewerId };
        const page = await findTimelinePage(db, { laId, childId: otherChildId, viewer, filters: {}, limit: 1000 });
        const expected = stored
          .filter((entry) => seesEntry(viewer, entry))
          .map((entry) => entry.id)
          .sort();
        expect(page.rows.map((row) => row.id).sort(), `${role} ${viewerId}`).toEqual(expected);
      }
    }
  });

  it('pages newest first by keyset, back and forth, with the filters kept; filters by type, person and date', async () => {
    const db = t.database.db;
    const [target] = await db.select({ id: child.id }).from(child).where(eq(child.laId, laId)).orderBy(child.dateOfBirth).limit(1);
    const id = target?.id ?? '';
    await db.delete(timelineEntry).where(eq(timelineEntry.childId, id));
    const authorId = await userId('sen_caseworker');
    // Two entries share each time, so the id breaks ties.
    await addTimelineEntries(
      db,
      Array.from({ length: 60 }, (_, index) => ({
        laId,
        childId: id,
        occurredAt: new Date(Date.UTC(2025, 0, 1 + Math.floor(index / 2), 9)),
        kind: index % 3 === 0 ? 'phone_call' : 'note',
        title: `Entry ${String(index).padStart(2, '0')}`,
        audience: 'family',
        authorUserId: index % 2 === 0 ? authorId : null,
        authorRole: index % 2 === 0 ? 'sen_caseworker' : null,
      })),
    );
    const titles = await allTitles(caseworker, paths.child.timeline({ childId: id }));
    const expected = Array.from({ length: 60 }, (_, index) => `Entry ${String(index).padStart(2, '0')}`);
    expect([...titles].sort()).toEqual(expected);
    expect(new Set(titles).size).toBe(60);
    // Newest first: the day goes down the list.
    const days = titles.map((title) => Math.floor(Number(title.slice(6)) / 2));
    expect(days).toEqual([...days].sort((a, b) => b - a));

    const second = await caseworker.get(paths.child.timeline({ childId: id }));
    const older = /<div class="govuk-pagination__next">\s*<a[^>]*href="([^"]+)"/.exec(second.body)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const page2 = await caseworker.get(older);
    const newer = /<div class="govuk-pagination__prev">\s*<a[^>]*href="([^"]+)"/.exec(page2.body)?.[1]?.replaceAll('&amp;', '&') ?? '';
    expect(titlesOn((await caseworker.get(newer)).body)).toEqual(titlesOn(second.body));

    const calls = await allTitles(caseworker, paths.child.timeline({ childId: id }, { kind: 'phone_call' }));
    expect(calls.sort()).toEqual(expected.filter((_, index) => index % 3 === 0));
    const byAuthor = await allTitles(caseworker, paths.child.timeline({ childId: id }, { person: authorId }));
    expect(byAuthor.sort()).toEqual(expected.filter((_, index) => index % 2 === 0));
    const ranged = await allTitles(caseworker, paths.child.timeline({ childId: id }, { ...dateParts('from', '2025-01-03'), ...dateParts('to', '2025-01-04') }));
    expect(ranged.sort()).toEqual(['Entry 04', 'Entry 05', 'Entry 06', 'Entry 07']);

    const bad = await caseworker.get(paths.child.timeline({ childId: id }, { 'from-day': 31, 'from-month': 2, 'from-year': 2025, kind: 'gossip' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('Date from must be a real date');
    expect(titlesOn(bad.body)).toHaveLength(25);
  });

  it('renders the first page of a child with 2,000 entries without reading them all', async () => {
    const db = t.database.db;
    const [target] = await db.select({ id: child.id }).from(child).where(eq(child.laId, laId)).orderBy(child.dateOfBirth).offset(1).limit(1);
    const id = target?.id ?? '';
    await db.delete(timelineEntry).where(eq(timelineEntry.childId, id));
    await addTimelineEntries(
      db,
      Array.from({ length: 2000 }, (_, index) => ({
        laId,
        childId: id,
        occurredAt: new Date(Date.UTC(2024, 0, 1) + index * 3_600_000),
        kind: 'note',
        title: `Bulk ${String(index)}`,
        audience: index % 3 === 0 ? 'la_internal' : 'family',
      })),
    );
    const started = performance.now();
    const response = await parent.get(paths.child.timeline({ childId: id })).then(() => caseworker.get(paths.child.timeline({ childId: id })));
    const elapsed = performance.now() - started;
    expect(titlesOn(response.body)[0]).toBe('Bulk 1999');
    expect(titlesOn(response.body)).toHaveLength(25);
    expect(elapsed).toBeLessThan(5000);
  });

  it('refuses a bad contact with the error summary and stores nothing; 404 out of scope, 403 without the permission', async () => {
    const before = await entriesOf(childId);
    await caseworker.get(paths.child.newTimelineEntry({ childId }));
    const cases: [Browser, Record<string, string>, string][] = [
      [caseworker, { kind: 'phone_call', ...dateParts('when', addDays(today, 1)), title: 'Tomorrow', audience: 'family' }, 'The date must be today or in the past'],
      [caseworker, { kind: 'phone_call', ...dateParts('when', today), title: '', audience: 'family' }, 'Enter a summary'],
      [caseworker, { kind: 'message', ...dateParts('when', today), title: 'A', audience: 'family' }, 'Select whether it was a phone call, letter, meeting or note'],
      [caseworker, { kind: 'note', 'when-day': '31', 'when-month': '2', 'when-year': '2026', title: 'A', audience: 'family' }, 'The date must be a real date'],
      [senco, { kind: 'note', ...dateParts('when', today), title: 'A', audience: 'la_internal' }, 'Select who can see this entry from the list'],
      [senco, { kind: 'note', ...dateParts('when', today), title: 'A', audience: 'professionals', restrictedToRoles: 'sen_caseworker' }, 'Only LA staff can restrict an entry'],
    ];
    for (const [browser, form, message] of cases) {
      await browser.get(paths.child.newTimelineEntry({ childId }));
      const response = await browser.post(paths.child.newTimelineEntry({ childId }), form);
      expect(response.statusCode, message).toBe(400);
      expect(response.body).toContain('govuk-error-summary');
      expect(response.body).toContain(message);
    }
    expect(await entriesOf(childId)).toBe(before);

    expect((await senco.get(paths.child.newTimelineEntry({ childId: otherChildId }))).statusCode).toBe(404);
    expect((await senco.post(paths.child.newTimelineEntry({ childId: otherChildId }), { kind: 'note', ...dateParts('when', today), title: 'A', audience: 'family' })).statusCode).toBe(404);
    expect((await parent.get(paths.child.newTimelineEntry({ childId }))).statusCode).toBe(403);
    expect((await parent.get(paths.child.timeline({ childId: otherChildId }))).statusCode).toBe(404);
  });

  it('gets entries from the modules: education recorded and the daily check (no author)', async () => {
    const db = t.database.db;
    const principal = { userId: await userId('sen_caseworker'), laId, role: 'sen_caseworker' as const, displayName: 'Priya Shah', email: '', settingId: null, organisationId: null, childId: null };
    await recordArrangement(db, { principal, requestId: 'test', audit: declaredAudit('RECORD_EDUCATION_ARRANGEMENT'), clock: TEST_CLOCK }, childId, {
      kind: 'part_time',
      offeredMinutes: 600,
      fullTimeMinutes: 1500,
      reason: 'Phased return',
      startDate: addDays(today, -1),
      reviewDate: addDays(today, 30),
      agreedBy: 'Mother and SENCO',
    });
    const parentView = await parent.get(paths.child.timeline({ childId }));
    expect(parentView.body).toContain('Part-time timetable of 10 hours a week from');

    await sweepLa(db, laId, today);
    const raisedBySweep = await db
      .select({ n: count() })
      .from(concernStep)
      .where(and(isNull(concernStep.actorUserId), eq(concernStep.laId, laId)));
    const sweepEntries = await db
      .select({ n: count() })
      .from(timelineEntry)
      .where(and(eq(timelineEntry.laId, laId), eq(timelineEntry.kind, 'provision_concern'), isNull(timelineEntry.authorUserId)));
    expect(sweepEntries[0]?.n).toBe(raisedBySweep[0]?.n);
  });
});
