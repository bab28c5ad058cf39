import { z } from 'zod';
import { AUDIENCES, type Audience } from '../../domain/audience.js';
import { MESSAGE_KINDS, type MessageKind } from '../../domain/communication.js';
import { pageNumber } from '../../http/pagination.js';

export const MAX_BODY_LENGTH = 5000;
const MAX_SUBJECT_LENGTH = 150;

const body = z
  .string({ error: 'Enter your message' })
  .trim()
  .min(1, 'Enter your message')
  .max(MAX_BODY_LENGTH, `Your message must be ${String(MAX_BODY_LENGTH)} characters or fewer`);

/** An optional select or radio: '' and absent both mean "not chosen". */
const optionalText = z.preprocess((value) => (value === '' || value === undefined ? undefined : value), z.string().trim().optional());

const kind = z
  .preprocess((value) => (value === '' || value === undefined ? 'message' : value), z.enum(Object.keys(MESSAGE_KINDS) as [MessageKind, ...MessageKind[]], { error: 'Select what you are recording' }))
  .default('message');

/**
 * A reply in a thread. `kind` (a call, letter or meeting recorded by staff) and `onBehalfOf`
 * (assisted digital) are offered only to roles that may use them; the service checks again.
 */
export const replyForm = z.object({
  body,
  kind,
  onBehalfOf: optionalText,
});
export type ReplyInput = z.output<typeof replyForm>;

/** A new conversation: a subject, who can read it, and the first message. */
export const newThreadForm = replyForm.extend({
  subject: z
    .string({ error: 'Enter a subject' })
    .trim()
    .min(1, 'Enter a subject')
    .max(MAX_SUBJECT_LENGTH, `The subject must be ${String(MAX_SUBJECT_LENGTH)} characters or fewer`),
  audience: z.enum(Object.keys(AUDIENCES) as [Audience, ...Audience[]], { error: 'Select who can read this conversation' }),
});
export type NewThreadInput = z.output<typeof newThreadForm>;

/** Giving a thread to another LA officer, who then answers for its reply times. */
export const ownerForm = z.object({
  ownerUserId: z.string({ error: 'Select who owns this conversation' }).trim().min(1, 'Select who owns this conversation'),
});

/** The communication promise dashboard: the page each of its three lists is on. */
/** The dashboard's pages and its team filter: a team that is not an id reads as the whole LA. */
export const promiseQuery = z.object({ officerPage: pageNumber, unansweredPage: pageNumber, childrenPage: pageNumber, team: z.uuid().optional().catch(undefined) });
export type PromiseQuery = z.output<typeof promiseQuery>;

/** The banners shown after a redirect: a message sent, a thread given to someone else. */
const sentQuery = z.object({ sent: z.literal('1').optional().catch(undefined) });
/** The Messages tab: the banner after a new conversation, and the page of conversations. */
export const messagesTabQuery = sentQuery.extend({ page: pageNumber });
export const threadQuery = sentQuery.extend({ reassigned: z.literal('1').optional().catch(undefined) });
