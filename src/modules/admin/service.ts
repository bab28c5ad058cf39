import type { Principal } from '../../auth/child-scope.js';
import type { Database } from '../../db/client.js';
import { insertAuditEvent } from '../audit/repository.js';
import { findUsers } from './repository.js';

export async function listUsers(db: Database, actor: { principal: Principal; requestId: string }) {
  const users = await findUsers(db, actor.principal.laId);
  await insertAuditEvent(db, {
    laId: actor.principal.laId,
    actorUserId: actor.principal.userId,
    actorRole: actor.principal.role,
    action: 'VIEW_USERS',
    subjectType: 'user-list',
    requestId: actor.requestId,
  });
  return users;
}
