import type { Actor } from '../../http/actor.js';
import type { Database } from '../../db/client.js';
import { recordAudit } from '../audit/repository.js';
import { findUsers } from './repository.js';

export async function listUsers(db: Database, actor: Actor) {
  const users = await findUsers(db, actor.principal.laId);
  await recordAudit(db, actor, {
    subjectType: 'user-list',
  });
  return users;
}
