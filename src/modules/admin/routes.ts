import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../http/actor.js';
import { ROLE_LABELS, isRole } from '../../auth/roles.js';
import type { Database } from '../../db/client.js';
import { formatDateTime } from '../../domain/formatting.js';
import { listUsers } from './service.js';

export function registerAdminRoutes(app: FastifyInstance, db: Database): void {
  app.get('/admin/users', { config: { access: { permission: 'admin:manage', audit: 'VIEW_USERS' } } }, async (request, reply) => {
    const users = await listUsers(db, actorOf(request));
    return reply.view('admin/views/users.njk', {
      pageTitle: 'Users',
      rows: users.map((user) => [
        { text: user.displayName },
        { text: user.email },
        { text: isRole(user.role) ? ROLE_LABELS[user.role] : user.role },
        { text: user.lastSignInAt ? formatDateTime(user.lastSignInAt) : 'Never' },
        { text: user.disabled ? 'Disabled' : 'Active' },
      ]),
    });
  });
}
