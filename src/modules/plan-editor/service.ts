import { randomUUID } from 'node:crypto';
import { isUuid } from '../../auth/child-access.js';
import { hasPermission } from '../../auth/permissions.js';
import { isFamilyRole } from '../../auth/roles.js';
import type { Database } from '../../db/client.js';
import { staleEdit } from '../../db/edited-rows.js';
import { formatDate } from '../../domain/formatting.js';
import { amendmentClock, comparePlans, issueRefusal, type ComparablePlan } from '../../domain/plan-amendment.js';
import { PLAN_SECTIONS } from '../../domain/plans.js';
import type { Actor } from '../../http/actor.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../http/errors.js';
import { recordAudit } from '../audit/repository.js';
import { findChildInScope, openChildRecord } from '../children/service.js';
import { startThread } from '../messages/service.js';
import * as plans from '../plans/repository.js';
import { issueDraftVersion } from '../plans/service.js';
import { addTimelineEntries } from '../timeline/repository.js';
import * as repository from './repository.js';
import type { LineInput, NarrativeInput, NeedsInput, OutcomesInput, ProvisionSection } from './schemas.js';

/**
 * The plan editor: a draft version of a child's plan, edited section by section (A–K), proposed to
 * the family as an amendment (reg 22(2)) and issued as the plan in force through the one issuing
 * path (issueDraftVersion, ADR 6). The draft is any plan's draft: an amendment copies the version
 * in force (startAmendmentDraft); the 20-week assessment's new plan will open the same pages on a
 * draft that amends nothing.
 */

function mayAmend(actor: Actor): void {
  if (!hasPermission(actor.principal.role, 'plan:amend')) throw new ForbiddenError(undefined, 'plan:amend');
}

/**
 * Opens a draft amendment of the child's plan in force: a copy of every section, need, outcome
 * and line of provision, each line and outcome pointing at the one it came from (so the ledger can
 * carry on when it is issued) and the lines' links to outcomes kept. A plan has one open draft: if
 * there is one already, it is the one returned. With a review (its "amend" decision), the review
 * records the draft, in the same transaction.
 */
export async function startAmendmentDraft(db: Database, actor: Actor, childId: string, options: { reviewId?: string } = {}): Promise<{ versionId: string; created: boolean }> {
  mayAmend(actor);
  const { principal } = actor;
  const { laId } = principal;
  await findChildInScope(db, actor, childId);
  if (options.reviewId !== undefined && !isUuid(options.reviewId)) throw new NotFoundError();
  return db.transaction(async (tx) => {
    const current = await plans.lockPlanInForce(tx, laId, childId);
    if (!current) throw new ValidationError([{ path: 'plan', message: 'There is no plan in force to amend' }]);
    const linkReview = async (versionId: string) => {
      if (!options.reviewId) return;
      const found = await repository.findReviewOfPlan(tx, laId, current.planId, options.reviewId);
      if (!found) throw new NotFoundError();
      if (found.draftVersionId !== versionId) await repository.updateReview(tx, laId, found.id, { draftVersionId: versionId }, principal.userId, actor.clock.now());
    };
    const open = await plans.findOpenDraft(tx, laId, current.planId);
    if (open) {
      await linkReview(open.id);
      await recordAudit(tx, actor, { subjectType: 'plan_version', subjectId: open.id, childId, change: { draft: 'already open', reviewId: options.reviewId ?? null } });
      return { versionId: open.id, created: false };
    }
    const rows = await plans.findVersionRows(tx, laId, current.versionId);
    const versionId = randomUUID();
    const outcomeIds = new Map(rows.outcomes.map((outcome) => [outcome.id, randomUUID()]));
    const itemIds = new Map(rows.items.map((item) => [item.id, randomUUID()]));
    await plans.insertDraftVersion(tx, {
      version: {
        id: versionId,
        laId,
        planId: current.planId,
        versionNumber: current.versionNumber + 1,
        kind: 'amended',
        amendsVersionId: current.versionId,
        updatedBy: principal.userId,
        updatedAt: actor.clock.now(),
      },
      sections: rows.sections.map((row) => ({ ...row, planVersionId: versionId })),
      needs: rows.needs.map((row) => ({ ...row, id: randomUUID(), planVersionId: versionId })),
      outcomes: rows.outcomes.map((row) => ({ ...row, id: outcomeIds.get(row.id) ?? randomUUID(), planVersionId: versionId, previousOutcomeId: row.id })),
      items: rows.items.map((row) => ({ ...row, id: itemIds.get(row.id) ?? randomUUID(), planVersionId: versionId, previousItemId: row.id, continuesPrevious: false })),
      links: rows.links.flatMap((link) => {
        const provisionItemId = itemIds.get(link.provisionItemId);
        const outcomeId = outcomeIds.get(link.outcomeId);
        return provisionItemId && outcomeId ? [{ provisionItemId, outcomeId }] : [];
      }),
    });
    await linkReview(versionId);
    await recordAudit(tx, actor, {
      subjectType: 'plan_version',
      subjectId: versionId,
      childId,
      change: { draft: 'started', amends: current.versionId, versionNumber: current.versionNumber + 1, reviewId: options.reviewId ?? null },
    });
    return { versionId, created: true };
  });
}

