import { z } from 'zod';
import { audiencesWritableBy, AUDIENCES } from '../../domain/audience.js';
import { formatDate } from '../../domain/formatting.js';
import { givesFullNotice, viewsDueBy } from '../../domain/review-workflow.js';
import { REVIEW_KINDS, REVIEW_STAGES } from '../../domain/reviews.js';
import { VERSION_FIELD } from '../../http/edit-version.js';
import { pageLink, pageNumber, paginationView, shownText } from '../../http/pagination.js';
import { paths } from '../../http/paths.js';
import { form, page, type FormState, type RouteContext, type RouteEntry } from '../../http/route-table.js';
import { childHeaderView } from '../children/view-models.js';
import { contributionForm, decisionForm, invitationsForm, newReviewForm, recordMeetingForm, scheduleForm, sendReportForm } from './schemas.js';
import * as service from './service.js';
import {
  attendanceItems,
  byMonth,
  calendarRows,
  ceaseReasonItems,
  contributionKindItems,
  contributionRows,
  decisionItems,
  decisionView,
  isFamilyReader,
  KIND_FILTER_ITEMS,
  kindItems,
  kindText,
  participantRows,
  provisionRecordRows,
  ratingItems,
  ratingRows,
  reviewSummaryRows,
  roleItems,
  roleText,
  STAGE_FILTER_ITEMS,
  taskListItems,
} from './view-models.js';

type ReviewParams = { childId: string; reviewId: string };

const optionalEnum = (values: readonly string[], message: string) =>
  z.preprocess((value) => (value === '' ? undefined : value), z.enum(values as [string, ...string[]], { error: message }).optional());

const calendarQuery = z.object({
  stage: optionalEnum(
    Object.keys(REVIEW_STAGES).filter((stage) => stage !== 'closed' && stage !== 'cancelled'),
    'Select a stage from the list',
  ),
  kind: optionalEnum(Object.keys(REVIEW_KINDS), 'Select a kind of review from the list'),
  overdue: z.preprocess((value) => value === 'yes', z.boolean()),
  officer: z.preprocess((value) => (typeof value === 'string' && value !== '' ? value : undefined), z.uuid({ error: 'Select an officer from the list' }).optional()),
  page: pageNumber,
});

/** The banner after a step: `?done=<step>`. */
const DONE_BANNERS = {
  created: 'The review has been arranged.',
  scheduled: 'The meeting has been arranged.',
  invited: 'The invitations have been sent.',
  papers: 'The views and advice have been sent to everyone invited.',
  contributed: 'Thank you. What you wrote has been added to the review.',
  held: 'The meeting has been recorded and the support delivered since the last review has been saved with it.',
  report: 'The report has been sent to everyone invited.',
  decided: 'The decision has been recorded and the family has been told.',
} as const;
const bannerQuery = z.object({
  done: z
    .enum(Object.keys(DONE_BANNERS) as [keyof typeof DONE_BANNERS, ...(keyof typeof DONE_BANNERS)[]])
    .optional()
    .catch(undefined),
});

/**
 * Where "Amend the plan" goes after an "amend" decision: the draft the review started, or the
 * editor's start page with the review named (so the draft keeps the review in step), for someone
 * who may amend; the plan itself for anyone else.
 */
function amendLinkOf(
  context: Pick<RouteContext<unknown, unknown>, 'mayOpen'>,
  childId: string,
  review: { id: string; decision: string | null; draftVersionId: string | null; amendedVersionId: string | null },
): string | null {
  if (review.decision !== 'amend') return null;
  if (review.amendedVersionId || !context.mayOpen(paths.planEditor.start({ childId }))) return paths.child.plan({ childId });
  return review.draftVersionId ? paths.planEditor.draft({ childId, versionId: review.draftVersionId }) : paths.planEditor.start({ childId }, { review: review.id });
}

function header(context: RouteContext<{ childId: string }, unknown>, summary: Parameters<typeof childHeaderView>[0]) {
  return childHeaderView(summary, 'reviews', (path) => context.mayOpen(path), context.actor.clock.today());
}

const versionOf = (refused: FormState | undefined, version: number) => (refused && typeof refused.values[VERSION_FIELD] === 'string' ? refused.values[VERSION_FIELD] : String(version));

function dateValues(values: Record<string, unknown>, name: string, date: string | null) {
  if (`${name}-day` in values || !date) return {};
  const [year, month, day] = date.split('-');
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year };
}

