import { describe, expect, it } from 'vitest';
import { accessLogPhrase, accessLogSentence } from '../../../src/domain/access-log.js';
import { renameOf, singleRecordOf } from '../../../src/modules/access-log/service.js';

describe('the access log in plain words', () => {
  it.each([
    ['VIEW_PLAN', {}, 'looked at the plan'],
    ['VIEW_CHILD', {}, 'looked at the record'],
    ['RECORD_PROVISION_DELIVERY', { itemName: 'Speech and language therapy', status: 'delivered' }, 'recorded speech and language therapy delivered'],
    ['RECORD_PROVISION_DELIVERY', { itemName: 'Structured, multisensory literacy intervention', status: 'delivered' }, 'recorded structured, multisensory literacy intervention delivered'],
    ['RECORD_PROVISION_DELIVERY', { itemName: 'Occupational therapy', status: 'missed' }, 'recorded occupational therapy missed'],
    ['RECORD_PROVISION_DELIVERY', {}, 'recorded support delivered or missed'],
    ['RENAME_PROVISION_ITEM', { renamed: { before: 'Specialist teaching for literacy', after: 'Reading help' } }, 'changed the name of “Specialist teaching for literacy” to “Reading help”'],
    ['RENAME_PROVISION_ITEM', {}, 'changed the name of some support in the plan'],
    ['SOMETHING_NEW', {}, 'did something new'],
  ])('%s %o is "%s"', (action, detail, phrase) => {
    expect(accessLogPhrase(action, 'Did something new', detail)).toBe(phrase);
  });

  it.each([
    [{ who: 'Sam Patel', roleLabel: 'SEN caseworker', organisation: null }, 'Sam Patel, SEN caseworker, looked at the plan on 3 March 2026 at 10:14am'],
    [{ who: 'Rachel Hughes', roleLabel: 'School SENCO', organisation: 'Oakfield Primary' }, 'Rachel Hughes, School SENCO, Oakfield Primary, looked at the plan on 3 March 2026 at 10:14am'],
    [{ who: 'Jo', roleLabel: '', organisation: null }, 'Jo looked at the plan on 3 March 2026 at 10:14am'],
  ])('%o', (person, sentence) => {
    expect(accessLogSentence({ ...person, phrase: 'looked at the plan', when: '3 March 2026 at 10:14am' })).toBe(sentence);
  });

  it.each([
    [{ records: [{ provisionItemId: 'i', status: 'delivered' }] }, { provisionItemId: 'i', status: 'delivered' }],
    [{ records: [{ provisionItemId: 'i' }, { provisionItemId: 'j' }] }, null],
    [{ recordIds: ['a'] }, null],
    [null, null],
  ])('names the one record in %o', (change, record) => {
    expect(singleRecordOf(change)).toEqual(record);
  });

  it.each([
    [
      { before: 'Specialist teaching', after: 'Reading help', given: 'first' },
      { before: 'Specialist teaching', after: 'Reading help' },
    ],
    [{ before: 'Specialist teaching' }, null],
    [{ before: 1, after: 'Reading help' }, null],
    [null, null],
  ])('reads the names of a rename in %o', (change, renamed) => {
    expect(renameOf(change)).toEqual(renamed);
  });
});
