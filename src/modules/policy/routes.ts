import { z } from 'zod';
import { MissingVersionError, submittedVersion } from '../../http/edit-version.js';
import { paths } from '../../http/paths.js';
import { form, page, type RouteEntry } from '../../http/route-table.js';
import { DEFAULT_LA_POLICY, loadLaPolicyForEdit } from './repository.js';
import { policyForm } from './schemas.js';
import { savePolicy } from './service.js';

const thresholds = page({
  permission: 'admin:manage',
  audit: 'none',
  path: paths.admin.thresholds,
  query: z.object({ saved: z.literal('1').optional().catch(undefined) }),
  async render(context, refused) {
    const { policy, version } = await loadLaPolicyForEdit(context.db, context.actor.principal.laId);
    // A refused form shows what was sent, at the version it was sent at (or the newer one a stale save was refused at).
    const values = refused ? refused.values : Object.fromEntries(Object.entries(policy).map(([key, value]) => [key, String(value)]));
    return context.reply.view('policy/views/thresholds.njk', {
      pageTitle: 'Alarm thresholds',
      values,
      version: refused ? (submittedVersion(refused.values) ?? version) : version,
      errors: refused?.errors,
      saved: !refused && context.query.saved === '1',
      defaults: DEFAULT_LA_POLICY,
    });
  },
});

/** The LA's thresholds for provision gap alarms, full-time education and the escalation ladder. */
export const policyRoutes: RouteEntry[] = [
  thresholds,
  form({
    permission: 'admin:manage',
    audit: 'MANAGE_LA_POLICY',
    path: paths.admin.thresholds,
    body: policyForm,
    page: thresholds,
    async submit(context, input) {
      const version = submittedVersion(context.request.body as Record<string, unknown>);
      if (version === undefined) throw new MissingVersionError();
      await savePolicy(context.db, context.actor, input, version);
      return context.reply.redirect(paths.admin.thresholds({ saved: 1 }), 303);
    },
  }),
];
