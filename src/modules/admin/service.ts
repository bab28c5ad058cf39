import type { Principal } from '../../auth/child-scope.js';
import type { Database } from '../../db/client.js';
import { readPage } from '../../http/pagination.js';
import { insertAuditEvent } from '../audit/repository.js';
import { findUsersPage } from './repository.js';

/** Every family member who signs in is a user: the list grows with the LA, so it is read a page at a time. */
export const USERS_PAGE_SIZE = 50;

export async function listUsers(db: Database, actor: { principal: Principal; requestId: string }, page: number) {
  const result = await readPage(page, USERS_PAGE_SIZE, (window) => findUsersPage(db, actor.principal.laId, window));
  await insertAuditEvent(db, {
    laId: actor.principal.laId,
    actorUserId: actor.principal.userId,
    actorRole: actor.principal.role,
    action: 'VIEW_USERS',
    subjectType: 'user-list',
    requestId: actor.requestId,
    change: { page: result.page },
  });
  return result;
}
