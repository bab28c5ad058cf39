import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../http/actor.js';
import type { Database } from '../../db/client.js';
import { ValidationError } from '../../http/errors.js';
import { fieldErrorsFrom } from '../../http/validation.js';
import { caseloadQuery } from '../children/schemas.js';
import * as children from '../children/service.js';
import { openApiDocument } from './openapi.js';

/** JSON API, version 1. Errors are application/problem+json with field paths (plugins/errors.ts). */
export function registerApiRoutes(app: FastifyInstance, db: Database): void {
  app.get('/api/v1/openapi.json', { config: { access: { permission: 'public', audit: 'none' } } }, async () => openApiDocument);

  app.get('/api/v1/children', { config: { access: { permission: 'caseload:view', audit: 'VIEW_CASELOAD' } } }, async (request) => {
    const parsed = caseloadQuery.safeParse(request.query);
    if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error));
    const result = await children.listCaseload(db, actorOf(request), parsed.data);
    return {
      total: result.total,
      page: parsed.data.page,
      pageSize: children.CASELOAD_PAGE_SIZE,
      children: result.rows.map((row) => ({
        id: row.id,
        forename: row.forename,
        surname: row.surname,
        dateOfBirth: row.dateOfBirth,
        primaryNeed: row.primaryNeed,
        placement: row.settingName ?? row.senSettingCode,
        nextReviewDue: row.nextReviewDue,
      })),
    };
  });

  app.get<{ Params: { childId: string } }>(
    '/api/v1/children/:childId',
    { config: { access: { permission: 'child:view', audit: 'VIEW_CHILD' } } },
    async (request) => {
      const summary = await children.openChildRecord(db, actorOf(request), request.params.childId);
      return {
        id: summary.child.id,
        forename: summary.child.forename,
        surname: summary.child.surname,
        dateOfBirth: summary.child.dateOfBirth,
        plan: summary.plan
          ? { status: summary.plan.status, firstIssuedDate: summary.plan.firstIssuedDate, nextReviewDue: summary.plan.nextReviewDue }
          : null,
        primaryNeed: summary.primaryNeed,
        placement: summary.setting ? { name: summary.setting.name, type: summary.setting.settingType } : summary.placement?.senSettingCode ?? null,
      };
    },
  );
}
