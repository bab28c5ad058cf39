import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { isLaStaff, isFamilyRole } from '../../auth/roles.js';
import type { Principal } from '../../auth/child-scope.js';
import { isUuid } from '../../auth/child-access.js';
import type { Database } from '../../db/client.js';
import { appUser, child, concernStep, ehcPlan, planVersion, provisionConcern, provisionDeliveryWeek, provisionItem, provisionItemLedger, provisionItemName } from '../../db/schema/index.js';
import {
  bringsInHealthCommissioner,
  CONCERN_LEVELS_IN_A_SENTENCE,
  concernAbout,
  concernEntryAudience,
  concernTimelineTitle,
  escalateNow,
  escalationsDue,
  firstRung,
  GAP_REASON_TEXT,
  isConcernLevel,
  type ConcernKind,
  type ConcernLevel,
} from '../../domain/concerns.js';
import type { IsoDate } from '../../domain/dates.js';
import { deliveryGapReasons, gapWindows, type GapReason } from '../../domain/delivery.js';
import { EDUCATION_KINDS, formatHours, schoolDaysFrom, spellStartForSchoolDays } from '../../domain/full-time.js';
import { formatDate } from '../../domain/formatting.js';
import { interimReviewDueBy } from '../../domain/interim-reviews.js';
import { itemName } from '../../domain/plain-words.js';
import { isProvisionPeriod } from '../../domain/plans.js';
import { academicYearStart, owedBetween, type Owed, type ProvisionSchedule } from '../../domain/schedule.js';
import { termContaining, weekStarting, type SchoolCalendar } from '../../domain/school-calendar.js';
import type { Actor } from '../../http/actor.js';
import { readPage } from '../../http/pagination.js';
import { NotFoundError, ValidationError } from '../../http/errors.js';
import { recordAudit } from '../audit/repository.js';
import { loadSchoolCalendar } from '../calendar/repository.js';
import { findChildInScope, openChildRecord } from '../children/service.js';
import { refreshDeliveryRollups } from '../delivery-monitoring/repository.js';
import { findChildrenNotFullTimeSince } from '../education/repository.js';
import { loadLaPolicy, type LaPolicy } from '../policy/repository.js';
import { findLineages } from '../provision/lineage.js';
import { findCurrentItems, findGivenShortNames } from '../provision/repository.js';
import { createInterimReview, findReviewCalledBy, planToReview, type NewInterimReview } from '../interim-reviews/service.js';
import { loadReviewPolicy } from '../review-targeting/policy.js';
import { createDueTasks } from '../tasks/service.js';
import { addTimelineEntries, type NewTimelineEntry } from '../timeline/repository.js';
import * as repository from './repository.js';
import { WHOLE_PLAN, type ConcernStepInput } from './schemas.js';

export const CONCERNS_PAGE_SIZE = 25;

/**
 * Who sees a concern. The LA and the family see all of a child's concerns; a school sees those
 * about what the school provides, a provider those about what its organisation provides, and both
 * see concerns about the child's education as a whole. A concern about a therapy is not the
 * school's business unless the school delivers it.
 */
function seesConcern(principal: Principal, concern: { provisionItemId: string | null; providerKind: string | null; organisationId: string | null }): boolean {
  if (isLaStaff(principal.role) || isFamilyRole(principal.role)) return true;
  if (concern.provisionItemId === null) return true;
  if (principal.role === 'school_senco') return concern.providerKind === 'school';
  if (principal.role === 'professional') return principal.organisationId !== null && concern.organisationId === principal.organisationId;
  return false;
}

/** A child's concerns this person may see, with their steps. Call after the child has been opened. */
export async function concernsForChild(db: Database, principal: Principal, childId: string) {
  const concerns = (await repository.findChildConcerns(db, principal.laId, childId)).filter((concern) => seesConcern(principal, concern));
  const steps = await repository.findSteps(
    db,
    principal.laId,
    concerns.map((concern) => concern.id),
  );
  return { concerns, steps };
}

/** The raise form: the child and the provision in their plan in force. */
export async function loadRaiseForm(db: Database, actor: Actor, childId: string) {
  const summary = await openChildRecord(db, actor, childId);
  const items = await findCurrentItems(db, actor.principal.laId, childId);
  return { summary, items };
}

