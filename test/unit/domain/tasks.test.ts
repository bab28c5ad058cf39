import { describe, expect, it } from 'vitest';
import { concernSourceId, decideTasks, reviewSourceId, type ConcernClock, type ReviewClock } from '../../../src/domain/tasks.js';

const today = '2026-11-29';
const review = (nextReviewDue: string, extra: Partial<ReviewClock> = {}): ReviewClock => ({ childId: 'c1', planId: 'p1', forename: 'Amira', nextReviewDue, caseworkerId: 'cw', ...extra });
const concern = (dueOn: string, extra: Partial<ConcernClock> = {}): ConcernClock => ({
  concernId: 'k1',
  childId: 'c1',
  forename: 'Amira',
  summary: 'Speech therapy: no sessions recorded.',
  ownerUserId: 'cw',
  dueOn,
  ...extra,
});

describe('tasks from the annual review clock', () => {
  it.each<[string, ReviewClock, string | null]>([
    ['due in 8 weeks exactly', review('2027-01-24'), 'Arrange the annual review for Amira (due 24 January 2027)'],
    ['due tomorrow', review('2026-11-30'), 'Arrange the annual review for Amira (due 30 November 2026)'],
    ['already late', review('2026-10-01'), 'Arrange the annual review for Amira (due 1 October 2026)'],
    ['more than 8 weeks away', review('2027-01-25'), null],
    ['no caseworker to give it to', review('2026-12-20', { caseworkerId: null }), null],
  ])('%s', (_label, clock, title) => {
    const { create } = decideTasks({ today, reviews: [clock], concerns: [], known: new Set(), open: [] });
    expect(create.map((task) => task.title)).toEqual(title ? [title] : []);
    if (title) expect(create[0]).toMatchObject({ ownerUserId: 'cw', dueOn: clock.nextReviewDue, sourceType: 'review', sourceId: reviewSourceId(clock) });
  });
});

describe('tasks from open provision concerns', () => {
  it.each<[string, ConcernClock, boolean]>([
    ['owned, due later', concern('2026-12-10'), true],
    ['owned, past due', concern('2026-11-01'), true],
    ['at head of service, with no named owner', concern('2026-12-10', { ownerUserId: null }), false],
  ])('%s', (_label, clock, made) => {
    const { create } = decideTasks({ today, reviews: [], concerns: [clock], known: new Set(), open: [] });
    expect(create.length).toBe(made ? 1 : 0);
    if (made) expect(create[0]).toMatchObject({ ownerUserId: clock.ownerUserId, dueOn: clock.dueOn, sourceType: 'concern', sourceId: concernSourceId(clock) });
  });

  it('keeps a long summary within the title length', () => {
    const { create } = decideTasks({ today, reviews: [], concerns: [concern('2026-12-10', { summary: 'x'.repeat(500) })], known: new Set(), open: [] });
    expect(create[0]?.title.length).toBe(200);
    expect(create[0]?.title.endsWith('…')).toBe(true);
  });
});

describe('making each task once, and letting go of stale ones', () => {
  const clock = review('2026-12-20');
  const stepped = concern('2026-12-10');

  it.each<[string, Set<string>, { sourceType: string; sourceId: string }[], number, string[]]>([
    ['nothing known: both made', new Set(), [], 2, []],
    ['already open: not made again', new Set([`review|${reviewSourceId(clock)}`, `concern|${concernSourceId(stepped)}`]), [], 0, []],
    ['done before: not made again', new Set([`review|${reviewSourceId(clock)}`]), [], 1, []],
    // The concern moved to a new rung with a new due date: the old rung's task goes.
    ['a concern on a new rung', new Set([`concern|k1:2026-11-20`]), [{ sourceType: 'concern', sourceId: 'k1:2026-11-20' }], 2, ['k1:2026-11-20']],
    // The review was held, so the plan's next review is a year off: its open task goes.
    ['a review already held', new Set(['review|p9:2026-12-01']), [{ sourceType: 'review', sourceId: 'p9:2026-12-01' }], 2, ['p9:2026-12-01']],
    ['hand-made tasks are never cancelled', new Set(), [{ sourceType: 'manual', sourceId: '' }], 2, []],
  ])('%s', (_label, known, open, created, cancelled) => {
    const decision = decideTasks({ today, reviews: [clock], concerns: [stepped], known, open });
    expect(decision.create).toHaveLength(created);
    expect(decision.cancelSourceIds.map((row) => row.sourceId)).toEqual(cancelled);
  });
});
