import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROLE_LABELS, isRole } from '../../auth/roles.js';
import type { Database } from '../../db/client.js';
import { formatDateTime } from '../../domain/formatting.js';
import { actorOf } from '../../http/actor.js';
import { ValidationError } from '../../http/errors.js';
import { escapeHtml } from '../../http/html.js';
import { pageLink, pageOf, paginationView, shownText } from '../../http/pagination.js';
import { errorSummaryView, fieldErrorsFrom, type ErrorSummaryView } from '../../http/validation.js';
import { issueKeyForm } from './schemas.js';
import { API_KEYS_PAGE_SIZE, findKeyToRevoke, issueKey, listKeyHolders, listKeys, revokeKey } from './service.js';

async function renderNewKey(db: Database, request: FastifyRequest, reply: FastifyReply, values: Record<string, unknown>, errors?: ErrorSummaryView) {
  const holders = await listKeyHolders(db, actorOf(request));
  return reply.code(errors ? 400 : 200).view('api-keys/views/new.njk', {
    pageTitle: 'Issue an API key',
    errors,
    values,
    userItems: [
      { value: '', text: 'Select a person' },
      ...holders.map((holder) => ({ value: holder.id, text: `${holder.displayName} – ${holder.workplace ?? holder.roleLabel} (${holder.email})`, selected: values.userId === holder.id })),
    ],
  });
}

/** LA administrators issue API keys to school and provider users, list them and revoke them. */
export function registerApiKeyRoutes(app: FastifyInstance, db: Database): void {
  app.get<{ Querystring: { revoked?: string } }>('/admin/api-keys', { config: { access: { permission: 'admin:manage', audit: 'VIEW_API_KEYS' } } }, async (request, reply) => {
    const { page, rows, total } = await listKeys(db, actorOf(request), pageOf(request.query));
    return reply.view('api-keys/views/list.njk', {
      pageTitle: 'API keys',
      revoked: request.query.revoked === '1',
      shown: total > API_KEYS_PAGE_SIZE ? shownText(page, total, API_KEYS_PAGE_SIZE, 'API keys') : undefined,
      pagination: paginationView(page, total, API_KEYS_PAGE_SIZE, pageLink('/admin/api-keys')),
      rows: rows.map((key) => [
        { text: key.name },
        { html: `${escapeHtml(key.userName)}<br><span class="govuk-hint govuk-!-margin-bottom-0">${escapeHtml(key.userEmail)}</span>` },
        { text: key.workplace ?? (isRole(key.role) ? ROLE_LABELS[key.role] : key.role) },
        { text: `oehcp_${key.prefix}_…` },
        { text: formatDateTime(key.createdAt) },
        { text: key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Never' },
        key.revokedAt
          ? { html: `<strong class="govuk-tag govuk-tag--grey">Revoked</strong> ${escapeHtml(formatDateTime(key.revokedAt))}` }
          : { html: `<a class="govuk-link" href="/admin/api-keys/${key.id}/revoke">Revoke<span class="govuk-visually-hidden"> ${escapeHtml(key.name)}</span></a>` },
      ]),
    });
  });

  app.get('/admin/api-keys/new', { config: { access: { permission: 'admin:manage', audit: 'none' } } }, async (request, reply) => renderNewKey(db, request, reply, {}));

  app.post('/admin/api-keys', { config: { access: { permission: 'admin:manage', audit: 'MANAGE_API_KEYS' } } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = issueKeyForm.safeParse(body);
    if (!parsed.success) return renderNewKey(db, request, reply, body, errorSummaryView(fieldErrorsFrom(parsed.error)));
    try {
      const issued = await issueKey(db, actorOf(request), parsed.data);
      // Shown on this response only (never in a URL or a redirect): the secret cannot be seen again.
      return await reply.code(201).view('api-keys/views/issued.njk', { pageTitle: 'API key issued', issued });
    } catch (error) {
      if (error instanceof ValidationError) return renderNewKey(db, request, reply, body, errorSummaryView(error.fieldErrors));
      throw error;
    }
  });

  app.get<{ Params: { keyId: string } }>('/admin/api-keys/:keyId/revoke', { config: { access: { permission: 'admin:manage', audit: 'none' } } }, async (request, reply) => {
    const key = await findKeyToRevoke(db, actorOf(request), request.params.keyId);
    return reply.view('api-keys/views/revoke.njk', { pageTitle: `Revoke ${key.name}`, key });
  });

  app.post<{ Params: { keyId: string } }>('/admin/api-keys/:keyId/revoke', { config: { access: { permission: 'admin:manage', audit: 'MANAGE_API_KEYS' } } }, async (request, reply) => {
    await revokeKey(db, actorOf(request), request.params.keyId);
    return reply.redirect('/admin/api-keys?revoked=1', 303);
  });
}