async function renderCalendar(context: RouteContext<Record<string, string>, z.output<typeof calendarQuery>>, settingId?: string) {
  const { query } = context;
  const result = await service.listCalendar(context.db, context.actor, { stage: query.stage, kind: query.kind, overdue: query.overdue, officer: query.officer, page: query.page }, settingId);
  const base = settingId ? paths.reviews.setting({ settingId }) : paths.reviews.calendar();
  const link = pageLink(base, { stage: query.stage, kind: query.kind, overdue: query.overdue, officer: query.officer });
  const noun = result.total === 1 ? 'open review' : 'open reviews';
  const school = context.actor.principal.role === 'school_senco';
  const title = result.setting ? `Reviews at ${result.setting.name}` : school ? 'Reviews of your pupils' : query.overdue ? 'Overdue reviews' : 'Review calendar';
  return context.reply.view('reviews/views/calendar.njk', {
    pageTitle: title,
    heading: title,
    errors: context.queryErrors,
    query,
    action: base,
    school,
    stageItems: STAGE_FILTER_ITEMS(query.stage),
    kindItems: KIND_FILTER_ITEMS(query.kind),
    officerItems:
      result.officers.length > 0
        ? [{ value: '', text: 'Any officer' }, ...result.officers.map((officer) => ({ value: officer.id, text: officer.name, selected: officer.id === query.officer }))]
        : undefined,
    overdueLink: pageLink(base, { overdue: true })(1),
    countText: result.total > service.CALENDAR_PAGE_SIZE ? shownText(result.page, result.total, service.CALENDAR_PAGE_SIZE, noun) : `${String(result.total)} ${noun}`,
    months: byMonth(result.rows).map((group) => ({ month: group.month, rows: calendarRows(group.rows) })),
    pagination: paginationView(result.page, result.total, service.CALENDAR_PAGE_SIZE, link),
  });
}

const calendar = page({ permission: 'review:manage', audit: 'VIEW_REVIEW_CALENDAR', path: paths.reviews.calendar, query: calendarQuery, render: (context) => renderCalendar(context) });
const settingCalendar = page({
  permission: 'review:manage',
  audit: 'VIEW_REVIEW_CALENDAR',
  path: paths.reviews.setting,
  query: calendarQuery,
  render: (context) => renderCalendar(context as never, context.params.settingId),
});

const reviewPage = page({
  permission: 'child:view',
  audit: 'VIEW_REVIEW',
  path: paths.reviews.review,
  query: bannerQuery,
  async render(context, refused) {
    const { childId, reviewId } = context.params;
    const result = await service.loadReview(context.db, context.actor, childId, reviewId);
    const { review } = result;
    const family = isFamilyReader(context.actor.principal);
    const head = header(context, result.summary);
    return context.reply.view('reviews/views/review.njk', {
      pageTitle: `${kindText(review.kind)} – ${head.name}`,
      header: head,
      errors: refused?.errors,
      banner: !refused && context.query.done ? DONE_BANNERS[context.query.done] : undefined,
      family,
      reviewId,
      version: String(review.version),
      heading: kindText(review.kind),
      summaryRows: reviewSummaryRows(review, family),
      taskItems: family ? [] : taskListItems(childId, review, result.steps, { run: result.mayRun, decide: result.mayDecide }),
      participantRows: participantRows(result.participants),
      contributionRows: contributionRows(childId, result.contributions),
      mayContribute: result.mayContribute,
      mayRun: result.mayRun,
      mayReschedule: result.mayRun && (review.stage === 'scheduled' || review.stage === 'invited'),
      mayCirculate: result.mayRun && review.stage === 'invited' && !review.papersCirculatedOn,
      papersCirculatedOn: review.papersCirculatedOn ? formatDate(review.papersCirculatedOn) : null,
      reportReady: review.reportSentOn !== null || (!family && review.heldOn !== null),
      viewsBy: review.meetingDate && review.invitationsSentOn ? formatDate(viewsDueBy(review.meetingDate, review.invitationsSentOn)) : null,
      decision: decisionView(review),
      amendLink: amendLinkOf(context, childId, review),
      recommendations: review.recommendations,
    });
  },
});

