import { describe, expect, it } from 'vitest';
import type { ReviewStep } from '../../../src/domain/review-clock.js';
import type { ProvisionRecordRow, ReviewRow } from '../../../src/modules/reviews/repository.js';
import { daysLeftText, decisionView, hoursText, provisionRecordRows, taskListItems, urgentStepCell } from '../../../src/modules/reviews/view-models.js';

const step = (name: ReviewStep['step'], state: ReviewStep['state'], daysLeft: number | null, dueOn = '2027-03-01'): ReviewStep => ({
  step: name,
  label: name,
  dueOn,
  doneOn: state === 'done' ? dueOn : null,
  daysLeft,
  state,
  regulation: 'SEND Regulations 2014 reg 20',
});

const review = (fields: Partial<ReviewRow>): ReviewRow => ({ id: 'r1', stage: 'invited', heldOn: null, decision: null, ...fields }) as ReviewRow;

describe('review view models', () => {
  it.each([
    [null, ''],
    [0, 'due today'],
    [1, '1 day left'],
    [12, '12 days left'],
    [-1, '1 day late'],
    [-9, '9 days late'],
  ])('days left %s reads "%s"', (days, text) => {
    expect(daysLeftText(days)).toBe(text);
  });

  it.each([
    [0, 'None'],
    [45, '45 minutes'],
    [60, '1 hour'],
    [150, '2 hours 30 minutes'],
  ])('%i minutes reads "%s"', (minutes, text) => {
    expect(hoursText(minutes)).toBe(text);
  });

  it('tags the most urgent step red when it is late', () => {
    const cell = urgentStepCell([step('invitations', 'done', null), step('meeting', 'overdue', -3), step('report', 'not_yet', null)]);
    expect(cell).toEqual({ parts: [{ text: 'meeting by 1 March 2027 ' }, { tag: { text: '3 days late', colour: 'red' } }] });
    expect(urgentStepCell([step('invitations', 'done', null)])).toEqual({ text: 'Nothing due' });
  });

  it('links a step to its form only when the reader may take it now', () => {
    const steps = [step('invitations', 'done', null), step('meeting', 'due', 5), step('report', 'not_yet', null), step('decision', 'not_yet', null)];
    const runner = taskListItems('c1', review({ stage: 'invited' }), steps, { run: true, decide: true });
    expect(runner.map((item) => item.href ?? null)).toEqual(['/children/c1/reviews/r1/invitations', '/children/c1/reviews/r1/record', null, null]);
    expect(runner[1]?.status).toEqual({ tag: { text: 'To do', classes: 'govuk-tag--blue' } });
    const reader = taskListItems('c1', review({ stage: 'invited' }), steps, { run: false, decide: false });
    expect(reader.every((item) => item.href === undefined)).toBe(true);
    const decider = taskListItems('c1', review({ stage: 'report_sent', heldOn: '2027-02-20' }), steps, { run: false, decide: true });
    expect(decider.map((item) => item.href ?? null)).toEqual([null, null, '/children/c1/reviews/r1/report', '/children/c1/reviews/r1/decision']);
  });

  it('totals the frozen ledger as the sum of its rows', () => {
    const line = (owed: number, delivered: number, missed: number, open: number): ProvisionRecordRow => ({
      provisionItemId: 'i',
      fromDate: '2026-03-01',
      toDate: '2027-03-01',
      owedMinutes: owed,
      deliveredMinutes: delivered,
      missedMinutes: missed,
      openConcerns: open,
      closedConcerns: 0,
      description: 'Speech and language therapy',
      provisionType: 'speech_language_therapy',
      shortName: null,
    });
    const rows = provisionRecordRows([line(600, 480, 120, 1), line(90, 90, 0, 0)]);
    expect(rows).toHaveLength(3);
    expect(rows[2]?.[1]).toEqual({ parts: [{ strong: '11 hours 30 minutes' }], format: 'numeric' });
    expect(rows[2]?.[3]).toEqual({ parts: [{ strong: '2 hours' }], format: 'numeric' });
    expect(rows[2]?.[4]).toEqual({ text: '1 open, 0 resolved' });
    expect(provisionRecordRows([])).toEqual([]);
  });

  it('words the decision for the family, with the grounds to cease and no code', () => {
    const view = decisionView(review({ decision: 'cease', decisionOn: '2027-03-10', ceaseReason: '2', appealRightsGivenOn: '2027-03-10', decisionReasons: 'Needs met' }));
    expect(view).toMatchObject({ heading: 'Stop the plan', ceaseReason: 'Education or training needs are being met without a plan', appealRightsGivenOn: '10 March 2027' });
    expect(decisionView(review({}))).toBeUndefined();
  });
});
