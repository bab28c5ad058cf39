import { and, eq } from 'drizzle-orm';
import { isUuid } from '../../auth/child-access.js';
import type { Principal } from '../../auth/child-scope.js';
import { hasPermission } from '../../auth/permissions.js';
import { isFamilyRole, isLaStaff } from '../../auth/roles.js';
import type { Database } from '../../db/client.js';
import { nextEditBy, staleEdit } from '../../db/edited-rows.js';
import { ehcPlan, provisionItem, review, reviewContribution, reviewOutcomeRating, reviewParticipant, reviewProvisionRecord } from '../../db/schema/index.js';
import { audiencesWritableBy, isAudience, type Audience } from '../../domain/audience.js';
import { type IsoDate } from '../../domain/dates.js';
import { formatDate } from '../../domain/formatting.js';
import { reviewDecisionMade, reviewInvitation, reviewInvitationToStaff, reviewPapersCirculated, reviewReportSent, type MessageReader, type NotificationText } from '../../domain/notification-texts.js';
import { isProvisionPeriod } from '../../domain/plans.js';
import { nextAnnualReviewDue, reviewSteps, type ReviewStep } from '../../domain/review-clock.js';
import {
  checkDecision,
  checkHeldOn,
  checkInvitations,
  checkMeetingDate,
  isProgressRating,
  mayTakeStep,
  stepRefusal,
  viewsDueBy,
  type FieldProblem,
  type WorkflowStep,
} from '../../domain/review-workflow.js';
import { annualReviewDeadline, REVIEW_CONTRIBUTION_KINDS, REVIEW_DECISIONS, REVIEW_KINDS, type ReviewContributionKind, type ReviewKind } from '../../domain/reviews.js';
import { owedBetween } from '../../domain/schedule.js';
import type { Actor } from '../../http/actor.js';
import { MissingVersionError, VERSION_FIELD } from '../../http/edit-version.js';
import { NotFoundError, ValidationError } from '../../http/errors.js';
import { readPage } from '../../http/pagination.js';
import { recordAudit } from '../audit/repository.js';
import { loadSchoolCalendar } from '../calendar/repository.js';
import type { ChildSummary } from '../children/repository.js';
import { findChildInScope, openChildRecord } from '../children/service.js';
import { seesDocument, storeDocumentIn } from '../documents/service.js';
import { queueNotifications, type NewNotification } from '../notifications/outbox.js';
import { findLineages, lineageOf } from '../provision/lineage.js';
import { deliveredSince } from '../provision/service.js';
import { completeStepTasks, createStepTasks, type StepTask } from '../tasks/service.js';
import { addTimelineEntries } from '../timeline/repository.js';
import * as repository from './repository.js';
import type { ContributionInput, DecisionInput, InvitationsInput, NewReviewInput, RecordMeetingInput, ScheduleInput } from './schemas.js';

export const CALENDAR_PAGE_SIZE = 50;

/**
 * CoP 9.178: LAs should consider reviewing plans for under-fives every 3 to 6 months. Until the
 * LA's own cycle is configurable (the review clock's work), the longest the guidance allows.
 */
const UNDER_FIVE_CYCLE_MONTHS = 6;

type ReviewRow = repository.ReviewRow;

/**
 * Whether this person runs this review: LA staff who run reviews run any; a school's SENCO only a
 * review its school runs (runBy 'setting') of a pupil placed there.
 */
function mayRun(principal: Principal, row: Pick<ReviewRow, 'runBy' | 'settingId'>): boolean {
  if (!hasPermission(principal.role, 'review:manage')) return false;
  if (isLaStaff(principal.role)) return true;
  return principal.role === 'school_senco' && row.runBy === 'setting' && row.settingId !== null && row.settingId === principal.settingId;
}

function mayDecide(principal: Principal): boolean {
  return hasPermission(principal.role, 'review:decide');
}

/** The review of a child in scope; not found otherwise, or when it is another child's. */
async function reviewOf(db: Database, principal: Principal, childId: string, reviewId: string): Promise<ReviewRow> {
  if (!isUuid(reviewId)) throw new NotFoundError();
  const row = await repository.findReview(db, principal.laId, childId, reviewId);
  if (!row) throw new NotFoundError();
  return row;
}

/** For a change: the child in scope (not audited as a read) and the review, which this person must run. */
async function reviewToRun(db: Database, actor: Actor, childId: string, reviewId: string) {
  const summary = await findChildInScope(db, actor, childId);
  const row = await reviewOf(db, actor.principal, childId, reviewId);
  if (!mayRun(actor.principal, row)) throw new NotFoundError();
  return { summary, row };
}

function refuseUnlessStage(row: ReviewRow, step: WorkflowStep, path = 'form'): void {
  if (!mayTakeStep(row.stage, step)) throw new ValidationError([{ path, message: stepRefusal(row.stage, step) }]);
}

function refuseProblems(problems: FieldProblem[]): void {
  if (problems.length > 0) throw new ValidationError(problems);
}

/** The form was opened at `version`: a save over a newer one is refused, naming who saved it. */
async function checkVersion(db: Database, actor: Actor, row: ReviewRow, submitted: string | undefined): Promise<number> {
  if (submitted === undefined || !/^\d{1,9}$/.test(submitted)) throw new MissingVersionError();
  const version = Number(submitted);
  if (version !== row.version) throw await staleEdit(db, row, actor.clock.now());
  return version;
}

