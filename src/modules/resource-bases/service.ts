import { and, eq } from 'drizzle-orm';
import { isUuid } from '../../auth/child-access.js';
import type { Principal } from '../../auth/child-scope.js';
import { isLaStaff } from '../../auth/roles.js';
import type { Database } from '../../db/client.js';
import { nextEditBy, staleEdit } from '../../db/edited-rows.js';
import { resourceBase, resourceBaseSurveyAnswer, resourceBaseSurveyRespondent, resourceBaseVisit, resourceBaseVisitPupil } from '../../db/schema/index.js';
import { PROGRESS_RATINGS, PROVISION_IN_PLACE, surveyResults, surveyTermOn, visitDue } from '../../domain/resource-bases.js';
import type { Actor } from '../../http/actor.js';
import type { FieldError } from '../../http/errors.js';
import { NotFoundError, ValidationError } from '../../http/errors.js';
import { readPage } from '../../http/pagination.js';
import { recordAudit } from '../audit/repository.js';
import { loadSchoolCalendar } from '../calendar/repository.js';
import { findTaskOwners } from '../tasks/repository.js';
import { addSourcedTasks } from '../tasks/service.js';
import * as repository from './repository.js';
import { pupilField, type BaseInput, type SurveyInput, type VisitInput } from './schemas.js';

export const BASES_PAGE_SIZE = 25;
export const VISITS_PAGE_SIZE = 10;
export const COMMENTS_PAGE_SIZE = 20;

/** Whose bases a person sees: the LA's staff every base of their LA; a school the bases it hosts; anyone else none. */
function hostScope(principal: Principal): { all: true } | { hostSettingId: string } | null {
  if (isLaStaff(principal.role)) return { all: true };
  if (principal.role === 'school_senco' && principal.settingId) return { hostSettingId: principal.settingId };
  return null;
}

/** The base, if this person may see it; another LA's base, or a school's that is not its host, is not found. */
async function baseInScope(db: Database, actor: Actor, baseId: string) {
  const scope = hostScope(actor.principal);
  if (!scope || !isUuid(baseId)) throw new NotFoundError();
  const base = await repository.findBase(db, actor.principal.laId, baseId, actor.clock.today());
  if (!base || ('hostSettingId' in scope && base.settingId !== scope.hostSettingId)) throw new NotFoundError();
  return base;
}

function audit(db: Database, actor: Actor, subjectId: string | undefined, change?: Record<string, unknown>) {
  return recordAudit(db, actor, { subjectType: 'resource_base', ...(subjectId ? { subjectId } : {}), ...(change ? { change } : {}) });
}

/** The list of bases: places commissioned and filled today, the last visit and when the next is due. */
export async function listBases(db: Database, actor: Actor, page: number) {
  const scope = hostScope(actor.principal);
  const today = actor.clock.today();
  const result = scope
    ? await readPage(page, BASES_PAGE_SIZE, (window) => repository.findBases(db, actor.principal.laId, { hostSettingId: 'hostSettingId' in scope ? scope.hostSettingId : null, today, ...window }))
    : { page: 1, rows: [], total: 0 };
  const calendar = await loadSchoolCalendar(db, actor.principal.laId);
  await audit(db, actor, undefined, { view: 'list', shown: result.rows.length, total: result.total });
  return { ...result, rows: result.rows.map((row) => ({ ...row, due: visitDue(calendar, today, row) })), today };
}

/** A base: its details, the pupils placed in it today with what the last visit found, and its visits. */
export async function loadBase(db: Database, actor: Actor, baseId: string, visitsPage: number) {
  const base = await baseInScope(db, actor, baseId);
  const today = actor.clock.today();
  const { laId } = actor.principal;
  const [pupils, latest, visits, calendar] = await Promise.all([
    repository.findPlacedPupils(db, laId, base.id, today),
    repository.findLatestPupilRecords(db, laId, base.id),
    readPage(visitsPage, VISITS_PAGE_SIZE, (window) => repository.findVisits(db, laId, base.id, window)),
    loadSchoolCalendar(db, laId),
  ]);
  // The pupils are named on the page: the event says which, as a child's record would.
  await audit(db, actor, base.id, { view: 'base', pupilsShown: pupils.map((pupil) => pupil.childId) });
  return { base, due: visitDue(calendar, today, base), pupils, latest, visits, today };
}