function comparable(content: repository.VersionContent): ComparablePlan {
  return { sections: content.sections, needs: content.needs, outcomes: content.outcomes, provision: content.provision };
}

/** A draft with everything its pages show: the child, the draft's content, the plan it amends and what changes. */
export async function loadDraft(db: Database, actor: Actor, childId: string, versionId: string) {
  mayAmend(actor);
  const summary = await openChildRecord(db, actor, childId);
  if (!isUuid(versionId)) throw new NotFoundError();
  const draft = await repository.findDraft(db, actor.principal.laId, childId, versionId);
  if (!draft) throw new NotFoundError();
  return { summary, ...(await draftDetails(db, actor, draft)) };
}

async function draftDetails(db: Database, actor: Actor, draft: repository.DraftRow) {
  const { laId } = actor.principal;
  const today = actor.clock.today();
  const [content, inForce, organisations] = await Promise.all([
    repository.findContent(db, laId, draft.id),
    draft.amendsVersionId ? repository.findContent(db, laId, draft.amendsVersionId) : Promise.resolve(null),
    repository.findOrganisations(db, laId),
  ]);
  return {
    draft,
    content,
    inForce,
    organisations,
    today,
    comparison: comparePlans(inForce ? comparable(inForce) : null, comparable(content), today),
    clock: draft.proposedOn ? amendmentClock(draft.proposedOn, today) : null,
    issueRefusal: issueRefusal(draft.proposedOn, today),
    // The plan in force moved on (or ended) since the draft was started: it can no longer be issued.
    outOfDate: draft.amendsVersionId !== null && (draft.planStatus !== 'active' || draft.currentVersionId !== draft.amendsVersionId),
  };
}

/**
 * A save of a draft: the child in scope, the draft locked and at the version the form was opened
 * at (a save over someone else's since is refused, naming them), the change and its audit event
 * in one transaction, and the draft's version moved on.
 */
async function editDraft<T>(
  db: Database,
  actor: Actor,
  childId: string,
  versionId: string,
  openedAt: number,
  path: string,
  change: (tx: Database, draft: repository.DraftRow) => Promise<{ result: T; audit: Record<string, unknown> }>,
): Promise<T> {
  mayAmend(actor);
  const { laId, userId } = actor.principal;
  await findChildInScope(db, actor, childId);
  if (!isUuid(versionId)) throw new NotFoundError();
  return db.transaction(async (tx) => {
    const draft = await repository.findDraft(tx, laId, childId, versionId, { lock: true });
    if (!draft) throw new NotFoundError();
    if (draft.version !== openedAt) throw await staleEdit(tx, draft, actor.clock.now(), path);
    const { result, audit } = await change(tx, draft);
    await repository.touchDraft(tx, laId, versionId, userId, actor.clock.now());
    await recordAudit(tx, actor, { subjectType: 'plan_version', subjectId: versionId, childId, change: audit });
    return result;
  });
}

export async function saveNarrative(db: Database, actor: Actor, childId: string, versionId: string, section: string, input: NarrativeInput, openedAt: number): Promise<void> {
  await editDraft(db, actor, childId, versionId, openedAt, 'content', async (tx, draft) => {
    await repository.writeSection(tx, actor.principal.laId, draft.id, section, input.content);
    return { result: undefined, audit: { section, characters: input.content.length } };
  });
}

