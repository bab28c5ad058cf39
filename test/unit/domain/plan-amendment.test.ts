import { describe, expect, it } from 'vitest';
import { amendmentClock, comparePlans, issueRefusal, type ComparablePlan } from '../../../src/domain/plan-amendment.js';

describe('the clock of a proposed amendment (reg 22(2)(c) and 22(3))', () => {
  it.each<[string, string, { commentsCloseOn: string; mayIssueFrom: string; issueBy: string; commentDaysLeft: number; issueDaysLeft: number }]>([
    ['sent today', '2026-11-02', { commentsCloseOn: '2026-11-16', mayIssueFrom: '2026-11-17', issueBy: '2026-12-28', commentDaysLeft: 15, issueDaysLeft: 56 }],
    ['across the end of a month', '2027-01-20', { commentsCloseOn: '2027-02-03', mayIssueFrom: '2027-02-04', issueBy: '2027-03-17', commentDaysLeft: 15, issueDaysLeft: 56 }],
    ['across 29 February in a leap year', '2028-02-20', { commentsCloseOn: '2028-03-05', mayIssueFrom: '2028-03-06', issueBy: '2028-04-16', commentDaysLeft: 15, issueDaysLeft: 56 }],
    [
      'over the summer holiday: calendar days, not school days',
      '2027-07-26',
      { commentsCloseOn: '2027-08-09', mayIssueFrom: '2027-08-10', issueBy: '2027-09-20', commentDaysLeft: 15, issueDaysLeft: 56 },
    ],
  ])('%s', (_name, proposedOn, expected) => {
    expect(amendmentClock(proposedOn, proposedOn)).toEqual({ proposedOn, ...expected });
  });

  it.each<[string, number, number]>([
    ['2026-11-02', 15, 56],
    ['2026-11-16', 1, 42],
    ['2026-11-17', 0, 41],
    ['2026-12-28', 0, 0],
    ['2026-12-30', 0, -2],
  ])('on %s: %i days left for comments, %i to the 8-week limit', (today, comments, issue) => {
    const clock = amendmentClock('2026-11-02', today);
    expect([clock.commentDaysLeft, clock.issueDaysLeft]).toEqual([comments, issue]);
  });

  it.each<[string, string | null, string, RegExp | null]>([
    ['not proposed yet', null, '2026-11-20', /Send the proposed changes to the family first/],
    ['on the day it was sent', '2026-11-02', '2026-11-02', /until 16 November 2026 to comment.+from 17 November 2026/],
    ['on the 15th day, the last for comments', '2026-11-02', '2026-11-16', /from 17 November 2026/],
    ['the day after the 15 days', '2026-11-02', '2026-11-17', null],
    ['after the 8 weeks (late, but issuing is still what the law asks)', '2026-11-02', '2027-01-10', null],
  ])('issuing %s', (_name, proposedOn, issuedOn, refusal) => {
    const answer = issueRefusal(proposedOn, issuedOn);
    if (refusal === null) expect(answer).toBeNull();
    else expect(answer).toMatch(refusal);
  });
});

const therapy = {
  id: 'line-1',
  previousItemId: null,
  section: 'F',
  description: 'Speech and language therapy, direct 1:1 sessions',
  provisionType: 'speech_and_language_therapy',
  providerKind: 'nhs',
  organisationId: 'trust',
  organisationName: 'Demo NHS Trust',
  sessionsPerPeriod: 1,
  minutesPerSession: 45,
  period: 'week',
  termTimeOnly: true,
  groupSize: '1:1',
  startDate: null,
};
const literacy = {
  ...therapy,
  id: 'line-2',
  description: 'Small-group literacy support',
  provisionType: 'teaching_assistant',
  providerKind: 'school',
  organisationId: null,
  organisationName: null,
  sessionsPerPeriod: 3,
  minutesPerSession: 30,
  groupSize: 'Small group',
};

const inForce: ComparablePlan = {
  sections: [
    { section: 'A', content: 'Enjoys drawing.' },
    { section: 'I', content: 'Oak Primary School.' },
  ],
  needs: [{ senType: 'SLCN', rank: 1, description: 'Needs help with language.' }],
  outcomes: [{ id: 'out-1', previousOutcomeId: null, area: 'Communication', description: 'Will take part in class discussions.', targetDate: '2027-07-20' }],
  provision: [therapy, literacy],
};

/** The draft as startAmendmentDraft copies it: new ids, each pointing at what it came from. */
function copied(): ComparablePlan {
  return {
    sections: inForce.sections.map((row) => ({ ...row })),
    needs: inForce.needs.map((row) => ({ ...row })),
    outcomes: inForce.outcomes.map((row) => ({ ...row, id: `new-${row.id}`, previousOutcomeId: row.id })),
    provision: inForce.provision.map((row) => ({ ...row, id: `new-${row.id}`, previousItemId: row.id })),
  };
}

