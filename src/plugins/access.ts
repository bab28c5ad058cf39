import fastifyPlugin from 'fastify-plugin';
import FindMyWay from 'find-my-way';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../auth/roles.js';
import { hasPermission, type Permission } from '../auth/permissions.js';
import { declaredAudit, type AuditDeclaration } from '../http/actor.js';
import { ForbiddenError } from '../http/errors.js';
import { paths } from '../http/paths.js';
import type { AuditAction } from '../modules/audit/actions.js';

type HTTPMethod = FindMyWay.HTTPMethod;

/**
 * What every route must declare when it is registered: who may use it and which audit event
 * it writes. `public` routes need no sign-in; `signed-in` routes need only a session.
 */
export interface RouteAccess {
  permission: Permission | 'signed-in' | 'public';
  /** The event the route's service writes, or 'none' for routes that neither read a child nor change anything. */
  audit: AuditAction | 'none';
}

/** Whether a person (or nobody, signed out) could open a page of this service. */
export type MayOpen = (principal: { role: Role } | null, path: string, method?: HTTPMethod) => boolean;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** The event the route declares and the events written so far, checked before the reply is sent. */
    audit: AuditDeclaration;
  }
  interface FastifyInstance {
    /**
     * Answers from the permission each route declares, so a page links only where its reader may go.
     * Record-level rules (which children) are the linking page's business: it lists only what is in scope.
     */
    mayOpen: MayOpen;
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

/** A route declared an event but finished without writing it: a broken promise to the audit trail. */
class AuditNotWrittenError extends Error {
  readonly code = 'AUDIT_NOT_WRITTEN';
  constructor(method: string, url: string, action: string) {
    super(`${method} ${url} declares ${action} but wrote no audit event`);
    this.name = 'AuditNotWrittenError';
  }
}

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

function permits(access: RouteAccess, principal: { role: Role } | null): boolean {
  if (access.permission === 'public') return true;
  if (!principal) return false;
  return access.permission === 'signed-in' || hasPermission(principal.role, access.permission);
}

export default fastifyPlugin<{ failOnMissingAudit?: boolean }>(
  async (app, { failOnMissingAudit = true }) => {
    const declaredRoutes: DeclaredRoute[] = [];
    app.decorate('declaredRoutes', declaredRoutes);
    // The same matching as Fastify's own router, so a concrete path finds the route that would serve it.
    const routeTable = FindMyWay({ ignoreTrailingSlash: true });
    app.addHook('onRoute', (route) => {
      const access = route.config?.access;
      if (!access) {
        throw new UndeclaredAccessError(String(route.method), route.url);
      }
      // Only a request its handler ran for owes an event: hooks may answer first (signed out, refused).
      const handler = route.handler;
      route.handler = function auditedHandler(this: unknown, request, reply) {
        request.audit.reached = true;
        return handler.call(this as never, request, reply);
      };
      for (const method of [route.method].flat() as HTTPMethod[]) {
        declaredRoutes.push({ method, url: route.url, access });
        if (!routeTable.hasRoute(method, route.url)) routeTable.on(method, route.url, () => undefined, access);
      }
    });

    app.decorate('mayOpen', ((principal, path, method = 'GET') => {
      const found = routeTable.find(method, path.split(/[?#]/)[0] ?? path);
      // A path no route serves is a broken link, never one to show.
      return found !== null && permits(found.store as RouteAccess, principal);
    }) satisfies MayOpen);

    app.decorateRequest('audit', null as unknown as AuditDeclaration);
    app.addHook('onRequest', async (request: FastifyRequest) => {
      request.audit = declaredAudit(request.routeOptions.config.access?.audit ?? 'none');
    });

    // Every successful request on a route that declares an event has written it. In development and
    // tests a miss fails the request, so a removed audit write fails every test that reaches the
    // route; in production it is logged (by code and route, never data) and the reply goes out.
    app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
      const declared = request.audit.action;
      if (declared === 'none' || !request.audit.reached || reply.statusCode >= 400 || request.audit.written.length > 0) return payload;
      const error = new AuditNotWrittenError(request.method, request.routeOptions.url ?? '', declared);
      request.log.error({ code: error.code, route: request.routeOptions.url, action: declared }, 'audit event not written');
      if (!failOnMissingAudit) return payload;
      reply.code(500).type('text/plain; charset=utf-8');
      return error.message;
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
        return reply.redirect(`${paths.signIn()}${search ? `?${search}` : ''}`, 303);
      }
      if (!permits(access, principal)) {
        throw new ForbiddenError(undefined, access.permission as Permission);
      }
    });
  },
  { name: 'openehcp-access' },
);

/** The route table's answer for the person making this request, for view models that build links. */
export function mayOpenFor(request: FastifyRequest): (path: string) => boolean {
  return (path) => request.server.mayOpen(request.principal, path);
}
