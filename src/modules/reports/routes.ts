import { z } from 'zod';
import { paths } from '../../http/paths.js';
import { page, type RouteEntry } from '../../http/route-table.js';
import { reviewKpiViewModel } from './review-kpi-view-models.js';
import { financialYearOf, type Period } from '../../domain/funding.js';
import { FUNDING_COUNTED, foiFundingAnswers, fundingTableRows, periodText } from './funding-view-models.js';
import { loadFundingReport, loadLaSummary, loadReviewKpis } from './service.js';
import { needRows, placementCostRows } from './view-models.js';

/** A year chosen from a list, by the calendar year it starts in; `noun` names the kind in the error. */
function yearChoice(noun: 'school year' | 'financial year') {
  const error = `Choose a ${noun} from the list`;
  return z.coerce.number({ error }).int({ error }).min(2014, { error }).max(2100, { error }).optional();
}

/** The school year by the calendar year it starts in; the current one when not given. */
const reviewsQuery = z.object({ year: yearChoice('school year') });

/** The financial year by the calendar year it starts in (1 April); the last whole one when not given. */
const fundingQuery = z.object({ year: yearChoice('financial year') });

/** The financial year starting in `year`, up to today when it is the current one. */
function fundingPeriod(year: number, today: string): Period {
  const whole = { from: `${String(year)}-04-01`, to: `${String(year + 1)}-03-31` };
  return whole.to > today ? { from: whole.from, to: today < whole.from ? whole.from : today } : whole;
}

/** The LA's summary reports: plans in force by placement type and cost, and by primary need; the review figures for a school year. */
export const reportRoutes: RouteEntry[] = [
  page({
    permission: 'reports:view',
    audit: 'VIEW_REPORTS',
    path: paths.monitoring.reports,
    async render(context) {
      const { costs, needs } = await loadLaSummary(context.db, context.actor);
      return context.reply.view('reports/views/summary.njk', {
        pageTitle: 'Reports',
        costRows: placementCostRows(costs),
        needRows: needRows(needs),
        plans: needs.reduce((sum, row) => sum + row.plans, 0),
      });
    },
  }),
  page({
    permission: 'reports:view',
    audit: 'VIEW_REVIEW_KPIS',
    path: paths.monitoring.reviewReports,
    query: reviewsQuery,
    async render(context) {
      const data = await loadReviewKpis(context.db, context.actor, context.query.year);
      const view = reviewKpiViewModel(data);
      return context.reply.view('reports/views/reviews.njk', {
        pageTitle: `Reviews of EHC plans, ${view.yearLabel}`,
        errors: context.queryErrors,
        ...view,
      });
    },
  }),
  page({
    permission: 'funding:report',
    audit: 'VIEW_FUNDING_REPORT',
    path: paths.monitoring.fundingReport,
    query: fundingQuery,
    async render(context) {
      const today = context.actor.clock.today();
      const currentStart = Number(financialYearOf(today).from.slice(0, 4));
      const year = context.query.year ?? currentStart - 1;
      const report = await loadFundingReport(context.db, context.actor, fundingPeriod(year, today));
      return context.reply.view('reports/views/funding.njk', {
        pageTitle: `Average funding by placement type, ${periodText(report.period)}`,
        errors: context.queryErrors,
        periodText: periodText(report.period),
        yearItems: Array.from({ length: 6 }, (_, index) => currentStart - index).map((start) => ({
          value: String(start),
          text: `April ${String(start)} to March ${String(start + 1)}${start === currentStart ? ' (so far)' : ''}`,
          selected: start === year,
        })),
        rows: fundingTableRows(report),
        answers: foiFundingAnswers(report),
        counted: FUNDING_COUNTED,
      });
    },
  }),
];
