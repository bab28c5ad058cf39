import { describe, expect, it } from 'vitest';
import { vagueWordingFlags } from '../../../src/domain/vague-wording.js';

const quantified = { sessionsPerPeriod: 2, minutesPerSession: 30, period: 'week' };

describe('vagueWordingFlags', () => {
  it.each([
    ['Speech and language therapy, direct 1:1 sessions with a speech and language therapist', []],
    ['Access to a quiet space at unstructured times', ['Access to']],
    ['Child and adolescent mental health service: regular sessions with a named clinician', ['regular']],
    ['Support from a teaching assistant as needed', ['as needed']],
    ['Up to 10 hours of 1:1 support', ['Up to']],
    ['Regularly reviewed, with access to ICT as required', ['Regularly', 'access to', 'as required']],
    ['Opportunities to practise social skills when appropriate', ['Opportunities to', 'when appropriate']],
    ['Staff should use visual timetables; periodic review by the EP', ['should', 'periodic']],
    // Whole words only: "irregular" and "setup" are not "regular" and "up to".
    ['Irregular verbs practised with a specialist teacher; setup to be agreed', []],
    ['Support in lessons, frequently checked, where possible in class', ['frequently', 'where possible']],
  ])('"%s" is flagged for %o', (description, phrases) => {
    expect(vagueWordingFlags({ description, ...quantified }).map((flag) => flag.phrase)).toEqual(phrases);
  });

  it('gives the reason for each flag', () => {
    const [flag] = vagueWordingFlags({ description: 'Up to 3 sessions', ...quantified });
    expect(flag?.reason).toMatch(/ceiling, not a commitment/);
    expect(vagueWordingFlags({ description: 'Access to the sensory room', ...quantified })[0]?.reason).toMatch(/not that it will be provided/);
  });

  it.each([
    [{ sessionsPerPeriod: null, minutesPerSession: null, period: null }, 'Not quantified'],
    [{ sessionsPerPeriod: 2, minutesPerSession: 30, period: null }, 'Not quantified'],
    [{ sessionsPerPeriod: 2, minutesPerSession: 30, period: 'fortnight' }, 'Not quantified'],
    [{ sessionsPerPeriod: 0, minutesPerSession: 30, period: 'week' }, 'Not quantified'],
    [{ sessionsPerPeriod: 6, minutesPerSession: null, period: 'year' }, 'No session length'],
  ])('quantities %o are flagged "%s"', (quantity, phrase) => {
    const flags = vagueWordingFlags({ description: 'Occupational therapy programme', ...quantity });
    expect(flags).toHaveLength(1);
    expect(flags[0]?.phrase).toBe(phrase);
  });

  it('flags the wording and the missing quantity together', () => {
    expect(vagueWordingFlags({ description: 'Regular speech therapy', sessionsPerPeriod: null, minutesPerSession: null, period: null }).map((flag) => flag.phrase)).toEqual([
      'Regular',
      'Not quantified',
    ]);
  });
});
