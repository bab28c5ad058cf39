import { z } from 'zod';
import { formatDate } from '../../domain/formatting.js';
import { vagueWordingPatterns } from '../../domain/vague-wording.js';
import { MissingVersionError, submittedVersion } from '../../http/edit-version.js';
import { NotFoundError } from '../../http/errors.js';
import { paths } from '../../http/paths.js';
import { form, page, type FormState, type RouteContext, type RouteEntry } from '../../http/route-table.js';
import { childHeaderView } from '../children/view-models.js';
import { commentForm, confirmForm, isNarrativeSection, startForm, startQuery, isProvisionSection, lineForm, moveForm, narrativeForm, needsForm, outcomesForm } from './schemas.js';
import * as service from './service.js';
import { clockRows, comparisonView, lineFlags, lineFormView, needRows, outcomeRows, provisionLines, taskListItems } from './view-models.js';

type DraftParams = { childId: string; versionId: string };
type Loaded = Awaited<ReturnType<typeof service.loadDraft>>;

/** A banner after a redirect: what was just done. */
const doneQuery = z.object({ done: z.enum(['started', 'saved', 'proposed', 'commented']).optional().catch(undefined) });

function versionOf(loaded: { draft: { version: number } }, refused: FormState | undefined): number {
  return (refused && submittedVersion(refused.values)) ?? loaded.draft.version;
}

function openedAt(context: RouteContext<unknown, unknown>): number {
  const version = submittedVersion(context.request.body as Record<string, unknown>);
  if (version === undefined) throw new MissingVersionError();
  return version;
}

/** What every page of the editor shows: the child's record bar and the draft it is a page of. */
function draftView(context: RouteContext<DraftParams, unknown>, loaded: Loaded, refused: FormState | undefined, title: string) {
  const header = childHeaderView(loaded.summary, 'plan', (path) => context.mayOpen(path), context.actor.clock.today());
  const { childId, versionId } = context.params;
  return {
    pageTitle: `${title} – ${header.name}`,
    header,
    heading: title,
    errors: refused?.errors,
    values: refused?.values ?? {},
    version: versionOf(loaded, refused),
    draftLabel: `Draft amendment (version ${String(loaded.draft.versionNumber)})`,
    draftHref: paths.planEditor.draft({ childId, versionId }),
    proposed: loaded.clock !== null,
    outOfDate: loaded.outOfDate,
  };
}

const startPage = page({
  permission: 'plan:amend',
  audit: 'VIEW_PLAN',
  path: paths.planEditor.start,
  query: startQuery,
  async render(context, refused) {
    const { summary, openDraftId } = await service.loadStart(context.db, context.actor, context.params.childId);
    const header = childHeaderView(summary, 'plan', (path) => context.mayOpen(path), context.actor.clock.today());
    return context.reply.view('plan-editor/views/start.njk', {
      pageTitle: `Amend the plan – ${header.name}`,
      header,
      errors: refused?.errors,
      hasPlan: summary.plan !== null && summary.plan.currentVersionId !== null,
      openDraftHref: openDraftId ? paths.planEditor.draft({ childId: context.params.childId, versionId: openDraftId }) : undefined,
      planHref: paths.child.plan({ childId: context.params.childId }),
      reviewId: context.query.review,
    });
  },
});

const draftPage = page({
  permission: 'plan:amend',
  audit: 'VIEW_PLAN_DRAFT',
  path: paths.planEditor.draft,
  query: doneQuery,
  async render(context, refused) {
    const { childId, versionId } = context.params;
    const loaded = await service.loadDraft(context.db, context.actor, childId, versionId);
    return context.reply.view('plan-editor/views/draft.njk', {
      ...draftView(context, loaded, refused, `Draft amendment (version ${String(loaded.draft.versionNumber)})`),
      done: refused ? undefined : context.query.done,
      taskItems: taskListItems(childId, versionId, loaded.content, loaded.comparison),
      comparison: comparisonView(loaded.comparison),
      clockRows: loaded.clock ? clockRows(loaded.clock) : [],
      issueRefusal: loaded.issueRefusal,
      proposeHref: paths.planEditor.propose({ childId, versionId }),
      issueHref: paths.planEditor.issue({ childId, versionId }),
      proposalHref: paths.planEditor.proposal({ childId, versionId }),
    });
  },
});