const newReviewPage = page({
  permission: 'review:manage',
  audit: 'VIEW_REVIEW',
  path: paths.reviews.new,
  async render(context, refused) {
    const { summary } = await service.loadNewReviewForm(context.db, context.actor, context.params.childId);
    const values = refused?.values ?? {};
    const school = context.actor.principal.role === 'school_senco';
    return context.reply.view('reviews/views/new.njk', {
      pageTitle: `Arrange a review – ${header(context, summary).name}`,
      header: header(context, summary),
      errors: refused?.errors,
      values,
      school,
      dueText: summary.plan?.nextReviewDue ? formatDate(summary.plan.nextReviewDue) : null,
      kindItems: kindItems(typeof values.kind === 'string' ? values.kind : 'annual'),
      runByItems: [
        { value: 'la', text: 'The local authority', checked: (values.runBy ?? 'la') === 'la' },
        { value: 'setting', text: summary.setting ? `The school or setting (${summary.setting.name})` : 'The school or setting', checked: values.runBy === 'setting' },
      ],
    });
  },
});

const schedulePage = page({
  permission: 'review:manage',
  audit: 'VIEW_REVIEW',
  path: paths.reviews.schedule,
  async render(context, refused) {
    const { childId, reviewId } = context.params;
    const { summary, review } = await service.loadStepForm(context.db, context.actor, childId, reviewId, 'run');
    const values = refused?.values ?? { meetingTime: review.meetingTime ?? '', meetingPlace: review.meetingPlace ?? '' };
    return context.reply.view('reviews/views/schedule.njk', {
      pageTitle: `Arrange the meeting – ${header(context, summary).name}`,
      header: header(context, summary),
      errors: refused?.errors,
      values: { ...values, ...dateValues(values, 'meetingDate', review.meetingDate) },
      version: versionOf(refused, review.version),
      reviewId,
      invitationsSentOn: review.invitationsSentOn ? formatDate(review.invitationsSentOn) : null,
    });
  },
});

const invitationsPage = page({
  permission: 'review:manage',
  audit: 'VIEW_REVIEW',
  path: paths.reviews.invitations,
  lists: ['invitees'],
  async render(context, refused) {
    const { childId, reviewId } = context.params;
    const result = await service.loadInvitationsForm(context.db, context.actor, childId, reviewId);
    const { review } = result;
    const values = refused?.values ?? {};
    const invited = new Set(result.participants.flatMap((person) => (person.userId ? [service.inviteeKey(person.role, person.userId)] : [])));
    const chosen = Array.isArray(values.invitees) ? (values.invitees as string[]) : typeof values.invitees === 'string' ? [values.invitees] : null;
    // The family and the school are prefilled from the child's links; the caseworker too.
    const prefilled = (key: string, byDefault: boolean) => (chosen ? chosen.includes(key) : byDefault);
    const item = (role: string, userId: string, text: string, hint: string | null, byDefault: boolean) => {
      const key = service.inviteeKey(role, userId);
      return invited.has(key)
        ? { value: key, text, hint: { text: 'Already invited' }, disabled: true }
        : { value: key, text, ...(hint ? { hint: { text: hint } } : {}), checked: prefilled(key, byDefault) };
    };
    const caseworkerId = result.summary.child.caseworkerId;
    const invitees = [
      ...result.candidates.family.flatMap((person) => (person.userId ? [item('parent', person.userId, person.name, `${roleText('parent')} (${person.relationship})`, true)] : [])),
      ...result.candidates.youngPerson.map((person) => item('young_person', person.userId, person.name, roleText('young_person'), true)),
      ...result.candidates.school.map((person) => item('setting', person.userId, person.name, `${roleText('setting')}: ${person.settingName}`, true)),
      ...result.staff.map((person) => {
        const role = person.role === 'educational_psychologist' ? 'educational_psychologist' : 'la_officer';
        return item(role, person.userId, person.name, roleText(role), person.userId === caseworkerId);
      }),
    ];
    const meetingDate = review.meetingDate;
    return context.reply.view('reviews/views/invitations.njk', {
      pageTitle: `Send the invitations – ${header(context, result.summary).name}`,
      header: header(context, result.summary),
      errors: refused?.errors,
      values,
      version: versionOf(refused, review.version),
      reviewId,
      meetingText: meetingDate ? [formatDate(meetingDate), review.meetingTime, review.meetingPlace].filter(Boolean).join(', ') : null,
      shortNotice: meetingDate !== null && !givesFullNotice(meetingDate, result.today),
      viewsBy: meetingDate ? formatDate(viewsDueBy(meetingDate, result.today)) : null,
      invitees,
      roleItems: roleItems(typeof values.otherRole === 'string' ? values.otherRole : undefined),
      invitedRows: participantRows(result.participants),
    });
  },
});

