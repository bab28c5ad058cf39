import { audiencesWritableBy, AUDIENCES, RESTRICTABLE_ROLES } from '../../domain/audience.js';
import { isLaStaff } from '../../auth/roles.js';
import type { Database } from '../../db/client.js';
import type { Actor } from '../../http/actor.js';
import { ValidationError, type FieldError } from '../../http/errors.js';
import { recordAudit } from '../audit/repository.js';
import { findChildInScope, openChildRecord } from '../children/service.js';
import { addTimelineEntries, findTimelineAuthors, findTimelinePage } from './repository.js';
import { TIMELINE_PAGE_SIZE, type LogContact, type TimelineQuery } from './schemas.js';

/** A page of the child's timeline as this person may see it, with the authors for the filter. */
export async function loadTimeline(db: Database, actor: Actor, childId: string, query: TimelineQuery) {
  const summary = await openChildRecord(db, actor, childId);
  const viewer = { userId: actor.principal.userId, role: actor.principal.role };
  const [page, authors] = await Promise.all([
    findTimelinePage(db, {
      laId: actor.principal.laId,
      childId,
      viewer,
      filters: { kind: query.kind, authorUserId: query.person, from: query.from, to: query.to },
      limit: TIMELINE_PAGE_SIZE,
      before: query.before,
      after: query.before ? undefined : query.after,
    }),
    findTimelineAuthors(db, { laId: actor.principal.laId, childId, viewer }),
  ]);
  return { summary, page, authors };
}

/** The log form: the child must be in scope, and opening the form is a read of the record. */
export async function loadLogForm(db: Database, actor: Actor, childId: string) {
  return openChildRecord(db, actor, childId);
}

/** The roles a person may name on a restricted entry: LA staff only (domain/audience.ts). */
export function restrictableBy(role: Actor['principal']['role']): readonly string[] {
  return isLaStaff(role) ? RESTRICTABLE_ROLES : [];
}

/**
 * Logs a call, letter, meeting or note on the child's timeline. The entry and its audit event are
 * written in one transaction; a date in the future, an audience the person could not read, or a
 * restriction by someone outside the LA is refused with nothing stored.
 */
export async function logContact(db: Database, actor: Actor, childId: string, input: LogContact, today = actor.clock.today(), now = actor.clock.now()) {
  const { principal } = actor;
  // In scope, not audited as a read: the entry's own event names the child, once per entry.
  await findChildInScope(db, actor, childId);
  const errors: FieldError[] = [];
  if (input.when > today) errors.push({ path: 'when', message: 'The date must be today or in the past' });
  if (!audiencesWritableBy(principal.role).includes(input.audience))
    errors.push({ path: 'audience', message: `Select who can see this entry from the list: you cannot write to "${AUDIENCES[input.audience]}"` });
  const allowed = restrictableBy(principal.role);
  if (input.restrictedToRoles && input.restrictedToRoles.some((role) => !allowed.includes(role)))
    errors.push({ path: 'restrictedToRoles', message: 'Only LA staff can restrict an entry to named roles' });
  if (errors.length > 0) throw new ValidationError(errors);
  // Today's contact is stamped now; an earlier day's at midday, so it sorts within that day.
  const occurredAt = input.when === today ? now : new Date(`${input.when}T12:00:00Z`);
  return db.transaction(async (tx) => {
    const [entryId] = await addTimelineEntries(tx, [
      {
        laId: principal.laId,
        childId,
        occurredAt,
        kind: input.kind,
        title: input.title,
        body: input.details,
        audience: input.audience,
        restrictedToRoles: input.restrictedToRoles,
        authorUserId: principal.userId,
        authorRole: principal.role,
      },
    ]);
    await recordAudit(tx, actor, {
      subjectType: 'timeline_entry',
      subjectId: entryId,
      childId,
      change: { ...input },
    });
    return entryId;
  });
}