const narrativePage = page({
  permission: 'plan:amend',
  audit: 'VIEW_PLAN_DRAFT',
  path: paths.planEditor.section,
  async render(context, refused) {
    const { childId, versionId, section } = context.params;
    if (!isNarrativeSection(section)) throw new NotFoundError();
    const loaded = await service.loadDraft(context.db, context.actor, childId, versionId);
    const saved = loaded.content.sections.find((row) => row.section === section)?.content ?? '';
    const inForce = loaded.inForce?.sections.find((row) => row.section === section)?.content ?? '';
    return context.reply.view('plan-editor/views/narrative.njk', {
      ...draftView(context, loaded, refused, `Section ${section}: ${service.sectionTitle(section)}`),
      content: refused && typeof refused.values.content === 'string' ? refused.values.content : saved,
      inForce,
      changed: saved.trim() !== inForce.trim(),
    });
  },
});

const needsPage = page({
  permission: 'plan:amend',
  audit: 'VIEW_PLAN_DRAFT',
  path: paths.planEditor.needs,
  async render(context, refused) {
    const { childId, versionId } = context.params;
    const loaded = await service.loadDraft(context.db, context.actor, childId, versionId);
    return context.reply.view('plan-editor/views/needs.njk', {
      ...draftView(context, loaded, refused, 'Section B: Special educational needs'),
      rows: needRows(loaded.content, refused?.values),
    });
  },
});

const outcomesPage = page({
  permission: 'plan:amend',
  audit: 'VIEW_PLAN_DRAFT',
  path: paths.planEditor.outcomes,
  async render(context, refused) {
    const { childId, versionId } = context.params;
    const loaded = await service.loadDraft(context.db, context.actor, childId, versionId);
    return context.reply.view('plan-editor/views/outcomes.njk', {
      ...draftView(context, loaded, refused, 'Section E: Outcomes sought'),
      rows: outcomeRows(loaded.content, refused?.values),
    });
  },
});

const provisionPage = page({
  permission: 'plan:amend',
  audit: 'VIEW_PLAN_DRAFT',
  path: paths.planEditor.provision,
  query: doneQuery,
  async render(context, refused) {
    const { childId, versionId, section } = context.params;
    if (!isProvisionSection(section)) throw new NotFoundError();
    const loaded = await service.loadDraft(context.db, context.actor, childId, versionId);
    return context.reply.view('plan-editor/views/provision.njk', {
      ...draftView(context, loaded, refused, `Section ${section}: ${service.sectionTitle(section)}`),
      done: refused ? undefined : context.query.done,
      lines: provisionLines(childId, versionId, section, loaded.content),
      newLineHref: paths.planEditor.newLine({ childId, versionId, section }),
    });
  },
});

async function renderLine(context: RouteContext<DraftParams & { lineId?: string; section?: string }>, refused: FormState | undefined) {
  const { childId, versionId } = context.params;
  const loaded = await service.loadDraft(context.db, context.actor, childId, versionId);
  const line = context.params.lineId ? loaded.content.provision.find((candidate) => candidate.id === context.params.lineId) : undefined;
  if (context.params.lineId && !line) throw new NotFoundError();
  const section = line?.section ?? context.params.section ?? '';
  if (!isProvisionSection(section)) throw new NotFoundError();
  const linked = line ? loaded.content.links.filter((link) => link.provisionItemId === line.id).map((link) => link.outcomeId) : [];
  return context.reply.view('plan-editor/views/line.njk', {
    ...draftView(context, loaded, refused, line ? `Change a line of section ${section}` : `Add a line to section ${section}`),
    sectionHref: paths.planEditor.provision({ childId, versionId, section }),
    sectionTitle: `Section ${section}: ${service.sectionTitle(section)}`,
    isNew: !line,
    flags: line && !refused ? lineFlags(line) : [],
    // The phrases the flags look for, so the page can flag them as the officer types (the same list the server checks on save).
    vaguePatterns: JSON.stringify(vagueWordingPatterns()),
    line: lineFormView(line, loaded.content, loaded.organisations, refused?.values, linked),
  });
}

const linePage = page({ permission: 'plan:amend', audit: 'VIEW_PLAN_DRAFT', path: paths.planEditor.line, render: renderLine });
const newLinePage = page({ permission: 'plan:amend', audit: 'VIEW_PLAN_DRAFT', path: paths.planEditor.newLine, render: renderLine });

