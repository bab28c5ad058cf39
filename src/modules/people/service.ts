import { audiencesReadableBy, audiencesWritableBy } from '../../domain/audience.js';
import { isFamilyRole, isLaStaff } from '../../auth/roles.js';
import type { Database } from '../../db/client.js';
import type { Actor } from '../../http/actor.js';
import { ForbiddenError, ValidationError } from '../../http/errors.js';
import { readPage } from '../../http/pagination.js';
import { recordAudit } from '../audit/repository.js';
import { findChildInScope, openChildRecord } from '../children/service.js';
import { findContactsPage, findPeopleInvolved, insertContact } from './repository.js';
import type { AddContact } from './schemas.js';

/** Other contacts a page: the LA adds them by hand and nothing bounds how many a child gathers. */
export const CONTACTS_PAGE_SIZE = 25;

/** Who is involved with the child, as this person may see them, with a page of the other contacts. */
export async function loadPeople(db: Database, actor: Actor, childId: string, contactsPage = 1) {
  const summary = await openChildRecord(db, actor, childId);
  const { laId, role } = actor.principal;
  const [involved, contacts] = await Promise.all([
    findPeopleInvolved(db, { laId, childId, today: actor.clock.today() }),
    readPage(contactsPage, CONTACTS_PAGE_SIZE, (window) => findContactsPage(db, { laId, childId, audiences: audiencesReadableBy(role), window })),
  ]);
  return { summary, people: { ...involved, contacts: contacts.rows }, contacts };
}

/** The family's own contact details are for the family and the LA, never for a school or provider. */
export function seesFamilyContact(role: Actor['principal']['role']): boolean {
  return isLaStaff(role) || isFamilyRole(role);
}

/** Contacts are kept by the LA: a school or provider tells the caseworker. */
function assertMayAddContacts(actor: Actor): void {
  if (!isLaStaff(actor.principal.role)) throw new ForbiddenError();
}

export async function loadContactForm(db: Database, actor: Actor, childId: string) {
  assertMayAddContacts(actor);
  return openChildRecord(db, actor, childId);
}

/** Adds a contact and its audit event together; nothing is stored if either fails. */
export async function addContact(db: Database, actor: Actor, childId: string, input: AddContact) {
  const { principal } = actor;
  // In scope, not audited as a read: the contact's own event names the child.
  assertMayAddContacts(actor);
  await findChildInScope(db, actor, childId);
  if (!audiencesWritableBy(principal.role).includes(input.audience)) throw new ValidationError([{ path: 'audience', message: 'Select who can see these contact details from the list' }]);
  return db.transaction(async (tx) => {
    const contactId = await insertContact(tx, { laId: principal.laId, childId, ...input, addedBy: principal.userId });
    await recordAudit(tx, actor, {
      subjectType: 'child_contact',
      subjectId: contactId,
      childId,
      change: { added: input },
    });
    return contactId;
  });
}
