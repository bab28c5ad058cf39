import { z } from 'zod';
import { isLaStaff } from '../../auth/roles.js';
import { audiencesWritableBy } from '../../domain/audience.js';
import { pageLink, pageNumber, paginationView, shownText } from '../../http/pagination.js';
import { paths } from '../../http/paths.js';
import { form, page, type RouteEntry } from '../../http/route-table.js';
import { hasPermission } from '../../auth/permissions.js';
import { childHeaderView } from '../children/view-models.js';
import { addContactForm } from './schemas.js';
import * as service from './service.js';
import { contactAudienceItems, peopleView } from './view-models.js';

const newContact = page({
  permission: 'timeline:log',
  audit: 'VIEW_INVOLVED',
  path: paths.child.newPerson,
  async render(context, refused) {
    const { actor } = context;
    const values = refused?.values ?? {};
    const summary = await service.loadContactForm(context.db, actor, context.params.childId);
    const header = childHeaderView(summary, 'people', (path) => context.mayOpen(path), context.actor.clock.today());
    return context.reply.view('people/views/add-contact.njk', {
      pageTitle: `Add a contact – ${header.name}`,
      header,
      errors: refused?.errors,
      values,
      audienceItems: contactAudienceItems(audiencesWritableBy(actor.principal.role), values.audience),
    });
  },
});

/** Who is involved with the child and how to reach them; LA staff add contacts who are not users. */
export const peopleRoutes: RouteEntry[] = [
  page({
    permission: 'child:view',
    audit: 'VIEW_INVOLVED',
    path: paths.child.people,
    query: z.object({ page: pageNumber, added: z.literal('1').optional().catch(undefined) }),
    async render(context) {
      const { actor } = context;
      const { childId } = context.params;
      const { summary, people, contacts } = await service.loadPeople(context.db, actor, childId, context.query.page);
      const header = childHeaderView(summary, 'people', (path) => context.mayOpen(path), context.actor.clock.today());
      return context.reply.view('people/views/people.njk', {
        pageTitle: `${header.activeTabLabel} – ${header.name}`,
        header,
        ...peopleView(people, { seesFamilyContact: service.seesFamilyContact(actor.principal.role) }),
        contactsShown: contacts.total > service.CONTACTS_PAGE_SIZE ? shownText(contacts.page, contacts.total, service.CONTACTS_PAGE_SIZE, 'other contacts') : undefined,
        contactsPagination: paginationView(contacts.page, contacts.total, service.CONTACTS_PAGE_SIZE, pageLink(paths.child.people({ childId }), {}, { fragment: 'other-contacts' })),
        mayAddContact: isLaStaff(actor.principal.role) && hasPermission(actor.principal.role, 'timeline:log'),
        added: context.query.added === '1',
      });
    },
  }),
  newContact,
  form({
    permission: 'timeline:log',
    audit: 'MANAGE_CONTACTS',
    path: paths.child.newPerson,
    body: addContactForm,
    page: newContact,
    async submit(context, contact) {
      const { childId } = context.params;
      await service.addContact(context.db, context.actor, childId, contact);
      return context.reply.redirect(paths.child.people({ childId }, { added: 1 }), 303);
    },
  }),
];
