import type { FastifyInstance } from 'fastify';
import { homePathFor } from './navigation.js';

export function registerHomeRoutes(app: FastifyInstance): void {
  app.get('/', { config: { access: { permission: 'public', audit: 'none' } } }, async (request, reply) => {
    return reply.redirect(request.principal ? homePathFor(request.principal.role, request.server.mayOpen) : '/sign-in', 303);
  });

  app.get('/accessibility', { config: { access: { permission: 'public', audit: 'none' } } }, async (_request, reply) => {
    return reply.view('home/views/accessibility.njk', { pageTitle: 'Accessibility statement' });
  });
}