export async function loadNewBaseForm(db: Database, actor: Actor) {
  const schools = await repository.findHostSchools(db, actor.principal.laId);
  await audit(db, actor, undefined, { view: 'new-base-form' });
  return { schools };
}

export async function loadEditBaseForm(db: Database, actor: Actor, baseId: string) {
  const base = await baseInScope(db, actor, baseId);
  const schools = await repository.findHostSchools(db, actor.principal.laId);
  await audit(db, actor, base.id, { view: 'edit-base-form' });
  return { base, schools };
}

async function checkHost(db: Database, laId: string, settingId: string): Promise<void> {
  const schools = await repository.findHostSchools(db, laId);
  if (!schools.some((school) => school.id === settingId)) throw new ValidationError([{ path: 'settingId', message: 'Select the school that hosts the base' }]);
}

function baseValues(input: BaseInput) {
  return {
    name: input.name,
    settingId: input.settingId,
    kind: input.kind,
    designation: input.designation,
    ageFrom: input.ageFrom,
    ageTo: input.ageTo,
    commissionedPlaces: input.commissionedPlaces,
    openedOn: input.openedOn,
    closedOn: input.closedOn,
  };
}

export async function createBase(db: Database, actor: Actor, input: BaseInput): Promise<string> {
  const { principal } = actor;
  await checkHost(db, principal.laId, input.settingId);
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(resourceBase)
      .values({ laId: principal.laId, ...baseValues(input), updatedBy: principal.userId, updatedAt: actor.clock.now() })
      .returning({ id: resourceBase.id });
    if (!created) throw new Error('The base was not saved');
    await audit(tx, actor, created.id, { created: baseValues(input) });
    return created.id;
  });
}

/** Saves a base's details over the version the form was opened at; a save over someone else's newer one is refused. */
export async function updateBase(db: Database, actor: Actor, baseId: string, input: BaseInput, openedAtVersion: number): Promise<void> {
  const { principal } = actor;
  const base = await baseInScope(db, actor, baseId);
  if (base.version !== openedAtVersion) throw await staleEdit(db, base, actor.clock.now());
  await checkHost(db, principal.laId, input.settingId);
  await db.transaction(async (tx) => {
    const saved = await tx
      .update(resourceBase)
      .set({ ...baseValues(input), ...nextEditBy(principal.userId, actor.clock.now()) })
      .where(and(eq(resourceBase.laId, principal.laId), eq(resourceBase.id, base.id), eq(resourceBase.version, openedAtVersion)))
      .returning({ id: resourceBase.id });
    if (saved.length === 0) {
      const now = await repository.findBase(tx, principal.laId, base.id, actor.clock.today());
      throw await staleEdit(tx, now ?? base, actor.clock.now());
    }
    const before = baseValues({ ...base, kind: base.kind as BaseInput['kind'] });
    const after = baseValues(input);
    const changed = Object.fromEntries(
      Object.entries(after).flatMap(([key, value]) => (before[key as keyof typeof before] === value ? [] : [[key, { from: before[key as keyof typeof before], to: value }]])),
    );
    await audit(tx, actor, base.id, { changed });
  });
}

/** The visit form: the base, the pupils placed in it today, and who may be given an action. */
export async function loadVisitForm(db: Database, actor: Actor, baseId: string) {
  const base = await baseInScope(db, actor, baseId);
  const [pupils, owners] = await Promise.all([repository.findPlacedPupils(db, actor.principal.laId, base.id, actor.clock.today()), findTaskOwners(db, actor.principal.laId)]);
  await audit(db, actor, base.id, { view: 'visit-form', pupilsShown: pupils.map((pupil) => pupil.childId) });
  return { base, pupils, owners };
}

/**
 * Records a monitoring visit: a record for every pupil placed in the base today (how they are
 * getting on, and whether their provision is in place, with a note saying what is missing when it
 * is not), and each action as a task in its owner's tray. Nothing is saved unless all of it is right.
 */
