import { describe, expect, it } from 'vitest';
import { childScopeOf, type Principal } from '../../../src/auth/child-scope.js';
import { hasPermission, mayRecordAgainst, PERMISSIONS, type Permission } from '../../../src/auth/permissions.js';
import { ROLES, type Role } from '../../../src/auth/roles.js';

// Every role against every permission: a change to the grants must change this table.
const EXPECTED: Record<Role, Permission[]> = {
  sen_caseworker: [
    'caseload:view',
    'child:view',
    'child:history',
    'reports:view',
    'provision:record',
    'concern:raise',
    'concern:manage',
    'education:record',
    'la:monitor',
    'message:send',
    'message:reassign',
    'timeline:log',
    'family:assist',
    'document:upload',
    'task:work',
    'plan:amend',
    'provision:name',
    'base:view',
    'review:call',
    'review:manage',
    'review:decide',
    'review:contribute',
    'funding:view',
  ],
  sen_team_manager: [
    'caseload:view',
    'child:view',
    'child:history',
    'reports:view',
    'provision:record',
    'concern:raise',
    'concern:manage',
    'education:record',
    'la:monitor',
    'message:send',
    'message:reassign',
    'timeline:log',
    'family:assist',
    'document:upload',
    'task:work',
    'plan:amend',
    'provision:name',
    'base:view',
    'review:call',
    'team:oversee',
    'review:manage',
    'review:decide',
    'review:contribute',
    'base:manage',
    'review:targeting',
    'funding:view',
    'funding:report',
  ],
  educational_psychologist: ['caseload:view', 'child:view', 'child:history', 'message:send', 'timeline:log', 'document:upload', 'task:work', 'base:view', 'base:visit', 'review:contribute'],
  inclusion_officer: [
    'caseload:view',
    'child:view',
    'child:history',
    'education:record',
    'la:monitor',
    'message:send',
    'timeline:log',
    'document:upload',
    'task:work',
    'base:view',
    'base:manage',
    'base:visit',
  ],
  finance_officer: ['caseload:view', 'child:view', 'reports:view', 'base:view', 'funding:view', 'funding:report'],
  insight_analyst: ['reports:view', 'funding:report'],
  la_admin: ['admin:manage', 'review:targeting'],
  school_senco: [
    'caseload:view',
    'child:view',
    'provision:record',
    'concern:raise',
    'message:send',
    'timeline:log',
    'document:upload',
    'review:contribute',
    'education:record',
    'base:view',
    'review:call',
    'review:manage',
  ],
  professional: ['caseload:view', 'child:view', 'provision:record', 'concern:raise', 'message:send', 'timeline:log', 'document:upload', 'review:contribute'],
  parent: ['caseload:view', 'child:view', 'concern:raise', 'message:send', 'document:upload', 'family:access-log', 'review:call', 'review:contribute', 'base:survey'],
  young_person: ['caseload:view', 'child:view', 'concern:raise', 'message:send', 'document:upload', 'family:access-log', 'review:call', 'review:contribute'],
};

describe('hasPermission', () => {
  const cases = ROLES.flatMap((role) => PERMISSIONS.map((permission) => [role, permission, EXPECTED[role].includes(permission)] as const));
  it.each(cases)('%s may %s: %s', (role, permission, expected) => {
    expect(hasPermission(role, permission)).toBe(expected);
  });
});

describe('childScopeOf', () => {
  const base: Principal = {
    userId: 'user-1',
    laId: 'la-1',
    role: 'sen_caseworker',
    displayName: 'A',
    email: 'a@example.org',
    settingId: null,
    organisationId: null,
    childId: null,
  };
  it.each([
    ['sen_caseworker', {}, { kind: 'whole-la', laId: 'la-1' }],
    ['finance_officer', {}, { kind: 'whole-la', laId: 'la-1' }],
    ['insight_analyst', {}, { kind: 'none' }],
    ['la_admin', {}, { kind: 'none' }],
    ['school_senco', { settingId: 'school-1' }, { kind: 'placed-at-setting', laId: 'la-1', settingId: 'school-1', today: '2026-03-29' }],
    ['school_senco', {}, { kind: 'none' }],
    ['professional', {}, { kind: 'assigned-professional', laId: 'la-1', userId: 'user-1', today: '2026-03-29' }],
    ['parent', {}, { kind: 'parental-responsibility', laId: 'la-1', userId: 'user-1' }],
    ['young_person', { childId: 'child-1' }, { kind: 'own-record', laId: 'la-1', childId: 'child-1' }],
    ['young_person', {}, { kind: 'none' }],
  ] as const)('%s with %o sees %o', (role, links, expected) => {
    expect(childScopeOf({ ...base, role, ...links }, '2026-03-29')).toEqual(expected);
  });
});

describe('mayRecordAgainst', () => {
  const school = { providerKind: 'school', organisationId: null };
  const nhs = { providerKind: 'nhs', organisationId: 'nhs-trust' };
  it.each([
    ['sen_caseworker', null, school, true],
    ['sen_caseworker', null, nhs, true],
    ['sen_team_manager', null, nhs, true],
    ['school_senco', null, school, true],
    ['school_senco', null, nhs, false],
    ['professional', 'nhs-trust', nhs, true],
    ['professional', 'other-trust', nhs, false],
    ['professional', null, school, false],
    ['parent', null, school, false],
    ['educational_psychologist', null, school, false],
    ['finance_officer', null, school, false],
  ] as const)('%s (organisation %s) may record against %o: %s', (role, organisationId, item, expected) => {
    expect(mayRecordAgainst({ role, organisationId }, item)).toBe(expected);
  });
});
