import { childScopeOf } from '../../auth/child-scope.js';
import type { Database } from '../../db/client.js';
import { addDays, type IsoDate } from '../../domain/dates.js';
import { ageOn, formatDate } from '../../domain/formatting.js';
import {
  currentSpellStart,
  defaultFullTimeMinutes,
  EDUCATION_KINDS,
  formatHours,
  isEducationKind,
  isNoSettingReason,
  NO_SETTING_REASONS,
  schoolDaysFrom,
  type ArrangementPeriod,
} from '../../domain/full-time.js';
import type { Actor } from '../../http/actor.js';
import { ValidationError } from '../../http/errors.js';
import { recordAudit } from '../audit/repository.js';
import { loadSchoolCalendar } from '../calendar/repository.js';
import type { ChildSummary } from '../children/repository.js';
import { findChildInScope, openChildRecord } from '../children/service.js';
import { addTimelineEntries } from '../timeline/repository.js';
import * as repository from './repository.js';
import type { RecordArrangement } from './schemas.js';

export const NOT_FULL_TIME_PAGE_SIZE = 25;

/** The child's education offer: every arrangement, newest first, and the current spell without full-time education. */
export interface EducationOffer {
  arrangements: repository.ArrangementRow[];
  current: repository.ArrangementRow | null;
  spellStart: string | null;
  schoolDaysWithoutFullTime: number | null;
  today: string;
}

/**
 * Reads a child's education offer. The caller has opened the record (scope checked and the read
 * audited): this is part of the tab or form that shows it.
 */
export async function educationOfferOf(db: Database, laId: string, childId: string, today: IsoDate): Promise<EducationOffer> {
  const arrangements = await repository.findArrangements(db, laId, childId);
  const current = arrangements.find((row) => row.endDate === null) ?? null;
  const periods: ArrangementPeriod[] = arrangements.flatMap((row) => (isEducationKind(row.kind) ? [{ kind: row.kind, startDate: row.startDate, endDate: row.endDate }] : []));
  const spellStart = currentSpellStart(periods);
  const schoolDaysWithoutFullTime = spellStart ? schoolDaysFrom(await loadSchoolCalendar(db, laId), spellStart, today) : null;
  return { arrangements, current, spellStart, schoolDaysWithoutFullTime, today };
}

/** What full-time means for the child by default: the current arrangement's week if it has a setting, else their setting's phase. */
function defaultFullTimeFor(summary: ChildSummary, offer: EducationOffer): number {
  if (offer.current && offer.current.kind !== 'no_setting') return offer.current.fullTimeMinutesPerWeek;
  return defaultFullTimeMinutes(summary.setting?.settingType, ageOn(summary.child.dateOfBirth, offer.today));
}

/** The record form: the child (in scope, the read audited) and their current offer. */
export async function loadRecordForm(db: Database, actor: Actor, childId: string) {
  const summary = await openChildRecord(db, actor, childId);
  const offer = await educationOfferOf(db, actor.principal.laId, childId, actor.clock.today());
  return { summary, offer, defaultFullTimeMinutes: defaultFullTimeFor(summary, offer) };
}

/**
 * Records a new arrangement: the child must be in scope (else not found), the start date today or
 * earlier and after the current arrangement's start. The current arrangement ends the day before
 * the new one starts; both, and the audit event, are written in one transaction, so nothing is
 * half-saved. The start date is not allowed in the future: an arrangement is recorded when it
 * begins, so "current" always means in force today.
 */