export async function recordVisit(db: Database, actor: Actor, baseId: string, input: VisitInput): Promise<string> {
  const { principal } = actor;
  const today = actor.clock.today();
  const base = await baseInScope(db, actor, baseId);
  const [pupils, owners] = await Promise.all([repository.findPlacedPupils(db, principal.laId, base.id, today), findTaskOwners(db, principal.laId)]);
  const errors: FieldError[] = [];
  if (input.visitedOn > today) errors.push({ path: 'visitedOn', message: 'The date of the visit must be today or in the past' });
  else if (input.visitedOn < base.openedOn) errors.push({ path: 'visitedOn', message: 'The date of the visit must be on or after the day the base opened' });
  const records = pupils.map((pupil) => {
    const name = `${pupil.forename} ${pupil.surname}`;
    const entry = input.pupils.get(pupil.childId) ?? { progress: '', progressNote: '', provision: '', provisionNote: '' };
    if (!(entry.progress in PROGRESS_RATINGS)) errors.push({ path: pupilField(pupil.childId, 'progress'), message: `Select how ${name} is getting on` });
    const seen = entry.progress !== 'not_seen';
    if (seen && !(entry.provision in PROVISION_IN_PLACE)) errors.push({ path: pupilField(pupil.childId, 'provision'), message: `Select whether ${name}'s provision is in place` });
    if (seen && (entry.provision === 'partly' || entry.provision === 'no') && !entry.provisionNote) {
      errors.push({ path: pupilField(pupil.childId, 'provisionNote'), message: `Say what of ${name}'s provision is not in place` });
    }
    return {
      laId: principal.laId,
      childId: pupil.childId,
      progress: entry.progress,
      progressNote: entry.progressNote || null,
      provisionInPlace: seen ? entry.provision : null,
      provisionNote: entry.provisionNote || null,
    };
  });
  for (const action of input.actions) {
    if (!owners.some((owner) => owner.id === action.ownerUserId)) errors.push({ path: `action${String(action.row)}Owner`, message: `Select who will do action ${String(action.row)}` });
    if (action.dueOn < today) errors.push({ path: `action${String(action.row)}Due`, message: `The due date of action ${String(action.row)} must be today or in the future` });
  }
  if (errors.length > 0) throw new ValidationError(errors);
  return db.transaction(async (tx) => {
    const [visit] = await tx
      .insert(resourceBaseVisit)
      .values({ laId: principal.laId, resourceBaseId: base.id, visitedOn: input.visitedOn, visitedBy: principal.userId, findings: input.findings, createdAt: actor.clock.now() })
      .returning({ id: resourceBaseVisit.id });
    if (!visit) throw new Error('The visit was not saved');
    if (records.length > 0) await tx.insert(resourceBaseVisitPupil).values(records.map((record) => ({ ...record, visitId: visit.id })));
    await addSourcedTasks(
      tx,
      actor,
      input.actions.map((action, index) => ({
        title: `${base.name}: ${action.text}`,
        ownerUserId: action.ownerUserId,
        dueOn: action.dueOn,
        sourceType: 'base_visit',
        sourceId: repository.visitActionSourceId(base.id, visit.id, index + 1),
        childId: null,
      })),
    );
    await audit(tx, actor, base.id, { visitId: visit.id, visitedOn: input.visitedOn, pupilsRecorded: records.map((record) => record.childId), actions: input.actions.length });
    return visit.id;
  });
}

export async function loadVisit(db: Database, actor: Actor, baseId: string, visitId: string) {
  const base = await baseInScope(db, actor, baseId);
  if (!isUuid(visitId)) throw new NotFoundError();
  const visit = await repository.findVisit(db, actor.principal.laId, base.id, visitId);
  if (!visit) throw new NotFoundError();
  const [pupils, actions] = await Promise.all([repository.findVisitPupils(db, actor.principal.laId, visit.id), repository.findVisitActions(db, actor.principal.laId, base.id, visit.id)]);
  await audit(db, actor, base.id, { visitId: visit.id, pupilsShown: pupils.map((pupil) => pupil.childId) });
  return { base, visit, pupils, actions };
}

