import { describe, expect, it } from 'vitest';
import type { Part } from '../../src/http/cells.js';
import { paths } from '../../src/http/paths.js';
import { fundingView, provisionRows, provisionSentences } from '../../src/modules/children/view-models.js';

type AnyCell = { text: string } | { parts: Part[] } | undefined;

/** A cell's parts, however deep, in reading order. */
function partsOf(cell: AnyCell): Part[] {
  const flatten = (parts: Part[]): Part[] => parts.flatMap((part) => ('lines' in part ? part.lines.flatMap(flatten) : 'list' in part ? part.list.items.flatMap(flatten) : [part]));
  return cell && 'parts' in cell ? flatten(cell.parts) : [];
}

/** What a cell says, as a reader would read it. */
function textOf(cell: AnyCell): string {
  if (cell && 'text' in cell) return cell.text;
  return partsOf(cell)
    .map((part) => ('text' in part ? part.text : 'small' in part ? part.small : 'hint' in part ? part.hint : 'link' in part ? part.link.text : 'tag' in part ? part.tag.text : ''))
    .join(' ');
}

const hrefsOf = (cell: AnyCell) => partsOf(cell).flatMap((part) => ('link' in part ? [part.link.href] : []));

const placement = (overrides: Partial<Parameters<typeof fundingView>[0][number]> = {}) => ({
  startDate: '2024-09-04',
  endDate: null,
  settingName: 'Oakfield Primary School',
  settingType: 'mainstream_academy',
  senSettingCode: null,
  annualCostPence: 866_200,
  ...overrides,
});

describe('fundingView', () => {
  it('adds up the current placement and costed provision, ignoring ended placements and uncosted items', () => {
    const view = fundingView(
      [placement(), placement({ endDate: '2024-01-01', annualCostPence: 6_400_000 })],
      [
        {
          id: 'a',
          section: 'F',
          position: 1,
          description: 'Speech and language therapy',
          provisionType: 'speech_and_language_therapy',
          providerKind: 'nhs',
          organisationId: 'nhs',
          organisationName: 'NHS Trust',
          sessionsPerPeriod: 2,
          minutesPerSession: 30,
          period: 'week',
          groupSize: '1:1',
          termTimeOnly: true,
          annualCostPence: 390_000,
          shortName: null,
        },
        {
          id: 'b',
          section: 'G',
          position: 1,
          description: 'CAMHS',
          provisionType: 'mental_health',
          providerKind: 'nhs',
          organisationId: null,
          organisationName: null,
          sessionsPerPeriod: 1,
          minutesPerSession: 50,
          period: 'week',
          groupSize: null,
          termTimeOnly: true,
          annualCostPence: null,
          shortName: null,
        },
      ],
    );
    expect(view.placementRows).toHaveLength(1);
    expect(view.provisionRows).toHaveLength(1);
    expect(view.placementTotal).toBe('£8,662');
    expect(view.provisionTotal).toBe('£3,900');
    expect(view.total).toBe('£12,562');
  });

  it.each([
    [null, 'Speech and language therapy'],
    ['Talking sessions with Ms Rahman', 'Talking sessions with Ms Rahman'],
  ])('names costed provision by its short name (given: %j), with the plan’s wording beneath', (shortName, name) => {
    const view = fundingView(
      [],
      [
        {
          id: 'a',
          section: 'F',
          position: 1,
          description: 'Direct 1:1 therapy with a speech and language therapist',
          provisionType: 'speech_and_language_therapy',
          providerKind: 'nhs',
          organisationId: null,
          organisationName: null,
          sessionsPerPeriod: 2,
          minutesPerSession: 30,
          period: 'week',
          groupSize: '1:1',
          termTimeOnly: true,
          annualCostPence: 390_000,
          shortName,
        },
      ],
    );
    expect(view.provisionRows[0]?.[0]).toEqual({ parts: [{ text: name }, { hint: 'In the plan: Direct 1:1 therapy with a speech and language therapist' }] });
    expect(textOf(view.provisionRows[0]?.[0])).not.toContain('F: ');
  });
});

