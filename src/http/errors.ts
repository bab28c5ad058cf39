import type { Permission } from '../auth/permissions.js';

/**
 * Errors a service throws to say what went wrong in the user's terms; plugins/errors.ts turns
 * each into a page or an application/problem+json response.
 */
export class NotFoundError extends Error {
  readonly statusCode = 404;
  constructor(message = 'Page not found') {
    super(message);
    this.name = 'NotFoundError';
  }
}

export class ForbiddenError extends Error {
  readonly statusCode = 403;
  /** The permission the page needs, when that is why: the 403 page then says what the page is for and who can open it. */
  constructor(
    message = 'You do not have access to this page',
    readonly permission?: Permission,
  ) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

export interface FieldError {
  /** Path of the field, e.g. `email` or `provision.0.minutes`; the HTML id of its input. */
  path: string;
  message: string;
}

export class ValidationError extends Error {
  readonly statusCode = 400;
  constructor(readonly fieldErrors: FieldError[]) {
    super(fieldErrors.map((error) => `${error.path}: ${error.message}`).join('; '));
    this.name = 'ValidationError';
  }
}

/**
 * What someone tried clashes with what someone else did a moment before (the same record
 * corrected twice at once, a settings page saved over a newer save). Nothing was saved; the
 * message says what to do. A form that can show it re-renders with `fieldErrors` in its summary.
 */
export class ConflictError extends Error {
  readonly statusCode = 409;
  constructor(
    message: string,
    readonly fieldErrors: FieldError[] = [{ path: 'form', message }],
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}
