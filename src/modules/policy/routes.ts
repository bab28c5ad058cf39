import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Database } from '../../db/client.js';
import { actorOf } from '../../http/actor.js';
import { MissingVersionError, StaleEditError, submittedVersion } from '../../http/edit-version.js';
import { errorSummaryView, fieldErrorsFrom, type ErrorSummaryView } from '../../http/validation.js';
import { DEFAULT_LA_POLICY, loadLaPolicyForEdit } from './repository.js';
import { policyForm } from './schemas.js';
import { savePolicy } from './service.js';

function render(reply: FastifyReply, values: Record<string, unknown>, version: number, errors?: ErrorSummaryView, saved = false, statusCode = 400) {
  return reply.code(errors ? statusCode : 200).view('policy/views/thresholds.njk', { pageTitle: 'Alarm thresholds', values, version, errors, saved, defaults: DEFAULT_LA_POLICY });
}

/** The LA's thresholds for provision gap alarms, full-time education and the escalation ladder. */
export function registerPolicyRoutes(app: FastifyInstance, db: Database): void {
  app.get('/admin/thresholds', { config: { access: { permission: 'admin:manage', audit: 'none' } } }, async (request, reply) => {
    const { policy, version } = await loadLaPolicyForEdit(db, actorOf(request).principal.laId);
    const saved = (request.query as Record<string, unknown> | undefined)?.saved === '1';
    return render(reply, Object.fromEntries(Object.entries(policy).map(([key, value]) => [key, String(value)])), version, undefined, saved);
  });

  app.post('/admin/thresholds', { config: { access: { permission: 'admin:manage', audit: 'MANAGE_LA_POLICY' } } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const version = submittedVersion(body);
    if (version === undefined) throw new MissingVersionError();
    const parsed = policyForm.safeParse(body);
    if (!parsed.success) return render(reply, body, version, errorSummaryView(fieldErrorsFrom(parsed.error)));
    try {
      await savePolicy(db, actorOf(request), parsed.data, version);
    } catch (error) {
      if (error instanceof StaleEditError) return render(reply, body, error.currentVersion, errorSummaryView(error.fieldErrors), false, 409);
      throw error;
    }
    return reply.redirect('/admin/thresholds?saved=1', 303);
  });
}
