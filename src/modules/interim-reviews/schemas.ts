import { z } from 'zod';
import { INTERIM_REVIEW_REASONS } from '../../domain/reviews.js';

const MAX_DETAIL_LENGTH = 2000;
const REASONS = Object.keys(INTERIM_REVIEW_REASONS) as [keyof typeof INTERIM_REVIEW_REASONS, ...(keyof typeof INTERIM_REVIEW_REASONS)[]];

/**
 * Calling or asking for an early review: why (a family gives none to choose: theirs is their own
 * request) and what is happening, in the caller's words.
 */
export const interimReviewForm = z.object({
  reason: z.preprocess((value) => (value === '' ? undefined : value), z.enum(REASONS, { error: 'Select why the review is needed' }).optional()),
  detail: z
    .string({ error: 'Say why a review is needed now' })
    .trim()
    .min(1, 'Say why a review is needed now')
    .max(MAX_DETAIL_LENGTH, `Why a review is needed must be ${String(MAX_DETAIL_LENGTH)} characters or fewer`),
});

export type InterimReviewInput = z.output<typeof interimReviewForm>;
