import fastifyView from '@fastify/view';
import fastifyPlugin from 'fastify-plugin';
import nunjucks from 'nunjucks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { navigationFor } from '../modules/home/navigation.js';
import { formatDate, formatDateTime, formatPence } from '../domain/formatting.js';
import { hiddenFormFields } from '../http/form-fields.js';
import { paths } from '../http/paths.js';
import { fromRoot } from '../project-root.js';
import { mayOpenFor } from './access.js';

function navigationLocals(request: FastifyRequest) {
  if (!request.principal) return { navigation: [], sectionNavigation: undefined };
  const { items, section } = navigationFor(request.principal.role, request.url, request.server.mayOpen);
  return { navigation: items, sectionNavigation: section && { label: section.label, items: section.items } };
}

declare module 'fastify' {
  interface FastifyReply {
    locals: Record<string, unknown>;
  }
}

export default fastifyPlugin<{ cacheTemplates: boolean }>(
  async (app, { cacheTemplates }) => {
    await app.register(fastifyView, {
      engine: { nunjucks },
      templates: [fromRoot('src', 'views'), fromRoot('src', 'modules'), fromRoot('node_modules', 'govuk-frontend', 'dist'), fromRoot('node_modules', '@ministryofjustice', 'frontend')],
      production: cacheTemplates,
      options: {
        autoescape: true,
        throwOnUndefined: false,
        noCache: !cacheTemplates,
        // Built once at start-up; per-request values travel in the render context.
        onConfigure: (environment: nunjucks.Environment) => {
          environment.addFilter('date', formatDate);
          environment.addFilter('dateTime', formatDateTime);
          environment.addFilter('pence', formatPence);
          environment.addGlobal('serviceName', 'OpenEHCP');
          environment.addGlobal('hiddenFormFields', hiddenFormFields);
          // Links in templates come from the same builders as the routes: {{ paths.child.plan({ childId: child.id }) }}.
          environment.addGlobal('paths', paths);
        },
      },
    });

    // Values every page needs, from the request: who is signed in, the navigation, CSP nonce.
    app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
      // Set by @fastify/helmet (enableCSPNonces) on every reply.
      const nonces = (reply as FastifyReply & { cspNonce: { script: string; style: string } }).cspNonce;
      reply.locals = {
        ...reply.locals,
        cspNonce: nonces.script,
        principal: request.principal,
        laName: request.laName,
        currentPath: request.url.split('?')[0],
        ...navigationLocals(request),
        // Templates ask the route table before linking: {% if mayOpen('/concerns') %}.
        mayOpen: mayOpenFor(request),
      };
    });
  },
  { name: 'openehcp-views' },
);
