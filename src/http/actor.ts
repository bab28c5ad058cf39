import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/child-scope.js';
import type { Clock } from '../clock.js';

/** Who is acting, as every service takes it: the signed-in person and the request to audit against. */
export interface Actor {
  principal: Principal;
  requestId: string;
  /** Set when a system called the API with a key issued to this person (audited with the change). */
  apiKeyId?: string;
  /** The app's clock: services read "now" and "today" from it, never from the system. */
  clock: Clock;
}

/**
 * The actor of a request on a route that needs a session. The access plugin has already
 * answered requests without one, so a missing principal here is a wiring mistake.
 */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.principal) throw new Error(`No principal on ${request.method} ${request.url}: the route must not be public`);
  return { principal: request.principal, requestId: request.id, ...(request.apiKeyId ? { apiKeyId: request.apiKeyId } : {}), clock: request.server.clock };
}
