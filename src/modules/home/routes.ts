import { paths } from '../../http/paths.js';
import { page, type RouteEntry } from '../../http/route-table.js';
import { homePathFor } from './navigation.js';

const PUBLIC = { permission: 'public', audit: 'none' } as const;

/** The front door: a signed-in reader is sent to their first page, anyone else to sign in. */
export const homeRoutes: RouteEntry[] = [
  page({
    ...PUBLIC,
    path: paths.home,
    render({ request, reply }) {
      return reply.redirect(request.principal ? homePathFor(request.principal.role, request.server.mayOpen) : paths.signIn(), 303);
    },
  }),
  page({ ...PUBLIC, path: paths.accessibility, render: ({ reply }) => reply.view('home/views/accessibility.njk', { pageTitle: 'Accessibility statement' }) }),
];
