import { z } from 'zod';
import { ROLE_LABELS, isRole } from '../../auth/roles.js';
import { formatDateTime } from '../../domain/formatting.js';
import { cell, link, tag } from '../../http/cells.js';
import { pageLink, pageOf, paginationView, shownText } from '../../http/pagination.js';
import { paths } from '../../http/paths.js';
import { form, page, type RouteEntry } from '../../http/route-table.js';
import { issueKeyForm } from './schemas.js';
import { API_KEYS_PAGE_SIZE, findKeyToRevoke, issueKey, listKeyHolders, listKeys, revokeKey } from './service.js';

const newKey = page({
  permission: 'admin:manage',
  audit: 'none',
  path: paths.admin.newApiKey,
  async render(context, refused) {
    const values = refused?.values ?? {};
    const holders = await listKeyHolders(context.db, context.actor);
    return context.reply.view('api-keys/views/new.njk', {
      pageTitle: 'Issue an API key',
      errors: refused?.errors,
      values,
      userItems: [
        { value: '', text: 'Select a person' },
        ...holders.map((holder) => ({ value: holder.id, text: `${holder.displayName} – ${holder.workplace ?? holder.roleLabel} (${holder.email})`, selected: values.userId === holder.id })),
      ],
    });
  },
});

const revokePage = page({
  permission: 'admin:manage',
  audit: 'none',
  path: paths.admin.revokeApiKey,
  async render(context) {
    const key = await findKeyToRevoke(context.db, context.actor, context.params.keyId);
    return context.reply.view('api-keys/views/revoke.njk', { pageTitle: `Revoke ${key.name}`, key });
  },
});

/** LA administrators issue API keys to school and provider users, list them and revoke them. */
export const apiKeyRoutes: RouteEntry[] = [
  page({
    permission: 'admin:manage',
    audit: 'VIEW_API_KEYS',
    path: paths.admin.apiKeys,
    query: z.object({ revoked: z.literal('1').optional().catch(undefined) }),
    async render(context) {
      const { page: pageNumber, rows, total } = await listKeys(context.db, context.actor, pageOf(context.request.query));
      return context.reply.view('api-keys/views/list.njk', {
        pageTitle: 'API keys',
        revoked: context.query.revoked === '1',
        shown: total > API_KEYS_PAGE_SIZE ? shownText(pageNumber, total, API_KEYS_PAGE_SIZE, 'API keys') : undefined,
        pagination: paginationView(pageNumber, total, API_KEYS_PAGE_SIZE, pageLink(paths.admin.apiKeys())),
        rows: rows.map((key) => [
          { text: key.name },
          cell({ text: key.userName }, { hint: key.userEmail }),
          { text: key.workplace ?? (isRole(key.role) ? ROLE_LABELS[key.role] : key.role) },
          { text: `oehcp_${key.prefix}_…` },
          { text: formatDateTime(key.createdAt) },
          { text: key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Never' },
          key.revokedAt ? cell(tag('Revoked', 'grey'), { text: ` ${formatDateTime(key.revokedAt)}` }) : cell(link(paths.admin.revokeApiKey({ keyId: key.id }), 'Revoke', key.name)),
        ]),
      });
    },
  }),
  newKey,
  form({
    permission: 'admin:manage',
    audit: 'MANAGE_API_KEYS',
    path: paths.admin.apiKeys,
    body: issueKeyForm,
    page: newKey,
    async submit(context, input) {
      const issued = await issueKey(context.db, context.actor, input);
      // Shown on this response only (never in a URL or a redirect): the secret cannot be seen again.
      return context.reply.code(201).view('api-keys/views/issued.njk', { pageTitle: 'API key issued', issued });
    },
  }),
  revokePage,
  form({
    permission: 'admin:manage',
    audit: 'MANAGE_API_KEYS',
    path: paths.admin.revokeApiKey,
    body: z.object({}),
    page: revokePage,
    async submit(context) {
      await revokeKey(context.db, context.actor, context.params.keyId);
      return context.reply.redirect(paths.admin.apiKeys({ revoked: 1 }), 303);
    },
  }),
];
