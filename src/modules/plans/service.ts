import { randomUUID } from 'node:crypto';
import { childScopeOf } from '../../auth/child-scope.js';
import { isUuid } from '../../auth/child-access.js';
import { hasPermission } from '../../auth/permissions.js';
import type { Database } from '../../db/client.js';
import type { provisionItem } from '../../db/schema/index.js';
import type { IsoDate } from '../../domain/dates.js';
import { PLAN_VERSION_KINDS } from '../../domain/plans.js';
import { provisionLineContinues } from '../../domain/provision-continuity.js';
import type { Actor } from '../../http/actor.js';
import { ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../../http/errors.js';
import { fieldErrorsFrom } from '../../http/validation.js';
import { recordAudit } from '../audit/repository.js';
import { findChildSummary } from '../children/repository.js';
import { addTimelineEntries } from '../timeline/repository.js';
import * as repository from './repository.js';
import { amendPlanInput, type AmendPlanInput } from './schemas.js';

type ItemRow = typeof provisionItem.$inferSelect;

export interface AmendedPlan {
  versionId: string;
  versionNumber: number;
  /** The new version's line for each line given, in order. */
  itemIds: string[];
  carriedOn: number;
  changed: number;
  added: number;
  ended: number;
}

/**
 * Issues an amended plan (CoP 9.193ff): a new version with the sections, needs and outcomes of
 * the one in force and the provision lines given, which becomes the plan in force on its issue
 * date. Each line taken on from the version in force keeps its lineage (`previous_item_id`), and
 * carries its ledger on when only its wording changed (provisionLineContinues): owed and delivered
 * then run on as if the plan had not been amended, and the short name families read goes with it. Audited and on the child's timeline, in one
 * transaction with the new version.
 */
export async function amendPlan(db: Database, actor: Actor, childId: string, input: AmendPlanInput, today = actor.clock.today()): Promise<AmendedPlan> {
  const { principal } = actor;
  if (!hasPermission(principal.role, 'plan:amend')) throw new ForbiddenError();
  if (!isUuid(childId) || !(await findChildSummary(db, childScopeOf(principal, today), childId))) throw new NotFoundError();
  const parsed = amendPlanInput.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error));
  const { issuedDate, provision } = parsed.data;
  const { laId } = principal;

  return db.transaction(async (tx) => {
    const current = await repository.lockPlanInForce(tx, laId, childId);
    if (!current) throw new ValidationError([{ path: 'plan', message: 'There is no plan in force to amend' }]);
    if (await repository.findOpenDraft(tx, laId, current.planId))
      throw new ValidationError([{ path: 'plan', message: 'An amendment of this plan is being drafted: issue it, or finish with it, before amending the plan another way' }]);
    const errors: FieldError[] = [];
    if (issuedDate > today) errors.push({ path: 'issuedDate', message: 'The date the amended plan is issued must be today or in the past' });
    if (current.issuedDate && issuedDate < current.issuedDate) errors.push({ path: 'issuedDate', message: 'The amended plan must be issued on or after the plan it amends' });
    const rows = await repository.findVersionRows(tx, laId, current.versionId);
    const previousById = new Map(rows.items.map((item) => [item.id, item]));
    const taken = new Set<string>();
    provision.forEach((line, index) => {
      if (!line.previousItemId) return;
      if (!previousById.has(line.previousItemId)) errors.push({ path: `provision.${String(index)}.previousItemId`, message: 'The line must be one of the plan in force' });
      else if (taken.has(line.previousItemId)) errors.push({ path: `provision.${String(index)}.previousItemId`, message: 'A line of the plan in force can be taken on once' });
      taken.add(line.previousItemId);
    });
    if (errors.length) throw new ValidationError(errors);

    const versionId = randomUUID();
    const outcomeIds = new Map(rows.outcomes.map((outcome) => [outcome.id, randomUUID()]));
    const positions = new Map<string, number>();
    const items = provision.map((line) => {
      const previous = line.previousItemId ? previousById.get(line.previousItemId) : undefined;
      const base: LineFields = previous ?? {
        section: 'F',
        description: '',
        providerKind: 'school',
        organisationId: null,
        sessionsPerPeriod: null,
        minutesPerSession: null,
        period: null,
        groupSize: null,
        termTimeOnly: true,
        annualCostPence: null,
        unitCostPence: null,
        costUnit: null,
        provisionType: 'other',
        fundingSource: null,
        startDate: null,
        endDate: null,
      };
      const fields = { ...pick(base), ...definedOnly({ ...line, previousItemId: undefined }) };
      const position = (positions.get(fields.section) ?? 0) + 1;
      positions.set(fields.section, position);
      // Whether it carries its line on is decided when the version is issued, by issueDraftVersion.
      return { ...fields, id: randomUUID(), laId, planVersionId: versionId, position, previousItemId: previous?.id ?? null, continuesPrevious: false };
    });
    // A unit cost says what it is a cost of: one without the other is refused, not stored.
    items.forEach((item, index) => {
      if ((item.unitCostPence === null) !== (item.costUnit === null))
        errors.push({ path: `provision.${String(index)}.unitCostPence`, message: 'Give a unit cost with what it is a cost of (an hour, a session, a week, a term or a year), or neither' });
    });
    if (errors.length) throw new ValidationError(errors);
    const newItemIdOf = new Map(items.flatMap((item) => (item.previousItemId ? [[item.previousItemId, item.id] as const] : [])));
    await repository.insertDraftVersion(tx, {
      version: { id: versionId, laId, planId: current.planId, versionNumber: current.versionNumber + 1, kind: 'amended', amendsVersionId: current.versionId, updatedBy: principal.userId },
      sections: rows.sections.map((row) => ({ ...row, planVersionId: versionId })),
      needs: rows.needs.map((row) => ({ ...row, id: randomUUID(), planVersionId: versionId })),
      outcomes: rows.outcomes.map((row) => ({ ...row, id: outcomeIds.get(row.id) ?? randomUUID(), planVersionId: versionId, previousOutcomeId: row.id })),
      items,
      links: rows.links.flatMap((link) => {
        const provisionItemId = newItemIdOf.get(link.provisionItemId);
        const outcomeId = outcomeIds.get(link.outcomeId);
        return provisionItemId && outcomeId ? [{ provisionItemId, outcomeId }] : [];
      }),
    });
    const issued = await issueDraftVersion(tx, actor, { childId, current, draftId: versionId, issuedDate });
    return { ...issued, itemIds: items.map((item) => item.id) };
  });
}

