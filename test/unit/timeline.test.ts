import { describe, expect, it } from 'vitest';
import { concernTimelineTitle } from '../../src/domain/concerns.js';
import { arrangementTitle } from '../../src/modules/education/service.js';
import { cursorText, logContactForm, timelineQuery } from '../../src/modules/timeline/schemas.js';
import { tag } from '../../src/http/cells.js';
import { entryByline, entryTags } from '../../src/modules/timeline/view-models.js';
import { recordEntries } from '../../src/seed/timeline.js';

const ID = '0193a5e2-1111-7aaa-8bbb-123456789abc';

describe('the seed timeline from plans and placements', () => {
  it('writes each issued version and each placement start and end, for everyone', () => {
    const entries = recordEntries(
      'la',
      [
        { childId: 'c', versionId: 'v1', versionNumber: 1, kind: 'final', issuedDate: '2023-02-01', issuedBy: null },
        { childId: 'c', versionId: 'v2', versionNumber: 2, kind: 'amended', issuedDate: '2025-03-15', issuedBy: 'u' },
      ],
      [
        { childId: 'c', placementId: 'p1', startDate: '2024-09-04', endDate: null, settingName: 'Oakfield Primary School', senSettingCode: null },
        { childId: 'c', placementId: 'p2', startDate: '2022-09-01', endDate: '2024-09-03', settingName: null, senSettingCode: 'EHE' },
      ],
    );
    expect(entries.map((entry) => [entry.occurredAt.toISOString().slice(0, 10), entry.kind, entry.title, entry.audience])).toEqual([
      ['2023-02-01', 'plan_issued', 'Final plan issued (version 1)', 'family'],
      ['2025-03-15', 'plan_amended', 'Amended plan issued (version 2)', 'family'],
      ['2024-09-04', 'placement', 'Started at Oakfield Primary School', 'family'],
      ['2022-09-01', 'placement', 'Started at Elective home education', 'family'],
      ['2024-09-03', 'placement', 'Left Elective home education', 'family'],
    ]);
    expect(entries[0]?.authorUserId).toBeNull();
    expect(entries[1]?.authorRole).toBe('sen_caseworker');
  });
});

describe('entry tags and byline', () => {
  it.each([
    [{ audience: 'family', restrictedToRoles: null }, ['Family can see'], []],
    [{ audience: 'professionals', restrictedToRoles: null }, ['Professionals only'], ['Restricted']],
    [{ audience: 'la_internal', restrictedToRoles: ['sen_caseworker', 'educational_psychologist'] }, ['LA only', 'Restricted: SEN caseworker, Educational psychologist'], []],
  ])('%o is tagged', (entry, present, absent) => {
    const texts = entryTags(entry).flatMap((part) => ('tag' in part ? [part.tag.text] : []));
    for (const text of present) expect(texts).toContain(text);
    for (const text of absent) expect(texts.join(' ')).not.toContain(text);
  });

  it.each([
    [{ authorName: 'Sam Patel', authorRole: 'sen_caseworker', onBehalfOfName: null }, 'Sam Patel (SEN caseworker)'],
    [{ authorName: null, authorRole: null, onBehalfOfName: null }, 'The system'],
    [{ authorName: 'Sam Patel', authorRole: 'sen_caseworker', onBehalfOfName: 'Sarah Ahmed' }, 'Sam Patel (SEN caseworker), on behalf of Sarah Ahmed (assisted)'],
  ])('%o is by %s', (entry, byline) => {
    expect(entryByline(entry)).toBe(byline);
  });

  // Tags are data, escaped by the template (autoescape): a role name it does not know is kept as text.
  it('keeps role names it does not know as text', () => {
    expect(entryTags({ audience: 'family', restrictedToRoles: ['<script>'] })).toContainEqual(tag('Restricted: <script>', 'red'));
  });
});

describe('timeline filters', () => {
  it('reads valid filters and a cursor', () => {
    const cursor = { occurredAt: new Date('2026-03-03T10:14:00.000Z'), id: ID };
    const query = timelineQuery.parse({ kind: 'phone_call', person: ID, 'from-day': '1', 'from-month': '3', 'from-year': '2026', before: cursorText(cursor) });
    expect(query).toMatchObject({ kind: 'phone_call', person: ID, from: '2026-03-01', to: undefined, before: cursor });
  });

  it.each([
    [{ kind: 'gossip' }, 'kind'],
    [{ person: 'not-an-id' }, 'person'],
    [{ 'from-day': '31', 'from-month': '2', 'from-year': '2026' }, 'from'],
    [{ 'from-day': '2', 'from-month': '3', 'from-year': '2026', 'to-day': '1', 'to-month': '3', 'to-year': '2026' }, 'to'],
  ])('%o is refused on %s', (raw, field) => {
    const parsed = timelineQuery.safeParse(raw);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path[0])).toEqual([field]);
  });

  it('ignores a cursor it cannot read', () => {
    expect(timelineQuery.parse({ before: 'nonsense' }).before).toBeUndefined();
  });
});

describe('the log-a-contact form', () => {
  const valid = { kind: 'phone_call', 'when-day': '3', 'when-month': '3', 'when-year': '2026', title: 'Call with mum', details: '', audience: 'family' };

  it('reads a valid contact, with restricted roles as a sorted set', () => {
    expect(logContactForm.parse({ ...valid, restrictedToRoles: ['sen_team_manager', 'sen_caseworker', 'sen_caseworker'] })).toEqual({
      kind: 'phone_call',
      when: '2026-03-03',
      title: 'Call with mum',
      details: null,
      audience: 'family',
      restrictedToRoles: ['sen_caseworker', 'sen_team_manager'],
    });
    expect(logContactForm.parse(valid).restrictedToRoles).toBeNull();
  });

  it.each([
    [{ kind: 'message' }, 'kind'],
    [{ 'when-day': '', 'when-month': '', 'when-year': '' }, 'when'],
    [{ 'when-day': '30', 'when-month': '2' }, 'when'],
    [{ title: '  ' }, 'title'],
    [{ title: 'x'.repeat(201) }, 'title'],
    [{ details: 'x'.repeat(5001) }, 'details'],
    [{ audience: 'everyone' }, 'audience'],
    [{ restrictedToRoles: 'parent' }, 'restrictedToRoles'],
  ])('%o is refused on %s', (change, field) => {
    const parsed = logContactForm.safeParse({ ...valid, ...change });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path[0])).toEqual([field]);
  });
});

describe('titles other modules write', () => {
  it.each([
    ['raised', 'caseworker', 'F: Speech therapy', 'Provision concern: Concern raised (F: Speech therapy)'],
    ['escalated', 'team_manager', 'Full-time education', 'Provision concern: Escalated to the SEN team manager (Full-time education)'],
  ])('%s to %s', (action, level, about, title) => {
    expect(concernTimelineTitle(action, level, about)).toBe(title);
  });

  it('says what education is offered and from when', () => {
    expect(arrangementTitle({ kind: 'part_time', offeredMinutes: 900, startDate: '2026-03-03' })).toBe('Part-time timetable of 15 hours a week from 3 March 2026');
    expect(arrangementTitle({ kind: 'no_setting', offeredMinutes: 0, startDate: '2026-03-03' })).toBe('No school or setting from 3 March 2026');
  });
});
