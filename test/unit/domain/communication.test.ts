import { describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { answersThread, median, overdueActions, owesReply, repliedOnTime, replyDueOn, replyTime, tallyPromise, waitingForReply, type PromiseMessage } from '../../../src/domain/communication.js';

// 2026: Good Friday 3 April, Easter Monday 6 April, early May bank holiday 4 May.
const BANK_HOLIDAYS = ['2026-04-03', '2026-04-06', '2026-05-04'];

describe('who is owed a reply', () => {
  it.each<[Role, string | null, boolean, boolean]>([
    ['parent', null, true, false],
    ['young_person', null, true, false],
    ['school_senco', null, true, false],
    ['professional', null, true, false],
    ['sen_caseworker', null, false, true],
    ['sen_team_manager', null, false, true],
    // Assisted digital: an officer writing for a parent is the parent writing.
    ['sen_caseworker', 'parent-user-id', true, false],
  ])('%s on behalf of %s: owed a reply %s, answers the thread %s', (role, onBehalfOf, owed, answers) => {
    expect(owesReply(role, onBehalfOf)).toBe(owed);
    expect(answersThread(role, onBehalfOf)).toBe(answers);
  });
});

describe('the reply date (3 working days)', () => {
  it.each([
    ['a Monday message', '2026-03-02T09:00:00Z', '2026-03-05'],
    ['a Friday message: due Wednesday', '2026-03-06T16:00:00Z', '2026-03-11'],
    ['a Saturday message counts from Monday', '2026-03-07T10:00:00Z', '2026-03-11'],
    ['late evening in BST is the next day in England', '2026-06-01T23:30:00Z', '2026-06-05'],
    ['over Easter: Good Friday and Easter Monday are skipped', '2026-04-02T10:00:00Z', '2026-04-09'],
    ['before the May bank holiday', '2026-05-01T10:00:00Z', '2026-05-07'],
  ])('%s', (_label, sentAt, due) => {
    expect(replyDueOn(new Date(sentAt), 3, BANK_HOLIDAYS)).toBe(due);
  });
});

describe('how long a reply took', () => {
  it.each([
    ['the same morning', '2026-03-02T09:00:00Z', '2026-03-02T11:30:00Z', 0, 2.5],
    ['next working day', '2026-03-02T09:00:00Z', '2026-03-03T09:00:00Z', 1, 24],
    ['Friday evening to Monday morning: the weekend is not counted', '2026-03-06T22:00:00Z', '2026-03-09T02:00:00Z', 1, 4],
    ['over Easter', '2026-04-02T12:00:00Z', '2026-04-07T12:00:00Z', 1, 24],
  ])('%s', (_label, sentAt, repliedAt, workingDays, hours) => {
    expect(replyTime(new Date(sentAt), new Date(repliedAt), BANK_HOLIDAYS)).toEqual({ workingDays, hours });
  });

  it.each([
    ['on the reply date', '2026-03-05', '2026-03-05T16:00:00Z', true],
    ['late in the evening of the reply date in BST', '2026-06-05', '2026-06-05T23:30:00Z', false],
    ['the day after', '2026-03-05', '2026-03-06T08:00:00Z', false],
  ])('replied on time %s', (_label, due, repliedAt, onTime) => {
    expect(repliedOnTime(due, new Date(repliedAt))).toBe(onTime);
  });
});

describe('the daily check for unanswered messages', () => {
  const flagged = new Date('2026-03-06T06:00:00Z');
  it.each([
    ['on the reply date: nothing yet', '2026-03-05', null, null, '2026-03-05', false, false],
    ['the day after: flag to the owner', '2026-03-05', null, null, '2026-03-06', true, false],
    ['already flagged: nothing new the same day', '2026-03-05', flagged, null, '2026-03-06', false, false],
    ['two working days after the reply date: not yet the manager', '2026-03-05', flagged, null, '2026-03-09', false, false],
    ['more than two working days after: the manager', '2026-03-05', flagged, null, '2026-03-10', false, true],
    ['already escalated: nothing new', '2026-03-05', flagged, flagged, '2026-03-12', false, false],
    ['a check that missed days does both at once', '2026-03-05', null, null, '2026-03-16', true, true],
    ['the weekend does not count towards the manager', '2026-03-06', flagged, null, '2026-03-10', false, false],
  ])('%s', (_label, due, overdueFlaggedAt, escalatedAt, today, flag, escalate) => {
    expect(overdueActions({ replyDueOn: due, overdueFlaggedAt, escalatedAt }, today, BANK_HOLIDAYS)).toEqual({ flag, escalate });
  });
});

describe('median', () => {
  it.each([
    [[], null],
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 2, 3], 2.5],
  ])('%j → %s', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('the communication promise adds up', () => {
  const since = new Date('2026-09-01T00:00:00Z');
  const today = '2026-11-30';
  const sent = (day: string) => new Date(`${day}T10:00:00Z`);
  const ana = { ownerKey: 'ana', ownerName: 'Ana Cole', teamKey: 'north', teamName: 'North team' };
  const ben = { ownerKey: 'ben', ownerName: 'Ben Ross', teamKey: 'north', teamName: 'North team' };
  const cat = { ownerKey: 'cat', ownerName: 'Cat Lee', teamKey: 'south', teamName: 'South team' };
  const nobody = { ownerKey: '', ownerName: 'No owner', teamKey: '', teamName: 'No team' };
  const fixture: PromiseMessage[] = [
    // Replied on time, replied late, unanswered past its date, unanswered not yet due, for several owners.
    { ...ana, sentAt: sent('2026-11-02'), replyDueOn: '2026-11-05', repliedAt: sent('2026-11-04') },
    { ...ana, sentAt: sent('2026-11-02'), replyDueOn: '2026-11-05', repliedAt: sent('2026-11-10') },
    { ...ana, sentAt: sent('2026-11-16'), replyDueOn: '2026-11-19', repliedAt: null },
    { ...ben, sentAt: sent('2026-11-27'), replyDueOn: '2026-12-02', repliedAt: null },
    { ...ben, sentAt: sent('2026-10-01'), replyDueOn: '2026-10-06', repliedAt: sent('2026-10-05') },
    { ...cat, sentAt: sent('2026-11-09'), replyDueOn: '2026-11-12', repliedAt: null },
    { ...cat, sentAt: sent('2026-11-09'), replyDueOn: '2026-11-12', repliedAt: null },
    { ...nobody, sentAt: sent('2026-11-20'), replyDueOn: '2026-11-25', repliedAt: null },
    // Sent before the window: a reply no longer counts; unanswered and overdue it is still owed.
    { ...cat, sentAt: sent('2026-06-01'), replyDueOn: '2026-06-04', repliedAt: sent('2026-06-03') },
    { ...ben, sentAt: sent('2026-06-01'), replyDueOn: '2026-06-04', repliedAt: null },
  ];
  const totals = tallyPromise(fixture, since, today, []);
  const sum = (rows: typeof totals.officers, field: 'decided' | 'onTime' | 'overdueNow') => rows.reduce((total, row) => total + row[field], 0);

  it('counts the headline from the messages', () => {
    expect(totals).toMatchObject({ decided: 7, onTime: 2, overdueNow: 5, needingReply: 6 });
    expect(totals.replyWorkingDays).toHaveLength(3);
  });

  it.each([
    ['officers', totals.officers],
    ['teams', totals.teams],
  ])('the %s rows add up to the headline', (_, rows) => {
    expect(sum(rows, 'decided')).toBe(totals.decided);
    expect(sum(rows, 'onTime')).toBe(totals.onTime);
    expect(sum(rows, 'overdueNow')).toBe(totals.overdueNow);
  });

  it('counts an officer’s unanswered overdue messages against their share on time', () => {
    expect(totals.officers.find((row) => row.key === 'cat')).toMatchObject({ decided: 2, onTime: 0, overdueNow: 2 });
    expect(totals.officers.find((row) => row.key === 'ana')).toMatchObject({ decided: 3, onTime: 1, overdueNow: 1 });
  });
});

describe('who is waiting for whom', () => {
  it.each([
    [
      { name: 'Sarah Ahmed', roleLabel: 'Parent or carer', workingDays: 39, teamName: 'SEN team', dueText: '3 March 2026' },
      'Sarah Ahmed (parent or carer) has been waiting 39 working days for a reply from the SEN team (due 3 March 2026)',
    ],
    [
      { name: 'Rachel Hughes', roleLabel: 'School SENCO', workingDays: 1, teamName: null, dueText: '3 March 2026' },
      'Rachel Hughes (school SENCO) has been waiting 1 working day for a reply from the local authority (due 3 March 2026)',
    ],
    [{ name: 'Sam', roleLabel: null, workingDays: 0, teamName: 'The North team', dueText: '3 March 2026' }, 'Sam has been waiting since today for a reply from the North team (due 3 March 2026)'],
  ])('%o', (waiting, expected) => {
    expect(waitingForReply(waiting)).toBe(expected);
  });
});