type LockedPlan = NonNullable<Awaited<ReturnType<typeof repository.lockPlanInForce>>>;

/**
 * Issues a plan's draft as the amended plan in force, on its issue date: the one way an amended
 * version is issued, whether its lines were given at once (amendPlan) or edited section by section
 * (the plan editor). Each line of the draft that came from a line of the version in force keeps
 * that lineage (`previous_item_id`), and carries its ledger on when only its wording changed
 * (provisionLineContinues, ADR 6): owed and delivered then run on as if the plan had not been
 * amended, and the short name families read goes with it. The version it replaces is superseded.
 * Audited and on the child's timeline, in the caller's transaction, with the plan row locked
 * (lockPlanInForce).
 */
export async function issueDraftVersion(tx: Database, actor: Actor, args: { childId: string; current: LockedPlan; draftId: string; issuedDate: IsoDate }): Promise<Omit<AmendedPlan, 'itemIds'>> {
  const { principal } = actor;
  const { laId } = principal;
  const { childId, current, draftId, issuedDate } = args;
  const [previous, draft] = await Promise.all([repository.findVersionRows(tx, laId, current.versionId), repository.findVersionRows(tx, laId, draftId)]);
  const previousById = new Map(previous.items.map((item) => [item.id, item]));
  const errors: FieldError[] = [];
  const taken = new Set<string>();
  for (const item of draft.items) {
    if (!item.previousItemId) continue;
    if (!previousById.has(item.previousItemId) || taken.has(item.previousItemId))
      errors.push({ path: 'provision', message: 'A line of the draft does not come from the plan in force: start the amendment again' });
    taken.add(item.previousItemId);
  }
  const organisationIds = [...new Set(draft.items.flatMap((item) => (item.organisationId ? [item.organisationId] : [])))];
  if ((await repository.countOwnOrganisations(tx, laId, organisationIds)) !== organisationIds.length)
    errors.push({ path: 'provision', message: 'A provider named is not one of the local authority’s' });
  if (errors.length) throw new ValidationError(errors.slice(0, 1));

  const carried = draft.items.filter((item) => {
    const earlier = item.previousItemId ? previousById.get(item.previousItemId) : undefined;
    return earlier !== undefined && provisionLineContinues(earlier, item, issuedDate);
  });
  await repository.markCarriedLines(
    tx,
    laId,
    carried.map((item) => item.id),
  );
  const namesCarried = await repository.carryItemNames(
    tx,
    laId,
    carried.map((item) => ({ previousItemId: item.previousItemId ?? '', itemId: item.id })),
  );
  const versionNumber = current.versionNumber + 1;
  await repository.putDraftInForce(tx, current.planId, draftId, current.versionId, { kind: 'amended', issuedDate, issuedBy: principal.userId });
  const carriedOn = carried.length;
  const summary = {
    versionId: draftId,
    versionNumber,
    carriedOn,
    changed: taken.size - carriedOn,
    added: draft.items.length - taken.size,
    ended: previous.items.length - taken.size,
  };
  await recordAudit(tx, actor, {
    subjectType: 'plan_version',
    subjectId: draftId,
    childId,
    change: { versionNumber, issuedDate, supersedes: current.versionId, lines: { carriedOn, changed: summary.changed, added: summary.added, ended: summary.ended }, namesCarried },
  });
  await addTimelineEntries(tx, [
    {
      laId,
      childId,
      occurredAt: new Date(`${issuedDate}T12:00:00Z`),
      kind: 'plan_amended',
      title: `${PLAN_VERSION_KINDS.amended} issued (version ${String(versionNumber)})`,
      audience: 'family',
      authorUserId: principal.userId,
      authorRole: principal.role,
      sourceType: 'plan_version',
      sourceId: draftId,
    },
  ]);
  return summary;
}

type LineFields = Omit<ItemRow, 'id' | 'laId' | 'planVersionId' | 'position' | 'previousItemId' | 'continuesPrevious'>;

/** The fields of a line that a version writes, from a stored line. */
function pick(row: LineFields) {
  const {
    section,
    description,
    providerKind,
    organisationId,
    sessionsPerPeriod,
    minutesPerSession,
    period,
    groupSize,
    termTimeOnly,
    annualCostPence,
    unitCostPence,
    costUnit,
    provisionType,
    fundingSource,
    startDate,
    endDate,
  } = row;
  return {
    section,
    description,
    providerKind,
    organisationId,
    sessionsPerPeriod,
    minutesPerSession,
    period,
    groupSize,
    termTimeOnly,
    annualCostPence,
    unitCostPence,
    costUnit,
    provisionType,
    fundingSource,
    startDate,
    endDate,
  };
}

/** What an amendment gives for a line, without the fields it leaves as they were. */
function definedOnly<T extends Record<string, unknown>>(given: T): Partial<T> {
  return Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as Partial<T>;
}
