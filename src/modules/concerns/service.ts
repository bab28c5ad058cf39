import { and, eq } from 'drizzle-orm';
import { isLaStaff, isFamilyRole } from '../../auth/roles.js';
import type { Principal } from '../../auth/child-scope.js';
import { isUuid } from '../../auth/child-access.js';
import type { Database } from '../../db/client.js';
import { child, concernStep, provisionConcern } from '../../db/schema/index.js';
import { bringsInHealthCommissioner, concernAbout, concernEntryAudience, concernTimelineTitle, escalateNow, firstRung, isConcernLevel, type ConcernKind } from '../../domain/concerns.js';
import type { Actor } from '../../http/actor.js';
import { NotFoundError, ValidationError } from '../../http/errors.js';
import { insertAuditEvent } from '../audit/repository.js';
import { openChildRecord } from '../children/service.js';
import { loadLaPolicy } from '../policy/repository.js';
import { findCurrentItems } from '../provision/repository.js';
import { addTimelineEntries } from '../timeline/repository.js';
import * as repository from './repository.js';
import { WHOLE_PLAN, type ConcernStepInput } from './schemas.js';
import { ownerForLevel } from './sweep.js';

export const CONCERNS_PAGE_SIZE = 25;

/**
 * Who sees a concern. The LA and the family see all of a child's concerns; a school sees those
 * about what the school provides, a provider those about what its organisation provides, and both
 * see concerns about the child's education as a whole. A concern about a therapy is not the
 * school's business unless the school delivers it.
 */
export function seesConcern(principal: Principal, concern: { provisionItemId: string | null; providerKind: string | null; organisationId: string | null }): boolean {
  if (isLaStaff(principal.role) || isFamilyRole(principal.role)) return true;
  if (concern.provisionItemId === null) return true;
  if (principal.role === 'school_senco') return concern.providerKind === 'school';
  if (principal.role === 'professional') return principal.organisationId !== null && concern.organisationId === principal.organisationId;
  return false;
}

/** A child's concerns this person may see, with their steps. Call after the child has been opened. */
export async function concernsForChild(db: Database, principal: Principal, childId: string) {
  const concerns = (await repository.findChildConcerns(db, principal.laId, childId)).filter((concern) => seesConcern(principal, concern));
  const steps = await repository.findSteps(db, principal.laId, concerns.map((concern) => concern.id));
  return { concerns, steps };
}

/** The raise form: the child and the provision in their plan in force. */
export async function loadRaiseForm(db: Database, actor: Actor, childId: string) {
  const summary = await openChildRecord(db, actor, childId, 'VIEW_PROVISION');
  const items = await findCurrentItems(db, actor.principal.laId, childId);
  return { summary, items };
}

/**
 * Raises a concern by hand. A family's goes in as "raised by the family"; anyone else's as a
 * delivery gap. Either starts with the child's caseworker and the LA's first step's time.
 */