export async function saveNeeds(db: Database, actor: Actor, childId: string, versionId: string, input: NeedsInput, openedAt: number): Promise<void> {
  await editDraft(db, actor, childId, versionId, openedAt, 'needs', async (tx, draft) => {
    const main = input.needs[Number(input.mainNeed)];
    const kept = input.needs.filter((need) => !need.remove);
    // The main need is rank 1; the others keep the order they were listed in.
    const ordered = [...kept.filter((need) => need === main), ...kept.filter((need) => need !== main)];
    await repository.replaceNeeds(
      tx,
      actor.principal.laId,
      draft.id,
      ordered.map((need, index) => ({ senType: need.senType, rank: index + 1, description: need.description })),
    );
    return { result: undefined, audit: { section: 'B', needs: ordered.map((need) => need.senType) } };
  });
}

export async function saveOutcomes(db: Database, actor: Actor, childId: string, versionId: string, input: OutcomesInput, openedAt: number): Promise<void> {
  await editDraft(db, actor, childId, versionId, openedAt, 'outcomes', async (tx, draft) => {
    const { laId } = actor.principal;
    const existing = await repository.findContent(tx, laId, draft.id);
    const known = new Set(existing.outcomes.map((outcome) => outcome.id));
    input.outcomes.forEach((outcome, index) => {
      if (outcome.id !== null && !known.has(outcome.id))
        throw new ValidationError([{ path: `outcomes.${String(index)}.description`, message: 'This outcome is no longer in the draft: refresh the page' }]);
    });
    const removed = input.outcomes.flatMap((outcome) => (outcome.remove && outcome.id ? [outcome.id] : []));
    await repository.deleteOutcomes(tx, laId, draft.id, removed);
    const kept = input.outcomes.filter((outcome) => !outcome.remove);
    for (const [index, outcome] of kept.entries()) {
      const fields = { position: index + 1, area: outcome.area, description: outcome.description, targetDate: outcome.targetDate };
      if (outcome.id) await repository.updateOutcome(tx, laId, draft.id, { id: outcome.id, ...fields });
      else await repository.insertOutcome(tx, laId, draft.id, fields);
    }
    return { result: undefined, audit: { section: 'E', outcomes: kept.length, removed: removed.length, added: kept.filter((outcome) => !outcome.id).length } };
  });
}

/** Checks what a line names belongs to this LA and this draft: its organisation and its outcomes. */
async function checkLine(tx: Database, laId: string, draftId: string, input: LineInput) {
  const content = await repository.findContent(tx, laId, draftId);
  const outcomes = new Set(content.outcomes.map((outcome) => outcome.id));
  if (input.outcomeIds.some((id) => !outcomes.has(id))) throw new ValidationError([{ path: 'outcomeIds', message: 'Select outcomes from the list' }]);
  if (input.organisationId && (await plans.countOwnOrganisations(tx, laId, [input.organisationId])) !== 1)
    throw new ValidationError([{ path: 'organisationId', message: 'Select the organisation from the list' }]);
  return content;
}

function lineFields(input: LineInput) {
  const { description, provisionType, providerKind, organisationId, sessionsPerPeriod, minutesPerSession, period, groupSize, termTimeOnly, fundingSource } = input;
  return { description, provisionType, providerKind, organisationId, sessionsPerPeriod, minutesPerSession, period, groupSize, termTimeOnly, fundingSource };
}

/** Adds a line at the end of its section. Returns its id. */
export async function addLine(db: Database, actor: Actor, childId: string, versionId: string, section: ProvisionSection, input: LineInput, openedAt: number): Promise<string> {
  return editDraft(db, actor, childId, versionId, openedAt, 'description', async (tx, draft) => {
    const { laId } = actor.principal;
    const content = await checkLine(tx, laId, draft.id, input);
    const position = Math.max(0, ...content.provision.filter((line) => line.section === section).map((line) => line.position)) + 1;
    const lineId = await repository.insertLine(tx, laId, draft.id, { ...lineFields(input), section, position });
    await repository.replaceLineOutcomes(tx, lineId, [...new Set(input.outcomeIds)]);
    return { result: lineId, audit: { section, line: lineId, added: true } };
  });
}

export async function saveLine(db: Database, actor: Actor, childId: string, versionId: string, lineId: string, input: LineInput, openedAt: number): Promise<string> {
  return editDraft(db, actor, childId, versionId, openedAt, 'description', async (tx, draft) => {
    const { laId } = actor.principal;
    const content = await checkLine(tx, laId, draft.id, input);
    const line = content.provision.find((candidate) => candidate.id === lineId);
    if (!line) throw new NotFoundError();
    await repository.updateLine(tx, laId, draft.id, lineId, lineFields(input));
    await repository.replaceLineOutcomes(tx, lineId, [...new Set(input.outcomeIds)]);
    return { result: line.section, audit: { section: line.section, line: lineId } };
  });
}