/** Updates the review at the version the form was opened at, or refuses it as stale. */
async function updateReview(tx: Database, actor: Actor, row: ReviewRow, version: number, change: Partial<typeof review.$inferInsert>): Promise<void> {
  const updated = await tx
    .update(review)
    .set({ ...change, ...nextEditBy(actor.principal.userId, actor.clock.now()) })
    .where(and(eq(review.laId, actor.principal.laId), eq(review.id, row.id), eq(review.version, version)))
    .returning({ id: review.id });
  if (updated.length === 0) {
    const now = await repository.findReview(tx, actor.principal.laId, row.childId, row.id);
    throw await staleEdit(tx, now ?? row, actor.clock.now());
  }
}

function kindText(kind: string): string {
  return kind in REVIEW_KINDS ? REVIEW_KINDS[kind as ReviewKind] : 'Review';
}

/** A step of the review on the child's timeline: the family sees every step of their child's review. */
async function timeline(tx: Database, actor: Actor, row: Pick<ReviewRow, 'id' | 'childId' | 'kind'>, title: string, body: string | null = null, audience: Audience = 'family') {
  await addTimelineEntries(tx, [
    {
      laId: actor.principal.laId,
      childId: row.childId,
      occurredAt: actor.clock.now(),
      kind: 'review',
      title: `${kindText(row.kind)}: ${title}`,
      body,
      audience,
      authorUserId: actor.principal.userId,
      authorRole: actor.principal.role,
      sourceType: 'review',
      sourceId: row.id,
    },
  ]);
}

/** The source id of a step's task: the review, the step and its due date (a moved date is a new task). */
const stepSourcePrefix = (reviewId: string, step: string) => `${reviewId}:${step}:`;

/**
 * The task for the next step the LA owes, for the child's caseworker: every deadline is a task for
 * its owner. A school runs its own meeting from its work tray (the reviews list), so only the LA's
 * steps become tasks.
 */
function stepTask(row: ReviewRow, summary: ChildSummary, steps: ReviewStep[], step: ReviewStep['step'], words: string): StepTask[] {
  const found = steps.find((candidate) => candidate.step === step);
  const owner = summary.child.caseworkerId;
  if (!found?.dueOn || found.doneOn || !owner) return [];
  if (row.runBy === 'setting' && step !== 'decision') return [];
  return [
    {
      laId: row.laId,
      childId: row.childId,
      title: `${words} for ${summary.child.forename} (${kindText(row.kind).toLowerCase()}, due ${formatDate(found.dueOn)})`,
      ownerUserId: owner,
      dueOn: found.dueOn,
      sourceType: 'review_step',
      sourceId: `${stepSourcePrefix(row.id, step)}${found.dueOn}`,
    },
  ];
}

async function completeStep(tx: Database, actor: Actor, reviewId: string, step: ReviewStep['step']) {
  await completeStepTasks(tx, actor.principal.laId, 'review_step', stepSourcePrefix(reviewId, step), actor.clock.now(), actor.principal.userId);
}

// Reading ------------------------------------------------------------------------------------

/** A child's reviews for the Reviews tab, with each one's steps. Call after the child has been opened. */
export async function reviewsForChild(db: Database, principal: Principal, childId: string, today: IsoDate) {
  const rows = await repository.findChildReviews(db, principal.laId, childId);
  return rows.map((row) => ({ row, steps: reviewSteps(row, today), mayRun: mayRun(principal, row) }));
}

/** The review's page: the record opened (audited), the review, its people, contributions the reader may see, and its steps. */
export async function loadReview(db: Database, actor: Actor, childId: string, reviewId: string) {
  const summary = await openChildRecord(db, actor, childId);
  const row = await reviewOf(db, actor.principal, childId, reviewId);
  const [participants, contributions] = await Promise.all([repository.findParticipants(db, actor.principal.laId, row.id), repository.findContributions(db, actor.principal.laId, row.id)]);
  const today = actor.clock.today();
  return {
    summary,
    review: row,
    participants,
    contributions: contributions.filter((contribution) => seesDocument(actor.principal, contribution)),
    steps: reviewSteps(row, today),
    today,
    mayRun: mayRun(actor.principal, row),
    mayDecide: mayDecide(actor.principal),
    mayContribute: hasPermission(actor.principal.role, 'review:contribute') && mayTakeStep(row.stage, 'contribute'),
  };
}

/** The report: the meeting, the ratings, the ledger frozen at the meeting, and the decision. */
export async function loadReport(db: Database, actor: Actor, childId: string, reviewId: string) {
  const base = await loadReview(db, actor, childId, reviewId);
  const [ratings, provision] = await Promise.all([repository.findRatings(db, actor.principal.laId, reviewId), repository.findProvisionRecords(db, actor.principal.laId, reviewId)]);
  return { ...base, ratings, provision };
}

