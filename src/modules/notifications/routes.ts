import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.js';
import { actorOf } from '../../http/actor.js';
import { errorSummaryView, fieldErrorsFrom, type ErrorSummaryView } from '../../http/validation.js';
import { pageLink, paginationView, shownText } from '../../http/pagination.js';
import { isApiRequest } from '../../plugins/access.js';
import type { NavigationItem } from '../home/navigation.js';
import { countUnread } from './repository.js';
import { deliveryChoiceOf, pageQuery, preferenceOf, preferencesForm, type DeliveryChoice } from './schemas.js';
import * as service from './service.js';
import { deliveryItems, notificationItems, notificationsNavigationHtml, outboxRows, safeLink } from './view-models.js';

interface NotificationParams {
  id: string;
}

async function renderPreferences(db: Database, request: FastifyRequest, reply: FastifyReply, selected: DeliveryChoice | undefined, errors?: ErrorSummaryView) {
  const saved = (request.query as Record<string, unknown> | undefined)?.saved === '1';
  return reply.code(errors ? 400 : 200).view('notifications/views/preferences.njk', {
    pageTitle: 'Notification settings',
    errors,
    saved: saved && !errors,
    deliveryItems: deliveryItems(selected ?? deliveryChoiceOf(await service.loadPreference(db, actorOf(request)))),
  });
}

/** In-app notifications, each person's notification settings, and the LA's email outbox for administrators. */
export function registerNotificationRoutes(app: FastifyInstance, db: Database): void {
  // The unread badge in the navigation: one indexed count per page a signed-in person requests.
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.principal || isApiRequest(request) || request.url.startsWith('/assets/')) return;
    const navigation = reply.locals.navigation as NavigationItem[] | undefined;
    if (!navigation?.some((item) => item.href === '/notifications')) return;
    const unread = await countUnread(db, request.principal.userId);
    reply.locals.unreadNotifications = unread;
    reply.locals.navigation = navigation.map((item) => (item.href === '/notifications' ? { ...item, html: notificationsNavigationHtml(unread) } : item));
  });

  app.get('/notifications', { config: { access: { permission: 'signed-in', audit: 'VIEW_NOTIFICATIONS' } } }, async (request, reply) => {
    const parsed = pageQuery.safeParse(request.query);
    const page = parsed.success ? parsed.data.page : 1;
    const result = await service.listMyNotifications(db, actorOf(request), page);
    return reply.code(parsed.success ? 200 : 400).view('notifications/views/list.njk', {
      pageTitle: 'Notifications',
      errors: parsed.success ? undefined : errorSummaryView(fieldErrorsFrom(parsed.error)),
      total: result.total,
      items: notificationItems(result.rows),
      pagination: paginationView(page, result.total, service.NOTIFICATIONS_PAGE_SIZE, pageLink('/notifications')),
    });
  });

  app.get('/notifications/preferences', { config: { access: { permission: 'signed-in', audit: 'none' } } }, async (request, reply) => renderPreferences(db, request, reply, undefined));

  app.post('/notifications/preferences', { config: { access: { permission: 'signed-in', audit: 'UPDATE_NOTIFICATION_PREFERENCES' } } }, async (request, reply) => {
    const parsed = preferencesForm.safeParse(request.body ?? {});
    if (!parsed.success) return renderPreferences(db, request, reply, undefined, errorSummaryView(fieldErrorsFrom(parsed.error)));
    await service.updatePreference(db, actorOf(request), preferenceOf(parsed.data.delivery));
    return reply.redirect('/notifications/preferences?saved=1', 303);
  });

  app.get<{ Params: NotificationParams }>('/notifications/:id', { config: { access: { permission: 'signed-in', audit: 'VIEW_NOTIFICATIONS' } } }, async (request, reply) => {
    const link = await service.openNotification(db, actorOf(request), request.params.id);
    return reply.redirect(safeLink(link), 303);
  });

  app.get('/admin/outbox', { config: { access: { permission: 'admin:manage', audit: 'VIEW_NOTIFICATION_OUTBOX' } } }, async (request, reply) => {
    const parsed = pageQuery.safeParse(request.query);
    const page = parsed.success ? parsed.data.page : 1;
    const result = await service.listOutbox(db, actorOf(request), page);
    return reply.code(parsed.success ? 200 : 400).view('notifications/views/outbox.njk', {
      pageTitle: 'Email outbox',
      errors: parsed.success ? undefined : errorSummaryView(fieldErrorsFrom(parsed.error)),
      total: result.total,
      shown: result.total > service.OUTBOX_PAGE_SIZE ? shownText(result.page, result.total, service.OUTBOX_PAGE_SIZE, 'email notifications') : undefined,
      rows: outboxRows(result.rows),
      pagination: paginationView(result.page, result.total, service.OUTBOX_PAGE_SIZE, pageLink('/admin/outbox')),
    });
  });
}