export async function recordArrangement(db: Database, actor: Actor, childId: string, input: RecordArrangement, today = actor.clock.today()) {
  await findChildInScope(db, actor, childId);
  if (input.startDate > today) throw new ValidationError([{ path: 'startDate', message: 'The start date must be today or in the past' }]);
  try {
    return await saveArrangement(db, actor, childId, input);
  } catch (error) {
    // Two people recording the first arrangement for a child at once: the lock has no row to hold,
    // so the one-current-per-child index refuses the second. Say so rather than fail.
    if (isUniqueViolation(error, 'education_arrangement_one_current')) {
      throw new ValidationError([{ path: 'kind', message: 'Someone else recorded the education offered for this child at the same time: check the record and try again' }]);
    }
    throw error;
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  // node-postgres and PGlite both report the SQLSTATE and constraint; drizzle may wrap it as the cause.
  for (let candidate: unknown = error; candidate instanceof Error; candidate = candidate.cause) {
    const details = candidate as Error & { code?: string; constraint?: string };
    if (details.code === '23505' && details.constraint === constraint) return true;
  }
  return false;
}

async function saveArrangement(db: Database, actor: Actor, childId: string, input: RecordArrangement) {
  const { principal } = actor;
  return db.transaction(async (tx) => {
    const current = await repository.findCurrentForUpdate(tx, principal.laId, childId);
    if (current && input.startDate <= current.startDate) {
      throw new ValidationError([{ path: 'startDate', message: `The start date must be after ${formatDate(current.startDate)}, when the current arrangement started` }]);
    }
    if (current) await repository.endArrangement(tx, principal.laId, current.id, addDays(input.startDate, -1));
    const arrangementId = await repository.insertArrangement(tx, {
      laId: principal.laId,
      childId,
      kind: input.kind,
      offeredMinutesPerWeek: input.offeredMinutes,
      fullTimeMinutesPerWeek: input.fullTimeMinutes,
      reason: input.reason,
      startDate: input.startDate,
      reviewDate: input.reviewDate,
      agreedBy: input.agreedBy,
      recordedBy: principal.userId,
    });
    await recordAudit(tx, actor, {
      subjectType: 'education_arrangement',
      subjectId: arrangementId,
      childId,
      change: { ...input, endedArrangementId: current?.id ?? null },
    });
    await addTimelineEntries(tx, [
      {
        laId: principal.laId,
        childId,
        occurredAt: actor.clock.now(),
        kind: 'education',
        title: arrangementTitle(input),
        body: input.reason
          ? `${input.kind === 'no_setting' && isNoSettingReason(input.reason) ? NO_SETTING_REASONS[input.reason] : input.reason}${input.agreedBy ? ` (agreed by ${input.agreedBy})` : ''}`
          : null,
        audience: 'family',
        authorUserId: principal.userId,
        authorRole: principal.role,
        sourceType: 'education_arrangement',
        sourceId: arrangementId,
      },
    ]);
    return { arrangementId };
  });
}

/** "Part-time timetable of 15 hours a week from 3 March 2026": what the family and school read on the timeline. */
export function arrangementTitle(input: Pick<RecordArrangement, 'kind' | 'offeredMinutes' | 'startDate'>): string {
  const hours = input.kind === 'part_time' ? ` of ${formatHours(input.offeredMinutes)} a week` : '';
  return `${EDUCATION_KINDS[input.kind]}${hours} from ${formatDate(input.startDate)}`;
}

/** A page of the LA's children without full-time education, longest first, with school days counted. */
export async function listNotFullTime(db: Database, actor: Actor, page: number, today = actor.clock.today()) {
  const { principal } = actor;
  const [result, calendar] = await Promise.all([
    repository.findNotFullTimePage(db, {
      laId: principal.laId,
      scope: childScopeOf(principal, today),
      limit: NOT_FULL_TIME_PAGE_SIZE,
      offset: (page - 1) * NOT_FULL_TIME_PAGE_SIZE,
    }),
    loadSchoolCalendar(db, principal.laId),
  ]);
  // One event per list view, as for the caseload: the page shown is reproducible from it.
  await recordAudit(db, actor, {
    subjectType: 'not_full_time_list',
    change: { page, shown: result.rows.length, total: result.total },
  });
  return {
    rows: result.rows.map((row) => ({ ...row, schoolDays: schoolDaysFrom(calendar, row.spellStart, today) })),
    total: result.total,
    today,
  };
}