/** The invitations form: the people the child's links suggest, and who is already invited. */
export async function loadInvitationsForm(db: Database, actor: Actor, childId: string, reviewId: string) {
  const summary = await openChildRecord(db, actor, childId);
  const row = await reviewOf(db, actor.principal, childId, reviewId);
  if (!mayRun(actor.principal, row)) throw new NotFoundError();
  const [candidates, staff, participants] = await Promise.all([
    repository.findInviteeCandidates(db, actor.principal.laId, childId, row.settingId),
    repository.findLaStaff(db, actor.principal.laId),
    repository.findParticipants(db, actor.principal.laId, row.id),
  ]);
  return { summary, review: row, candidates, staff, participants, today: actor.clock.today() };
}

/** The meeting form: the people invited and the plan's outcomes to rate. */
export async function loadMeetingForm(db: Database, actor: Actor, childId: string, reviewId: string) {
  const summary = await openChildRecord(db, actor, childId);
  const row = await reviewOf(db, actor.principal, childId, reviewId);
  if (!mayRun(actor.principal, row)) throw new NotFoundError();
  const [participants, outcomes] = await Promise.all([
    repository.findParticipants(db, actor.principal.laId, row.id),
    summary.plan?.currentVersionId ? repository.findOutcomes(db, actor.principal.laId, summary.plan.currentVersionId) : Promise.resolve([]),
  ]);
  return { summary, review: row, participants, outcomes, today: actor.clock.today() };
}

/** A step's form page for someone who runs the review (or decides): the record opened and the review. */
export async function loadStepForm(db: Database, actor: Actor, childId: string, reviewId: string, who: 'run' | 'decide' | 'contribute') {
  const summary = await openChildRecord(db, actor, childId);
  const row = await reviewOf(db, actor.principal, childId, reviewId);
  if (who === 'run' && !mayRun(actor.principal, row)) throw new NotFoundError();
  return { summary, review: row, today: actor.clock.today() };
}

/** The new-review form: the child and their plan in force. */
export async function loadNewReviewForm(db: Database, actor: Actor, childId: string) {
  const summary = await openChildRecord(db, actor, childId);
  return { summary, today: actor.clock.today() };
}

// Scheduling ---------------------------------------------------------------------------------

/**
 * Arranges a review of the child's plan in force with its meeting. The review is due by the
 * plan's next review date (CFA 2014 s44(1)); a school's SENCO arranges only a review the school
 * runs. A ceased plan, or a child without a plan, is not reviewed.
 */
export async function createReview(db: Database, actor: Actor, childId: string, input: NewReviewInput): Promise<string> {
  const { principal } = actor;
  const summary = await findChildInScope(db, actor, childId);
  const today = actor.clock.today();
  const plan = summary.plan;
  if (!plan?.id || plan.status !== 'active') throw new ValidationError([{ path: 'kind', message: 'This child has no EHC plan in force, so there is no plan to review' }]);
  const runBy = principal.role === 'school_senco' ? 'setting' : input.runBy;
  if (runBy === 'setting' && !summary.setting) throw new ValidationError([{ path: 'runBy', message: 'The child has no school or setting to run the review' }]);
  refuseProblems(checkMeetingDate({ meetingDate: input.meetingDate, invitationsSentOn: null, today }));
  const dueBy = plan.nextReviewDue ?? annualReviewDeadline(plan.lastReviewDate ?? plan.firstIssuedDate ?? today);
  const values = {
    laId: principal.laId,
    planId: plan.id,
    childId,
    kind: input.kind,
    runBy,
    settingId: summary.setting?.id ?? null,
    dueBy,
    stage: 'scheduled',
    meetingDate: input.meetingDate,
    meetingTime: input.meetingTime,
    meetingPlace: input.meetingPlace,
    createdBy: principal.userId,
    updatedBy: principal.userId,
  };
  return db.transaction(async (tx) => {
    const [created] = await tx.insert(review).values(values).onConflictDoNothing().returning();
    if (!created) throw new ValidationError([{ path: 'kind', message: 'This plan already has a review under way: finish or cancel it first' }]);
    await recordAudit(tx, actor, { subjectType: 'review', subjectId: created.id, childId, change: { kind: input.kind, runBy, dueBy, meetingDate: input.meetingDate } });
    await timeline(tx, actor, created, `meeting arranged for ${formatDate(input.meetingDate)}`, [input.meetingTime, input.meetingPlace].filter(Boolean).join(', '));
    await createStepTasks(tx, stepTask(created, summary, reviewSteps(created, today), 'invitations', 'Send the review invitations'));
    return created.id;
  });
}

/** Arranges or moves the meeting, until it is held; never before invitations already sent. */
export async function scheduleMeeting(db: Database, actor: Actor, childId: string, reviewId: string, input: ScheduleInput): Promise<void> {
  const { summary, row } = await reviewToRun(db, actor, childId, reviewId);
  const version = await checkVersion(db, actor, row, input[VERSION_FIELD]);
  refuseUnlessStage(row, 'schedule', 'meetingDate');
  const today = actor.clock.today();
  refuseProblems(checkMeetingDate({ meetingDate: input.meetingDate, invitationsSentOn: row.invitationsSentOn, today }));
  await db.transaction(async (tx) => {
    await updateReview(tx, actor, row, version, { meetingDate: input.meetingDate, meetingTime: input.meetingTime, meetingPlace: input.meetingPlace });
    await recordAudit(tx, actor, {
      subjectType: 'review',
      subjectId: row.id,
      childId,
      change: { meetingDate: { from: row.meetingDate, to: input.meetingDate }, meetingTime: input.meetingTime, meetingPlace: input.meetingPlace },
    });
    await timeline(
      tx,
      actor,
      row,
      row.meetingDate ? `meeting moved to ${formatDate(input.meetingDate)}` : `meeting arranged for ${formatDate(input.meetingDate)}`,
      [input.meetingTime, input.meetingPlace].filter(Boolean).join(', '),
    );
    const moved = { ...row, meetingDate: input.meetingDate };
    if (!row.invitationsSentOn) {
      // The invitations' date follows the meeting: the old task goes, the new date's comes.
      await completeStep(tx, actor, row.id, 'invitations');
      await createStepTasks(tx, stepTask(moved, summary, reviewSteps(moved, today), 'invitations', 'Send the review invitations'));
    }
  });
}