export async function raiseConcern(db: Database, actor: Actor, childId: string, input: { itemId: string; description: string }, today = actor.clock.today()) {
  const { principal } = actor;
  const { items } = await loadRaiseForm(db, actor, childId);
  const item = input.itemId === WHOLE_PLAN ? null : items.find((candidate) => candidate.id === input.itemId);
  if (item === undefined) throw new ValidationError([{ path: 'itemId', message: 'Select the provision you are concerned about' }]);
  const policy = await loadLaPolicy(db, principal.laId);
  const rung = firstRung(today, policy.concernStepDays);
  const [childRow] = await db.select({ caseworkerId: child.caseworkerId }).from(child).where(eq(child.id, childId));
  const kind: ConcernKind = isFamilyRole(principal.role) ? 'parent_raised' : 'delivery_gap';
  return db.transaction(async (tx) => {
    const [concern] = await tx
      .insert(provisionConcern)
      .values({
        laId: principal.laId,
        childId,
        provisionItemId: item?.id ?? null,
        kind,
        reasons: [],
        summary: input.description,
        level: rung.level,
        ownerUserId: childRow?.caseworkerId ?? null,
        dueOn: rung.dueOn,
        raisedOn: today,
        raisedBy: principal.userId,
      })
      // A second report about an item already being worked adds to that concern instead.
      .onConflictDoNothing()
      .returning({ id: provisionConcern.id });
    const existing = concern ? undefined : await openConcernFor(tx, principal.laId, item?.id ?? null, kind);
    const concernId = concern?.id ?? existing?.id;
    if (!concernId) throw new ValidationError([{ path: 'itemId', message: 'There is already an open concern about this provision' }]);
    await tx.insert(concernStep).values({
      laId: principal.laId,
      concernId,
      action: 'raised',
      note: input.description,
      levelAfter: existing?.level ?? rung.level,
      dueOnAfter: existing?.dueOn ?? rung.dueOn,
      actorUserId: principal.userId,
    });
    await insertAuditEvent(tx, {
      laId: principal.laId,
      actorUserId: principal.userId,
      actorRole: principal.role,
      action: 'RAISE_PROVISION_CONCERN',
      subjectType: 'provision_concern',
      subjectId: concernId,
      childId,
      requestId: actor.requestId,
      change: { itemId: item?.id ?? null, kind, description: input.description, addedToExisting: !concern },
    });
    // Read by those who may open the concern: the family and LA always; others as concernEntryAudience says.
    await addTimelineEntries(tx, [
      {
        laId: principal.laId,
        childId,
        occurredAt: actor.clock.now(),
        kind: 'provision_concern',
        title: concernTimelineTitle('raised', existing?.level ?? rung.level, concernAbout({ itemSection: item?.section ?? null, itemDescription: item?.description ?? null, kind })),
        body: input.description,
        ...concernEntryAudience({ provisionItemId: item?.id ?? null, providerKind: item?.providerKind ?? null }),
        authorUserId: principal.userId,
        authorRole: principal.role,
        sourceType: 'provision_concern',
        sourceId: concernId,
      },
    ]);
    return concernId;
  });
}

async function openConcernFor(db: Database, laId: string, itemId: string | null, kind: ConcernKind) {
  if (itemId === null) return undefined;
  const [row] = await db
    .select({ id: provisionConcern.id, level: provisionConcern.level, dueOn: provisionConcern.dueOn })
    .from(provisionConcern)
    .where(and(eq(provisionConcern.laId, laId), eq(provisionConcern.provisionItemId, itemId), eq(provisionConcern.kind, kind), eq(provisionConcern.status, 'open')));
  return row;
}

/** One concern and its steps; not found unless the child is in scope and the concern is visible. */
export async function loadConcern(db: Database, actor: Actor, childId: string, concernId: string) {
  const summary = await openChildRecord(db, actor, childId, 'VIEW_PROVISION_CONCERN');
  if (!isUuid(concernId)) throw new NotFoundError();
  const concern = await repository.findConcern(db, actor.principal.laId, childId, concernId);
  if (!concern || !seesConcern(actor.principal, concern)) throw new NotFoundError();
  const steps = await repository.findSteps(db, actor.principal.laId, [concern.id]);
  return { summary, concern, steps };
}

/**
 * A step by the person working the concern. Escalating climbs one rung now (with a fresh step's
 * time); resolving closes it; calling an early review marks it so the review is arranged. The
 * change, the step and the audit event are written together, and only to a concern still open.
 */