describe('what a proposed amendment changes, in plain words', () => {
  it('a copy changes nothing', () => {
    expect(comparePlans(inForce, copied(), '2026-11-17')).toEqual({ sections: [], counts: { new: 0, changed: 0, ended: 0 } });
  });

  it.each<[string, (draft: ComparablePlan) => void, { section: string; kind: string; about: string; what?: string; before?: RegExp; after?: RegExp }[]]>([
    [
      'more therapy a week',
      (draft) => {
        draft.provision[0] = { ...therapy, id: 'new-line-1', previousItemId: 'line-1', sessionsPerPeriod: 2 };
      },
      [
        {
          section: 'F',
          kind: 'changed',
          about: therapy.description,
          what: 'how much is given',
          before: /1 session of 45 minutes a week, 1:1, in term time. Given by: Demo NHS Trust/,
          after: /2 sessions of 45 minutes a week/,
        },
      ],
    ],
    [
      'reworded only',
      (draft) => {
        draft.provision[1] = { ...literacy, id: 'new-line-2', previousItemId: 'line-2', description: 'Small-group literacy support with a teaching assistant' };
      },
      [{ section: 'F', kind: 'changed', about: literacy.description, what: 'the wording' }],
    ],
    [
      'moved to another section and all year round',
      (draft) => {
        draft.provision[1] = { ...literacy, id: 'new-line-2', previousItemId: 'line-2', section: 'H2', termTimeOnly: false };
      },
      [{ section: 'H2', kind: 'changed', about: literacy.description, what: 'whether it runs in the holidays and the section it is in (was section F)', after: /all year/ }],
    ],
    [
      'a line ended and a vague one added',
      (draft) => {
        draft.provision = [
          draft.provision[0] ?? therapy,
          { ...literacy, id: 'added', previousItemId: null, description: 'Access to a quiet room', sessionsPerPeriod: null, minutesPerSession: null, period: null },
        ];
      },
      [
        { section: 'F', kind: 'new', about: 'Access to a quiet room', after: /The plan does not say how much or how often/ },
        { section: 'F', kind: 'ended', about: literacy.description, before: /3 sessions of 30 minutes a week/ },
      ],
    ],
    [
      'a new school named and a section left empty',
      (draft) => {
        draft.sections = [{ section: 'I', content: 'Elm Secondary School.' }];
      },
      [
        { section: 'A', kind: 'ended', about: 'Views, interests and aspirations', before: /Enjoys drawing/ },
        { section: 'I', kind: 'changed', about: 'Placement', before: /Oak Primary/, after: /Elm Secondary/ },
      ],
    ],
    [
      'a second need added and the first reworded',
      (draft) => {
        draft.needs = [
          { senType: 'SLCN', rank: 1, description: 'Needs help with spoken language.' },
          { senType: 'SEMH', rank: 2, description: 'Anxious at school.' },
        ];
      },
      [
        { section: 'B', kind: 'changed', about: 'Speech, language and communication needs', before: /Main need: .+ help with language/, after: /spoken language/ },
        { section: 'B', kind: 'new', about: 'Social, emotional and mental health', after: /^Other need: Social, emotional and mental health\. Anxious/ },
      ],
    ],
    [
      'an outcome reworded and one added',
      (draft) => {
        draft.outcomes = [
          { id: 'new-out-1', previousOutcomeId: 'out-1', area: 'Communication', description: 'Will ask for help in class.', targetDate: '2027-07-20' },
          { id: 'brand-new', previousOutcomeId: null, area: 'Independence', description: 'Will travel to school with a friend.', targetDate: null },
        ];
      },
      [
        { section: 'E', kind: 'changed', about: 'Communication', before: /class discussions\. To be reached by 20 July 2027\.$/, after: /ask for help/ },
        { section: 'E', kind: 'new', about: 'Independence', after: /^Independence: Will travel to school with a friend\.$/ },
      ],
    ],
  ])('%s', (_name, edit, expected) => {
    const draft = copied();
    edit(draft);
    const comparison = comparePlans(inForce, draft, '2026-11-17');
    const found = comparison.sections.flatMap((section) => section.changes.map((change) => ({ section: section.code, ...change })));
    expect(found).toHaveLength(expected.length);
    expected.forEach((wanted, index) => {
      const change = found[index];
      expect(change).toMatchObject({ section: wanted.section, kind: wanted.kind, about: wanted.about, ...(wanted.what ? { what: wanted.what } : {}) });
      if (wanted.before) expect(change?.before).toMatch(wanted.before);
      if (wanted.after) expect(change?.after).toMatch(wanted.after);
    });
    // The counts are the sum of the changes listed.
    expect(comparison.counts.new + comparison.counts.changed + comparison.counts.ended).toBe(found.length);
  });

  it('with no plan in force (a new plan), everything is new', () => {
    const comparison = comparePlans(null, copied(), '2026-11-17');
    expect(comparison.counts).toEqual({ new: 6, changed: 0, ended: 0 });
    expect(comparison.sections.map((section) => section.code)).toEqual(['A', 'B', 'E', 'F', 'I']);
  });
});
