import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq, lt, sql } from 'drizzle-orm';
import fastifyPlugin from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/client.js';
import { formSubmission } from '../db/schema/index.js';
import { SUBMISSION_FIELD } from '../http/form-fields.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The one-time key this request claimed; its answer is kept (or the claim released) when sent. */
    claimedSubmission?: string;
  }
}

/** A key is honoured for a day: long enough for any resend after a lost answer. */
const KEY_LIFETIME = sql`interval '1 day'`;
/** How long a repeat waits for the first request with its key to be answered (a double click arrives mid-flight). */
const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 50;

function submissionKeyOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const field = (body as Record<string, unknown>)[SUBMISSION_FIELD];
  // A multipart form's fields arrive as objects (attachFieldsToBody).
  const value = typeof field === 'string' ? field : field && typeof field === 'object' && typeof (field as { value?: unknown }).value === 'string' ? (field as { value: string }).value : undefined;
  return value && /^[0-9a-f-]{36}$/i.test(value) ? value : undefined;
}

async function claim(db: Database, userId: string, key: string): Promise<boolean> {
  // Expired keys of this user go first (cheap: the primary key starts with user_id), so a key
  // reused after its lifetime is a new submission.
  await db.delete(formSubmission).where(and(eq(formSubmission.userId, userId), lt(formSubmission.createdAt, sql`now() - ${KEY_LIFETIME}`)));
  const claimed = await db.insert(formSubmission).values({ userId, submissionKey: key, state: 'in_flight' }).onConflictDoNothing().returning({ key: formSubmission.submissionKey });
  return claimed.length > 0;
}

async function findClaim(db: Database, userId: string, key: string) {
  const [row] = await db
    .select({ state: formSubmission.state, resultLocation: formSubmission.resultLocation })
    .from(formSubmission)
    .where(and(eq(formSubmission.userId, userId), eq(formSubmission.submissionKey, key)));
  return row;
}

/**
 * One-time submission keys: every state-changing form carries one (`appFormFields`), so a form
 * sent twice (a double click, a resend after a lost answer) is stored once. The first request
 * with a key claims it; when it is answered with a redirect, where it went is kept, and any later
 * request with that key is sent there (303) without running the handler. A repeat arriving while
 * the first is still running waits for its answer. An answer that is not a redirect (a form shown
 * again with errors, a failure) releases the key: nothing was stored, so sending again is safe.
 * Requests without a key (API calls, which have Idempotency-Key; sign-in) are left alone.
 */
export default fastifyPlugin<{ db: Database }>(
  async (app, { db }) => {
    app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.method !== 'POST' || !request.principal || request.apiKeyId) return;
      const key = submissionKeyOf(request.body);
      if (!key) return;
      const { userId } = request.principal;
      const deadline = Date.now() + WAIT_FOR_FIRST_MS;
      for (;;) {
        if (await claim(db, userId, key)) {
          request.claimedSubmission = key;
          return;
        }
        const existing = await findClaim(db, userId, key);
        if (existing?.state === 'done' && existing.resultLocation) return reply.redirect(existing.resultLocation, 303);
        // Released a moment ago (the first answer was not a redirect): claim it again above.
        if (existing && Date.now() > deadline) {
          reply.code(409);
          return reply.view('error.njk', {
            pageTitle: 'Your form is still being sent',
            problem: {
              status: 409,
              title: 'Your form is still being sent',
              detail: 'You sent this form more than once. The first one is still being saved, so this one was not. Wait a moment, then look at the page it came from to check it was saved.',
            },
          });
        }
        if (existing) await sleep(POLL_MS);
      }
    });

    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
      const key = request.claimedSubmission;
      if (!key || !request.principal) return payload;
      request.claimedSubmission = undefined;
      const location = reply.getHeader('location');
      const where = and(eq(formSubmission.userId, request.principal.userId), eq(formSubmission.submissionKey, key));
      if (reply.statusCode >= 300 && reply.statusCode < 400 && typeof location === 'string') {
        await db.update(formSubmission).set({ state: 'done', resultLocation: location }).where(where);
      } else {
        await db.delete(formSubmission).where(where);
      }
      return payload;
    });
  },
  { name: 'openehcp-submissions' },
);
