import { describe, expect, it } from 'vitest';
import { filledPercent, formatAverage, surveyResults, surveyTermOn, visitDue, type SurveyTermTotals, type VisitDue } from '../../../src/domain/resource-bases.js';
import type { SchoolCalendar } from '../../../src/domain/school-calendar.js';

const calendar: SchoolCalendar = {
  terms: [
    { name: 'Summer 2026', start: '2026-04-13', end: '2026-07-22' },
    // Listed out of order on purpose: the rules sort the LA's terms themselves.
    { name: 'Spring 2027', start: '2027-01-04', end: '2027-03-26' },
    { name: 'Autumn 2026', start: '2026-09-03', end: '2026-12-18' },
  ],
  bankHolidays: [],
  closures: [],
};

describe('places filled as a percentage of places commissioned', () => {
  it.each<[number, number, number | null]>([
    [0, 10, 0],
    [7, 10, 70],
    [10, 10, 100],
    [12, 10, 120],
    [2, 3, 67],
    [1, 3, 33],
    [0, 0, null],
    [3, 0, null],
  ])('%i of %i places', (filled, commissioned, percent) => {
    expect(filledPercent(filled, commissioned)).toBe(percent);
  });
});

describe('the term a survey answer is for', () => {
  it.each<[string, string, string | undefined]>([
    ['the first day of a term', '2026-09-03', 'Autumn 2026'],
    ['the last day of a term', '2026-12-18', 'Autumn 2026'],
    ['mid-term', '2026-11-25', 'Autumn 2026'],
    ['the Christmas holiday: the term just ended', '2026-12-28', 'Autumn 2026'],
    ['the summer holiday: the summer term', '2026-08-20', 'Summer 2026'],
    ['before the calendar starts', '2026-04-01', undefined],
    ['long after the calendar ends', '2027-06-30', undefined],
  ])('%s', (_label, date, term) => {
    expect(surveyTermOn(calendar, date)?.name).toBe(term);
  });
});

const base = (lastVisitOn: string | null, extra: { openedOn?: string; closedOn?: string | null } = {}) => ({ openedOn: extra.openedOn ?? '2025-09-01', closedOn: extra.closedOn ?? null, lastVisitOn });
const summarise = (due: VisitDue) => {
  switch (due.kind) {
    case 'visited':
      return `visited; next ${due.nextTerm?.name ?? 'none'}`;
    case 'due':
      return `due by ${due.dueBy} (${String(due.daysLeft)} days left)`;
    case 'overdue':
      return `overdue: ${due.missedTerm.name} missed, ${String(due.daysOverdue)} days since ${due.since}`;
    case 'closed':
      return 'closed';
    case 'not_due':
      return `not due; next ${due.nextTerm?.name ?? 'none'}`;
  }
};

describe('when the next termly monitoring visit is due', () => {
  it.each<[string, string, ReturnType<typeof base>, string]>([
    ['visited this term', '2026-11-25', base('2026-10-01'), 'visited; next Spring 2027'],
    ['visited on the first day of this term', '2026-11-25', base('2026-09-03'), 'visited; next Spring 2027'],
    ['visited last term, not yet this term', '2026-11-25', base('2026-06-10'), 'due by 2026-12-18 (23 days left)'],
    ['on the last day of term, not yet visited', '2026-12-18', base('2026-06-10'), 'due by 2026-12-18 (0 days left)'],
    ['last visited the day before last term began: last term was missed', '2026-11-25', base('2026-04-12'), 'overdue: Summer 2026 missed, 126 days since 2026-07-22'],
    ['never visited, open all of last term', '2026-09-10', base(null), 'overdue: Summer 2026 missed, 50 days since 2026-07-22'],
    ['never visited, opened during last term: due this term', '2026-09-10', base(null, { openedOn: '2026-05-01' }), 'due by 2026-12-18 (99 days left)'],
    ['in the holiday, visited in the term just ended', '2026-12-28', base('2026-12-01'), 'visited; next Spring 2027'],
    ['in the holiday, the term just ended without a visit', '2026-12-28', base('2026-06-10'), 'overdue: Autumn 2026 missed, 10 days since 2026-12-18'],
    ['in the holiday, opened during the term just ended', '2026-12-28', base(null, { openedOn: '2026-10-01' }), 'not due; next Spring 2027'],
    ['opens next term', '2026-11-25', base(null, { openedOn: '2027-01-04' }), 'not due; next Spring 2027'],
    ['closed last month', '2026-11-25', base('2026-06-10', { closedOn: '2026-10-31' }), 'closed'],
    ['closes at the end of this term, still to be visited', '2026-11-25', base('2026-06-10', { closedOn: '2026-12-18' }), 'due by 2026-12-18 (23 days left)'],
    ['before the LA has any term dates', '2026-03-01', base(null), 'not due; next Summer 2026'],
  ])('%s', (_label, today, row, expected) => {
    expect(summarise(visitDue(calendar, today, row))).toBe(expected);
  });
});

const totals = (termStart: string, termName: string, answers: number, sums: [number, number, number, number, number]): SurveyTermTotals => ({
  termStart,
  termName,
  answers,
  totals: { happy: sums[0], progress: sums[1], support: sums[2], informed: sums[3], listened: sums[4] },
});

describe('survey results over time', () => {
  it('averages each question per term, oldest term first, and the overall mean of every answer', () => {
    // Autumn: 4 parents answered happy 5,4,4,3 (16), progress 4,4,3,3 (14), support 5,5,4,2 (16), informed 3,3,2,2 (10), listened 4,4,4,4 (16).
    const results = surveyResults([totals('2026-09-03', 'Autumn 2026', 4, [16, 14, 16, 10, 16]), totals('2026-04-13', 'Summer 2026', 3, [9, 9, 12, 6, 15])]);
    expect(results.map((row) => row.termName)).toEqual(['Summer 2026', 'Autumn 2026']);
    expect(results[1]?.averages).toEqual({ happy: 4, progress: 3.5, support: 4, informed: 2.5, listened: 4 });
    expect(results[1]?.overall).toBe(72 / 20);
    expect(results[0]?.averages).toEqual({ happy: 3, progress: 3, support: 4, informed: 2, listened: 5 });
    expect(results[0]?.overall).toBe(51 / 15);
  });

  it.each<[number, boolean]>([
    [0, false],
    [1, false],
    [2, false],
    [3, true],
  ])('with %i answers, averages shown: %s', (answers, shown) => {
    const [row] = surveyResults([totals('2026-09-03', 'Autumn 2026', answers, [answers * 4, answers * 4, answers * 4, answers * 4, answers * 4])]);
    expect(row?.answers).toBe(answers);
    expect(row?.averages !== null).toBe(shown);
    expect(row?.overall !== null).toBe(shown);
  });

  it.each<[number, string]>([
    [4, '4.0'],
    [3.45, '3.5'],
    [3.44, '3.4'],
    [72 / 20, '3.6'],
    [1, '1.0'],
  ])('%d is shown as %s', (value, text) => {
    expect(formatAverage(value)).toBe(text);
  });
});