const contributePage = page({
  permission: 'review:contribute',
  audit: 'VIEW_REVIEW',
  path: paths.reviews.contribute,
  async render(context, refused) {
    const { childId, reviewId } = context.params;
    const { summary, review } = await service.loadStepForm(context.db, context.actor, childId, reviewId, 'contribute');
    const { principal } = context.actor;
    const values = refused?.values ?? {};
    const kinds = service.contributionKindsFor(principal);
    const family = isFamilyReader(principal);
    const writable = audiencesWritableBy(principal.role);
    return context.reply.view('reviews/views/contribute.njk', {
      pageTitle: `${family ? 'Add your views' : 'Add views or advice'} – ${header(context, summary).name}`,
      header: header(context, summary),
      errors: refused?.errors,
      values,
      reviewId,
      family,
      heading: family ? 'Add your views' : 'Add views or advice',
      meetingText: review.meetingDate ? formatDate(review.meetingDate) : null,
      kindItems: contributionKindItems(kinds, typeof values.kind === 'string' ? values.kind : kinds.length === 1 ? kinds[0] : undefined),
      assisting: kinds.some((kind) => service.isAssisted(principal, kind)),
      audienceItems:
        writable.length > 1
          ? writable.map((audience) => ({ value: audience, text: AUDIENCES[audience], checked: (typeof values.audience === 'string' ? values.audience : 'family') === audience }))
          : undefined,
    });
  },
});

const recordPage = page({
  permission: 'review:manage',
  audit: 'VIEW_REVIEW',
  path: paths.reviews.record,
  async render(context, refused) {
    const { childId, reviewId } = context.params;
    const result = await service.loadMeetingForm(context.db, context.actor, childId, reviewId);
    const { review } = result;
    const values = refused?.values ?? {};
    const field = (name: string) => {
      const value = values[name];
      return typeof value === 'string' ? value : undefined;
    };
    return context.reply.view('reviews/views/record.njk', {
      pageTitle: `Record the meeting – ${header(context, result.summary).name}`,
      header: header(context, result.summary),
      errors: refused?.errors,
      values: { ...values, ...dateValues(values, 'heldOn', refused ? null : review.meetingDate) },
      version: versionOf(refused, review.version),
      reviewId,
      people: result.participants.map((person) => ({
        id: person.id,
        legend: `${person.name} (${roleText(person.role)}${person.organisation ? `, ${person.organisation}` : ''})`,
        items: attendanceItems(field(`attended-${person.id}`)),
      })),
      outcomes: result.outcomes.map((outcome, index) => ({
        id: outcome.id,
        number: index + 1,
        description: outcome.description,
        items: ratingItems(field(`rating-${outcome.id}`)),
        evidence: field(`evidence-${outcome.id}`),
      })),
    });
  },
});

const reportPage = page({
  permission: 'child:view',
  audit: 'VIEW_REVIEW',
  path: paths.reviews.report,
  async render(context, refused) {
    const { childId, reviewId } = context.params;
    const result = await service.loadReport(context.db, context.actor, childId, reviewId);
    const { review } = result;
    const family = isFamilyReader(context.actor.principal);
    // A family reads the report once it has been sent to them; until then it is the meeting's notes.
    const ready = review.heldOn !== null && (!family || review.reportSentOn !== null);
    return context.reply.view('reviews/views/report.njk', {
      pageTitle: `Review report – ${header(context, result.summary).name}`,
      header: header(context, result.summary),
      errors: refused?.errors,
      reviewId,
      family,
      ready,
      version: String(review.version),
      heading: `${kindText(review.kind)} report`,
      heldOn: review.heldOn ? formatDate(review.heldOn) : null,
      reportSentOn: review.reportSentOn ? formatDate(review.reportSentOn) : null,
      maySend: result.mayRun && review.stage === 'held',
      attendanceRows: participantRows(result.participants),
      ratingRows: ratingRows(result.ratings),
      provisionRows: provisionRecordRows(result.provision),
      provisionFrom: result.provision[0] ? formatDate(result.provision[0].fromDate) : null,
      recommendations: review.recommendations,
      differencesOfView: review.differencesOfView,
      contributionRows: contributionRows(childId, result.contributions),
      decision: decisionView(review),
      amendLink: amendLinkOf(context, childId, review),
    });
  },
});

