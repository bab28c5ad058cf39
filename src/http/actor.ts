import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/child-scope.js';
import type { Clock } from '../clock.js';
import type { AuditAction } from '../modules/audit/actions.js';

/**
 * The audit event a piece of work writes, and what it has written so far. A route's comes from
 * its declaration, so a service cannot write an event other than the one its route declares; a
 * job or the demo seed names its own.
 */
export interface AuditDeclaration {
  action: AuditAction | 'none';
  written: AuditAction[];
  /** Set when a route's handler ran (hooks may answer first): only then is an event owed. */
  reached?: boolean;
}

export function declaredAudit(action: AuditAction | 'none'): AuditDeclaration {
  return { action, written: [] };
}

/**
 * The request turned out to change nothing (a name saved as it already was), so it owes no event:
 * said out loud, so that a forgotten audit write still fails the request.
 */
export function changedNothing(actor: Actor): void {
  actor.audit.action = 'none';
}

/** Who is acting, as every service takes it: the signed-in person and the request to audit against. */
export interface Actor {
  principal: Principal;
  requestId: string;
  /** Set when a system called the API with a key issued to this person (audited with the change). */
  apiKeyId?: string;
  /** The app's clock: services read "now" and "today" from it, never from the system. */
  clock: Clock;
  /** The event this request (or job) writes: see recordAudit in modules/audit/repository.ts. */
  audit: AuditDeclaration;
}

/**
 * The actor of a request on a route that needs a session. The access plugin has already
 * answered requests without one, so a missing principal here is a wiring mistake.
 */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.principal) throw new Error(`No principal on ${request.method} ${request.url}: the route must not be public`);
  return { principal: request.principal, requestId: request.id, audit: request.audit, ...(request.apiKeyId ? { apiKeyId: request.apiKeyId } : {}), clock: request.server.clock };
}
