import { z } from 'zod';

/** One question answers both "email or not" and "at once or daily": the three answers that make sense. */
const DELIVERY_CHOICES = ['immediate', 'daily_digest', 'in_app_only'] as const;
export type DeliveryChoice = (typeof DELIVERY_CHOICES)[number];

export const preferencesForm = z.object({
  delivery: z.enum(DELIVERY_CHOICES, { error: 'Select how you want to hear about new notifications' }),
});

export const pageQuery = z.object({
  page: z.coerce.number({ error: 'Page must be a number' }).int().min(1, 'Page must be 1 or more').max(10_000).default(1),
});

/**
 * How an email stands, as the outbox filter offers it: "retrying" is a pending email that has
 * failed at least once, which is what an administrator looks for when mail is not arriving.
 */
export const OUTBOX_STATES = {
  waiting: 'Waiting to send',
  retrying: 'Failed, trying again',
  held_for_digest: 'Held for digest',
  sent: 'Sent',
  failed: 'Failed',
} as const;
export type OutboxState = keyof typeof OUTBOX_STATES;

/** The outbox's page and state filter: a state that is not one reads as any. */
export const outboxQuery = pageQuery.extend({
  state: z
    .enum(Object.keys(OUTBOX_STATES) as [OutboxState, ...OutboxState[]])
    .optional()
    .catch(undefined),
});

export function deliveryChoiceOf(preference: { email: boolean; frequency: 'immediate' | 'daily_digest' }): DeliveryChoice {
  if (!preference.email) return 'in_app_only';
  return preference.frequency;
}

export function preferenceOf(choice: DeliveryChoice): { email: boolean; frequency: 'immediate' | 'daily_digest' } {
  if (choice === 'in_app_only') return { email: false, frequency: 'immediate' };
  return { email: true, frequency: choice };
}
