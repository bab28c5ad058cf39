import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/client.js';
import { selectedFiltersView } from '../../http/filters.js';
import { pageLink, paginationView, shownText } from '../../http/pagination.js';
import { paths } from '../../http/paths.js';
import { form, handler, page, registerRouteTable, type RouteEntry } from '../../http/route-table.js';
import { isApiRequest } from '../../plugins/access.js';
import type { NavigationItem } from '../home/navigation.js';
import { countUnread } from './repository.js';
import { OUTBOX_STATES, deliveryChoiceOf, outboxQuery, pageQuery, preferenceOf, preferencesForm } from './schemas.js';
import * as service from './service.js';
import { deliveryItems, notificationItems, outboxRows, safeLink, unreadBadge } from './view-models.js';

/** A navigation item with the unread count its badge shows, rendered by the layout. */
type NavigationItemWithBadge = NavigationItem & { unread?: string };

const SIGNED_IN = { permission: 'signed-in' } as const;
const savedQuery = z.object({ saved: z.literal('1').optional().catch(undefined) });

const preferences = page({
  ...SIGNED_IN,
  audit: 'none',
  path: paths.notifications.preferences,
  query: savedQuery,
  async render(context, refused) {
    return context.reply.view('notifications/views/preferences.njk', {
      pageTitle: 'Notification settings',
      errors: refused?.errors,
      saved: !refused && context.query.saved === '1',
      deliveryItems: deliveryItems(deliveryChoiceOf(await service.loadPreference(context.db, context.actor))),
    });
  },
});

/** In-app notifications, each person's notification settings, and the LA's email outbox for administrators. */
const notificationRoutes: RouteEntry[] = [
  page({
    ...SIGNED_IN,
    audit: 'VIEW_NOTIFICATIONS',
    path: paths.notifications.list,
    query: pageQuery,
    async render(context) {
      const { page: shown } = context.query;
      const result = await service.listMyNotifications(context.db, context.actor, shown);
      return context.reply.view('notifications/views/list.njk', {
        pageTitle: 'Notifications',
        errors: context.queryErrors,
        total: result.total,
        items: notificationItems(result.rows),
        pagination: paginationView(shown, result.total, service.NOTIFICATIONS_PAGE_SIZE, pageLink(paths.notifications.list())),
      });
    },
  }),
  preferences,
  form({
    ...SIGNED_IN,
    audit: 'UPDATE_NOTIFICATION_PREFERENCES',
    path: paths.notifications.preferences,
    body: preferencesForm,
    page: preferences,
    async submit(context, input) {
      await service.updatePreference(context.db, context.actor, preferenceOf(input.delivery));
      return context.reply.redirect(paths.notifications.preferences({ saved: 1 }), 303);
    },
  }),
  // Opening a notification marks it read and follows its link: a redirect, not a page.
  handler({
    ...SIGNED_IN,
    audit: 'VIEW_NOTIFICATIONS',
    method: 'GET',
    path: paths.notifications.notification,
    async handle(context) {
      const link = await service.openNotification(context.db, context.actor, context.params.id);
      return context.reply.redirect(safeLink(link), 303);
    },
  }),
  page({
    permission: 'admin:manage',
    audit: 'VIEW_NOTIFICATION_OUTBOX',
    path: paths.admin.outbox,
    query: outboxQuery,
    async render(context) {
      const { state } = context.query;
      const result = await service.listOutbox(context.db, context.actor, context.query.page, state);
      return context.reply.view('notifications/views/outbox.njk', {
        pageTitle: 'Email outbox',
        errors: context.queryErrors,
        total: result.total,
        stateItems: [{ value: '', text: 'Any state' }, ...Object.entries(OUTBOX_STATES).map(([value, text]) => ({ value, text, selected: value === state }))],
        selectedFilters: selectedFiltersView(paths.admin.outbox(), { state }, [{ heading: 'State', param: 'state', text: state ? OUTBOX_STATES[state] : undefined }]),
        caption:
          result.total > service.OUTBOX_PAGE_SIZE
            ? shownText(result.page, result.total, service.OUTBOX_PAGE_SIZE, 'email notifications')
            : `${String(result.total)} email notification${result.total === 1 ? '' : 's'}`,
        rows: outboxRows(result.rows),
        pagination: paginationView(result.page, result.total, service.OUTBOX_PAGE_SIZE, pageLink(paths.admin.outbox(), { state })),
      });
    },
  }),
];

/** The table, and the unread count on the navigation's Notifications link for every page a signed-in person requests. */
export function registerNotificationRoutes(app: FastifyInstance, db: Database): void {
  // The unread badge in the navigation: one indexed count per page a signed-in person requests.
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.principal || isApiRequest(request) || request.url.startsWith('/assets/')) return;
    const navigation = reply.locals.navigation as NavigationItem[] | undefined;
    const list = paths.notifications.list();
    if (!navigation?.some((item) => item.href === list)) return;
    const unread = await countUnread(db, request.principal.userId);
    reply.locals.unreadNotifications = unread;
    reply.locals.navigation = navigation.map((item): NavigationItemWithBadge => (item.href === list ? { ...item, unread: unreadBadge(unread) } : item));
  });
  registerRouteTable(app, db, notificationRoutes);
}
