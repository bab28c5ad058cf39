import { ROLE_LABELS, isRole, type Role } from '../../auth/roles.js';
import type { Database } from '../../db/client.js';
import { isUuid } from '../../auth/child-access.js';
import { changedNothing, type Actor } from '../../http/actor.js';
import { NotFoundError, ValidationError } from '../../http/errors.js';
import { readPage } from '../../http/pagination.js';
import { recordAudit } from '../audit/repository.js';
import { generateApiKey } from './keys.js';
import * as repository from './repository.js';
import type { IssueKeyForm } from './schemas.js';

/**
 * Who may hold a key: the people whose systems send delivery records, a school's SENCO and a
 * provider's professional. A key acts with its holder's scope, so a key for LA staff (the whole
 * LA) would be too wide a door to leave in another organisation's system.
 */
const KEY_HOLDER_ROLES: Role[] = ['school_senco', 'professional'];

function audit(db: Database, actor: Actor, change?: Record<string, unknown>, subjectId?: string) {
  return recordAudit(db, actor, { subjectType: subjectId ? 'api_key' : 'api-key-list', ...(subjectId ? { subjectId } : {}), ...(change ? { change } : {}) });
}

/** A school's or provider's system each: the list grows with the LA, so it is read a page at a time. */
export const API_KEYS_PAGE_SIZE = 50;

export async function listKeys(db: Database, actor: Actor, page: number) {
  const result = await readPage(page, API_KEYS_PAGE_SIZE, (window) => repository.findKeysPage(db, actor.principal.laId, window));
  await audit(db, actor, { page: result.page });
  return result;
}

export async function listKeyHolders(db: Database, actor: Actor) {
  const holders = await repository.findKeyHolders(db, actor.principal.laId, KEY_HOLDER_ROLES);
  return holders.map((holder) => ({ ...holder, roleLabel: isRole(holder.role) ? ROLE_LABELS[holder.role] : holder.role }));
}

/** Issues a key to a school or provider user of the LA; the whole key is returned this once only. */
export async function issueKey(db: Database, actor: Actor, form: IssueKeyForm) {
  const holders = await repository.findKeyHolders(db, actor.principal.laId, KEY_HOLDER_ROLES);
  const holder = holders.find((candidate) => candidate.id === form.userId);
  if (!holder) throw new ValidationError([{ path: 'userId', message: 'Select a school or provider user of this LA' }]);
  const key = generateApiKey();
  return db.transaction(async (tx) => {
    const row = await repository.insertKey(tx, { laId: actor.principal.laId, userId: holder.id, name: form.name, prefix: key.prefix, secretSha256: key.secretSha256 });
    if (!row) throw new Error('The API key was not stored');
    await audit(tx, actor, { issued: { name: form.name, prefix: key.prefix, userId: holder.id } }, row.id);
    return { id: row.id, token: key.token, name: form.name, holder };
  });
}

export async function findKeyToRevoke(db: Database, actor: Actor, id: string) {
  if (!isUuid(id)) throw new NotFoundError();
  const key = await repository.findKey(db, actor.principal.laId, id);
  if (!key) throw new NotFoundError();
  return key;
}

/** Revokes at once: the next request with the key is refused. Revoking twice changes nothing. */
export async function revokeKey(db: Database, actor: Actor, id: string) {
  if (!isUuid(id)) throw new NotFoundError();
  return db.transaction(async (tx) => {
    const revoked = await repository.revokeKey(tx, actor.principal.laId, id, new Date());
    if (!revoked) {
      await findKeyToRevoke(tx, actor, id);
      // Revoked already (a second click, another administrator): nothing changes, nothing to audit.
      changedNothing(actor);
      return null;
    }
    await audit(tx, actor, { revoked: { name: revoked.name, userId: revoked.userId } }, revoked.id);
    return revoked;
  });
}
