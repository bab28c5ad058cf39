import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyPlugin from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import qs from 'qs';
import type { AppConfig } from '../config.js';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function isMultipartField(value: unknown): value is { type: 'field'; value: string } {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'field' && typeof (value as { value?: unknown }).value === 'string';
}

/**
 * Headers, cookies, form parsing and CSRF. Every unsafe request must carry the token from the
 * page that was served to the same browser (double-submit, with a signed secret cookie).
 */
export default fastifyPlugin<{ config: AppConfig }>(
  async (app, { config }) => {
    await app.register(fastifyHelmet, {
      enableCSPNonces: true,
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: config.secureCookies ? [] : null,
        },
      },
      // HSTS only where the service is served over HTTPS: production with secure cookies. Sent to
      // localhost it would make the browser refuse the plain-HTTP quick start for a year.
      hsts: config.environment === 'production' && config.secureCookies,
    });
    await app.register(fastifyCookie, { secret: config.sessionSecret });
    await app.register(fastifyFormbody, {
      parser: (body) => qs.parse(body, { depth: 4, arrayLimit: 200, parameterLimit: 2000 }),
    });
    await app.register(fastifyCsrf, {
      sessionPlugin: '@fastify/cookie',
      cookieKey: 'openehcp_csrf',
      cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: config.secureCookies },
      getToken: (request: FastifyRequest) => {
        const body = request.body as Record<string, unknown> | undefined;
        // A multipart form (a file upload) carries its fields as { value } objects.
        const field = body?._csrf;
        const fromBody = typeof field === 'string' ? field : isMultipartField(field) ? field.value : undefined;
        const fromHeader = request.headers['x-csrf-token'];
        return fromBody ?? (typeof fromHeader === 'string' ? fromHeader : undefined);
      },
    });

    // Pages hold children's data: never let a shared or back-button cache keep them.
    app.addHook('onSend', async (request, reply: FastifyReply, payload) => {
      if (!request.url.startsWith('/assets/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      return payload;
    });

    app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      // A request authenticated by an API key carries no ambient credential a browser could be
      // tricked into sending (the key is an Authorization header, set only by the calling system),
      // so there is no cross-site request to forge. Cookie-authenticated API calls still need the token.
      // An API call with neither a key nor a session is answered 401 by the access plugin next,
      // which tells a system what is wrong better than a CSRF 403 would.
      const unauthenticatedApiCall = request.url.startsWith('/api/') && !request.principal && request.routeOptions.config.access?.permission !== 'public';
      if (UNSAFE_METHODS.has(request.method) && !request.apiKeyId && !unauthenticatedApiCall) {
        await new Promise<void>((resolve, reject) => {
          app.csrfProtection.call(app, request, reply, (error?: Error) => {
            if (error) reject(error);
            else resolve();
          });
        });
      }
      // Forms re-shown after a validation error need a token as much as freshly served ones.
      if (!request.url.startsWith('/assets/') && !request.url.startsWith('/api/')) {
        reply.locals = { ...reply.locals, csrfToken: reply.generateCsrf() };
      }
    });
  },
  { name: 'openehcp-security' },
);
