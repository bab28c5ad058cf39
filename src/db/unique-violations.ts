import { ConflictError } from '../http/errors.js';

/**
 * What each unique constraint that two people can race for means to them. A race the checks
 * before a write cannot see (both read "not yet done", both write) ends at the constraint, and
 * the loser is told here, once, rather than by every route that might lose one.
 */
const CONFLICT_MESSAGES: Record<string, { path: string; message: string }> = {
  provision_delivery_corrects_unique: {
    path: 'status',
    message: 'Someone else corrected this record at the same moment, so yours was not saved. Check the latest version of the record, then correct it if it is still wrong',
  },
  document_version_unique: {
    path: 'file',
    message: 'Someone else added a version of this document at the same moment, so yours was not saved. Check the latest version, then upload yours again if it is still needed',
  },
};

const UNIQUE_VIOLATION = '23505';

interface DatabaseError {
  code?: unknown;
  constraint?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** PostgreSQL's (and PGlite's) error, however deep the query builder wrapped it. */
function databaseErrorIn(error: unknown): DatabaseError | undefined {
  let current = error as DatabaseError | null | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth += 1) {
    if (current.code === UNIQUE_VIOLATION) return current;
    current = current.cause as DatabaseError | null | undefined;
  }
  return undefined;
}

/** The name of the unique constraint an error broke, if it is a unique violation. */
function violatedUniqueConstraint(error: unknown): string | undefined {
  const found = databaseErrorIn(error);
  if (!found) return undefined;
  if (typeof found.constraint === 'string') return found.constraint;
  // PGlite may leave `constraint` unset; the message names it: duplicate key value violates unique constraint "x".
  const message = found.message;
  return typeof message === 'string' ? /unique constraint "([^"]+)"/.exec(message)?.[1] : undefined;
}

/** A unique violation someone can understand as a ConflictError; anything else is left as it is. */
export function conflictFrom(error: unknown): ConflictError | undefined {
  if (error instanceof ConflictError) return error;
  const constraint = violatedUniqueConstraint(error);
  if (!constraint) return undefined;
  const known = CONFLICT_MESSAGES[constraint];
  if (!known) return new ConflictError('Someone else changed this at the same moment, so what you sent was not saved. Go back, refresh the page and try again');
  return new ConflictError(known.message, [known]);
}