describe('the provision ledger for families', () => {
  const item = {
    id: 'c',
    section: 'F',
    position: 1,
    description: 'Structured, multisensory literacy intervention delivered by a specialist teacher',
    provisionType: 'specialist_teaching',
    providerKind: 'school',
    organisationId: null,
    organisationName: null,
    sessionsPerPeriod: 1,
    minutesPerSession: 30,
    period: 'week',
    groupSize: '1:1',
    termTimeOnly: true,
    annualCostPence: null,
    shortName: null as string | null,
  };
  const ledger = (deliveredMinutes: number, deliveredSessions: number) => ({ deliveredSessions, deliveredMinutes, missedSessions: 0, missedMinutes: 0, madeUpMinutes: 0, missedByReason: [] });
  const owed = (sessions: number, minutes: number) => ({ thisWeek: { sessions, minutes }, thisTerm: { sessions, minutes }, thisSchoolYear: { sessions, minutes } });

  it('names the item by its short name, never its description cut at a comma', () => {
    const [sentence] = provisionSentences([{ item, owed: owed(0.4, 12), thisTerm: ledger(1, 0), thisYear: ledger(1, 0) }]);
    expect(sentence).toBe('Specialist teaching for literacy: 1 minute delivered so far this term, of 12 minutes owed.');
    expect(sentence).not.toContain('Structured:');
  });

  it.each([
    [owed(0.4, 12), ledger(1, 0), '12 minutes', '1 minute'],
    [owed(4, 130), ledger(65, 2), 'about 2 hours (4 sessions)', 'about 1 hour (2 sessions)'],
  ])('says the same amounts in the table as in the sentence', (owedSoFar, thisTerm, owedText, deliveredText) => {
    const [row] = provisionRows([{ item, owed: owedSoFar, thisTerm, thisYear: thisTerm }]);
    const [sentence] = provisionSentences([{ item, owed: owedSoFar, thisTerm, thisYear: thisTerm }]);
    expect(textOf(row?.[1]).toLowerCase()).toBe(owedText);
    expect(textOf(row?.[2]).toLowerCase()).toBe(deliveredText);
    expect(sentence).toContain(`${deliveredText.replace(/ \(.*\)/, '')} delivered`);
    expect(sentence).toContain(`of ${owedText.replace(/ \(.*\)/, '')} owed`);
  });

  it('names the item by the short name an officer gave it, when there is one', () => {
    const named = { ...item, shortName: 'Reading help' };
    const [sentence] = provisionSentences([{ item: named, owed: owed(0.4, 12), thisTerm: ledger(1, 0), thisYear: ledger(1, 0) }]);
    expect(sentence).toBe('Reading help: 1 minute delivered so far this term, of 12 minutes owed.');
    const [row] = provisionRows([{ item: named, owed: owed(0.4, 12), thisTerm: ledger(1, 0), thisYear: ledger(1, 0) }], 'child-1');
    expect(textOf(row?.[0])).toContain('Reading help (section F)');
    expect(textOf(row?.[0])).toContain(`In the plan: ${item.description}`);
    expect(textOf(row?.[0])).not.toContain('F: ');
  });

  it.each([
    [true, 1],
    [false, 0],
  ])('links to the short name form only for those who may open it (may: %s)', (may, links) => {
    const opened: string[] = [];
    const mayOpen = (path: string) => {
      opened.push(path);
      return may;
    };
    const [row] = provisionRows([{ item, owed: owed(0.4, 12), thisTerm: ledger(1, 0), thisYear: ledger(1, 0) }], 'child-1', mayOpen);
    const naming = paths.provision.itemName({ childId: 'child-1', itemId: 'c' });
    expect(opened).toEqual([naming]);
    expect(hrefsOf(row?.[0]).filter((href) => href === naming)).toHaveLength(links);
  });
});
