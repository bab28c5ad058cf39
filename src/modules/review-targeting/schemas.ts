import { z } from 'zod';

/** A whole number within limits, with a message that names the field. */
function whole(label: string, min: number, max: number, unit: string, example: string) {
  const name = `${label.charAt(0).toUpperCase()}${label.slice(1)}`;
  const range = `${name} must be between ${String(min)} and ${String(max)}${unit ? ` ${unit}` : ''}`;
  return z.preprocess(
    (value) => (typeof value === 'string' ? value.trim() : ''),
    z
      .string()
      .min(1, `Enter ${label}`)
      .regex(/^-?\d+$/, `${name} must be a whole number, like ${example}`)
      .transform(Number)
      .pipe(z.number().min(min, range).max(max, range)),
  );
}

/** The most reviews one person could attend in a term: about two a school day. */
const MAX_REVIEWS_PER_TERM = 150;

/** The prefix of each officer's capacity field: `capacity-<user id>`. */
export const CAPACITY_FIELD = 'capacity-';

/**
 * How the LA targets attendance and how soon an interim review is held. A weight of 0 leaves a
 * factor out; 100 points is more than any one factor should count for against the others.
 */
export const targetingForm = z
  .object({
    interimDueWeeks: whole('the weeks to hold an interim review in', 1, 12, 'weeks', '4'),
    openConcern: whole('the points for each open provision concern', 0, 100, '', '15'),
    reducedEducation: whole('the points for not being in full-time education', 0, 100, '', '20'),
    exclusion: whole('the points for each exclusion', 0, 100, '', '15'),
    phaseTransfer: whole('the points for a phase transfer', 0, 100, '', '20'),
    placementAtRisk: whole('the points for a placement at risk', 0, 100, '', '30'),
    noRecentAttendance: whole('the points for no recent LA attendance', 0, 100, '', '15'),
    recentAttendanceMonths: whole('the months that count as recent', 1, 60, 'months', '24'),
    highRiskScore: whole('the score that counts as high risk', 1, 600, '', '40'),
  })
  // The capacity fields are one per officer, so they are read by name (capacities below).
  .catchall(z.unknown());

export type TargetingForm = z.output<typeof targetingForm>;

/**
 * Each officer's capacity from the form: blank means none set. Returns the numbers and the field
 * errors, each named for its officer.
 */
export function capacitiesFrom(body: Record<string, unknown>, officers: readonly { userId: string; name: string }[]) {
  const capacities = new Map<string, number | null>();
  const errors: { path: string; message: string }[] = [];
  for (const officer of officers) {
    const field = `${CAPACITY_FIELD}${officer.userId}`;
    const raw = typeof body[field] === 'string' ? body[field].trim() : '';
    if (raw === '') {
      capacities.set(officer.userId, null);
      continue;
    }
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isInteger(value) || value > MAX_REVIEWS_PER_TERM) {
      errors.push({ path: field, message: `Reviews a term for ${officer.name} must be a whole number between 0 and ${String(MAX_REVIEWS_PER_TERM)}, or left blank` });
      continue;
    }
    capacities.set(officer.userId, value);
  }
  return { capacities, errors };
}

/** Confirming who attends a review. */
export const confirmAttendanceForm = z.object({
  reviewId: z.string({ error: 'Select a review' }).trim().min(1, 'Select a review'),
  userId: z.string({ error: 'Select who will attend' }).trim().min(1, 'Select who will attend'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type ConfirmAttendanceInput = z.output<typeof confirmAttendanceForm>;
