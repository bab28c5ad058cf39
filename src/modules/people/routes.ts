import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mayOpenFor } from '../../plugins/access.js';
import { isLaStaff } from '../../auth/roles.js';
import type { Database } from '../../db/client.js';
import { audiencesWritableBy } from '../../domain/audience.js';
import { actorOf } from '../../http/actor.js';
import { ValidationError } from '../../http/errors.js';
import { pageLink, pageOf, paginationView, shownText } from '../../http/pagination.js';
import { errorSummaryView, fieldErrorsFrom, type ErrorSummaryView } from '../../http/validation.js';
import { hasPermission } from '../../auth/permissions.js';
import { childHeaderView } from '../children/view-models.js';
import { addContactForm } from './schemas.js';
import * as service from './service.js';
import { contactAudienceItems, peopleView } from './view-models.js';

interface ChildParams {
  childId: string;
}

async function renderContactForm(db: Database, request: FastifyRequest<{ Params: ChildParams }>, reply: FastifyReply, values: Record<string, unknown>, errors?: ErrorSummaryView) {
  const actor = actorOf(request);
  const summary = await service.loadContactForm(db, actor, request.params.childId);
  const header = childHeaderView(summary, 'people', mayOpenFor(request), request.server.clock.today());
  return reply.code(errors ? 400 : 200).view('people/views/add-contact.njk', {
    pageTitle: `Add a contact – ${header.name}`,
    header,
    errors,
    values,
    audienceItems: contactAudienceItems(audiencesWritableBy(actor.principal.role), values.audience),
  });
}

/** Who is involved with the child and how to reach them; LA staff add contacts who are not users. */
export function registerPeopleRoutes(app: FastifyInstance, db: Database): void {
  app.get<{ Params: ChildParams }>('/children/:childId/people', { config: { access: { permission: 'child:view', audit: 'VIEW_INVOLVED' } } }, async (request, reply) => {
    const actor = actorOf(request);
    const { summary, people, contacts } = await service.loadPeople(db, actor, request.params.childId, pageOf(request.query));
    const header = childHeaderView(summary, 'people', mayOpenFor(request), request.server.clock.today());
    return reply.view('people/views/people.njk', {
      pageTitle: `${header.activeTabLabel} – ${header.name}`,
      header,
      ...peopleView(people, { seesFamilyContact: service.seesFamilyContact(actor.principal.role) }),
      contactsShown: contacts.total > service.CONTACTS_PAGE_SIZE ? shownText(contacts.page, contacts.total, service.CONTACTS_PAGE_SIZE, 'other contacts') : undefined,
      contactsPagination: paginationView(contacts.page, contacts.total, service.CONTACTS_PAGE_SIZE, pageLink(`/children/${request.params.childId}/people`, {}, { fragment: 'other-contacts' })),
      mayAddContact: isLaStaff(actor.principal.role) && hasPermission(actor.principal.role, 'timeline:log'),
      added: (request.query as Record<string, unknown>).added === '1',
    });
  });

  app.get<{ Params: ChildParams }>('/children/:childId/people/new', { config: { access: { permission: 'timeline:log', audit: 'VIEW_INVOLVED' } } }, async (request, reply) =>
    renderContactForm(db, request, reply, {}),
  );

  app.post<{ Params: ChildParams }>('/children/:childId/people/new', { config: { access: { permission: 'timeline:log', audit: 'MANAGE_CONTACTS' } } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = addContactForm.safeParse(body);
    if (!parsed.success) return renderContactForm(db, request, reply, body, errorSummaryView(fieldErrorsFrom(parsed.error)));
    try {
      await service.addContact(db, actorOf(request), request.params.childId, parsed.data);
    } catch (error) {
      if (error instanceof ValidationError) return renderContactForm(db, request, reply, body, errorSummaryView(error.fieldErrors));
      throw error;
    }
    return reply.redirect(`/children/${request.params.childId}/people?added=1`, 303);
  });
}