// Invitations --------------------------------------------------------------------------------

interface Invitee {
  role: string;
  userId: string | null;
  name: string;
  organisation: string | null;
  reader: MessageReader | null;
}

/** The key a checkbox carries for a person who signs in: `<role>:<userId>`. */
export const inviteeKey = (role: string, userId: string) => `${role}:${userId}`;

/**
 * Sends the invitations (SEND Regs 2014 reg 20(3)): each person chosen, and someone else by name,
 * joins the review; those who sign in are told, with the date their views are wanted by. Sent
 * again, it adds the people not yet invited. The meeting must not be before the invitations.
 */
export async function sendInvitations(db: Database, actor: Actor, childId: string, reviewId: string, input: InvitationsInput): Promise<void> {
  const { principal } = actor;
  const { summary, row } = await reviewToRun(db, actor, childId, reviewId);
  const version = await checkVersion(db, actor, row, input[VERSION_FIELD]);
  refuseUnlessStage(row, 'invite', 'invitees');
  const today = actor.clock.today();
  const [candidates, staff, already] = await Promise.all([
    repository.findInviteeCandidates(db, principal.laId, childId, row.settingId),
    repository.findLaStaff(db, principal.laId),
    repository.findParticipants(db, principal.laId, row.id),
  ]);
  const offered = new Map<string, Invitee>();
  for (const person of candidates.family)
    if (person.userId) offered.set(inviteeKey('parent', person.userId), { role: 'parent', userId: person.userId, name: person.name, organisation: null, reader: 'family' });
  for (const person of candidates.youngPerson)
    offered.set(inviteeKey('young_person', person.userId), { role: 'young_person', userId: person.userId, name: person.name, organisation: null, reader: 'young_person' });
  for (const person of candidates.school)
    offered.set(inviteeKey('setting', person.userId), { role: 'setting', userId: person.userId, name: person.name, organisation: person.settingName, reader: 'staff' });
  for (const person of staff) {
    const role = person.role === 'educational_psychologist' ? 'educational_psychologist' : 'la_officer';
    offered.set(inviteeKey(role, person.userId), { role, userId: person.userId, name: person.name, organisation: 'The local authority', reader: 'staff' });
  }
  const problems: FieldProblem[] = [];
  const chosen: Invitee[] = [];
  for (const key of input.invitees) {
    const person = offered.get(key);
    if (!person) problems.push({ path: 'invitees', message: 'Select people from the list' });
    else chosen.push(person);
  }
  if (input.otherName !== '') chosen.push({ role: input.otherRole, userId: null, name: input.otherName, organisation: input.otherOrganisation || null, reader: null });
  const isNew = (person: Invitee) =>
    !already.some((existing) => (person.userId ? existing.userId === person.userId : existing.userId === null && existing.name === person.name && existing.role === person.role));
  const fresh = chosen.filter(isNew);
  problems.push(...checkInvitations({ meetingDate: row.meetingDate, today, invitees: already.length + fresh.length }));
  if (fresh.length === 0 && problems.length === 0) problems.push({ path: 'invitees', message: 'Everyone selected has already been invited: select someone else, or add them by name' });
  refuseProblems(problems);
  const meetingDate = row.meetingDate ?? today;
  const viewsBy = viewsDueBy(meetingDate, today);
  const childForStaff = { childId, forename: summary.child.forename, surname: summary.child.surname };
  const notifications: NewNotification[] = fresh.flatMap((person): NewNotification[] => {
    if (!person.userId || person.userId === principal.userId || !person.reader) return [];
    const text: NotificationText =
      person.reader === 'staff'
        ? reviewInvitationToStaff({ ...childForStaff, reviewId: row.id, meetingOn: meetingDate, viewsBy })
        : reviewInvitation({ childId, reviewId: row.id, meetingOn: meetingDate, viewsBy, reader: person.reader === 'young_person' ? 'young_person' : 'family' });
    return [{ laId: principal.laId, userId: person.userId, ...text }];
  });
  await db.transaction(async (tx) => {
    const first = row.invitationsSentOn === null;
    await updateReview(tx, actor, row, version, { stage: 'invited', ...(first ? { invitationsSentOn: today } : {}) });
    await tx
      .insert(reviewParticipant)
      .values(fresh.map((person) => ({ laId: principal.laId, reviewId: row.id, role: person.role, userId: person.userId, name: person.name, organisation: person.organisation, invitedOn: today })));
    await recordAudit(tx, actor, {
      subjectType: 'review',
      subjectId: row.id,
      childId,
      change: { invited: fresh.map((person) => ({ role: person.role, userId: person.userId })), meetingDate, viewsBy },
    });
    await timeline(
      tx,
      actor,
      row,
      first ? `invitations sent for the meeting on ${formatDate(meetingDate)}` : 'more people invited to the meeting',
      `Views and advice are asked for by ${formatDate(viewsBy)}.`,
    );
    await queueNotifications(tx, notifications);
    const sent = { ...row, invitationsSentOn: row.invitationsSentOn ?? today };
    const steps = reviewSteps(sent, today);
    await completeStep(tx, actor, row.id, 'invitations');
    await createStepTasks(tx, [...stepTask(sent, summary, steps, 'papers', 'Send out the views and advice'), ...stepTask(sent, summary, steps, 'meeting', 'Hold the review meeting')]);
  });
}

