import { describe, expect, it } from 'vitest';
import { interimReviewDueBy, reasonsFor } from '../../../src/domain/interim-reviews.js';

describe('interimReviewDueBy', () => {
  it.each([
    ['four weeks by default', '2026-11-25', 4, '2026-12-23'],
    ['across a month end', '2027-01-29', 4, '2027-02-26'],
    ['across 29 February in a leap year', '2028-02-10', 4, '2028-03-09'],
    ['an LA that gives two weeks', '2026-11-25', 2, '2026-12-09'],
  ])('%s', (_name, calledOn, weeks, dueBy) => {
    expect(interimReviewDueBy(calledOn, weeks)).toBe(dueBy);
  });
});

describe('reasonsFor', () => {
  it.each([
    ['parent', ['parent_request']],
    ['young_person', ['parent_request']],
    ['school_senco', ['exclusion_risk', 'placement_breakdown', 'setting_request']],
    ['sen_caseworker', ['provision_concern', 'exclusion_risk', 'placement_breakdown', 'parent_request', 'setting_request', 'la_request']],
    ['professional', []],
    ['la_admin', []],
  ] as const)('%s', (role, reasons) => {
    expect(reasonsFor(role)).toEqual(reasons);
  });
});
