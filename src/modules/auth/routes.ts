import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { paths } from '../../http/paths.js';
import { form, handler, page, type RouteEntry } from '../../http/route-table.js';
import { errorSummaryView, type ErrorSummaryView } from '../../http/validation.js';
import { recordAudit } from '../audit/repository.js';
import { homePathFor } from '../home/navigation.js';
import { safeReturnPath, signInForm } from './schemas.js';
import { signIn } from './service.js';

const INVALID_CREDENTIALS = 'Enter a correct email address and password. After 5 wrong attempts you must wait 15 minutes before trying again.';

/** Anything but a path on this site is dropped, never an error: a bad link still shows the sign-in page. */
const signInQuery = z.object({
  returnTo: z
    .unknown()
    .optional()
    .transform((value) => safeReturnPath(value) ?? ''),
  timedOut: z.literal('1').optional().catch(undefined),
});

/** What a refused sign-in shows again: the email and where to go next, never the password. */
function shownValues(values: Record<string, unknown>) {
  return { email: typeof values.email === 'string' ? values.email : '', returnTo: safeReturnPath(values.returnTo) ?? '' };
}

function showSignIn(reply: FastifyReply, values: { email?: string; returnTo: string }, errors?: ErrorSummaryView, timedOut = false) {
  return reply.view('auth/views/sign-in.njk', { pageTitle: 'Sign in', values, errors, timedOut });
}

const signInPage = page({
  permission: 'public',
  audit: 'none',
  path: paths.signIn,
  query: signInQuery,
  render({ request, reply, query }, refused) {
    if (refused) return showSignIn(reply, shownValues(refused.values), refused.errors);
    return showSignIn(reply, { returnTo: query.returnTo }, undefined, request.sessionTimedOut || query.timedOut === '1');
  },
});

export const authRoutes: RouteEntry[] = [
  signInPage,
  form({
    permission: 'public',
    audit: 'SIGN_IN',
    path: paths.signIn,
    body: signInForm,
    page: signInPage,
    async submit(context, input) {
      const { request, reply } = context;
      const result = await signIn(context.db, {
        email: input.email,
        password: input.password,
        ipAddress: request.ip,
        requestId: request.id,
        audit: request.audit,
      });
      if (result.outcome !== 'signed-in') {
        const message = result.outcome === 'throttled' ? 'There have been too many failed attempts to sign in from your network. Wait 15 minutes and try again.' : INVALID_CREDENTIALS;
        reply.code(result.outcome === 'throttled' ? 429 : 401);
        return showSignIn(reply, shownValues(request.body as Record<string, unknown>), errorSummaryView([{ path: 'email', message }]));
      }
      await reply.startSession(result.userId, result.laId);
      return reply.redirect(safeReturnPath(input.returnTo) ?? homePathFor(result.role, request.server.mayOpen), 303);
    },
  }),
  handler({
    permission: 'signed-in',
    audit: 'SIGN_OUT',
    method: 'POST',
    path: paths.signOut,
    async handle(context) {
      const principal = context.request.principal;
      if (principal) {
        await recordAudit(context.db, context.actor, { subjectType: 'user', subjectId: principal.userId });
      }
      await context.reply.endSession();
      return context.reply.view('auth/views/signed-out.njk', { pageTitle: 'You have signed out', principal: null, navigation: [] });
    },
  }),
];