/** Sends the views and advice gathered to everyone invited, two weeks before the meeting (reg 20(4)). */
export async function circulatePapers(db: Database, actor: Actor, childId: string, reviewId: string, submittedVersion: string | undefined): Promise<void> {
  const { principal } = actor;
  const { summary, row } = await reviewToRun(db, actor, childId, reviewId);
  const version = await checkVersion(db, actor, row, submittedVersion);
  if (row.stage !== 'invited')
    throw new ValidationError([{ path: 'form', message: row.stage === 'scheduled' ? 'Send the invitations before sending out the papers' : stepRefusal(row.stage, 'invite') }]);
  const today = actor.clock.today();
  const participants = await repository.findParticipants(db, principal.laId, row.id);
  const meetingOn = row.meetingDate ?? today;
  const childForStaff = { childId, forename: summary.child.forename, surname: summary.child.surname };
  const notifications = participants.flatMap((person): NewNotification[] => {
    if (!person.userId || person.userId === principal.userId) return [];
    const reader: MessageReader = person.role === 'parent' ? 'family' : person.role === 'young_person' ? 'young_person' : 'staff';
    return [{ laId: principal.laId, userId: person.userId, ...reviewPapersCirculated({ childId, reviewId: row.id, meetingOn, reader, child: childForStaff }) }];
  });
  await db.transaction(async (tx) => {
    await updateReview(tx, actor, row, version, { papersCirculatedOn: today });
    await recordAudit(tx, actor, { subjectType: 'review', subjectId: row.id, childId, change: { papersCirculatedOn: today } });
    await timeline(tx, actor, row, 'views and advice sent to everyone invited');
    await queueNotifications(tx, notifications);
    await completeStep(tx, actor, row.id, 'papers');
  });
}

// Contributions ------------------------------------------------------------------------------

/** The kinds of contribution a role gives: a family its views, a school its report, a professional advice; LA staff any (for a family: assisted). */
export function contributionKindsFor(principal: Principal): ReviewContributionKind[] {
  if (principal.role === 'parent') return ['parent_views', 'child_views'];
  if (principal.role === 'young_person') return ['child_views'];
  if (principal.role === 'school_senco') return ['setting_report', 'child_views', 'other'];
  if (isLaStaff(principal.role)) return hasPermission(principal.role, 'family:assist') ? (Object.keys(REVIEW_CONTRIBUTION_KINDS) as ReviewContributionKind[]) : ['professional_advice', 'other'];
  return ['professional_advice', 'other'];
}

/** Whether an officer entering this kind is doing it for the family (assisted digital). */
export function isAssisted(principal: Principal, kind: string): boolean {
  return !isFamilyRole(principal.role) && (kind === 'parent_views' || kind === 'child_views') && hasPermission(principal.role, 'family:assist');
}

/**
 * Adds views or advice, typed online, to a review before its report is sent (reg 20(2)–(4)). The
 * text is kept as a document of the child's record with the audience chosen (a family's views are
 * for everyone working with the child), so it follows the document rules. An officer entering a
 * family's views is recorded as assisting them.
 */
export async function addContribution(db: Database, actor: Actor, childId: string, reviewId: string, input: ContributionInput): Promise<void> {
  const { principal } = actor;
  await findChildInScope(db, actor, childId);
  const row = await reviewOf(db, principal, childId, reviewId);
  refuseUnlessStage(row, 'contribute', 'kind');
  const kinds = contributionKindsFor(principal);
  if (!kinds.includes(input.kind as ReviewContributionKind)) throw new ValidationError([{ path: 'kind', message: 'Select what you are adding from the list' }]);
  const kind = input.kind as ReviewContributionKind;
  const writable = audiencesWritableBy(principal.role);
  const audienceText = writable.length === 1 || kind === 'parent_views' || kind === 'child_views' ? 'family' : input.audience || 'family';
  if (!isAudience(audienceText) || !writable.includes(audienceText)) throw new ValidationError([{ path: 'audience', message: 'Select who can read it' }]);
  const assisted = isAssisted(principal, kind);
  const participants = assisted ? await repository.findParticipants(db, principal.laId, row.id) : [];
  // Assisted views are the family's: given by the family member invited, entered by the officer.
  const familyMember = participants.find((person) => person.userId && (kind === 'child_views' ? person.role === 'young_person' || person.role === 'parent' : person.role === 'parent'));
  const today = actor.clock.today();
  const title = `${REVIEW_CONTRIBUTION_KINDS[kind]} for the review (${formatDate(today)})${assisted ? ', entered by an officer' : ''}`;
  await db.transaction(async (tx) => {
    const { documentId } = await storeDocumentIn(
      tx,
      actor,
      childId,
      { title, audience: audienceText, linkType: 'plan_review', linkId: row.id },
      { fileName: `${kind.replace('_', '-')}-${today}.txt`, bytes: Buffer.from(input.content, 'utf8'), truncated: false },
    );
    await tx.insert(reviewContribution).values({
      laId: principal.laId,
      reviewId: row.id,
      kind,
      documentId,
      submittedBy: assisted && familyMember?.userId ? familyMember.userId : principal.userId,
      assistedBy: assisted ? principal.userId : null,
      submittedOn: today,
    });
    await timeline(tx, actor, row, `${REVIEW_CONTRIBUTION_KINDS[kind].toLowerCase()} added${assisted ? ' (entered by an officer for the family)' : ''}`, null, audienceText);
  });
}

