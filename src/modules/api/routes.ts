import { paths } from '../../http/paths.js';
import { ValidationError } from '../../http/errors.js';
import { handler, type RouteEntry } from '../../http/route-table.js';
import { fieldErrorsFrom } from '../../http/validation.js';
import { caseloadQuery } from '../children/schemas.js';
import * as children from '../children/service.js';
import { openApiDocument } from './openapi.js';

/**
 * JSON API, version 1. Errors are application/problem+json with field paths (plugins/errors.ts).
 * The caseload's query is parsed here, not by the table's `query`: a page falls back to its
 * defaults and shows the error summary, but a system asking for a bad filter is refused with 400.
 */
export const apiRoutes: RouteEntry[] = [
  handler({ permission: 'public', audit: 'none', method: 'GET', path: paths.api.openapi, handle: () => openApiDocument }),
  handler({
    permission: 'caseload:view',
    audit: 'VIEW_CASELOAD',
    method: 'GET',
    path: paths.api.children,
    async handle(context) {
      const parsed = caseloadQuery.safeParse(context.request.query ?? {});
      if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error));
      const result = await children.listCaseload(context.db, context.actor, parsed.data);
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
    },
  }),
  handler({
    permission: 'child:view',
    audit: 'VIEW_CHILD',
    method: 'GET',
    path: paths.api.child,
    async handle(context) {
      const summary = await children.openChildRecord(context.db, context.actor, context.params.childId);
      return {
        id: summary.child.id,
        forename: summary.child.forename,
        surname: summary.child.surname,
        dateOfBirth: summary.child.dateOfBirth,
        plan: summary.plan ? { status: summary.plan.status, firstIssuedDate: summary.plan.firstIssuedDate, nextReviewDue: summary.plan.nextReviewDue } : null,
        primaryNeed: summary.primaryNeed,
        placement: summary.setting ? { name: summary.setting.name, type: summary.setting.settingType } : (summary.placement?.senSettingCode ?? null),
      };
    },
  }),
];
