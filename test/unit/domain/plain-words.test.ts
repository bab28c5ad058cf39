import { describe, expect, it } from 'vitest';
import { amountInWords, ETHNICITIES, ethnicityInWords, familyLedgerSentence, itemName, itemTitle, shortItemName, tidyItemName, timeAndSessionsInWords } from '../../../src/domain/plain-words.js';

describe('shortItemName', () => {
  it.each([
    ['specialist_teaching', 'Structured, multisensory literacy intervention delivered by a specialist teacher', 'Specialist teaching for literacy'],
    ['speech_and_language_therapy', 'Speech and language therapy, direct 1:1 sessions with a speech and language therapist', 'Speech and language therapy'],
    ['teaching_assistant', 'Support from a trained teaching assistant in class and at unstructured times', 'Teaching assistant support'],
    ['emotional_support', 'Emotional literacy support sessions with a trained ELSA', 'Emotional and wellbeing support'],
    ['specialist_teaching', 'Emotional literacy support sessions with a trained ELSA', 'Specialist teaching'],
    ['other', 'Structured, multisensory literacy intervention delivered by a specialist teacher', 'Structured, multisensory literacy intervention'],
    ['other', 'access to a quiet room, when needed', 'Access to a quiet room, when'],
    ['other', 'Lunch club with', 'Lunch club'],
    ['not_a_type', '   ', 'Support in the plan'],
  ])('%s “%s” is “%s”', (provisionType, description, expected) => {
    expect(shortItemName({ provisionType, description })).toBe(expected);
  });
});

describe('itemName', () => {
  const literacy = { provisionType: 'specialist_teaching', description: 'Structured, multisensory literacy intervention delivered by a specialist teacher' };
  it.each([
    [undefined, 'Specialist teaching for literacy'],
    [null, 'Specialist teaching for literacy'],
    ['', 'Specialist teaching for literacy'],
    ['   ', 'Specialist teaching for literacy'],
    ['Reading help', 'Reading help'],
    ['  Reading   help \n with Mr Shah ', 'Reading help with Mr Shah'],
  ])('given %j, families read “%s”', (shortName, expected) => {
    expect(itemName({ ...literacy, shortName })).toBe(expected);
  });
});

describe('itemTitle', () => {
  const therapy = { section: 'F', provisionType: 'speech_and_language_therapy', description: 'Speech and language therapy, direct 1:1 sessions with a speech and language therapist' };
  it.each([
    [therapy, 'Speech and language therapy (section F)'],
    [{ ...therapy, section: 'G' }, 'Speech and language therapy (section G)'],
    [{ ...therapy, shortName: 'Talking sessions with Ms Okafor' }, 'Talking sessions with Ms Okafor (section F)'],
    [{ ...therapy, shortName: '  ' }, 'Speech and language therapy (section F)'],
    [
      { section: 'H1', provisionType: 'other', description: 'Structured, multisensory literacy intervention delivered by a specialist teacher' },
      'Structured, multisensory literacy intervention (section H1)',
    ],
  ])('%j is titled “%s”, never “F: …” and the whole wording', (item, expected) => {
    expect(itemTitle(item)).toBe(expected);
    expect(itemTitle(item)).not.toContain(`${item.section}: `);
  });
});

describe('tidyItemName', () => {
  it.each([
    ['Reading help', 'Reading help'],
    ['  Reading help  ', 'Reading help'],
    ['Reading\t\thelp', 'Reading help'],
    ['Reading\r\nhelp', 'Reading help'],
    ['   ', ''],
    ['', ''],
  ])('%j is %j', (typed, expected) => {
    expect(tidyItemName(typed)).toBe(expected);
  });
});

describe('amountInWords', () => {
  it.each([
    [0, 'none'],
    [0.4, 'none'],
    [1, '1 minute'],
    [25, '25 minutes'],
    [59, '59 minutes'],
    [60, '1 hour'],
    [65, 'about 1 hour'],
    [90, '1 and a half hours'],
    [140, 'about 2 and a half hours'],
    [150, '2 and a half hours'],
    [600, '10 hours'],
    [605, 'about 10 hours'],
  ])('%d minutes is “%s”', (minutes, expected) => {
    expect(amountInWords(minutes)).toBe(expected);
  });
});

describe('ethnicityInWords', () => {
  it.each([
    ['WBRI', 'White British'],
    ['BAFR', 'Black African'],
    ['MWBC', 'White and Black Caribbean'],
    ['REFU', 'Refused to say'],
    ['XXXX', 'XXXX'],
    [null, 'Not recorded'],
  ])('%s is “%s”', (code, expected) => {
    expect(ethnicityInWords(code)).toBe(expected);
  });

  it('has words for every code the demo data uses', async () => {
    const { ETHNICITY_WEIGHTS } = await import('../../../src/seed/content.js');
    for (const code of Object.keys(ETHNICITY_WEIGHTS)) expect(ETHNICITIES[code]).toBeDefined();
  });
});

describe('timeAndSessionsInWords', () => {
  it.each([
    [0, 0, 'none'],
    [1, 0, '1 minute'],
    [65, 3, 'about 1 hour (3 sessions)'],
    [30, 1, '30 minutes (1 session)'],
    [null, 4, '4 sessions'],
  ])('%s minutes in %d sessions is “%s”', (minutes, sessions, expected) => {
    expect(timeAndSessionsInWords(minutes, sessions)).toBe(expected);
  });
});

describe('familyLedgerSentence', () => {
  it.each([
    [{ owedMinutes: 120, deliveredMinutes: 60, missedSessions: 0, missedByReason: [] }, 'Specialist teaching for literacy: 1 hour delivered so far this term, of 2 hours owed.'],
    [
      { owedMinutes: 30, deliveredMinutes: 0, missedSessions: 1, missedByReason: [{ reason: 'Child absent', sessions: 1 }] },
      'Specialist teaching for literacy: nothing delivered so far this term, of 30 minutes owed; 1 session missed (child absent: 1).',
    ],
    [{ owedMinutes: 0, deliveredMinutes: 0, missedSessions: 0, missedByReason: [] }, 'Specialist teaching for literacy: nothing delivered so far this term, with nothing owed yet.'],
    [
      { owedMinutes: null, deliveredMinutes: 150, missedSessions: 0, missedByReason: [] },
      'Specialist teaching for literacy: 2 and a half hours delivered so far this term (the plan does not say how much).',
    ],
  ])('%o', (line, expected) => {
    expect(familyLedgerSentence({ name: 'Specialist teaching for literacy', ...line })).toBe(expected);
  });
});
