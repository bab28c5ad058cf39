import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `oehcp_1a2b3c4d_<43 characters>`: a fixed marker (so a leaked key is easy to
 * spot in logs and by secret scanners), a short public prefix that finds the key's row, and 32
 * random bytes (base64url) of which only a SHA-256 is stored.
 */
const MARKER = 'oehcp';
const KEY_PATTERN = /^oehcp_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  prefix: string;
  secretSha256: string;
  /** The whole key, shown once to the administrator who issues it and never again. */
  token: string;
}

export function generateApiKey(): NewApiKey {
  const prefix = randomBytes(4).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { prefix, secretSha256: sha256(secret), token: `${MARKER}_${prefix}_${secret}` };
}

/** The prefix and secret of a presented key, or null when it cannot be one of ours. */
export function parseApiKey(token: string): { prefix: string; secret: string } | null {
  const match = KEY_PATTERN.exec(token);
  return match?.[1] && match[2] ? { prefix: match[1], secret: match[2] } : null;
}

/** Compares in constant time, so response timing does not reveal how much of a secret was right. */
export function secretMatches(secret: string, storedSha256: string): boolean {
  const presented = Buffer.from(sha256(secret), 'hex');
  const stored = Buffer.from(storedSha256, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