/** Moves a line one place up or down its section. Returns its section. */
export async function moveLine(db: Database, actor: Actor, childId: string, versionId: string, lineId: string, direction: 'up' | 'down', openedAt: number): Promise<string> {
  return editDraft(db, actor, childId, versionId, openedAt, 'form', async (tx, draft) => {
    const { laId } = actor.principal;
    const content = await repository.findContent(tx, laId, draft.id);
    const line = content.provision.find((candidate) => candidate.id === lineId);
    if (!line) throw new NotFoundError();
    const siblings = content.provision.filter((candidate) => candidate.section === line.section);
    const index = siblings.findIndex((candidate) => candidate.id === lineId);
    const other = siblings[direction === 'up' ? index - 1 : index + 1];
    if (other) {
      await repository.updateLine(tx, laId, draft.id, line.id, { position: other.position });
      await repository.updateLine(tx, laId, draft.id, other.id, { position: line.position });
    }
    return { result: line.section, audit: { section: line.section, line: lineId, moved: other ? direction : 'nowhere' } };
  });
}

/** Takes a line out of the draft: a line of the plan in force not taken on ends with the amendment. Returns its section. */
export async function removeLine(db: Database, actor: Actor, childId: string, versionId: string, lineId: string, openedAt: number): Promise<string> {
  return editDraft(db, actor, childId, versionId, openedAt, 'form', async (tx, draft) => {
    const { laId } = actor.principal;
    const content = await repository.findContent(tx, laId, draft.id);
    const line = content.provision.find((candidate) => candidate.id === lineId);
    if (!line) throw new NotFoundError();
    await repository.deleteLine(tx, laId, draft.id, lineId);
    const rest = content.provision.filter((candidate) => candidate.section === line.section && candidate.id !== lineId);
    for (const [index, candidate] of rest.entries()) if (candidate.position !== index + 1) await repository.updateLine(tx, laId, draft.id, candidate.id, { position: index + 1 });
    return { result: line.section, audit: { section: line.section, line: lineId, removed: true, endsLine: line.previousItemId } };
  });
}

/**
 * Sends the draft to the family as a proposed amendment (reg 22(2)): the day is recorded, the
 * family's 15 days for comments start (reg 22(2)(c)), and it is on their timeline. A review the
 * draft came from moves to "amendment proposed". A draft with no change is not sent.
 */
export async function proposeAmendment(db: Database, actor: Actor, childId: string, versionId: string, openedAt: number): Promise<void> {
  await editDraft(db, actor, childId, versionId, openedAt, 'form', async (tx, draft) => {
    const { laId, userId, role } = actor.principal;
    const today = actor.clock.today();
    if (!draft.amendsVersionId) throw new ValidationError([{ path: 'form', message: 'This draft amends no plan in force, so there is nothing to propose' }]);
    if (draft.proposedOn) throw new ValidationError([{ path: 'form', message: `The proposed changes were sent to the family on ${formatDate(draft.proposedOn)}` }]);
    const details = await draftDetails(tx, actor, draft);
    if (details.outOfDate) throw new ValidationError([{ path: 'form', message: 'The plan in force has changed since this draft was started, so it cannot be proposed' }]);
    if (details.comparison.sections.length === 0) throw new ValidationError([{ path: 'form', message: 'The draft does not change the plan yet: make the changes before sending them to the family' }]);
    await repository.markProposed(tx, laId, draft.id, today);
    const clock = amendmentClock(today, today);
    const found = await repository.findReviewOfDraft(tx, laId, draft.id);
    if (found) await repository.updateReview(tx, laId, found.id, { amendmentProposedOn: today, stage: 'amendment_proposed' }, userId, actor.clock.now());
    await addTimelineEntries(tx, [
      {
        laId,
        childId,
        occurredAt: actor.clock.now(),
        kind: 'plan_amendment_proposed',
        title: 'Proposed changes to the plan sent to the family',
        body: `The family can comment on the proposed changes until ${formatDate(clock.commentsCloseOn)}. The amended plan must then be issued by ${formatDate(clock.issueBy)}.`,
        audience: 'family',
        authorUserId: userId,
        authorRole: role,
        sourceType: 'plan_version',
        sourceId: draft.id,
      },
    ]);
    return { result: undefined, audit: { proposedOn: today, commentsCloseOn: clock.commentsCloseOn, issueBy: clock.issueBy, changes: details.comparison.counts, reviewId: found?.id ?? null } };
  });
}

