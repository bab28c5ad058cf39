import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/client.js';
import { errorSummaryView, fieldErrorsFrom } from '../../http/validation.js';
import { actorOf } from '../../http/actor.js';
import { recordAudit } from '../audit/repository.js';
import { homePathFor } from '../home/navigation.js';
import { safeReturnPath, signInForm } from './schemas.js';
import { signIn } from './service.js';

const INVALID_CREDENTIALS =
  'Enter a correct email address and password. After 5 wrong attempts you must wait 15 minutes before trying again.';

export function registerAuthRoutes(app: FastifyInstance, db: Database): void {
  app.get('/sign-in', { config: { access: { permission: 'public', audit: 'none' } } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    return reply.view('auth/views/sign-in.njk', {
      pageTitle: 'Sign in',
      values: { returnTo: safeReturnPath(query.returnTo) ?? '' },
      timedOut: request.sessionTimedOut || query.timedOut === '1',
    });
  });

  app.post('/sign-in', { config: { access: { permission: 'public', audit: 'SIGN_IN' } } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = {
      email: typeof body.email === 'string' ? body.email : '',
      returnTo: safeReturnPath(body.returnTo) ?? '',
    };
    const parsed = signInForm.safeParse(body);
    if (!parsed.success) {
      return reply.code(400).view('auth/views/sign-in.njk', {
        pageTitle: 'Sign in',
        values,
        errors: errorSummaryView(fieldErrorsFrom(parsed.error)),
      });
    }
    const result = await signIn(db, {
      email: parsed.data.email,
      password: parsed.data.password,
      ipAddress: request.ip,
      requestId: request.id,
      audit: request.audit,
    });
    if (result.outcome !== 'signed-in') {
      const message =
        result.outcome === 'throttled'
          ? 'There have been too many failed attempts to sign in from your network. Wait 15 minutes and try again.'
          : INVALID_CREDENTIALS;
      return reply.code(result.outcome === 'throttled' ? 429 : 401).view('auth/views/sign-in.njk', {
        pageTitle: 'Sign in',
        values,
        errors: errorSummaryView([{ path: 'email', message }]),
      });
    }
    await reply.startSession(result.userId, result.laId);
    return reply.redirect(safeReturnPath(parsed.data.returnTo) ?? homePathFor(result.role, request.server.mayOpen), 303);
  });

  app.post('/sign-out', { config: { access: { permission: 'signed-in', audit: 'SIGN_OUT' } } }, async (request, reply) => {
    const principal = request.principal;
    if (principal) {
      await recordAudit(db, actorOf(request), { subjectType: 'user', subjectId: principal.userId });
    }
    await reply.endSession();
    return reply.view('auth/views/signed-out.njk', { pageTitle: 'You have signed out', principal: null, navigation: [] });
  });
}
