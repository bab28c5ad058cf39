import { z } from 'zod';
import { paths } from '../../http/paths.js';
import { form, page, type FormState, type RouteContext, type RouteEntry } from '../../http/route-table.js';
import { childHeaderView } from '../children/view-models.js';
import { interimReviewForm } from './schemas.js';
import * as service from './service.js';
import { callFormWords, interimReviewRows, openReviewLines, reasonItems } from './view-models.js';

async function renderCallForm(context: RouteContext<{ childId: string }>, refused?: FormState) {
  const { actor } = context;
  const values = refused?.values ?? {};
  const { summary, reasons, open } = await service.loadCallForm(context.db, actor, context.params.childId);
  const today = actor.clock.today();
  const header = childHeaderView(summary, 'reviews', (path) => context.mayOpen(path), today);
  const words = callFormWords(actor.principal.role);
  return context.reply.view('interim-reviews/views/call.njk', {
    pageTitle: `${words.heading} – ${header.name}`,
    header,
    words,
    errors: refused?.errors,
    values,
    // A family has one reason (their own request): no radios to choose from.
    reasonItems: reasons.length > 1 ? reasonItems(actor.principal.role, reasons, values.reason) : null,
    hasPlan: summary.plan?.id != null,
    openLines: openReviewLines(open),
  });
}

const callForm = page({
  permission: 'review:call',
  audit: 'VIEW_REVIEWS',
  path: paths.interimReviews.call,
  render: renderCallForm,
});

/** Interim (early) reviews: called by the LA, asked for by the family or the school, with the reason recorded. */
export const interimReviewRoutes: RouteEntry[] = [
  callForm,
  form({
    permission: 'review:call',
    audit: 'CALL_INTERIM_REVIEW',
    path: paths.interimReviews.call,
    body: interimReviewForm,
    page: callForm,
    async submit(context, input) {
      const { childId } = context.params;
      const reviewId = await service.callInterimReview(context.db, context.actor, childId, input);
      return context.reply.redirect(paths.interimReviews.review({ childId, reviewId }, { called: 1 }), 303);
    },
  }),
  page({
    permission: 'child:view',
    audit: 'VIEW_REVIEWS',
    path: paths.interimReviews.review,
    query: z.object({ called: z.literal('1').optional().catch(undefined) }),
    async render(context) {
      const { actor } = context;
      const { summary, review } = await service.loadInterimReview(context.db, actor, context.params.childId, context.params.reviewId);
      const today = actor.clock.today();
      const header = childHeaderView(summary, 'reviews', (path) => context.mayOpen(path), today);
      return context.reply.view('interim-reviews/views/review.njk', {
        pageTitle: `Early review – ${header.name}`,
        header,
        called: context.query.called === '1',
        rows: interimReviewRows(review, today),
      });
    },
  }),
];
