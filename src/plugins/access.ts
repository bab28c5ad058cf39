import fastifyPlugin from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasPermission, type Permission } from '../auth/permissions.js';
import { ForbiddenError } from '../http/errors.js';
import type { AuditAction } from '../modules/audit/actions.js';

/**
 * What every route must declare when it is registered: who may use it and which audit event
 * it writes. `public` routes need no sign-in; `signed-in` routes need only a session.
 */
export interface RouteAccess {
  permission: Permission | 'signed-in' | 'public';
  /** The event the route's service writes, or 'none' for routes that neither read a child nor change anything. */
  audit: AuditAction | 'none';
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyInstance {
    /** Every route with what it declared, in registration order: for checks over all routes. */
    declaredRoutes: DeclaredRoute[];
  }
}

export interface DeclaredRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

export class UndeclaredAccessError extends Error {
  constructor(method: string, url: string) {
    super(`Route ${method} ${url} does not declare config.access (permission and audit event).`);
    this.name = 'UndeclaredAccessError';
  }
}

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

export default fastifyPlugin(
  async (app) => {
    const declaredRoutes: DeclaredRoute[] = [];
    app.decorate('declaredRoutes', declaredRoutes);
    app.addHook('onRoute', (route) => {
      const access = route.config?.access;
      if (!access) {
        throw new UndeclaredAccessError(String(route.method), route.url);
      }
      for (const method of [route.method].flat()) declaredRoutes.push({ method, url: route.url, access });
    });

    app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      const access = request.routeOptions.config.access;
      // Not-found and error handlers run without a route: nothing to grant there.
      if (!access || access.permission === 'public') return;
      const principal = request.principal;
      if (!principal) {
        if (isApiRequest(request)) {
          return reply
            .code(401)
            .type('application/problem+json')
            .header('www-authenticate', 'Bearer')
            .send({ type: 'about:blank', title: 'Sign in required', status: 401, detail: request.apiKeyRefused ?? 'Sign in, or send an API key as "Authorization: Bearer <key>".' });
        }
        const query = new URLSearchParams();
        if (request.sessionTimedOut) query.set('timedOut', '1');
        if (request.method === 'GET') query.set('returnTo', request.url);
        const search = query.toString();
        return reply.redirect(`/sign-in${search ? `?${search}` : ''}`, 303);
      }
      if (access.permission !== 'signed-in' && !hasPermission(principal.role, access.permission)) {
        throw new ForbiddenError();
      }
    });
  },
  { name: 'openehcp-access' },
);