// The meeting --------------------------------------------------------------------------------

const ATTENDANCE = ['in_person', 'online', 'written_only', 'no'] as const;

/**
 * Freezes the provision ledger at the meeting: for each line of the plan in force, what was owed,
 * delivered and missed since the last review (or the plan), and its concerns open and closed on
 * the day. Computed by the provision module's own ledger (owedBetween and deliveredSince over the
 * line's lineage), so the report and the provision tab never disagree about the same days.
 */
async function ledgerAt(db: Database, laId: string, plan: { id: string; currentVersionId: string | null; lastReviewDate: string | null; firstIssuedDate: string | null }, heldOn: IsoDate) {
  if (!plan.currentVersionId) return [];
  const items = await db
    .select()
    .from(provisionItem)
    .where(and(eq(provisionItem.laId, laId), eq(provisionItem.planVersionId, plan.currentVersionId)));
  if (items.length === 0) return [];
  const startOfPeriod = plan.lastReviewDate ?? plan.firstIssuedDate ?? heldOn;
  const from = startOfPeriod > heldOn ? heldOn : startOfPeriod;
  const [calendar, lineageRows] = await Promise.all([loadSchoolCalendar(db, laId), findLineages(db, laId, { itemIds: items.map((item) => item.id) })]);
  const lineages = items.map((item) => lineageOf(lineageRows, item.id, item.startDate ?? from));
  const [delivered, concerns] = await Promise.all([
    deliveredSince(db, laId, lineages, from, heldOn),
    repository.findConcernsAbout(
      db,
      laId,
      lineages.flatMap((line) => line.itemIds),
      heldOn,
    ),
  ]);
  return items.map((item, index) => {
    const lineage = lineages[index] ?? lineageOf(lineageRows, item.id, from);
    const owed =
      item.sessionsPerPeriod && item.minutesPerSession && item.period && isProvisionPeriod(item.period)
        ? Math.round(
            owedBetween(
              {
                sessionsPerPeriod: item.sessionsPerPeriod,
                minutesPerSession: item.minutesPerSession,
                period: item.period,
                termTimeOnly: item.termTimeOnly,
                startDate: lineage.startsOn ?? from,
                endDate: item.endDate,
              },
              calendar,
              from,
              heldOn,
            ).minutes ?? 0,
          )
        : 0;
    const ledger = delivered.get(item.id);
    const about = concerns.filter((concern) => concern.provisionItemId !== null && lineage.itemIds.includes(concern.provisionItemId));
    return {
      laId,
      provisionItemId: item.id,
      fromDate: from,
      toDate: heldOn,
      owedMinutes: owed,
      deliveredMinutes: ledger?.deliveredMinutes ?? 0,
      missedMinutes: ledger?.missedMinutes ?? 0,
      openConcerns: about.filter((concern) => concern.resolvedOn === null || concern.resolvedOn > heldOn).length,
      closedConcerns: about.filter((concern) => concern.resolvedOn !== null && concern.resolvedOn <= heldOn && concern.resolvedOn >= from).length,
    };
  });
}

/**
 * Records the meeting: when it was held (after the invitations, not in the future), who came and
 * how, a rating from 1 to 4 with its evidence for every section E outcome, the recommendations and
 * differences of view; and freezes the ledger as of the meeting. All or nothing.
 */
