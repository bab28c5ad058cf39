import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mayOpenFor } from '../../plugins/access.js';
import type { Database } from '../../db/client.js';
import { actorOf } from '../../http/actor.js';
import { ValidationError } from '../../http/errors.js';
import { errorSummaryView, fieldErrorsFrom, type ErrorSummaryView } from '../../http/validation.js';
import { childHeaderView } from '../children/view-models.js';
import { newThreadForm, ownerForm, replyForm } from './schemas.js';
import * as service from './service.js';
import { audienceItems, BODY_MAX, kindItems, messageViews, onBehalfOfItems, ownerItems, promisePagesOf, promiseView, threadRows, threadSummary } from './view-models.js';
import { hasPermission } from '../../auth/permissions.js';
import { documentsLinkedTo } from '../documents/service.js';
import { attachmentsView } from '../documents/view-models.js';

interface ChildParams {
  childId: string;
}

interface ThreadParams extends ChildParams {
  threadId: string;
}

type FormBody = Record<string, unknown>;

/** Messages on a child's record, and the LA's communication promise. */
export function registerMessageRoutes(app: FastifyInstance, db: Database): void {
  app.get<{ Params: ChildParams; Querystring: { sent?: string } }>(
    '/children/:childId/messages',
    { config: { access: { permission: 'message:send', audit: 'VIEW_MESSAGES' } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const { summary, threads, indicator } = await service.loadMessagesTab(db, actor, request.params.childId);
      const header = childHeaderView(summary, 'messages', mayOpenFor(request), request.server.clock.today());
      return reply.view('messages/views/messages.njk', {
        pageTitle: `${header.activeTabLabel} – ${header.name}`,
        header,
        indicator,
        threadRows: threadRows(request.params.childId, threads),
        sent: request.query.sent === '1',
      });
    },
  );

  const renderNewThread = async (request: FastifyRequest<{ Params: ChildParams }>, reply: FastifyReply, values: FormBody, errors?: ErrorSummaryView) => {
    const actor = actorOf(request);
    const form = await service.loadNewThreadForm(db, actor, request.params.childId);
    const header = childHeaderView(form.summary, 'messages', mayOpenFor(request), request.server.clock.today());
    return reply.code(errors ? 400 : 200).view('messages/views/new-thread.njk', {
      pageTitle: `Start a conversation – ${header.name}`,
      header,
      values,
      errors,
      bodyMax: BODY_MAX,
      replyWorkingDays: form.replyWorkingDays,
      audienceItems: form.audiences.length > 1 ? audienceItems(form.audiences, values.audience) : [],
      onlyAudience: form.audiences.length === 1 ? form.audiences[0] : undefined,
      kindItems: form.mayRecordContact ? kindItems(values.kind) : [],
      onBehalfOfItems: form.familyAccounts.length ? onBehalfOfItems(form.familyAccounts, values.onBehalfOf) : [],
    });
  };

  app.get<{ Params: ChildParams }>(
    '/children/:childId/messages/new',
    { config: { access: { permission: 'message:send', audit: 'VIEW_MESSAGES' } } },
    async (request, reply) => renderNewThread(request, reply, {}),
  );

  app.post<{ Params: ChildParams }>(
    '/children/:childId/messages',
    { config: { access: { permission: 'message:send', audit: 'SEND_MESSAGE' } } },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody;
      const parsed = newThreadForm.safeParse(body);
      if (!parsed.success) return renderNewThread(request, reply, body, errorSummaryView(fieldErrorsFrom(parsed.error)));
      try {
        const { threadId } = await service.startThread(db, actorOf(request), request.params.childId, parsed.data);
        return await reply.redirect(`${service.threadPath(request.params.childId, threadId)}?sent=1`, 303);
      } catch (error) {
        if (error instanceof ValidationError) return renderNewThread(request, reply, body, errorSummaryView(error.fieldErrors));
        throw error;
      }
    },
  );

  const renderThread = async (request: FastifyRequest<{ Params: ThreadParams }>, reply: FastifyReply, values: FormBody, errors?: ErrorSummaryView) => {
    const actor = actorOf(request);
    const { childId, threadId } = request.params;
    const view = await service.openThread(db, actor, childId, threadId);
    const attachments = await documentsLinkedTo(db, actor.principal, childId, 'message_thread', threadId);
    const header = childHeaderView(view.summary, 'messages', mayOpenFor(request), request.server.clock.today());
    const query = request.query as Record<string, unknown>;
    return reply.code(errors ? 400 : 200).view('messages/views/thread.njk', {
      pageTitle: `${view.thread.subject} – ${header.name}`,
      header,
      values,
      errors,
      bodyMax: BODY_MAX,
      thread: threadSummary(view.thread),
      threadPath: service.threadPath(childId, threadId),
      messages: messageViews(view.messages, view.reads, actor.principal, view.bankHolidays),
      mayReply: view.mayReply,
      kindItems: view.mayRecordContact ? kindItems(values.kind) : [],
      onBehalfOfItems: view.familyAccounts.length ? onBehalfOfItems(view.familyAccounts, values.onBehalfOf) : [],
      mayReassign: view.mayReassign,
      ownerItems: view.mayReassign ? ownerItems(view.owners, view.thread.ownerUserId) : [],
      sent: query.sent === '1',
      reassigned: query.reassigned === '1',
      attachments: attachmentsView(attachments),
      attachHref: hasPermission(actor.principal.role, 'document:upload') ? `/children/${childId}/documents?linkType=message_thread&linkId=${threadId}` : null,
    });
  };

  app.get<{ Params: ThreadParams }>(
    '/children/:childId/messages/:threadId',
    { config: { access: { permission: 'message:send', audit: 'READ_MESSAGE' } } },
    async (request, reply) => renderThread(request, reply, {}),
  );

  app.post<{ Params: ThreadParams }>(
    '/children/:childId/messages/:threadId',
    { config: { access: { permission: 'message:send', audit: 'SEND_MESSAGE' } } },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody;
      const parsed = replyForm.safeParse(body);
      if (!parsed.success) return renderThread(request, reply, body, errorSummaryView(fieldErrorsFrom(parsed.error)));
      const { childId, threadId } = request.params;
      try {
        await service.replyToThread(db, actorOf(request), childId, threadId, parsed.data);
      } catch (error) {
        if (error instanceof ValidationError) return renderThread(request, reply, body, errorSummaryView(error.fieldErrors));
        throw error;
      }
      return reply.redirect(`${service.threadPath(childId, threadId)}?sent=1`, 303);
    },
  );

  app.post<{ Params: ThreadParams }>(
    '/children/:childId/messages/:threadId/owner',
    { config: { access: { permission: 'message:reassign', audit: 'REASSIGN_MESSAGE_THREAD' } } },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody;
      const parsed = ownerForm.safeParse(body);
      if (!parsed.success) return renderThread(request, reply, body, errorSummaryView(fieldErrorsFrom(parsed.error)));
      const { childId, threadId } = request.params;
      try {
        await service.reassignThread(db, actorOf(request), childId, threadId, parsed.data.ownerUserId);
      } catch (error) {
        if (error instanceof ValidationError) return renderThread(request, reply, body, errorSummaryView(error.fieldErrors));
        throw error;
      }
      return reply.redirect(`${service.threadPath(childId, threadId)}?reassigned=1`, 303);
    },
  );

  app.get('/communication', { config: { access: { permission: 'team:oversee', audit: 'VIEW_COMMUNICATION_PROMISE' } } }, async (request, reply) => {
    const data = await service.loadCommunicationPromise(db, actorOf(request), promisePagesOf(request.query));
    return reply.view('messages/views/communication.njk', { pageTitle: 'Communication promise', ...promiseView(data) });
  });
}
