import { randomUUID } from 'node:crypto';
import { escapeHtml } from './html.js';
import { VERSION_FIELD } from './edit-version.js';

/** The hidden field carrying a form's one-time submission key (plugins/submissions.ts). */
export const SUBMISSION_FIELD = '_submission';

/** The form's one-time key: random, so a key names exactly one rendering of one form. */
function newSubmissionKey(): string {
  return randomUUID();
}

/**
 * The hidden fields every state-changing form carries: the CSRF token, a one-time submission key,
 * and the version of the row being edited where there is one. The `appFormFields` macro and the
 * forms built in view models both render them here, so no form can leave one out.
 */
export function hiddenFormFields(csrfToken: unknown, version?: unknown): string {
  const fields = [
    `<input type="hidden" name="_csrf" value="${escapeHtml(typeof csrfToken === 'string' ? csrfToken : '')}">`,
    `<input type="hidden" name="${SUBMISSION_FIELD}" value="${newSubmissionKey()}">`,
  ];
  if (typeof version === 'number' || (typeof version === 'string' && version !== '')) fields.push(`<input type="hidden" name="${VERSION_FIELD}" value="${escapeHtml(String(version))}">`);
  return fields.join('');
}
