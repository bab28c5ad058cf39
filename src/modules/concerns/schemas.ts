import { z } from 'zod';
import { WORKING_ACTIONS, ACTIONS_NEEDING_A_NOTE, type WorkingAction } from '../../domain/concerns.js';

const MAX_NOTE_LENGTH = 2000;

/** Raising a concern: which provision (or the child's education as a whole) and what is happening. */
export const raiseConcernForm = z.object({
  itemId: z.string({ error: 'Select the provision you are concerned about' }).trim().min(1, 'Select the provision you are concerned about'),
  description: z
    .string({ error: 'Say what is happening' })
    .trim()
    .min(1, 'Say what is happening')
    .max(MAX_NOTE_LENGTH, `What is happening must be ${String(MAX_NOTE_LENGTH)} characters or fewer`),
});

/** A step on a concern, by the person working it. */
export const concernStepForm = z
  .object({
    action: z.enum(WORKING_ACTIONS as unknown as [WorkingAction, ...WorkingAction[]], { error: 'Select what you did' }),
    note: z
      .string()
      .trim()
      .max(MAX_NOTE_LENGTH, `The note must be ${String(MAX_NOTE_LENGTH)} characters or fewer`)
      .default(''),
  })
  .superRefine((form, context) => {
    if (ACTIONS_NEEDING_A_NOTE.includes(form.action) && form.note === '') {
      const message =
        form.action === 'action_agreed'
          ? 'Say what action was agreed, including any make-up provision'
          : form.action === 'resolved'
            ? 'Say how the concern was resolved'
            : 'Say why you are escalating the concern';
      context.addIssue({ code: 'custom', path: ['note'], message });
    }
  });

export type ConcernStepInput = z.output<typeof concernStepForm>;

/** "The education as a whole" rather than one item of provision. */
export const WHOLE_PLAN = 'whole-plan';
