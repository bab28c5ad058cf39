import { z } from 'zod';

/** A whole number within limits, with messages that name the field ("The number of weeks judged must be between 1 and 26 weeks"). */
function whole(label: string, min: number, max: number, unit: string, example: string) {
  const name = `${label.charAt(0).toUpperCase()}${label.slice(1)}`;
  const range = `${name} must be between ${String(min)} and ${String(max)} ${unit}`;
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

/**
 * The LA's alarm thresholds. The limits keep the sweep meaningful: a window longer than half a
 * school year would hide a term's gap, and a rung of the ladder longer than a term would never
 * escalate in time to matter.
 */
export const policyForm = z.object({
  gapMinimumPercent: whole('the share that must be delivered', 1, 100, 'per cent', '80'),
  gapWindowWeeks: whole('the number of weeks judged', 1, 26, 'weeks', '4'),
  gapSilentWeeks: whole('the number of weeks with nothing recorded', 1, 26, 'weeks', '3'),
  notFullTimeSchoolDays: whole('the number of school days without full-time education', 1, 190, 'days', '15'),
  concernStepDays: whole('the days for each step of the ladder', 1, 90, 'days', '10'),
  // The communication promise: a reply within a few working days, an update at least every few weeks.
  replyWorkingDays: whole('the working days to reply to a message', 1, 20, 'working days', '3'),
  familyUpdateDays: whole('the days between updates to the family', 1, 90, 'days', '14'),
});

export type PolicyForm = z.output<typeof policyForm>;