/**
 * Issues the draft as the amended plan in force, today: not before the family's 15 days have
 * passed (reg 22(2)(c): the regulation has no waiver), and only while the plan it amends is still
 * the one in force. Through issueDraftVersion, the one way an amended version is issued (ledger
 * continuity, names carried, the old version superseded, audit and timeline). A review the draft
 * came from records the amended plan and finishes.
 */
export async function issueAmendment(db: Database, actor: Actor, childId: string, versionId: string, openedAt: number) {
  mayAmend(actor);
  const { laId, userId } = actor.principal;
  await findChildInScope(db, actor, childId);
  if (!isUuid(versionId)) throw new NotFoundError();
  const today = actor.clock.today();
  return db.transaction(async (tx) => {
    const current = await plans.lockPlanInForce(tx, laId, childId);
    const draft = await repository.findDraft(tx, laId, childId, versionId, { lock: true });
    if (!draft) throw new NotFoundError();
    if (draft.version !== openedAt) throw await staleEdit(tx, draft, actor.clock.now(), 'form');
    if (!current || !draft.amendsVersionId || current.versionId !== draft.amendsVersionId)
      throw new ValidationError([{ path: 'form', message: 'The plan in force has changed since this draft was started, so it cannot be issued' }]);
    const refusal = issueRefusal(draft.proposedOn, today);
    if (refusal) throw new ValidationError([{ path: 'form', message: refusal }]);
    const issued = await issueDraftVersion(tx, actor, { childId, current, draftId: draft.id, issuedDate: today });
    const found = await repository.findReviewOfDraft(tx, laId, draft.id);
    if (found) await repository.updateReview(tx, laId, found.id, { amendedVersionId: draft.id, amendedPlanIssuedOn: today, stage: 'closed', closedOn: today }, userId, actor.clock.now());
    return issued;
  });
}

/**
 * The proposed amendment as the family (and anyone who may read the child's plan) sees it, once it
 * has been sent: what changes, in plain words, and the days left to comment. Before it is sent, a
 * draft is the LA's working copy: not found for anyone but those who amend plans.
 */
export async function loadProposal(db: Database, actor: Actor, childId: string, versionId: string) {
  const summary = await openChildRecord(db, actor, childId);
  if (!isUuid(versionId)) throw new NotFoundError();
  const draft = await repository.findDraft(db, actor.principal.laId, childId, versionId);
  if (!draft?.amendsVersionId) throw new NotFoundError();
  if (!draft.proposedOn && !hasPermission(actor.principal.role, 'plan:amend')) throw new NotFoundError();
  const details = await draftDetails(db, actor, draft);
  return { summary, ...details, mayComment: isFamilyRole(actor.principal.role) && hasPermission(actor.principal.role, 'message:send') };
}

/**
 * The family's comments on a proposed amendment: a conversation with the LA (so the reply is owed
 * within the communication promise), started while the 15 days are open.
 */
export async function commentOnProposal(db: Database, actor: Actor, childId: string, versionId: string, comment: string) {
  await findChildInScope(db, actor, childId);
  if (!isUuid(versionId)) throw new NotFoundError();
  const draft = await repository.findDraft(db, actor.principal.laId, childId, versionId);
  if (!draft?.proposedOn) throw new NotFoundError();
  if (!isFamilyRole(actor.principal.role)) throw new ForbiddenError();
  const clock = amendmentClock(draft.proposedOn, actor.clock.today());
  if (clock.commentDaysLeft === 0) throw new ValidationError([{ path: 'comment', message: 'The time for comments on these proposed changes has ended: send the local authority a message instead' }]);
  return startThread(db, actor, childId, { subject: 'Comments on the proposed changes to the plan', audience: 'family', kind: 'message', body: comment });
}

/** The page that starts an amendment: the child, and the draft already open if there is one. */
export async function loadStart(db: Database, actor: Actor, childId: string) {
  mayAmend(actor);
  const summary = await openChildRecord(db, actor, childId);
  const open = await repository.findOpenDraftOfChild(db, actor.principal.laId, childId);
  return { summary, openDraftId: open?.id ?? null };
}

/** The clock a proposal sent today would start. */
export function clockFrom(today: string) {
  return amendmentClock(today, today);
}

/** The section's title for a page heading. */
export function sectionTitle(section: string): string {
  return section in PLAN_SECTIONS ? PLAN_SECTIONS[section as keyof typeof PLAN_SECTIONS] : section;
}