/**
 * Raises a concern by hand. A family's goes in as "raised by the family"; anyone else's as a
 * delivery gap. Either starts with the child's caseworker and the LA's first step's time.
 */
export async function raiseConcern(db: Database, actor: Actor, childId: string, input: { itemId: string; description: string }, today = actor.clock.today()) {
  const { principal } = actor;
  // A change, not a read: its own event names the child, so the record is not opened (audited) too.
  await findChildInScope(db, actor, childId);
  const items = await findCurrentItems(db, principal.laId, childId);
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
    await recordAudit(tx, actor, {
      subjectType: 'provision_concern',
      subjectId: concernId,
      childId,
      change: { itemId: item?.id ?? null, kind, description: input.description, addedToExisting: !concern },
    });
    // Read by those who may open the concern: the family and LA always; others as concernEntryAudience says.
    await addTimelineEntries(tx, [
      {
        laId: principal.laId,
        childId,
        occurredAt: actor.clock.now(),
        kind: 'provision_concern',
        title: concernTimelineTitle('raised', existing?.level ?? rung.level, concernAbout({ itemName: item ? itemName(item) : null, kind })),
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
  const summary = await openChildRecord(db, actor, childId);
  const visible = await visibleConcern(db, actor, childId, concernId);
  const earlyReviewPath = visible.concern.earlyReviewCalled ? await findReviewCalledBy(db, actor.principal.laId, visible.concern.id) : null;
  return { summary, ...visible, earlyReviewPath };
}

/** The concern and its steps, for a child already found in scope; not found unless the reader may see it. */
async function visibleConcern(db: Database, actor: Actor, childId: string, concernId: string) {
  if (!isUuid(concernId)) throw new NotFoundError();
  const concern = await repository.findConcern(db, actor.principal.laId, childId, concernId);
  if (!concern || !seesConcern(actor.principal, concern)) throw new NotFoundError();
  const steps = await repository.findSteps(db, actor.principal.laId, [concern.id]);
  return { concern, steps };
}

/**
 * A step by the person working the concern. Escalating climbs one rung now (with a fresh step's
 * time); resolving closes it; calling an early review calls one (an interim review of the plan
 * in force, with the concern's id: src/modules/interim-reviews). The change, the step, the review
 * and the audit events are written together, and only to a concern still open.
 */
export async function takeStep(db: Database, actor: Actor, childId: string, concernId: string, input: ConcernStepInput, today = actor.clock.today()) {
  const { principal } = actor;
  // A change: its own event names the child and the concern, so the record is not opened (audited) too.
  const summary = await findChildInScope(db, actor, childId);
  const { concern } = await visibleConcern(db, actor, childId, concernId);
  if (concern.status !== 'open') throw new ValidationError([{ path: 'action', message: 'This concern has been resolved: raise a new one if the problem is back' }]);
  if (!isConcernLevel(concern.level)) throw new Error(`Unknown concern level ${concern.level}`);
  const policy = await loadLaPolicy(db, principal.laId);
  let level = concern.level;
  let dueOn = concern.dueOn;
  const change: Partial<typeof provisionConcern.$inferInsert> = {};
  let earlyReview: NewInterimReview | undefined;
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
    case 'early_review_called': {
      // Calling an early review calls one: an interim review of the plan in force, due by the LA's weeks, linked to the concern.
      const planId = await planToReview(db, principal.laId, summary, 'action');
      const reviewPolicy = await loadReviewPolicy(db, principal.laId);
      earlyReview = {
        summary,
        planId,
        reason: 'provision_concern',
        detail: input.note || concern.summary,
        concernId: concern.id,
        dueBy: interimReviewDueBy(today, reviewPolicy.interimDueWeeks),
        errorPath: 'action',
      };
      Object.assign(change, { earlyReviewCalled: true });
      break;
    }
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
    await recordAudit(tx, actor, {
      subjectType: 'provision_concern',
      subjectId: concern.id,
      childId,
      change: { action: input.action, note: input.note, level, dueOn },
    });
    // The review, its task, timeline entry and notifications commit with the step, or neither does.
    if (earlyReview) await createInterimReview(tx, actor, earlyReview);
    await addTimelineEntries(tx, [
      {
        laId: principal.laId,
        childId,
        occurredAt: actor.clock.now(),
        kind: 'provision_concern',
        title: concernTimelineTitle(input.action, level, concernAbout({ itemName: repository.concernItemName(concern), kind: concern.kind })),
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
  const filter = {
    laId: principal.laId,
    ...(query.level ? { level: query.level } : {}),
    ...(query.mine ? { ownerUserId: principal.userId } : {}),
    ...(query.overdue ? { overdueOn: today } : {}),
  };
  const result = await readPage(query.page, CONCERNS_PAGE_SIZE, (window) => repository.findOpenConcerns(db, filter, window.limit, window.offset));
  await recordAudit(db, actor, {
    subjectType: 'concern_list',
    change: { ...query, page: result.page, shown: result.rows.map((row) => row.id) },
  });
  return { ...result, today };
}

// The daily provision check, one LA at a time. When and how often it runs, and the lease that
// makes it once per LA per day across processes, are src/jobs/provision-sweep.ts's business.

/** What one LA's daily check did, in numbers (the job logs these: never anything about a child). */
export interface SweepSummary {
  items: number;
  /** Provision concerns raised for items delivered below the LA's threshold. */
  concernsRaised: number;
  /** Concerns raised for children without full-time education for the LA's number of school days or more. */
  notFullTimeConcernsRaised: number;
  escalations: number;
  /** Tasks made from the statutory clocks (reviews due, open concerns). */
  tasksCreated: number;
}

/**
 * One LA's sweep: refresh every item's ledger snapshot, raise a concern for each item the gap rule
 * catches (at most one open per item: a unique index makes a second insert a no-op), and climb the
 * ladder for every open concern whose due date has come, then make the day's tasks. Safe to run
 * again the same day. Replies past their date are another job (src/jobs/communication-promise.ts).
 */
export async function sweepLa(db: Database, laId: string, today: IsoDate): Promise<SweepSummary> {
  const [calendar, policy] = await Promise.all([loadSchoolCalendar(db, laId), loadLaPolicy(db, laId)]);
  const ledgers = await refreshLedgers(db, laId, today, calendar, policy);
  const concernsRaised = await raiseGapConcerns(db, laId, today, policy, ledgers);
  const notFullTimeConcernsRaised = await raiseNotFullTimeConcerns(db, laId, today, calendar, policy);
  // Escalation last, so a concern raised today is not judged against a due date it never had.
  const escalations = await escalateOverdue(db, laId, today, policy);
  // Tasks last, so each concern's task follows the rung and owner it has after today's escalations.
  const tasksCreated = await createDueTasks(db, laId, today);
  return { items: ledgers.length, concernsRaised, notFullTimeConcernsRaised, escalations, tasksCreated };
}

interface ItemForLedger {
  id: string;
  childId: string;
  providerKind: string;
  description: string;
  provisionType: string;
  sessionsPerPeriod: number | null;
  minutesPerSession: number | null;
  period: string | null;
  termTimeOnly: boolean;
  startDate: string | null;
  endDate: string | null;
}

interface LedgerRow {
  ledger: typeof provisionItemLedger.$inferInsert;
  childId: string;
  provisionItemId: string;
  item: ItemForLedger;
  gapReasons: GapReason[];
  /** Earlier versions' lines this one carries on: a concern still open on one of them is this line's concern. */
  earlierItemIds: string[];
}

const CHUNK = 1000;

async function refreshLedgers(db: Database, laId: string, today: IsoDate, calendar: SchoolCalendar, policy: LaPolicy): Promise<LedgerRow[]> {
  const items: ItemForLedger[] = await db
    .select({
      id: provisionItem.id,
      childId: ehcPlan.childId,
      providerKind: provisionItem.providerKind,
      description: provisionItem.description,
      provisionType: provisionItem.provisionType,
      sessionsPerPeriod: provisionItem.sessionsPerPeriod,
      minutesPerSession: provisionItem.minutesPerSession,
      period: provisionItem.period,
      termTimeOnly: provisionItem.termTimeOnly,
      startDate: sql<string | null>`coalesce(${provisionItem.startDate}, ${planVersion.issuedDate})`,
      endDate: provisionItem.endDate,
    })
    .from(ehcPlan)
    .innerJoin(planVersion, eq(planVersion.id, ehcPlan.currentVersionId))
    .innerJoin(provisionItem, eq(provisionItem.planVersionId, planVersion.id))
    .where(and(eq(ehcPlan.laId, laId), eq(ehcPlan.status, 'active')));

  const { window, silent } = gapWindows(today, { windowWeeks: policy.gapWindowWeeks, silentWeeks: policy.gapSilentWeeks });
  const yearStart = academicYearStart(today);
  const term = termContaining(calendar, today);
  const termStart = term?.start ?? null;
  const earliestWeek = [window.from, weekStarting(yearStart)].sort()[0] ?? window.from;
  // One pass over the weekly rollup (never the records) gives every window for every item.
  const sums = await db
    .select({
      provisionItemId: provisionDeliveryWeek.provisionItemId,
      deliveredWindow: sql<number>`coalesce(sum(${provisionDeliveryWeek.deliveredMinutes}) filter (where ${provisionDeliveryWeek.weekStart} between ${window.from} and ${window.to}), 0)::int`,
      recordsSilent: sql<number>`coalesce(sum(${provisionDeliveryWeek.deliveredSessions} + ${provisionDeliveryWeek.missedSessions}) filter (where ${provisionDeliveryWeek.weekStart} between ${silent.from} and ${silent.to}), 0)::int`,
      deliveredTerm: sql<number>`coalesce(sum(${provisionDeliveryWeek.deliveredMinutes}) filter (where ${provisionDeliveryWeek.weekStart} >= ${termStart ? weekStarting(termStart) : '9999-12-31'}), 0)::int`,
      deliveredYear: sql<number>`coalesce(sum(${provisionDeliveryWeek.deliveredMinutes}) filter (where ${provisionDeliveryWeek.weekStart} >= ${weekStarting(yearStart)}), 0)::int`,
    })
    .from(provisionDeliveryWeek)
    .where(and(eq(provisionDeliveryWeek.laId, laId), sql`${provisionDeliveryWeek.weekStart} >= ${earliestWeek}`))
    .groupBy(provisionDeliveryWeek.provisionItemId);
  const deliveredByItem = new Map(sums.map((row) => [row.provisionItemId, row]));
  // A line that carries on earlier versions' lines is owed from the first one's start and counts
  // what was delivered against them all; only amended lines are read, so this is a few rows.
  const lineages = await findLineages(db, laId, { amendedInForce: true });
  const delivered = (itemId: string) => {
    const lineage = lineages.get(itemId);
    if (!lineage) return deliveredByItem.get(itemId);
    const total = { deliveredWindow: 0, recordsSilent: 0, deliveredTerm: 0, deliveredYear: 0 };
    for (const id of lineage.itemIds) {
      const row = deliveredByItem.get(id);
      if (!row) continue;
      total.deliveredWindow += row.deliveredWindow;
      total.recordsSilent += row.recordsSilent;
      total.deliveredTerm += row.deliveredTerm;
      total.deliveredYear += row.deliveredYear;
    }
    return total;
  };

  // Many items share a schedule (the same template issued before this year): owe each pattern once.
  const owedCache = new Map<string, Owed>();
  const owed = (schedule: ProvisionSchedule, from: IsoDate, to: IsoDate): Owed => {
    const key = [
      schedule.sessionsPerPeriod,
      schedule.minutesPerSession,
      schedule.period,
      schedule.termTimeOnly,
      schedule.startDate > from ? schedule.startDate : '',
      schedule.endDate !== null && schedule.endDate < to ? schedule.endDate : '',
      from,
      to,
    ].join('|');
    let result = owedCache.get(key);
    if (result === undefined) {
      result = owedBetween(schedule, calendar, from, to);
      owedCache.set(key, result);
    }
    return result;
  };
  // The snapshot holds whole minutes: the exact figure is rounded once, here.
  const owedMinutes = (schedule: ProvisionSchedule, from: IsoDate, to: IsoDate): number => Math.round(owed(schedule, from, to).minutes ?? 0);

  const rows: LedgerRow[] = [];
  for (const item of items) {
    // Items without a quantity cannot be owed: they are flagged as vague wording, not measured.
    const startDate = lineages.get(item.id)?.startsOn ?? item.startDate;
    if (!item.sessionsPerPeriod || !item.minutesPerSession || !item.period || !isProvisionPeriod(item.period) || !startDate) continue;
    const schedule: ProvisionSchedule = {
      sessionsPerPeriod: item.sessionsPerPeriod,
      minutesPerSession: item.minutesPerSession,
      period: item.period,
      termTimeOnly: item.termTimeOnly,
      startDate,
      endDate: item.endDate,
    };
    const sum = delivered(item.id);
    const ledger = {
      provisionItemId: item.id,
      laId,
      childId: item.childId,
      asOf: today,
      owedWindowMinutes: owedMinutes(schedule, window.from, window.to),
      deliveredWindowMinutes: sum?.deliveredWindow ?? 0,
      owedSilentWindowMinutes: owedMinutes(schedule, silent.from, silent.to),
      recordsInSilentWindow: sum?.recordsSilent ?? 0,
      owedTermMinutes: termStart ? owedMinutes(schedule, termStart, today) : 0,
      deliveredTermMinutes: sum?.deliveredTerm ?? 0,
      owedYearMinutes: owedMinutes(schedule, yearStart, today),
      deliveredYearMinutes: sum?.deliveredYear ?? 0,
    };
    const gapReasons = deliveryGapReasons(
      {
        owedSessionsInWindow: owed(schedule, window.from, window.to).sessions,
        owedMinutesInWindow: ledger.owedWindowMinutes,
        deliveredMinutesInWindow: ledger.deliveredWindowMinutes,
        owedSessionsInSilentWindow: owed(schedule, silent.from, silent.to).sessions,
        recordsInSilentWindow: ledger.recordsInSilentWindow,
      },
      { minimumShareDelivered: policy.gapMinimumPercent / 100, windowWeeks: policy.gapWindowWeeks, silentWeeks: policy.gapSilentWeeks },
    );
    rows.push({ ledger, childId: item.childId, provisionItemId: item.id, item, gapReasons, earlierItemIds: lineages.get(item.id)?.itemIds.slice(1) ?? [] });
  }

  await db.transaction(async (tx) => {
    await tx.delete(provisionItemLedger).where(eq(provisionItemLedger.laId, laId));
    for (let start = 0; start < rows.length; start += CHUNK) {
      await tx.insert(provisionItemLedger).values(rows.slice(start, start + CHUNK).map((row) => row.ledger));
    }
    await refreshDeliveryRollups(tx, laId, today);
  });
  return rows;
}

async function raiseGapConcerns(db: Database, laId: string, today: IsoDate, policy: LaPolicy, ledgers: LedgerRow[]): Promise<number> {
  const gaps = ledgers.filter((row) => row.gapReasons.length > 0);
  // An amendment that carried a line on does not make its open concern a new one.
  const earlier = gaps.flatMap((row) => row.earlierItemIds);
  const stillOpen = new Set<string>();
  for (let start = 0; start < earlier.length; start += 5000) {
    const open = await db
      .select({ provisionItemId: provisionConcern.provisionItemId })
      .from(provisionConcern)
      .where(
        and(
          eq(provisionConcern.laId, laId),
          eq(provisionConcern.status, 'open'),
          eq(provisionConcern.kind, 'delivery_gap'),
          inArray(provisionConcern.provisionItemId, earlier.slice(start, start + 5000)),
        ),
      );
    for (const row of open) if (row.provisionItemId) stillOpen.add(row.provisionItemId);
  }
  const caught = gaps.filter((row) => !row.earlierItemIds.some((id) => stillOpen.has(id)));
  // Named as the family reads it: a name an officer gave the line, else the one its wording gives.
  const given = await findGivenShortNames(
    db,
    laId,
    caught.map((row) => row.provisionItemId),
  );
  const nameOf = (row: LedgerRow) => itemName({ ...row.item, shortName: given.get(row.provisionItemId) ?? null });
  return raiseConcerns(
    db,
    laId,
    today,
    policy,
    caught.map((row) => ({
      childId: row.childId,
      provisionItemId: row.provisionItemId,
      providerKind: row.item.providerKind,
      kind: 'delivery_gap',
      reasons: row.gapReasons,
      summary: `${nameOf(row)}: ${row.gapReasons.map((reason) => GAP_REASON_TEXT[reason].toLowerCase()).join('; ')}.`,
      about: concernAbout({ itemName: nameOf(row), kind: 'delivery_gap' }),
    })),
    'Raised by the daily delivery check',
  );
}

/**
 * A concern for each child whose spell without full-time education has lasted the LA's number of
 * school days or more (default 15, today included), counted by the LA's calendar so holidays do not count. At most one
 * open per child (a unique index), so a child already being worked on is skipped, and a rerun
 * raises nothing.
 */
async function raiseNotFullTimeConcerns(db: Database, laId: string, today: IsoDate, calendar: SchoolCalendar, policy: LaPolicy): Promise<number> {
  const startedByThen = spellStartForSchoolDays(calendar, today, policy.notFullTimeSchoolDays);
  if (startedByThen === null) return 0;
  const children = await findChildrenNotFullTimeSince(db, laId, startedByThen);
  return raiseConcerns(
    db,
    laId,
    today,
    policy,
    children.map((row) => {
      const schoolDays = String(schoolDaysFrom(calendar, row.spellStart, today));
      return {
        childId: row.childId,
        provisionItemId: null,
        providerKind: null,
        kind: 'not_full_time',
        reasons: [row.kind],
        summary:
          row.kind === 'no_setting'
            ? `No school or setting since ${formatDate(row.spellStart)}: ${schoolDays} school days without full-time education.`
            : `${EDUCATION_KINDS[row.kind]} of ${formatHours(row.offeredMinutesPerWeek)} a week (full-time is ${formatHours(row.fullTimeMinutesPerWeek)}): ${schoolDays} school days without full-time education since ${formatDate(row.spellStart)}.`,
        about: concernAbout({ itemName: null, kind: 'not_full_time' }),
      };
    }),
    `Raised by the daily check: ${String(policy.notFullTimeSchoolDays)} school days or more without full-time education`,
  );
}

interface ConcernToRaise {
  childId: string;
  provisionItemId: string | null;
  providerKind: string | null;
  kind: 'delivery_gap' | 'not_full_time';
  reasons: string[];
  summary: string;
  /** What the concern is about, for its timeline title. */
  about: string;
}

/**
 * Raises concerns found by the sweep, a chunk per transaction: each with the child's caseworker
 * on the first rung, its first step and its timeline entry. One already open for the same item
 * (or, for full-time education, the same child) is being worked: the unique indexes skip it, so a
 * rerun raises nothing.
 */
async function raiseConcerns(db: Database, laId: string, today: IsoDate, policy: LaPolicy, concerns: ConcernToRaise[], stepNote: string): Promise<number> {
  if (concerns.length === 0) return 0;
  const rung = firstRung(today, policy.concernStepDays);
  const caseworkers = await caseworkersOf(
    db,
    laId,
    concerns.map((row) => row.childId),
  );
  const keyOf = (row: { childId: string; provisionItemId: string | null }) => `${row.childId}|${row.provisionItemId ?? ''}`;
  let raised = 0;
  for (let start = 0; start < concerns.length; start += CHUNK) {
    const chunk = concerns.slice(start, start + CHUNK);
    const byKey = new Map(chunk.map((row) => [keyOf(row), row]));
    await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(provisionConcern)
        .values(
          chunk.map((row) => ({
            laId,
            childId: row.childId,
            provisionItemId: row.provisionItemId,
            kind: row.kind,
            reasons: row.reasons,
            summary: row.summary,
            level: rung.level,
            involvesHealthCommissioner: false,
            ownerUserId: caseworkers.get(row.childId) ?? null,
            dueOn: rung.dueOn,
            raisedOn: today,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: provisionConcern.id, childId: provisionConcern.childId, provisionItemId: provisionConcern.provisionItemId });
      if (inserted.length === 0) return;
      await tx.insert(concernStep).values(inserted.map(({ id }) => ({ laId, concernId: id, action: 'raised', note: stepNote, levelAfter: rung.level, dueOnAfter: rung.dueOn })));
      await addTimelineEntries(
        tx,
        inserted.flatMap((row) => {
          const concern = byKey.get(keyOf(row));
          return concern ? [concernEntry(laId, { ...row, providerKind: concern.providerKind }, 'raised', rung.level, concern.about, concern.summary)] : [];
        }),
      );
      raised += inserted.length;
    });
  }
  return raised;
}

async function caseworkersOf(db: Database, laId: string, childIds: string[]): Promise<Map<string, string | null>> {
  const owners = new Map<string, string | null>();
  const unique = [...new Set(childIds)];
  for (let start = 0; start < unique.length; start += 5000) {
    const rows = await db
      .select({ id: child.id, caseworkerId: child.caseworkerId })
      .from(child)
      .where(and(eq(child.laId, laId), inArray(child.id, unique.slice(start, start + 5000))));
    for (const row of rows) owners.set(row.id, row.caseworkerId);
  }
  return owners;
}

/** The person who owns a rung: the child's caseworker, else the LA's first team manager (by name). */
async function ownerForLevel(db: Database, laId: string, level: ConcernLevel, caseworkerId: string | null): Promise<string | null> {
  if (level === 'caseworker') return caseworkerId;
  if (level === 'head_of_service') return null;
  const [manager] = await db
    .select({ id: appUser.id })
    .from(appUser)
    .where(and(eq(appUser.laId, laId), eq(appUser.role, 'sen_team_manager'), eq(appUser.disabled, false)))
    .orderBy(appUser.displayName)
    .limit(1);
  return manager?.id ?? null;
}

async function escalateOverdue(db: Database, laId: string, today: IsoDate, policy: LaPolicy): Promise<number> {
  const overdue = await db
    .select({
      id: provisionConcern.id,
      level: provisionConcern.level,
      dueOn: provisionConcern.dueOn,
      providerKind: provisionItem.providerKind,
      provisionItemId: provisionConcern.provisionItemId,
      childId: provisionConcern.childId,
      kind: provisionConcern.kind,
      itemDescription: provisionItem.description,
      itemProvisionType: provisionItem.provisionType,
      itemShortName: provisionItemName.shortName,
    })
    .from(provisionConcern)
    .leftJoin(provisionItem, eq(provisionItem.id, provisionConcern.provisionItemId))
    .leftJoin(provisionItemName, eq(provisionItemName.provisionItemId, provisionConcern.provisionItemId))
    .where(and(eq(provisionConcern.laId, laId), eq(provisionConcern.status, 'open'), lte(provisionConcern.dueOn, today)));
  let escalations = 0;
  const teamManager = await ownerForLevel(db, laId, 'team_manager', null);
  for (const concern of overdue) {
    if (!isConcernLevel(concern.level)) continue;
    const climbed = escalationsDue({ level: concern.level, dueOn: concern.dueOn }, today, policy.concernStepDays);
    const top = climbed.at(-1);
    if (!top) continue;
    const climbedNow = await db.transaction(async (tx) => {
      const updated = await tx
        .update(provisionConcern)
        .set({
          level: top.level,
          dueOn: top.dueOn,
          ownerUserId: top.level === 'team_manager' ? teamManager : null,
          involvesHealthCommissioner: bringsInHealthCommissioner(top.level, concern.providerKind),
        })
        // Guarded by the level and due date read above: a concurrent step or rerun changes neither twice.
        .where(and(eq(provisionConcern.id, concern.id), eq(provisionConcern.level, concern.level), eq(provisionConcern.dueOn, concern.dueOn), eq(provisionConcern.status, 'open')))
        .returning({ id: provisionConcern.id });
      if (updated.length === 0) return 0;
      await tx.insert(concernStep).values(
        climbed.map((position) => ({
          laId,
          concernId: concern.id,
          action: 'escalated',
          note: `Not resolved by its due date: escalated to ${CONCERN_LEVELS_IN_A_SENTENCE[position.level]}${bringsInHealthCommissioner(position.level, concern.providerKind) ? ' and the health commissioner' : ''}`,
          levelAfter: position.level,
          dueOnAfter: position.dueOn,
        })),
      );
      await addTimelineEntries(
        tx,
        climbed.map((position) =>
          concernEntry(
            laId,
            { id: concern.id, childId: concern.childId, provisionItemId: concern.provisionItemId, providerKind: concern.providerKind },
            'escalated',
            position.level,
            concernAbout({ itemName: repository.concernItemName(concern), kind: concern.kind }),
            'Not resolved by its due date',
          ),
        ),
      );
      return climbed.length;
    });
    escalations += climbedNow;
  }
  return escalations;
}

/**
 * A step the daily check took, on the child's timeline: no author (the system took it), and for
 * everyone, as the family sees every concern about their child.
 */
function concernEntry(
  laId: string,
  concern: { id: string; childId: string; provisionItemId: string | null; providerKind: string | null },
  action: string,
  levelAfter: string,
  about: string,
  body: string | null,
): NewTimelineEntry {
  return {
    laId,
    childId: concern.childId,
    occurredAt: new Date(),
    kind: 'provision_concern',
    title: concernTimelineTitle(action, levelAfter, about),
    body,
    ...concernEntryAudience(concern),
    sourceType: 'provision_concern',
    sourceId: concern.id,
  };
}
