import { principalOfUser, type Principal } from '../../auth/child-scope.js';
import { isRole } from '../../auth/roles.js';
import type { Database } from '../../db/client.js';
import { parseApiKey, secretMatches } from './keys.js';
import { findKeyWithUser, touchKey } from './repository.js';

export type ApiKeyAuthentication = { principal: Principal; laName: string; apiKeyId: string } | { refused: string };

/**
 * The person an `Authorization: Bearer <key>` header acts as: exactly the user the key was issued
 * to, with that user's role and links (so their scope), while the key is not revoked and the user
 * not disabled. Every refusal says the same to the caller apart from a malformed header, so a
 * guesser learns nothing about which keys exist.
 */
export async function authenticateApiKey(db: Database, authorization: string, now: Date): Promise<ApiKeyAuthentication> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match?.[1]) return { refused: 'Send the API key as "Authorization: Bearer <key>".' };
  const parsed = parseApiKey(match[1]);
  const invalid = { refused: 'The API key is not valid, has been revoked, or belongs to an account that is disabled.' };
  if (!parsed) return invalid;
  const key = await findKeyWithUser(db, parsed.prefix);
  if (!key || !secretMatches(parsed.secret, key.secretSha256) || key.revokedAt !== null || key.user.disabled) return invalid;
  const { user } = key;
  const role = user.role;
  if (!isRole(role)) return invalid;
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > 60_000) await touchKey(db, key.id, now);
  return {
    apiKeyId: key.id,
    laName: key.laName,
    principal: principalOfUser(user, role),
  };
}
