import { z } from 'zod';
import { ROLE_LABELS, isRole, type Role } from '../../auth/roles.js';
import { selectedFiltersView } from '../../http/filters.js';
import { formatDateTime } from '../../domain/formatting.js';
import { pageLink, pageNumber as pageNumberQuery, paginationView, shownText } from '../../http/pagination.js';
import { paths } from '../../http/paths.js';
import { page, type RouteEntry } from '../../http/route-table.js';
import { USERS_PAGE_SIZE, listUsers } from './service.js';

const USER_STATUSES = { active: 'Active', disabled: 'Disabled' } as const;

/** The users list's filter and page: a role or status that is not one reads as any. */
const usersQuery = z.object({
  role: z
    .enum(Object.keys(ROLE_LABELS) as [Role, ...Role[]])
    .optional()
    .catch(undefined),
  status: z.enum(['active', 'disabled']).optional().catch(undefined),
  page: pageNumberQuery,
});

/** The LA's users, for an administrator. */
export const adminRoutes: RouteEntry[] = [
  page({
    permission: 'admin:manage',
    audit: 'VIEW_USERS',
    path: paths.admin.users,
    query: usersQuery,
    async render(context) {
      const { role, status } = context.query;
      const filterParams = { role, status };
      const { page: pageNumber, rows, total } = await listUsers(context.db, context.actor, context.query.page, filterParams);
      return context.reply.view('admin/views/users.njk', {
        pageTitle: 'Users',
        roleItems: [{ value: '', text: 'Any role' }, ...Object.entries(ROLE_LABELS).map(([value, text]) => ({ value, text, selected: value === role }))],
        statusItems: [{ value: '', text: 'Active or disabled' }, ...Object.entries(USER_STATUSES).map(([value, text]) => ({ value, text, selected: value === status }))],
        selectedFilters: selectedFiltersView(paths.admin.users(), filterParams, [
          { heading: 'Role', param: 'role', text: role ? ROLE_LABELS[role] : undefined },
          { heading: 'Status', param: 'status', text: status ? USER_STATUSES[status] : undefined },
        ]),
        shown: total > USERS_PAGE_SIZE ? shownText(pageNumber, total, USERS_PAGE_SIZE, 'users') : undefined,
        rows: rows.map((user) => [
          { text: user.displayName },
          { text: user.email },
          { text: isRole(user.role) ? ROLE_LABELS[user.role] : user.role },
          { text: user.lastSignInAt ? formatDateTime(user.lastSignInAt) : 'Never' },
          { text: user.disabled ? 'Disabled' : 'Active' },
        ]),
        pagination: paginationView(pageNumber, total, USERS_PAGE_SIZE, pageLink(paths.admin.users(), filterParams)),
      });
    },
  }),
];
