import { hasPermission } from '../../auth/permissions.js';
import { audiencesWritableBy } from '../../domain/audience.js';
import { paths } from '../../http/paths.js';
import { form, page, type RouteEntry } from '../../http/route-table.js';
import { errorSummaryView, fieldErrorsFrom, type ErrorSummaryView } from '../../http/validation.js';
import { childHeaderView } from '../children/view-models.js';
import { logContactForm, MAX_DETAILS_LENGTH, timelineQuery } from './schemas.js';
import * as service from './service.js';
import { kindFilterItems, logFormItems, personFilterItems, timelinePagination, timelineItems } from './view-models.js';

/** A date input's error links to its day box, the first thing to correct. */
function withDateLinks(errors: ErrorSummaryView, dateFields: readonly string[]): ErrorSummaryView {
  return { ...errors, errorList: errors.errorList.map((error) => (dateFields.some((field) => error.href === `#${field}`) ? { ...error, href: `${error.href}-day` } : error)) };
}

const logForm = page({
  permission: 'timeline:log',
  audit: 'VIEW_TIMELINE',
  path: paths.child.newTimelineEntry,
  async render(context, refused) {
    const { actor } = context;
    const values = refused?.values ?? {};
    const summary = await service.loadLogForm(context.db, actor, context.params.childId);
    const header = childHeaderView(summary, 'timeline', (path) => context.mayOpen(path), context.actor.clock.today());
    return context.reply.view('timeline/views/log.njk', {
      pageTitle: `Log a call, letter, meeting or note – ${header.name}`,
      header,
      errors: refused ? withDateLinks(refused.errors, ['when']) : undefined,
      values,
      maxDetails: MAX_DETAILS_LENGTH,
      ...logFormItems(values, audiencesWritableBy(actor.principal.role), service.restrictableBy(actor.principal.role)),
    });
  },
});

/** The child's shared timeline: what happened, newest first, as this person may see it; and logging a contact. */
export const timelineRoutes: RouteEntry[] = [
  page({
    permission: 'child:view',
    audit: 'VIEW_TIMELINE',
    path: paths.child.timeline,
    // No `query` schema: an invalid filter is reported and left out while the valid ones still
    // apply, which the table's "defaults on failure" would lose, so the page parses the query itself.
    async render(context) {
      const { actor } = context;
      const { childId } = context.params;
      const parsed = timelineQuery.safeParse(context.query);
      const query = parsed.success ? parsed.data : timelineQuery.parse({ ...context.query, ...invalidFiltersCleared(parsed.error) });
      const { summary, page: shown, authors } = await service.loadTimeline(context.db, actor, childId, query);
      const header = childHeaderView(summary, 'timeline', (path) => context.mayOpen(path), context.actor.clock.today());
      return context.reply.code(parsed.success ? 200 : 400).view('timeline/views/timeline.njk', {
        pageTitle: `${header.activeTabLabel} – ${header.name}`,
        header,
        errors: parsed.success ? undefined : withDateLinks(errorSummaryView(fieldErrorsFrom(parsed.error)), ['from', 'to']),
        values: query.raw,
        filtered: Boolean(query.kind ?? query.person ?? query.from ?? query.to) || !parsed.success,
        kindItems: kindFilterItems(query.raw.kind),
        personItems: personFilterItems(authors, query.raw.person),
        entries: timelineItems(shown.rows, childId, (path) => context.mayOpen(path)),
        pagination: timelinePagination(childId, query, shown),
        mayLog: hasPermission(actor.principal.role, 'timeline:log'),
        logged: context.query.logged === '1',
      });
    },
  }),
  logForm,
  form({
    permission: 'timeline:log',
    audit: 'ADD_TIMELINE_ENTRY',
    path: paths.child.newTimelineEntry,
    lists: ['restrictedToRoles'],
    body: logContactForm,
    page: logForm,
    async submit(context, input) {
      const { childId } = context.params;
      await service.logContact(context.db, context.actor, childId, input);
      return context.reply.redirect(paths.child.timeline({ childId }, { logged: 1 }), 303);
    },
  }),
];

/** The query with each invalid filter's boxes emptied, so the valid filters still apply. */
function invalidFiltersCleared(error: import('zod').ZodError): Record<string, string> {
  const cleared: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    if (field === 'from' || field === 'to') Object.assign(cleared, { [`${field}-day`]: '', [`${field}-month`]: '', [`${field}-year`]: '' });
    else if (field) cleared[field] = '';
  }
  return cleared;
}