export async function takeStep(db: Database, actor: Actor, childId: string, concernId: string, input: ConcernStepInput, today = actor.clock.today()) {
  const { principal } = actor;
  const { concern } = await loadConcern(db, actor, childId, concernId);
  if (concern.status !== 'open') throw new ValidationError([{ path: 'action', message: 'This concern has been resolved: raise a new one if the problem is back' }]);
  if (!isConcernLevel(concern.level)) throw new Error(`Unknown concern level ${concern.level}`);
  const policy = await loadLaPolicy(db, principal.laId);
  let level = concern.level;
  let dueOn = concern.dueOn;
  const change: Partial<typeof provisionConcern.$inferInsert> = {};
  switch (input.action) {
    case 'escalated': {
      const above = escalateNow(concern.level, today, policy.concernStepDays);
      if (!above) throw new ValidationError([{ path: 'action', message: 'The concern is already with the head of service: it cannot be escalated further' }]);
      ({ level, dueOn } = above);
      const [childRow] = await db.select({ caseworkerId: child.caseworkerId }).from(child).where(eq(child.id, childId));
      Object.assign(change, {
        level,
        dueOn,
        ownerUserId: await ownerForLevel(db, principal.laId, level, childRow?.caseworkerId ?? null),
        involvesHealthCommissioner: bringsInHealthCommissioner(level, concern.providerKind),
      });
      break;
    }
    case 'resolved':
      Object.assign(change, { status: 'resolved', resolvedOn: today });
      break;
    case 'early_review_called':
      Object.assign(change, { earlyReviewCalled: true });
      break;
    default:
      break;
  }
  await db.transaction(async (tx) => {
    if (Object.keys(change).length > 0) {
      const updated = await tx
        .update(provisionConcern)
        .set(change)
        .where(and(eq(provisionConcern.id, concern.id), eq(provisionConcern.status, 'open'), eq(provisionConcern.level, concern.level)))
        .returning({ id: provisionConcern.id });
      if (updated.length === 0) throw new ValidationError([{ path: 'action', message: 'Someone else has just changed this concern: check it and try again' }]);
    }
    await tx.insert(concernStep).values({
      laId: principal.laId,
      concernId: concern.id,
      action: input.action,
      note: input.note || null,
      levelAfter: level,
      dueOnAfter: input.action === 'resolved' ? null : dueOn,
      actorUserId: principal.userId,
    });
    await insertAuditEvent(tx, {
      laId: principal.laId,
      actorUserId: principal.userId,
      actorRole: principal.role,
      action: 'UPDATE_PROVISION_CONCERN',
      subjectType: 'provision_concern',
      subjectId: concern.id,
      childId,
      requestId: actor.requestId,
      change: { action: input.action, note: input.note, level, dueOn },
    });
    await addTimelineEntries(tx, [
      {
        laId: principal.laId,
        childId,
        occurredAt: actor.clock.now(),
        kind: 'provision_concern',
        title: concernTimelineTitle(input.action, level, concernAbout(concern)),
        body: input.note || null,
        ...concernEntryAudience(concern),
        authorUserId: principal.userId,
        authorRole: principal.role,
        sourceType: 'provision_concern',
        sourceId: concern.id,
      },
    ]);
  });
}

/** The LA's open concerns for the people who work them. */
export async function listOpenConcerns(db: Database, actor: Actor, query: { level?: string; mine: boolean; overdue: boolean; page: number }, today = actor.clock.today()) {
  const { principal } = actor;
  const result = await repository.findOpenConcerns(
    db,
    {
      laId: principal.laId,
      ...(query.level ? { level: query.level } : {}),
      ...(query.mine ? { ownerUserId: principal.userId } : {}),
      ...(query.overdue ? { overdueOn: today } : {}),
    },
    CONCERNS_PAGE_SIZE,
    (query.page - 1) * CONCERNS_PAGE_SIZE,
  );
  await insertAuditEvent(db, {
    laId: principal.laId,
    actorUserId: principal.userId,
    actorRole: principal.role,
    action: 'VIEW_PROVISION_CONCERN',
    subjectType: 'concern_list',
    requestId: actor.requestId,
    change: { ...query, shown: result.rows.map((row) => row.id) },
  });
  return { ...result, today };
}
