import { z } from 'zod';

export const issueKeyForm = z.object({
  userId: z.uuid({ error: 'Select who the key is for' }),
  name: z.string().trim().min(1, 'Enter a name for the key, like "Therapy system"').max(100, 'The name must be 100 characters or fewer'),
});

export type IssueKeyForm = z.output<typeof issueKeyForm>;