/**
 * The survey a parent may answer: a base their child is placed in today, and the term it is for.
 * A parent with no child in the base is told it is not found, as for any record not theirs.
 */
async function surveyFor(db: Database, actor: Actor, baseId: string) {
  const { principal } = actor;
  const today = actor.clock.today();
  if (principal.role !== 'parent' || !isUuid(baseId)) throw new NotFoundError();
  const placed = await repository.findFamilyBases(db, principal.laId, { userId: principal.userId, today, baseId });
  const first = placed[0];
  if (!first) throw new NotFoundError();
  const term = surveyTermOn(await loadSchoolCalendar(db, principal.laId), today);
  const answered = term ? await repository.hasAnswered(db, principal.laId, first.baseId, term.start, principal.userId) : false;
  return { baseId: first.baseId, baseName: first.baseName, kind: first.kind, children: placed.map((row) => row.forename), term, answered };
}

export async function loadSurvey(db: Database, actor: Actor, baseId: string) {
  const survey = await surveyFor(db, actor, baseId);
  await audit(db, actor, survey.baseId, { view: 'survey', termStart: survey.term?.start ?? null });
  return survey;
}

/**
 * Saves a parent's answers for this term, once: who answered and what they said are written to
 * two tables with nothing joining them, so the answers stay anonymous to staff. A second answer
 * in the same term (a second tab, a double click) saves nothing and says so.
 */
export async function answerSurvey(db: Database, actor: Actor, baseId: string, input: SurveyInput): Promise<void> {
  const { principal } = actor;
  const survey = await surveyFor(db, actor, baseId);
  const { term } = survey;
  if (!term) throw new ValidationError([{ path: 'form', message: 'The survey opens at the start of term. Please come back then' }]);
  if (survey.answered) throw new ValidationError([{ path: 'form', message: `You have already answered the survey for ${term.name}. Thank you` }]);
  return db.transaction(async (tx) => {
    const counted = await tx
      .insert(resourceBaseSurveyRespondent)
      .values({ laId: principal.laId, resourceBaseId: survey.baseId, termStart: term.start, userId: principal.userId })
      .onConflictDoNothing()
      .returning({ id: resourceBaseSurveyRespondent.id });
    if (counted.length === 0) throw new ValidationError([{ path: 'form', message: `You have already answered the survey for ${term.name}. Thank you` }]);
    await tx.insert(resourceBaseSurveyAnswer).values({ laId: principal.laId, resourceBaseId: survey.baseId, termStart: term.start, termName: term.name, ...input.answers, comment: input.comment });
    // What was answered is not in the event: it would name the parent beside their answers.
    await audit(tx, actor, survey.baseId, { termStart: term.start });
  });
}

/** The survey's results over time, and parents' comments from the terms with enough answers to show. */
export async function loadSurveyResults(db: Database, actor: Actor, baseId: string, commentsPage: number) {
  const base = await baseInScope(db, actor, baseId);
  const results = surveyResults(await repository.findSurveyTotals(db, actor.principal.laId, base.id));
  const shown = results.filter((row) => row.averages !== null).map((row) => row.termStart);
  const comments = await readPage(commentsPage, COMMENTS_PAGE_SIZE, (window) => repository.findSurveyComments(db, actor.principal.laId, base.id, shown, window));
  await audit(db, actor, base.id, { view: 'survey-results' });
  return { base, results, comments };
}

/**
 * For a parent on their child's record: the bases the child is placed in, and whether the parent
 * has answered each one's survey this term. Read with the record (whose event covers it).
 */
export async function surveyInvitations(db: Database, actor: Actor, childId: string) {
  const { principal } = actor;
  if (principal.role !== 'parent') return [];
  const today = actor.clock.today();
  const placed = await repository.findFamilyBases(db, principal.laId, { userId: principal.userId, today, childId });
  if (placed.length === 0) return [];
  const term = surveyTermOn(await loadSchoolCalendar(db, principal.laId), today);
  if (!term) return [];
  return Promise.all(
    placed.map(async (row) => ({
      baseId: row.baseId,
      baseName: row.baseName,
      termName: term.name,
      answered: await repository.hasAnswered(db, principal.laId, row.baseId, term.start, principal.userId),
    })),
  );
}
