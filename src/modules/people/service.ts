import { audiencesReadableBy, audiencesWritableBy } from '../../domain/audience.js';
import { isFamilyRole, isLaStaff } from '../../auth/roles.js';
import type { Database } from '../../db/client.js';
import type { Actor } from '../../http/actor.js';
import { ForbiddenError, ValidationError } from '../../http/errors.js';
import { insertAuditEvent } from '../audit/repository.js';
import { openChildRecord } from '../children/service.js';
import { findPeopleInvolved, insertContact } from './repository.js';
import type { AddContact } from './schemas.js';

/** Who is involved with the child, as this person may see them. */
export async function loadPeople(db: Database, actor: Actor, childId: string) {
  const summary = await openChildRecord(db, actor, childId, 'VIEW_INVOLVED');
  const people = await findPeopleInvolved(db, { laId: actor.principal.laId, childId, audiences: audiencesReadableBy(actor.principal.role), today: actor.clock.today() });
  return { summary, people };
}

/** The family's own contact details are for the family and the LA, never for a school or provider. */
export function seesFamilyContact(role: Actor['principal']['role']): boolean {
  return isLaStaff(role) || isFamilyRole(role);
}

/** Contacts are kept by the LA: a school or provider tells the caseworker. */
export function assertMayAddContacts(actor: Actor): void {
  if (!isLaStaff(actor.principal.role)) throw new ForbiddenError();
}

export async function loadContactForm(db: Database, actor: Actor, childId: string) {
  assertMayAddContacts(actor);
  return openChildRecord(db, actor, childId, 'VIEW_INVOLVED');
}

/** Adds a contact and its audit event together; nothing is stored if either fails. */
export async function addContact(db: Database, actor: Actor, childId: string, input: AddContact) {
  const { principal } = actor;
  await loadContactForm(db, actor, childId);
  if (!audiencesWritableBy(principal.role).includes(input.audience)) throw new ValidationError([{ path: 'audience', message: 'Select who can see these contact details from the list' }]);
  return db.transaction(async (tx) => {
    const contactId = await insertContact(tx, { laId: principal.laId, childId, ...input, addedBy: principal.userId });
    await insertAuditEvent(tx, {
      laId: principal.laId,
      actorUserId: principal.userId,
      actorRole: principal.role,
      action: 'MANAGE_CONTACTS',
      subjectType: 'child_contact',
      subjectId: contactId,
      childId,
      requestId: actor.requestId,
      change: { added: input },
    });
    return contactId;
  });
}
