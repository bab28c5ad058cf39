import { describe, expect, it } from 'vitest';
import type { VisitDue } from '../../src/domain/resource-bases.js';
import { paths } from '../../src/http/paths.js';
import type { BaseRow } from '../../src/modules/resource-bases/repository.js';
import { baseListRows, baseTotals, surveyResultRows } from '../../src/modules/resource-bases/view-models.js';

const row = (extra: Partial<BaseRow> = {}): BaseRow => ({
  id: '00000000-0000-4000-8000-000000000001',
  name: 'The Willow Centre',
  kind: 'resource_base',
  designation: 'ASD',
  settingId: 's1',
  settingName: 'Parkside Primary School',
  ageFrom: 4,
  ageTo: 11,
  commissionedPlaces: 8,
  openedOn: '2020-09-01',
  closedOn: null,
  version: 1,
  updatedBy: null,
  updatedAt: new Date(0),
  filled: 6,
  lastVisitOn: '2026-10-02',
  ...extra,
});
const autumn = { name: 'Autumn 2026', start: '2026-09-03', end: '2026-12-18' };
const visited: VisitDue = { kind: 'visited', nextTerm: { name: 'Spring 2027', start: '2027-01-04', end: '2027-03-26' } };

describe('the list of resource bases', () => {
  it('shows places commissioned, filled and the share filled, linking the base', () => {
    const [cells] = baseListRows([{ ...row(), due: visited }]);
    expect(cells?.[0]).toEqual({ parts: [{ link: { href: paths.resourceBases.base({ baseId: row().id }), text: 'The Willow Centre' } }, { hint: 'Resource base at Parkside Primary School' }] });
    expect(cells?.slice(1, 6)).toEqual([
      { text: 'Autistic spectrum disorder' },
      { text: '8', format: 'numeric' },
      { text: '6', format: 'numeric' },
      { text: '75%', format: 'numeric' },
      { text: '2 October 2026' },
    ]);
    expect(cells?.[6]).toEqual({ parts: [{ tag: { text: 'Visited this term', colour: 'green' } }, { text: ' Next due in Spring 2027' }] });
  });

  it.each<[string, VisitDue, string]>([
    ['overdue', { kind: 'overdue', missedTerm: autumn, since: autumn.end, daysOverdue: 3 }, 'Overdue'],
    ['due', { kind: 'due', term: autumn, dueBy: autumn.end, daysLeft: 23 }, 'Due this term'],
    ['closed', { kind: 'closed' }, 'Closed'],
  ])('tags a base %s', (_label, due, text) => {
    const [cells] = baseListRows([{ ...row(), due }]);
    expect(JSON.stringify(cells?.[6])).toContain(text);
  });

  it('says when a base is over-full, and when it has no places commissioned', () => {
    const [over, none] = baseListRows([
      { ...row({ filled: 10 }), due: visited },
      { ...row({ commissionedPlaces: 0, filled: 0, lastVisitOn: null }), due: visited },
    ]);
    expect(over?.[4]).toEqual({ parts: [{ text: '125% ' }, { tag: { text: 'Over', colour: 'orange' } }], format: 'numeric' });
    expect(none?.[4]).toEqual({ text: 'None commissioned' });
    expect(none?.[5]).toEqual({ text: 'Not yet visited' });
  });

  it('totals places over the bases listed, equal to the sum of the rows', () => {
    expect(baseTotals([row(), row({ commissionedPlaces: 12, filled: 2 })])).toEqual({ commissioned: 20, filled: 8, text: '8 of 20 (40%)' });
  });
});

describe('the survey results table', () => {
  it('shows a term’s averages to one place, and says why a term with too few answers is not shown', () => {
    const rows = surveyResultRows([
      { termStart: '2026-04-13', termName: 'Summer 2026', answers: 2, averages: null, overall: null },
      { termStart: '2026-09-03', termName: 'Autumn 2026', answers: 3, averages: { happy: 13 / 3, progress: 11 / 3, support: 4, informed: 5 / 3, listened: 4 }, overall: 53 / 15 },
    ]);
    expect(rows[0]).toEqual([{ text: 'Summer 2026' }, { text: '2', format: 'numeric' }, { text: "Fewer than 3 answers: not shown, so no family's answers can be picked out", colspan: 6 }]);
    expect(rows[1]?.map((cell) => ('text' in cell ? cell.text : ''))).toEqual(['Autumn 2026', '3', '4.3', '3.7', '4.0', '1.7', '4.0', '3.5']);
  });
});