const proposePage = page({
  permission: 'plan:amend',
  audit: 'VIEW_PLAN_DRAFT',
  path: paths.planEditor.propose,
  async render(context, refused) {
    const { childId, versionId } = context.params;
    const loaded = await service.loadDraft(context.db, context.actor, childId, versionId);
    const today = context.actor.clock.today();
    return context.reply.view('plan-editor/views/propose.njk', {
      ...draftView(context, loaded, refused, 'Send the proposed changes to the family'),
      comparison: comparisonView(loaded.comparison),
      clockRows: loaded.clock ? clockRows(loaded.clock) : [],
      // What sending today would set: 15 days for comments (reg 22(2)(c)), issued within 8 weeks (reg 22(3)).
      ifSentToday: clockRows(service.clockFrom(today)),
    });
  },
});

const issuePage = page({
  permission: 'plan:amend',
  audit: 'VIEW_PLAN_DRAFT',
  path: paths.planEditor.issue,
  async render(context, refused) {
    const { childId, versionId } = context.params;
    const loaded = await service.loadDraft(context.db, context.actor, childId, versionId);
    return context.reply.view('plan-editor/views/issue.njk', {
      ...draftView(context, loaded, refused, 'Issue the amended plan'),
      comparison: comparisonView(loaded.comparison),
      clockRows: loaded.clock ? clockRows(loaded.clock) : [],
      issueRefusal: loaded.issueRefusal,
      todayText: formatDate(context.actor.clock.today()),
    });
  },
});

const proposalPage = page({
  permission: 'child:view',
  audit: 'VIEW_PROPOSED_AMENDMENT',
  path: paths.planEditor.proposal,
  query: doneQuery,
  async render(context, refused) {
    const { childId, versionId } = context.params;
    const loaded = await service.loadProposal(context.db, context.actor, childId, versionId);
    const header = childHeaderView(loaded.summary, 'plan', (path) => context.mayOpen(path), context.actor.clock.today());
    return context.reply.view('plan-editor/views/proposal.njk', {
      pageTitle: `Proposed changes to the plan – ${header.name}`,
      header,
      errors: refused?.errors,
      values: refused?.values ?? {},
      done: refused ? undefined : context.query.done,
      comparison: comparisonView(loaded.comparison),
      clock: loaded.clock,
      clockRows: loaded.clock ? clockRows(loaded.clock) : [],
      mayComment: loaded.mayComment && loaded.clock !== null && loaded.clock.commentDaysLeft > 0,
      commentsCloseText: loaded.clock ? formatDate(loaded.clock.commentsCloseOn) : '',
      commentHref: paths.planEditor.comment({ childId, versionId }),
      messagesHref: paths.messages.list({ childId }),
      planHref: paths.child.plan({ childId }),
    });
  },
});

const EDIT = { permission: 'plan:amend', audit: 'EDIT_PLAN_DRAFT' } as const;

/**
 * The plan editor: a draft of a child's plan, section by section, sent to the family as proposed
 * changes and issued as the amended plan. Every page is for those who amend plans, except the
 * proposal itself, which the family (and anyone who reads the plan) sees once it is sent.
 */