const decisionPage = page({
  permission: 'review:decide',
  audit: 'VIEW_REVIEW',
  path: paths.reviews.decision,
  async render(context, refused) {
    const { childId, reviewId } = context.params;
    const { summary, review, today } = await service.loadStepForm(context.db, context.actor, childId, reviewId, 'decide');
    const values = refused?.values ?? {};
    return context.reply.view('reviews/views/decision.njk', {
      pageTitle: `Record the decision – ${header(context, summary).name}`,
      header: header(context, summary),
      errors: refused?.errors,
      values: { ...values, ...dateValues(values, 'decisionOn', refused ? null : today) },
      version: versionOf(refused, review.version),
      reviewId,
      heldOn: review.heldOn ? formatDate(review.heldOn) : null,
      selectedDecision: typeof values.decision === 'string' ? values.decision : undefined,
      ceaseReasonItems: ceaseReasonItems(typeof values.ceaseReason === 'string' ? values.ceaseReason : undefined),
      decisionItems,
    });
  },
});

const redirectTo = (context: RouteContext<ReviewParams, unknown>, done: keyof typeof DONE_BANNERS) =>
  context.reply.redirect(paths.reviews.review({ childId: context.params.childId, reviewId: context.params.reviewId }, { done }), 303);

/** The review workflow: the calendar, a review's task list and the form for each of its steps. */
export const reviewRoutes: RouteEntry[] = [
  calendar,
  settingCalendar,
  newReviewPage,
  form({
    permission: 'review:manage',
    audit: 'CREATE_REVIEW',
    path: paths.reviews.new,
    body: newReviewForm,
    page: newReviewPage,
    async submit(context, input) {
      const { childId } = context.params;
      const reviewId = await service.createReview(context.db, context.actor, childId, input);
      return context.reply.redirect(paths.reviews.review({ childId, reviewId }, { done: 'created' }), 303);
    },
  }),
  reviewPage,
  schedulePage,
  form({
    permission: 'review:manage',
    audit: 'SCHEDULE_REVIEW_MEETING',
    path: paths.reviews.schedule,
    body: scheduleForm,
    page: schedulePage,
    async submit(context, input) {
      await service.scheduleMeeting(context.db, context.actor, context.params.childId, context.params.reviewId, input);
      return redirectTo(context, 'scheduled');
    },
  }),
  invitationsPage,
  form({
    permission: 'review:manage',
    audit: 'SEND_REVIEW_INVITATIONS',
    path: paths.reviews.invitations,
    lists: ['invitees'],
    body: invitationsForm,
    page: invitationsPage,
    async submit(context, input) {
      await service.sendInvitations(context.db, context.actor, context.params.childId, context.params.reviewId, input);
      return redirectTo(context, 'invited');
    },
  }),
  form({
    permission: 'review:manage',
    audit: 'SEND_REVIEW_PAPERS',
    path: paths.reviews.papers,
    body: sendReportForm,
    page: reviewPage,
    async submit(context, input) {
      await service.circulatePapers(context.db, context.actor, context.params.childId, context.params.reviewId, input[VERSION_FIELD]);
      return redirectTo(context, 'papers');
    },
  }),
  contributePage,
  form({
    permission: 'review:contribute',
    audit: 'ADD_REVIEW_CONTRIBUTION',
    path: paths.reviews.contribute,
    body: contributionForm,
    page: contributePage,
    async submit(context, input) {
      await service.addContribution(context.db, context.actor, context.params.childId, context.params.reviewId, input);
      return redirectTo(context, 'contributed');
    },
  }),
  recordPage,
  form({
    permission: 'review:manage',
    audit: 'RECORD_REVIEW_MEETING',
    path: paths.reviews.record,
    body: recordMeetingForm,
    page: recordPage,
    async submit(context, input) {
      await service.recordMeeting(context.db, context.actor, context.params.childId, context.params.reviewId, input);
      return redirectTo(context, 'held');
    },
  }),
  reportPage,
  form({
    permission: 'review:manage',
    audit: 'SEND_REVIEW_REPORT',
    path: paths.reviews.sendReport,
    body: sendReportForm,
    page: reportPage,
    async submit(context, input) {
      await service.sendReport(context.db, context.actor, context.params.childId, context.params.reviewId, input[VERSION_FIELD]);
      return redirectTo(context, 'report');
    },
  }),
  decisionPage,
  form({
    permission: 'review:decide',
    audit: 'RECORD_REVIEW_DECISION',
    path: paths.reviews.decision,
    body: decisionForm,
    page: decisionPage,
    async submit(context, input) {
      await service.recordDecision(context.db, context.actor, context.params.childId, context.params.reviewId, input);
      return redirectTo(context, 'decided');
    },
  }),
];
