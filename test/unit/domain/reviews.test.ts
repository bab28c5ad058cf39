import { describe, expect, it } from 'vitest';
import { annualReviewDeadline, reviewStatus } from '../../../src/domain/reviews.js';

describe('annualReviewDeadline (CFA 2014 s44(1): within 12 months)', () => {
  it.each([
    ['2025-03-10', '2026-03-09'],
    ['2025-01-01', '2025-12-31'],
    ['2024-02-29', '2025-02-27'],
    ['2025-12-31', '2026-12-30'],
  ])('a plan made or reviewed on %s must be reviewed by %s', (made, deadline) => {
    expect(annualReviewDeadline(made)).toBe(deadline);
  });
});

describe('reviewStatus', () => {
  it.each([
    [null, '2026-11-28', 'not_applicable'],
    ['2026-11-27', '2026-11-28', 'overdue'],
    ['2026-11-28', '2026-11-28', 'due_soon'],
    ['2027-01-23', '2026-11-28', 'due_soon'],
    ['2027-01-24', '2026-11-28', 'scheduled'],
  ] as const)('deadline %s on %s is %s', (deadline, today, expected) => {
    expect(reviewStatus(deadline, today)).toBe(expected);
  });
});
