import { describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { audiencesReadableBy, seesEntry, type AudienceLabelled } from '../../../src/domain/audience.js';

const entry = (audience: string, restrictedToRoles: string[] | null = null, authorUserId: string | null = 'someone-else'): AudienceLabelled => ({ audience, restrictedToRoles, authorUserId });

describe('who sees a timeline entry', () => {
  it.each<[Role, string, string[] | null, boolean]>([
    ['parent', 'family', null, true],
    ['parent', 'professionals', null, false],
    ['parent', 'la_internal', null, false],
    ['young_person', 'family', null, true],
    ['young_person', 'professionals', null, false],
    ['school_senco', 'family', null, true],
    ['school_senco', 'professionals', null, true],
    ['school_senco', 'la_internal', null, false],
    ['professional', 'professionals', null, true],
    ['professional', 'la_internal', null, false],
    ['sen_caseworker', 'la_internal', null, true],
    ['sen_caseworker', 'family', null, true],
    ['educational_psychologist', 'la_internal', null, true],
    // Restricted: only the named roles, whatever the audience.
    ['sen_team_manager', 'la_internal', ['sen_team_manager'], true],
    ['sen_caseworker', 'la_internal', ['sen_team_manager'], false],
    ['parent', 'family', ['sen_team_manager'], false],
    ['school_senco', 'professionals', ['sen_team_manager', 'sen_caseworker'], false],
    ['sen_caseworker', 'professionals', ['sen_team_manager', 'sen_caseworker'], true],
    // An audience the system does not know is shown to nobody.
    ['sen_caseworker', 'everyone', null, false],
  ])('%s reading a %s entry restricted to %j: %s', (role, audience, restricted, expected) => {
    expect(seesEntry({ role, userId: 'viewer' }, entry(audience, restricted))).toBe(expected);
  });

  it('always shows the author what they wrote, even restricted', () => {
    expect(seesEntry({ role: 'sen_caseworker', userId: 'me' }, entry('la_internal', ['sen_team_manager'], 'me'))).toBe(true);
  });

  it('lets families read the family audience only, and schools never the LA-internal one', () => {
    expect(audiencesReadableBy('parent')).toEqual(['family']);
    expect(audiencesReadableBy('school_senco')).toEqual(['family', 'professionals']);
    expect(audiencesReadableBy('inclusion_officer')).toEqual(['family', 'professionals', 'la_internal']);
  });
});
