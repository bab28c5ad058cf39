import { formatDate, formatTimeInLondon, todayInLondon } from '../domain/formatting.js';
import { ConflictError } from './errors.js';

/**
 * Optimistic concurrency for every form that edits an existing row: the form carries the
 * version of the row it was opened at (`_version`, hidden), the save updates only that version,
 * and a save over a newer one is refused with who changed it and when. The page is shown again
 * with what was typed, at the newer version, so saving again is a deliberate choice.
 */
export const VERSION_FIELD = '_version';

/** The version the form was opened at; 0 for a row that did not exist yet; undefined when missing or not a number. */
export function submittedVersion(body: Record<string, unknown>): number | undefined {
  const value = body[VERSION_FIELD];
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

export class StaleEditError extends ConflictError {
  constructor(
    readonly changedBy: string,
    readonly changedAt: Date,
    /** The version the page is shown again at, so that saving again saves over it. */
    readonly currentVersion: number,
    /** Now, from the app's clock: a change made today reads "at 14:05", an older one "at 14:05 on 3 March 2026". */
    now: Date,
    path = 'form',
  ) {
    const day = todayInLondon(changedAt) === todayInLondon(now) ? '' : ` on ${formatDate(todayInLondon(changedAt))}`;
    const message = `This was changed by ${changedBy} at ${formatTimeInLondon(changedAt)}${day} after you opened the page, so your change was not saved. Review what is saved now, then save again`;
    super(message, [{ path, message }]);
    this.name = 'StaleEditError';
  }
}

/** A form opened without a version (an old page, a hand-made request) cannot say what it saves over. */
export class MissingVersionError extends ConflictError {
  constructor() {
    super('The page you sent was out of date, so nothing was saved. Go back, refresh the page and try again');
    this.name = 'MissingVersionError';
  }
}
