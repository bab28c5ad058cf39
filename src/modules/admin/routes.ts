import { ROLE_LABELS, isRole } from '../../auth/roles.js';
import { formatDateTime } from '../../domain/formatting.js';
import { pageLink, pageOf, paginationView, shownText } from '../../http/pagination.js';
import { paths } from '../../http/paths.js';
import { page, type RouteEntry } from '../../http/route-table.js';
import { USERS_PAGE_SIZE, listUsers } from './service.js';

/** The LA's users, for an administrator. */
export const adminRoutes: RouteEntry[] = [
  page({
    permission: 'admin:manage',
    audit: 'VIEW_USERS',
    path: paths.admin.users,
    async render(context) {
      const { page: pageNumber, rows, total } = await listUsers(context.db, context.actor, pageOf(context.query));
      return context.reply.view('admin/views/users.njk', {
        pageTitle: 'Users',
        shown: total > USERS_PAGE_SIZE ? shownText(pageNumber, total, USERS_PAGE_SIZE, 'users') : undefined,
        rows: rows.map((user) => [
          { text: user.displayName },
          { text: user.email },
          { text: isRole(user.role) ? ROLE_LABELS[user.role] : user.role },
          { text: user.lastSignInAt ? formatDateTime(user.lastSignInAt) : 'Never' },
          { text: user.disabled ? 'Disabled' : 'Active' },
        ]),
        pagination: paginationView(pageNumber, total, USERS_PAGE_SIZE, pageLink(paths.admin.users())),
      });
    },
  }),
];
