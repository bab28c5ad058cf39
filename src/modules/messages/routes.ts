import { paths } from '../../http/paths.js';
import { form, page, type FormState, type RouteContext, type RouteEntry } from '../../http/route-table.js';
import { childHeaderView } from '../children/view-models.js';
import { pageLink, paginationView, shownText } from '../../http/pagination.js';
import { messagesTabQuery, newThreadForm, ownerForm, promiseQuery, replyForm, threadQuery } from './schemas.js';
import * as service from './service.js';
import { audienceItems, BODY_MAX, kindItems, messageViews, onBehalfOfItems, ownerItems, promisePagesOf, promiseView, threadRows, threadSummary } from './view-models.js';
import { hasPermission } from '../../auth/permissions.js';
import { documentsLinkedTo } from '../documents/service.js';
import { attachmentsView } from '../documents/view-models.js';

type ThreadParams = { childId: string; threadId: string };

const SEND = { permission: 'message:send', audit: 'SEND_MESSAGE' } as const;

const messagesTab = page({
  permission: 'message:send',
  audit: 'VIEW_MESSAGES',
  path: paths.messages.list,
  query: messagesTabQuery,
  async render(context) {
    const { childId } = context.params;
    const { summary, threads, page: shown, total, indicator } = await service.loadMessagesTab(context.db, context.actor, childId, context.query.page);
    const header = childHeaderView(summary, 'messages', (path) => context.mayOpen(path), context.actor.clock.today());
    return context.reply.view('messages/views/messages.njk', {
      pageTitle: `${header.activeTabLabel} – ${header.name}`,
      header,
      indicator,
      threadRows: threadRows(childId, threads),
      shown: total > service.THREADS_PAGE_SIZE ? shownText(shown, total, service.THREADS_PAGE_SIZE, 'conversations') : undefined,
      pagination: paginationView(shown, total, service.THREADS_PAGE_SIZE, pageLink(paths.messages.list({ childId }))),
      sent: context.query.sent === '1',
    });
  },
});

const newThread = page({
  permission: 'message:send',
  audit: 'VIEW_MESSAGES',
  path: paths.messages.new,
  async render(context, refused) {
    const values = refused?.values ?? {};
    const loaded = await service.loadNewThreadForm(context.db, context.actor, context.params.childId);
    const header = childHeaderView(loaded.summary, 'messages', (path) => context.mayOpen(path), context.actor.clock.today());
    return context.reply.view('messages/views/new-thread.njk', {
      pageTitle: `Start a conversation – ${header.name}`,
      header,
      values,
      errors: refused?.errors,
      bodyMax: BODY_MAX,
      replyWorkingDays: loaded.replyWorkingDays,
      audienceItems: loaded.audiences.length > 1 ? audienceItems(loaded.audiences, values.audience) : [],
      onlyAudience: loaded.audiences.length === 1 ? loaded.audiences[0] : undefined,
      kindItems: loaded.mayRecordContact ? kindItems(values.kind) : [],
      onBehalfOfItems: loaded.familyAccounts.length ? onBehalfOfItems(loaded.familyAccounts, values.onBehalfOf) : [],
    });
  },
});

async function renderThread(context: RouteContext<ThreadParams, { sent?: '1'; reassigned?: '1' }>, refused: FormState | undefined) {
  const values = refused?.values ?? {};
  const { actor } = context;
  const { childId, threadId } = context.params;
  const view = await service.openThread(context.db, actor, childId, threadId);
  const attachments = await documentsLinkedTo(context.db, actor.principal, childId, 'message_thread', threadId);
  const header = childHeaderView(view.summary, 'messages', (path) => context.mayOpen(path), context.actor.clock.today());
  return context.reply.view('messages/views/thread.njk', {
    pageTitle: `${view.thread.subject} – ${header.name}`,
    header,
    values,
    errors: refused?.errors,
    bodyMax: BODY_MAX,
    thread: threadSummary(view.thread),
    threadPath: paths.messages.thread({ childId, threadId }),
    ownerPath: paths.messages.owner({ childId, threadId }),
    messages: messageViews(view.messages, view.reads, actor.principal, view.bankHolidays),
    mayReply: view.mayReply,
    kindItems: view.mayRecordContact ? kindItems(values.kind) : [],
    onBehalfOfItems: view.familyAccounts.length ? onBehalfOfItems(view.familyAccounts, values.onBehalfOf) : [],
    mayReassign: view.mayReassign,
    ownerItems: view.mayReassign ? ownerItems(view.owners, view.thread.ownerUserId) : [],
    sent: context.query.sent === '1',
    reassigned: context.query.reassigned === '1',
    attachments: attachmentsView(attachments),
    attachHref: hasPermission(actor.principal.role, 'document:upload') ? paths.documents.list({ childId }, { linkType: 'message_thread', linkId: threadId }) : null,
  });
}

const thread = page({ permission: 'message:send', audit: 'READ_MESSAGE', path: paths.messages.thread, query: threadQuery, render: renderThread });

/** Messages on a child's record, and the LA's communication promise. */
export const messageRoutes: RouteEntry[] = [
  messagesTab,
  newThread,
  form({
    ...SEND,
    path: paths.messages.list,
    body: newThreadForm,
    page: newThread,
    async submit(context, input) {
      const { childId } = context.params;
      const { threadId } = await service.startThread(context.db, context.actor, childId, input);
      return context.reply.redirect(paths.messages.thread({ childId, threadId }, { sent: 1 }), 303);
    },
  }),
  thread,
  form({
    ...SEND,
    path: paths.messages.thread,
    body: replyForm,
    page: thread,
    async submit(context, input) {
      const { childId, threadId } = context.params;
      await service.replyToThread(context.db, context.actor, childId, threadId, input);
      return context.reply.redirect(paths.messages.thread({ childId, threadId }, { sent: 1 }), 303);
    },
  }),
  form({
    permission: 'message:reassign',
    audit: 'REASSIGN_MESSAGE_THREAD',
    path: paths.messages.owner,
    body: ownerForm,
    page: thread,
    async submit(context, input) {
      const { childId, threadId } = context.params;
      await service.reassignThread(context.db, context.actor, childId, threadId, input.ownerUserId);
      return context.reply.redirect(paths.messages.thread({ childId, threadId }, { reassigned: 1 }), 303);
    },
  }),
  page({
    permission: 'team:oversee',
    audit: 'VIEW_COMMUNICATION_PROMISE',
    path: paths.monitoring.communication,
    query: promiseQuery,
    async render(context) {
      const data = await service.loadCommunicationPromise(context.db, context.actor, promisePagesOf(context.query), context.query.team);
      return context.reply.view('messages/views/communication.njk', { pageTitle: 'Communication promise', ...promiseView(data) });
    },
  }),
];
