import { z } from 'zod';
import { MissingVersionError, submittedVersion } from '../../http/edit-version.js';
import { pageLink, pageNumber, paginationView, shownText } from '../../http/pagination.js';
import { paths } from '../../http/paths.js';
import { form, page, type RouteEntry } from '../../http/route-table.js';
import { DEFAULT_REVIEW_POLICY } from './policy.js';
import { confirmAttendanceForm, targetingForm } from './schemas.js';
import * as service from './service.js';
import { attendanceRows, capacityInputs, officerRows, termText, uncoveredLines } from './view-models.js';

const planPage = page({
  permission: 'team:oversee',
  audit: 'VIEW_REVIEW_ATTENDANCE',
  path: paths.reviewAttendance.plan,
  query: z.object({ page: pageNumber, confirmed: z.literal('1').optional().catch(undefined) }),
  async render(context, refused) {
    const requested = refused ? Number(refused.values.page) || 1 : context.query.page;
    const result = await service.loadAttendancePlan(context.db, context.actor, requested);
    const noun = result.total === 1 ? 'review' : 'reviews';
    return context.reply.view('review-targeting/views/plan.njk', {
      pageTitle: 'Attendance at reviews',
      errors: refused?.errors,
      termText: termText(result.term),
      highRiskScore: result.policy.highRiskScore,
      officerRows: officerRows(result.officers),
      hasOfficers: result.officers.length > 0,
      uncovered: uncoveredLines(result.uncovered),
      countText: result.total > service.ATTENDANCE_PAGE_SIZE ? shownText(result.page, result.total, service.ATTENDANCE_PAGE_SIZE, noun) : `${String(result.total)} ${noun} this term`,
      rows: attendanceRows(result.rows, result.officers),
      page: result.page,
      pagination: paginationView(result.page, result.total, service.ATTENDANCE_PAGE_SIZE, pageLink(paths.reviewAttendance.plan())),
      confirmed: !refused && context.query.confirmed === '1',
    });
  },
});

const settingsPage = page({
  permission: 'review:targeting',
  audit: 'none',
  path: paths.reviewAttendance.settings,
  query: z.object({ saved: z.literal('1').optional().catch(undefined) }),
  async render(context, refused) {
    const { policy, version, staff } = await service.loadTargetingSettings(context.db, context.actor.principal.laId);
    const values = refused ? refused.values : Object.fromEntries(Object.entries(policy).map(([key, value]) => [key, String(value)]));
    return context.reply.view('review-targeting/views/settings.njk', {
      pageTitle: 'How reviews are targeted',
      values,
      version: refused ? (submittedVersion(refused.values) ?? version) : version,
      errors: refused?.errors,
      saved: !refused && context.query.saved === '1',
      defaults: DEFAULT_REVIEW_POLICY,
      capacityInputs: capacityInputs(staff, refused?.values, refused?.errors),
    });
  },
});

/** Targeted attendance: who from the LA goes to which review this term, and how the LA targets them. */
export const reviewTargetingRoutes: RouteEntry[] = [
  planPage,
  form({
    permission: 'team:oversee',
    audit: 'ASSIGN_REVIEW_ATTENDANCE',
    path: paths.reviewAttendance.assignments,
    body: confirmAttendanceForm,
    page: planPage,
    async submit(context, input) {
      await service.confirmAttendance(context.db, context.actor, input);
      return context.reply.redirect(paths.reviewAttendance.plan({ confirmed: 1, page: input.page > 1 ? input.page : undefined }), 303);
    },
  }),
  settingsPage,
  form({
    permission: 'review:targeting',
    audit: 'MANAGE_REVIEW_TARGETING',
    path: paths.reviewAttendance.settings,
    body: targetingForm,
    page: settingsPage,
    async submit(context, input) {
      const version = submittedVersion(context.request.body as Record<string, unknown>);
      if (version === undefined) throw new MissingVersionError();
      await service.saveTargetingSettings(context.db, context.actor, input, version);
      return context.reply.redirect(paths.reviewAttendance.settings({ saved: 1 }), 303);
    },
  }),
];