export async function recordMeeting(db: Database, actor: Actor, childId: string, reviewId: string, input: RecordMeetingInput): Promise<void> {
  const { principal } = actor;
  const { summary, row } = await reviewToRun(db, actor, childId, reviewId);
  const version = await checkVersion(db, actor, row, input[VERSION_FIELD]);
  refuseUnlessStage(row, 'record_meeting', 'heldOn');
  const today = actor.clock.today();
  const problems = checkHeldOn({ heldOn: input.heldOn, invitationsSentOn: row.invitationsSentOn, today });
  const [participants, outcomes] = await Promise.all([
    repository.findParticipants(db, principal.laId, row.id),
    summary.plan?.currentVersionId ? repository.findOutcomes(db, principal.laId, summary.plan.currentVersionId) : Promise.resolve([]),
  ]);
  const attendance = participants.map((person) => ({ person, how: input.attendance[person.id] ?? '' }));
  for (const { person, how } of attendance) {
    if (!(ATTENDANCE as readonly string[]).includes(how)) problems.push({ path: `attended-${person.id}`, message: `Select whether ${person.name} took part, and how` });
  }
  const ratings = outcomes.map((outcome, index) => ({ outcome, rating: Number(input.ratings[outcome.id] ?? ''), evidence: input.evidence[outcome.id] ?? '', number: index + 1 }));
  for (const { outcome, rating, evidence, number } of ratings) {
    if (!isProgressRating(rating)) problems.push({ path: `rating-${outcome.id}`, message: `Select the progress towards outcome ${String(number)}, from 1 (no progress yet) to 4 (achieved)` });
    if (evidence === '') problems.push({ path: `evidence-${outcome.id}`, message: `Say what shows the progress towards outcome ${String(number)}` });
    else if (evidence.length > 2000) problems.push({ path: `evidence-${outcome.id}`, message: `The evidence for outcome ${String(number)} must be 2000 characters or fewer` });
  }
  refuseProblems(problems);
  const plan = summary.plan;
  const ledger = plan ? await ledgerAt(db, principal.laId, plan, input.heldOn) : [];
  await db.transaction(async (tx) => {
    await updateReview(tx, actor, row, version, { stage: 'held', heldOn: input.heldOn, recommendations: input.recommendations, differencesOfView: input.differencesOfView || null });
    for (const { person, how } of attendance) {
      await tx
        .update(reviewParticipant)
        .set({ attended: how !== 'no', attendedHow: how === 'no' ? null : how })
        .where(and(eq(reviewParticipant.laId, principal.laId), eq(reviewParticipant.id, person.id)));
    }
    if (ratings.length > 0)
      await tx.insert(reviewOutcomeRating).values(ratings.map(({ outcome, rating, evidence }) => ({ laId: principal.laId, reviewId: row.id, outcomeId: outcome.id, rating, evidence })));
    if (ledger.length > 0) await tx.insert(reviewProvisionRecord).values(ledger.map((line) => ({ ...line, reviewId: row.id })));
    await recordAudit(tx, actor, {
      subjectType: 'review',
      subjectId: row.id,
      childId,
      change: {
        heldOn: input.heldOn,
        attended: attendance.filter(({ how }) => how !== 'no').length,
        invited: attendance.length,
        ratings: ratings.map(({ outcome, rating }) => ({ outcomeId: outcome.id, rating })),
        ledgerLines: ledger.length,
      },
    });
    await timeline(tx, actor, row, `meeting held on ${formatDate(input.heldOn)}`, input.recommendations);
    const held = { ...row, heldOn: input.heldOn };
    const steps = reviewSteps(held, today);
    await completeStep(tx, actor, row.id, 'meeting');
    await completeStep(tx, actor, row.id, 'papers');
    await createStepTasks(tx, [...stepTask(held, summary, steps, 'report', 'Send the review report'), ...stepTask(held, summary, steps, 'decision', 'Make the decision after the review')]);
  });
}

// The report ---------------------------------------------------------------------------------

/** Sends the report to everyone invited, within two weeks of the meeting (reg 20(7)). */
export async function sendReport(db: Database, actor: Actor, childId: string, reviewId: string, submittedVersion: string | undefined): Promise<void> {
  const { principal } = actor;
  const { summary, row } = await reviewToRun(db, actor, childId, reviewId);
  const version = await checkVersion(db, actor, row, submittedVersion);
  refuseUnlessStage(row, 'send_report');
  const today = actor.clock.today();
  const participants = await repository.findParticipants(db, principal.laId, row.id);
  const childForStaff = { childId, forename: summary.child.forename, surname: summary.child.surname };
  const notifications = participants.flatMap((person): NewNotification[] => {
    if (!person.userId || person.userId === principal.userId) return [];
    const reader: MessageReader = person.role === 'parent' ? 'family' : person.role === 'young_person' ? 'young_person' : 'staff';
    return [{ laId: principal.laId, userId: person.userId, ...reviewReportSent({ childId, reviewId: row.id, reader, child: childForStaff }) }];
  });
  // The LA decides on the report: the caseworker hears a school has sent one.
  if (row.runBy === 'setting' && summary.child.caseworkerId && summary.child.caseworkerId !== principal.userId && !participants.some((person) => person.userId === summary.child.caseworkerId))
    notifications.push({ laId: principal.laId, userId: summary.child.caseworkerId, ...reviewReportSent({ childId, reviewId: row.id, reader: 'staff', child: childForStaff }) });
  await db.transaction(async (tx) => {
    await updateReview(tx, actor, row, version, { stage: 'report_sent', reportSentOn: today });
    await recordAudit(tx, actor, { subjectType: 'review', subjectId: row.id, childId, change: { reportSentOn: today, sentTo: participants.length } });
    await timeline(tx, actor, row, 'report sent to everyone invited');
    await queueNotifications(tx, notifications);
    await completeStep(tx, actor, row.id, 'report');
  });
}

// The decision -------------------------------------------------------------------------------

