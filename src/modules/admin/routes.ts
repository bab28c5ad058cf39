import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../http/actor.js';
import { ROLE_LABELS, isRole } from '../../auth/roles.js';
import type { Database } from '../../db/client.js';
import { formatDateTime } from '../../domain/formatting.js';
import { pageLink, pageOf, paginationView, shownText } from '../../http/pagination.js';
import { USERS_PAGE_SIZE, listUsers } from './service.js';

export function registerAdminRoutes(app: FastifyInstance, db: Database): void {
  app.get('/admin/users', { config: { access: { permission: 'admin:manage', audit: 'VIEW_USERS' } } }, async (request, reply) => {
    const { page, rows, total } = await listUsers(db, actorOf(request), pageOf(request.query));
    return reply.view('admin/views/users.njk', {
      pageTitle: 'Users',
      shown: total > USERS_PAGE_SIZE ? shownText(page, total, USERS_PAGE_SIZE, 'users') : undefined,
      rows: rows.map((user) => [
        { text: user.displayName },
        { text: user.email },
        { text: isRole(user.role) ? ROLE_LABELS[user.role] : user.role },
        { text: user.lastSignInAt ? formatDateTime(user.lastSignInAt) : 'Never' },
        { text: user.disabled ? 'Disabled' : 'Active' },
      ]),
      pagination: paginationView(page, total, USERS_PAGE_SIZE, pageLink('/admin/users')),
    });
  });
}
