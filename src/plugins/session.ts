import { createHash, randomBytes } from 'node:crypto';
import fastifyPlugin from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOfUser, type Principal } from '../auth/child-scope.js';
import { isRole } from '../auth/roles.js';
import type { AppConfig } from '../config.js';
import type { Database } from '../db/client.js';
import * as sessions from '../modules/auth/repository.js';
import { authenticateApiKey } from '../modules/api-keys/authenticate.js';

export const SESSION_COOKIE = 'openehcp_session';
/**
 * last_seen_at is written at most this often, so a busy user does not cost a write per request:
 * a minute, or a tenth of the idle timeout if that is shorter. The stored time is then never more
 * than that behind the real last request, so a session always lasts at least 90 % of the idle
 * timeout after the last request (54 s of a 1-minute timeout) and activity always extends it.
 */
function lastSeenRefreshMs(idleMs: number): number {
  return Math.min(60_000, idleMs / 10);
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** The signed-in user's LA name, for the header. */
    laName: string | null;
    /** Set when this request found a session that had just timed out. */
    sessionTimedOut: boolean;
    /** The API key this request was authenticated by (only ever on /api/v1). */
    apiKeyId: string | null;
    /** Why a presented API key was refused, for the 401 problem. */
    apiKeyRefused: string | null;
  }
  interface FastifyReply {
    /** Signs the user in: a brand-new session id, never one the browser sent before. */
    startSession(userId: string, laId: string): Promise<void>;
    endSession(): Promise<void>;
  }
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export default fastifyPlugin<{ db: Database; config: AppConfig }>(
  async (app, { db, config }) => {
    const idleMs = config.sessionIdleMinutes * 60_000;
    const refreshMs = lastSeenRefreshMs(idleMs);
    const absoluteMs = config.sessionAbsoluteHours * 3_600_000;
    const cookieOptions = {
      path: '/',
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: config.secureCookies,
    };

    app.decorateRequest('principal', null);
    app.decorateRequest('laName', null);
    app.decorateRequest('sessionTimedOut', false);
    app.decorateRequest('apiKeyId', null);
    app.decorateRequest('apiKeyRefused', null);

    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      // A system calling the JSON API presents a key instead of a cookie. Only there: a key must
      // never open an HTML page. A key that is presented decides alone (no fall back to a cookie).
      const authorization = request.headers.authorization;
      if (authorization !== undefined && request.url.startsWith('/api/v1/')) {
        const result = await authenticateApiKey(db, authorization, new Date());
        if ('refused' in result) {
          request.apiKeyRefused = result.refused;
          return;
        }
        request.principal = result.principal;
        request.laName = result.laName;
        request.apiKeyId = result.apiKeyId;
        return;
      }
      const token = request.cookies[SESSION_COOKIE];
      if (!token) return;
      const tokenHash = hashSessionToken(token);
      const session = await sessions.findSessionWithUser(db, tokenHash);
      const now = new Date();
      const role = session?.user.role;
      if (!session || session.user.disabled || role === undefined || !isRole(role)) {
        reply.clearCookie(SESSION_COOKIE, cookieOptions);
        return;
      }
      const idleExpired = now.getTime() - session.lastSeenAt.getTime() > idleMs;
      if (idleExpired || session.expiresAt <= now) {
        await sessions.deleteSession(db, tokenHash);
        reply.clearCookie(SESSION_COOKIE, cookieOptions);
        request.sessionTimedOut = true;
        return;
      }
      if (now.getTime() - session.lastSeenAt.getTime() > refreshMs) {
        await sessions.touchSession(db, tokenHash, now);
      }
      const { user } = session;
      request.principal = principalOfUser(user, role);
      request.laName = session.laName;
    });

    app.decorateReply('startSession', async function startSession(this: FastifyReply, userId: string, laId: string) {
      const previous = this.request.cookies[SESSION_COOKIE];
      if (previous) await sessions.deleteSession(db, hashSessionToken(previous));
      const token = randomBytes(32).toString('base64url');
      await sessions.insertSession(db, {
        tokenHash: hashSessionToken(token),
        userId,
        laId,
        expiresAt: new Date(Date.now() + absoluteMs),
      });
      this.setCookie(SESSION_COOKIE, token, cookieOptions);
    });

    app.decorateReply('endSession', async function endSession(this: FastifyReply) {
      const token = this.request.cookies[SESSION_COOKIE];
      if (token) await sessions.deleteSession(db, hashSessionToken(token));
      this.clearCookie(SESSION_COOKIE, cookieOptions);
    });
  },
  { name: 'openehcp-session', dependencies: ['@fastify/cookie'] },
);