/**
 * The LA's decision (reg 20(10)): maintain, amend or cease, after the meeting, with reasons; to
 * cease, the grounds (SEN2 CeaseReason) and the day the family was told of their appeal rights.
 * The plan's review dates move on from the meeting (s44(1)); "amend" leaves the review open for
 * the amendment (reg 22), the others finish it. The family is told, in plain words.
 */
export async function recordDecision(db: Database, actor: Actor, childId: string, reviewId: string, input: DecisionInput): Promise<void> {
  const { principal } = actor;
  if (!mayDecide(principal)) throw new NotFoundError();
  const summary = await findChildInScope(db, actor, childId);
  const row = await reviewOf(db, principal, childId, reviewId);
  const version = await checkVersion(db, actor, row, input[VERSION_FIELD]);
  const today = actor.clock.today();
  if (!mayTakeStep(row.stage, 'decide')) throw new ValidationError([{ path: 'decision', message: stepRefusal(row.stage, 'decide') }]);
  refuseProblems(checkDecision({ decision: input.decision, decisionOn: input.decisionOn, heldOn: row.heldOn, today, ceaseReason: input.ceaseReason, appealRightsGivenOn: input.appealRightsGivenOn }));
  const heldOn = row.heldOn ?? input.decisionOn;
  const finished = input.decision !== 'amend';
  const participants = await repository.findParticipants(db, principal.laId, row.id);
  const family = participants.filter((person) => person.userId && (person.role === 'parent' || person.role === 'young_person') && person.userId !== principal.userId);
  await db.transaction(async (tx) => {
    await updateReview(tx, actor, row, version, {
      stage: finished ? 'closed' : 'decided',
      decision: input.decision,
      decisionOn: input.decisionOn,
      decidedBy: principal.userId,
      decisionReasons: input.reasons,
      ceaseReason: input.ceaseReason,
      appealRightsGivenOn: input.appealRightsGivenOn,
      ...(finished ? { closedOn: input.decisionOn } : {}),
    });
    // An interim review does not restart the annual clock; an annual or phase-transfer review does (s44(1)).
    if (row.kind !== 'interim') {
      await tx
        .update(ehcPlan)
        .set({ lastReviewDate: heldOn, nextReviewDue: nextAnnualReviewDue(heldOn, summary.child.dateOfBirth, UNDER_FIVE_CYCLE_MONTHS) })
        .where(and(eq(ehcPlan.laId, principal.laId), eq(ehcPlan.id, row.planId)));
    }
    await recordAudit(tx, actor, {
      subjectType: 'review',
      subjectId: row.id,
      childId,
      change: { decision: input.decision, decisionOn: input.decisionOn, reasons: input.reasons, ceaseReason: input.ceaseReason, appealRightsGivenOn: input.appealRightsGivenOn },
    });
    await timeline(tx, actor, row, `decision made: ${REVIEW_DECISIONS[input.decision].toLowerCase()}`, input.reasons);
    await queueNotifications(
      tx,
      family.map((person) => ({
        laId: principal.laId,
        userId: person.userId ?? '',
        ...reviewDecisionMade({ childId, reviewId: row.id, reader: person.role === 'young_person' ? 'young_person' : 'family' }),
      })),
    );
    await completeStep(tx, actor, row.id, 'decision');
    await completeStep(tx, actor, row.id, 'report');
  });
}

// Lists --------------------------------------------------------------------------------------

export interface CalendarQuery {
  stage?: string | undefined;
  kind?: string | undefined;
  overdue: boolean;
  officer?: string | undefined;
  page: number;
}

/**
 * The review calendar: open reviews by date due, with each one's most urgent step. LA staff see
 * the LA's; a school's SENCO, as their work tray, the reviews of their pupils.
 */
export async function listCalendar(db: Database, actor: Actor, query: CalendarQuery, settingId?: string) {
  const { principal } = actor;
  const today = actor.clock.today();
  let setting: { id: string; name: string } | undefined;
  if (settingId !== undefined) {
    if (!isUuid(settingId)) throw new NotFoundError();
    if (!isLaStaff(principal.role) && principal.settingId !== settingId) throw new NotFoundError();
    setting = await repository.findSetting(db, principal.laId, settingId);
    if (!setting) throw new NotFoundError();
  }
  const ownSetting = principal.role === 'school_senco' ? (principal.settingId ?? '00000000-0000-0000-0000-000000000000') : undefined;
  const filter: repository.CalendarFilter = {
    laId: principal.laId,
    ...(query.stage ? { stage: query.stage } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.overdue ? { overdueOn: today } : {}),
    ...(query.officer && isUuid(query.officer) ? { caseworkerId: query.officer } : {}),
    ...((setting?.id ?? ownSetting) ? { settingId: setting?.id ?? ownSetting } : {}),
  };
  const result = await readPage(query.page, CALENDAR_PAGE_SIZE, (window) => repository.findCalendar(db, filter, window.limit, window.offset));
  const officers = isLaStaff(principal.role) ? await repository.findCaseworkers(db, principal.laId) : [];
  await recordAudit(db, actor, { subjectType: 'review_calendar', change: { ...query, settingId: filter.settingId ?? null, page: result.page, shown: result.rows.map((row) => row.review.id) } });
  return { ...result, today, officers, setting, rows: result.rows.map((row) => ({ ...row, steps: reviewSteps(row.review, today), mayRun: mayRun(principal, row.review) })) };
}