export const planEditorRoutes: RouteEntry[] = [
  startPage,
  form({
    permission: 'plan:amend',
    audit: 'START_PLAN_AMENDMENT',
    path: paths.planEditor.start,
    body: startForm,
    page: startPage,
    async submit(context, input) {
      const { childId } = context.params;
      const { versionId } = await service.startAmendmentDraft(context.db, context.actor, childId, input.reviewId ? { reviewId: input.reviewId } : {});
      return context.reply.redirect(paths.planEditor.draft({ childId, versionId }, { done: 'started' }), 303);
    },
  }),
  draftPage,
  narrativePage,
  form({
    ...EDIT,
    path: paths.planEditor.section,
    body: narrativeForm,
    page: narrativePage,
    async submit(context, input) {
      const { childId, versionId, section } = context.params;
      if (!isNarrativeSection(section)) throw new NotFoundError();
      await service.saveNarrative(context.db, context.actor, childId, versionId, section, input, openedAt(context));
      return context.reply.redirect(paths.planEditor.draft({ childId, versionId }, { done: 'saved' }), 303);
    },
  }),
  needsPage,
  form({
    ...EDIT,
    path: paths.planEditor.needs,
    body: needsForm,
    page: needsPage,
    async submit(context, input) {
      const { childId, versionId } = context.params;
      await service.saveNeeds(context.db, context.actor, childId, versionId, input, openedAt(context));
      return context.reply.redirect(paths.planEditor.draft({ childId, versionId }, { done: 'saved' }), 303);
    },
  }),
  outcomesPage,
  form({
    ...EDIT,
    path: paths.planEditor.outcomes,
    body: outcomesForm,
    page: outcomesPage,
    async submit(context, input) {
      const { childId, versionId } = context.params;
      await service.saveOutcomes(context.db, context.actor, childId, versionId, input, openedAt(context));
      return context.reply.redirect(paths.planEditor.draft({ childId, versionId }, { done: 'saved' }), 303);
    },
  }),
  provisionPage,
  newLinePage,
  form({
    ...EDIT,
    path: paths.planEditor.newLine,
    lists: ['outcomeIds'],
    body: lineForm,
    page: newLinePage,
    async submit(context, input) {
      const { childId, versionId, section } = context.params;
      if (!isProvisionSection(section)) throw new NotFoundError();
      await service.addLine(context.db, context.actor, childId, versionId, section, input, openedAt(context));
      return context.reply.redirect(paths.planEditor.provision({ childId, versionId, section }, { done: 'saved' }), 303);
    },
  }),
  linePage,
  form({
    ...EDIT,
    path: paths.planEditor.line,
    lists: ['outcomeIds'],
    body: lineForm,
    page: linePage,
    async submit(context, input) {
      const { childId, versionId, lineId } = context.params;
      const section = await service.saveLine(context.db, context.actor, childId, versionId, lineId, input, openedAt(context));
      return context.reply.redirect(paths.planEditor.provision({ childId, versionId, section }, { done: 'saved' }), 303);
    },
  }),
  form({
    ...EDIT,
    path: paths.planEditor.moveLine,
    body: moveForm,
    page: linePage,
    async submit(context, input) {
      const { childId, versionId, lineId } = context.params;
      const section = await service.moveLine(context.db, context.actor, childId, versionId, lineId, input.direction, openedAt(context));
      return context.reply.redirect(paths.planEditor.provision({ childId, versionId, section }), 303);
    },
  }),
  form({
    ...EDIT,
    path: paths.planEditor.removeLine,
    body: confirmForm,
    page: linePage,
    async submit(context) {
      const { childId, versionId, lineId } = context.params;
      const section = await service.removeLine(context.db, context.actor, childId, versionId, lineId, openedAt(context));
      return context.reply.redirect(paths.planEditor.provision({ childId, versionId, section }, { done: 'saved' }), 303);
    },
  }),
  proposePage,
  form({
    permission: 'plan:amend',
    audit: 'PROPOSE_PLAN_AMENDMENT',
    path: paths.planEditor.propose,
    body: confirmForm,
    page: proposePage,
    async submit(context) {
      const { childId, versionId } = context.params;
      await service.proposeAmendment(context.db, context.actor, childId, versionId, openedAt(context));
      return context.reply.redirect(paths.planEditor.draft({ childId, versionId }, { done: 'proposed' }), 303);
    },
  }),
  issuePage,
  form({
    permission: 'plan:amend',
    audit: 'AMEND_PLAN',
    path: paths.planEditor.issue,
    body: confirmForm,
    page: issuePage,
    async submit(context) {
      const { childId, versionId } = context.params;
      await service.issueAmendment(context.db, context.actor, childId, versionId, openedAt(context));
      return context.reply.redirect(paths.child.plan({ childId }, { issued: 1 }), 303);
    },
  }),
  proposalPage,
  form({
    permission: 'message:send',
    audit: 'SEND_MESSAGE',
    path: paths.planEditor.comment,
    body: commentForm,
    page: proposalPage,
    async submit(context, input) {
      const { childId, versionId } = context.params;
      await service.commentOnProposal(context.db, context.actor, childId, versionId, input.comment);
      return context.reply.redirect(paths.planEditor.proposal({ childId, versionId }, { done: 'commented' }), 303);
    },
  }),
];
