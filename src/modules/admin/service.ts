import type { Actor } from '../../http/actor.js';
import type { Database } from '../../db/client.js';
import { readPage } from '../../http/pagination.js';
import { recordAudit } from '../audit/repository.js';
import { findUsersPage, type UserFilters } from './repository.js';

/** Every family member who signs in is a user: the list grows with the LA, so it is read a page at a time. */
export const USERS_PAGE_SIZE = 50;

export async function listUsers(db: Database, actor: Actor, page: number, filters: UserFilters = {}) {
  const result = await readPage(page, USERS_PAGE_SIZE, (window) => findUsersPage(db, actor.principal.laId, window, filters));
  await recordAudit(db, actor, {
    subjectType: 'user-list',
    change: { page: result.page, ...(filters.role ? { role: filters.role } : {}), ...(filters.status ? { status: filters.status } : {}) },
  });
  return result;
}
