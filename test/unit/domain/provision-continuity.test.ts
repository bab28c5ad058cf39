import { describe, expect, it } from 'vitest';
import { describeLineChanges, provisionLineChanges, provisionLineContinues, type ProvisionLine } from '../../../src/domain/provision-continuity.js';

const AMENDED_ON = '2026-11-02';

const speechTherapy: ProvisionLine = {
  description: 'Speech and language therapy, direct, 1:1',
  provisionType: 'speech_language_therapy',
  providerKind: 'nhs',
  organisationId: 'nhs-trust',
  sessionsPerPeriod: 1,
  minutesPerSession: 30,
  period: 'week',
  termTimeOnly: true,
  groupSize: '1:1',
  startDate: null,
};

describe('whether an amended provision line carries on the line it came from', () => {
  it.each<[string, Partial<ProvisionLine>, string[]]>([
    ['unchanged', {}, []],
    ['reworded only', { description: 'Direct speech and language therapy from a qualified therapist, 1:1' }, []],
    ['the same group written differently', { groupSize: ' 1:1 ' }, []],
    ['its own start on the day of the amendment', { startDate: AMENDED_ON }, []],
    ['its own start before the amendment', { startDate: '2026-09-01' }, []],
    ['more sessions a week', { sessionsPerPeriod: 2 }, ['quantity']],
    ['longer sessions', { minutesPerSession: 45 }, ['quantity']],
    ['the quantity taken out, leaving it vague', { sessionsPerPeriod: null, minutesPerSession: null }, ['quantity']],
    ['termly instead of weekly', { period: 'term' }, ['period']],
    ['another NHS trust', { organisationId: 'other-trust' }, ['provider']],
    ['moved to an independent therapist', { providerKind: 'independent', organisationId: 'independent-slt' }, ['provider']],
    ['all year instead of term time', { termTimeOnly: false }, ['termTime']],
    ['in a small group instead of 1:1', { groupSize: 'small group' }, ['groupSize']],
    ['a different kind of provision', { provisionType: 'occupational_therapy' }, ['provisionType']],
    ['starting after the amendment', { startDate: '2026-11-09' }, ['startsLater']],
    ['more often and from someone else', { sessionsPerPeriod: 2, organisationId: 'other-trust' }, ['provider', 'quantity']],
  ])('%s', (_case, change, expected) => {
    const next = { ...speechTherapy, ...change };
    expect(provisionLineChanges(speechTherapy, next, AMENDED_ON)).toEqual(expected);
    expect(provisionLineContinues(speechTherapy, next, AMENDED_ON)).toBe(expected.length === 0);
  });

  it('a vague line that stays vague carries on', () => {
    const vague = { ...speechTherapy, sessionsPerPeriod: null, minutesPerSession: null, period: null };
    expect(provisionLineContinues(vague, { ...vague, description: 'Access to therapy as needed' }, AMENDED_ON)).toBe(true);
  });

  it.each([
    [[], ''],
    [['period'], 'how often it is given'],
    [['provider', 'quantity'], 'who provides it and how much is given'],
    [['provider', 'quantity', 'period'], 'who provides it, how much is given and how often it is given'],
  ] as const)('describes %j as “%s”', (changes, expected) => {
    expect(describeLineChanges(changes)).toBe(expected);
  });
});
