import { describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { seesEntry } from '../../../src/domain/audience.js';
import { ageBandOf, bringsInHealthCommissioner, concernAbout, concernEntryAudience, escalateNow, escalationsDue, firstRung, nextLevel } from '../../../src/domain/concerns.js';

describe('firstRung', () => {
  it('starts with the caseworker, due one step later', () => {
    expect(firstRung('2026-11-02', 10)).toEqual({ level: 'caseworker', dueOn: '2026-11-12' });
  });
});

describe('escalationsDue', () => {
  it.each([
    ['not yet due', { level: 'caseworker', dueOn: '2026-11-12' }, '2026-11-11', []],
    ['due today: climbs on its due date', { level: 'caseworker', dueOn: '2026-11-12' }, '2026-11-12', [{ level: 'team_manager', dueOn: '2026-11-22' }]],
    [
      'a missed sweep catches up without extra time',
      { level: 'caseworker', dueOn: '2026-11-12' },
      '2026-11-25',
      [
        { level: 'team_manager', dueOn: '2026-11-22' },
        { level: 'head_of_service', dueOn: '2026-12-02' },
      ],
    ],
    ['the top of the ladder stays put', { level: 'head_of_service', dueOn: '2026-11-12' }, '2026-12-25', []],
    ['team manager overdue climbs once', { level: 'team_manager', dueOn: '2026-11-20' }, '2026-11-21', [{ level: 'head_of_service', dueOn: '2026-11-30' }]],
  ] as const)('%s', (_name, position, today, expected) => {
    expect(escalationsDue(position, today, 10)).toEqual(expected);
  });
});

describe('escalateNow and nextLevel', () => {
  it.each([
    ['caseworker', { level: 'team_manager', dueOn: '2026-12-10' }],
    ['team_manager', { level: 'head_of_service', dueOn: '2026-12-10' }],
    ['head_of_service', null],
  ] as const)('from %s', (level, expected) => {
    expect(escalateNow(level, '2026-11-30', 10)).toEqual(expected);
  });
  it('has no rung above the head of service', () => {
    expect(nextLevel('head_of_service')).toBeNull();
  });
});

describe('bringsInHealthCommissioner', () => {
  it.each([
    ['head_of_service', 'nhs', true],
    ['head_of_service', 'school', false],
    ['team_manager', 'nhs', false],
    ['head_of_service', null, false],
  ] as const)('%s for %s: %s', (level, providerKind, expected) => {
    expect(bringsInHealthCommissioner(level, providerKind)).toBe(expected);
  });
});

describe('ageBandOf', () => {
  it.each([
    [0, 'Under 2 weeks'],
    [13, 'Under 2 weeks'],
    [14, '2 to 4 weeks'],
    [27, '2 to 4 weeks'],
    [28, '4 to 8 weeks'],
    [56, '8 weeks or more'],
    [400, '8 weeks or more'],
  ])('%i days: %s', (days, band) => {
    expect(ageBandOf(days)).toBe(band);
  });
});

describe('concernEntryAudience: a concern on the timeline reaches those who may open it', () => {
  const seen = (concern: { provisionItemId: string | null; providerKind: string | null }, role: Role) =>
    seesEntry({ role, userId: 'reader' }, { ...concernEntryAudience(concern), authorUserId: null });
  it.each<[string, { provisionItemId: string | null; providerKind: string | null }, Role, boolean]>([
    ['the whole plan, to a SENCO', { provisionItemId: null, providerKind: null }, 'school_senco', true],
    ['the whole plan, to a professional', { provisionItemId: null, providerKind: null }, 'professional', true],
    ['school provision, to the SENCO', { provisionItemId: 'item', providerKind: 'school' }, 'school_senco', true],
    ['NHS therapy, to the SENCO', { provisionItemId: 'item', providerKind: 'nhs' }, 'school_senco', false],
    ['NHS therapy, to a professional (who reads it on the concern page if it is theirs)', { provisionItemId: 'item', providerKind: 'nhs' }, 'professional', false],
    ['NHS therapy, to the parent', { provisionItemId: 'item', providerKind: 'nhs' }, 'parent', true],
    ['NHS therapy, to the young person', { provisionItemId: 'item', providerKind: 'nhs' }, 'young_person', true],
    ['NHS therapy, to the caseworker', { provisionItemId: 'item', providerKind: 'nhs' }, 'sen_caseworker', true],
    ['LA service, to the team manager', { provisionItemId: 'item', providerKind: 'la_service' }, 'sen_team_manager', true],
  ])('%s', (_name, concern, role, expected) => {
    expect(seen(concern, role)).toBe(expected);
  });
});

describe('concernAbout', () => {
  it.each([
    [{ itemName: 'Reading help', kind: 'delivery_gap' }, 'Reading help'],
    [{ itemName: 'Speech and language therapy', kind: 'parent_raised' }, 'Speech and language therapy'],
    [{ itemName: null, kind: 'not_full_time' }, 'Full-time education'],
    [{ itemName: null, kind: 'parent_raised' }, 'Education and provision as a whole'],
  ])('%o is about “%s”', (concern, about) => {
    expect(concernAbout(concern)).toBe(about);
  });
});
