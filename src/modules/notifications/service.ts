import { isUuid } from '../../auth/child-access.js';
import { paths } from '../../http/paths.js';
import type { Database } from '../../db/client.js';
import type { Actor } from '../../http/actor.js';
import { NotFoundError } from '../../http/errors.js';
import { pageWindow, readPage } from '../../http/pagination.js';
import { recordAudit } from '../audit/repository.js';
import * as repository from './repository.js';
import type { OutboxState } from './schemas.js';

export const NOTIFICATIONS_PAGE_SIZE = 20;
export const OUTBOX_PAGE_SIZE = 50;

function audit(db: Database, actor: Actor, subjectType: string, subjectId?: string, change?: Record<string, unknown>) {
  return recordAudit(db, actor, { subjectType, ...(subjectId ? { subjectId } : {}), ...(change ? { change } : {}) });
}

export async function listMyNotifications(db: Database, actor: Actor, page: number) {
  const result = await repository.findNotificationsPage(db, actor.principal.userId, pageWindow(page, NOTIFICATIONS_PAGE_SIZE));
  await audit(db, actor, 'notification-list');
  return result;
}

/**
 * Following a notification marks it read, then leads to its link. Read means "followed", not
 * "listed": a glance down the list should not clear what the person has yet to act on.
 * Another person's notification (or no such id) is 404, as if it did not exist.
 */
export async function openNotification(db: Database, actor: Actor, id: string): Promise<string> {
  if (!isUuid(id)) throw new NotFoundError();
  return db.transaction(async (tx) => {
    const row = await repository.markRead(tx, actor.principal.userId, id);
    if (!row) throw new NotFoundError();
    await audit(tx, actor, 'notification', id);
    return row.link ?? paths.notifications.list();
  });
}

export function loadPreference(db: Database, actor: Actor) {
  return repository.findPreference(db, actor.principal.userId);
}

export async function updatePreference(db: Database, actor: Actor, preference: repository.Preference): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await repository.findPreference(tx, actor.principal.userId);
    await repository.savePreference(tx, actor.principal.userId, preference);
    await audit(tx, actor, 'notification-preference', actor.principal.userId, { before, after: preference });
  });
}

export async function listOutbox(db: Database, actor: Actor, page: number, state: OutboxState | undefined) {
  const result = await readPage(page, OUTBOX_PAGE_SIZE, (window) => repository.findOutboxPage(db, actor.principal.laId, state, window));
  await audit(db, actor, 'notification-outbox', undefined, { page: result.page, ...(state ? { state } : {}) });
  return result;
}
