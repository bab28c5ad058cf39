import { paths } from '../../http/paths.js';
import { form, page, type RouteEntry } from '../../http/route-table.js';
import { childHeaderView } from '../children/view-models.js';
import { notFullTimeQuery, recordArrangementForm } from './schemas.js';
import { listNotFullTime, loadRecordForm, NOT_FULL_TIME_PAGE_SIZE, recordArrangement } from './service.js';
import { notFullTimeView, recordFormView } from './view-models.js';

const recordForm = page({
  permission: 'education:record',
  audit: 'VIEW_EDUCATION',
  path: paths.child.recordEducation,
  async render(context, refused) {
    const { summary, offer, defaultFullTimeMinutes } = await loadRecordForm(context.db, context.actor, context.params.childId);
    // The education offer is shown on the Inclusion tab, so the form sits under it.
    const header = childHeaderView(summary, 'inclusion', (path) => context.mayOpen(path), context.actor.clock.today());
    return context.reply.view('education/views/record.njk', {
      pageTitle: `Record the education offered – ${header.name}`,
      header,
      ...recordFormView({ values: refused?.values ?? {}, errors: refused?.errors, offer, defaultFullTimeMinutes }),
    });
  },
});

/** The education each child is offered (full-time, a part-time timetable or no setting), and the LA's list of children without full-time education. */
export const educationRoutes: RouteEntry[] = [
  recordForm,
  form({
    permission: 'education:record',
    audit: 'RECORD_EDUCATION_ARRANGEMENT',
    path: paths.child.recordEducation,
    body: recordArrangementForm,
    page: recordForm,
    async submit(context, input) {
      const { childId } = context.params;
      await recordArrangement(context.db, context.actor, childId, input);
      return context.reply.redirect(paths.child.inclusion({ childId }, { educationRecorded: 1 }), 303);
    },
  }),
  page({
    permission: 'la:monitor',
    audit: 'VIEW_NOT_FULL_TIME',
    path: paths.monitoring.notFullTime,
    query: notFullTimeQuery,
    async render(context) {
      const { page: pageNumber } = context.query;
      const result = await listNotFullTime(context.db, context.actor, pageNumber);
      return context.reply.view('education/views/not-full-time.njk', {
        pageTitle: 'Children without full-time education',
        ...notFullTimeView({ rows: result.rows, total: result.total, page: pageNumber, pageSize: NOT_FULL_TIME_PAGE_SIZE, today: result.today }),
      });
    },
  }),
];
