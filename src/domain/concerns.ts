import { addDays, type IsoDate } from './dates.js';
import type { GapReason } from './delivery.js';

/** What a provision concern is about. */
export const CONCERN_KINDS = {
  delivery_gap: 'Provision not delivered',
  parent_raised: 'Raised by the family',
  not_full_time: 'Not in full-time education',
} as const;
export type ConcernKind = keyof typeof CONCERN_KINDS;

/**
 * The escalation ladder, bottom to top. A concern starts with the caseworker; if it is still open
 * on its due date it climbs to the team manager, then to the head of service (with the health
 * commissioner for NHS-delivered provision, who commissions it).
 */
export const CONCERN_LEVELS = {
  caseworker: 'SEN caseworker',
  team_manager: 'SEN team manager',
  head_of_service: 'Head of SEND service',
} as const;
export type ConcernLevel = keyof typeof CONCERN_LEVELS;

/** The rung as it reads inside a sentence ("escalated to the SEN team manager"). */
export const CONCERN_LEVELS_IN_A_SENTENCE: Record<ConcernLevel, string> = {
  caseworker: 'the SEN caseworker',
  team_manager: 'the SEN team manager',
  head_of_service: 'the head of SEND service',
};

const LADDER = Object.keys(CONCERN_LEVELS) as ConcernLevel[];

export function isConcernLevel(value: string): value is ConcernLevel {
  return value in CONCERN_LEVELS;
}

/** The steps anyone working a concern records. `raised` and `escalated` are also taken by the daily sweep. */
export const CONCERN_ACTIONS = {
  raised: 'Concern raised',
  contacted_provider: 'Contacted the setting or provider',
  contacted_parent: 'Contacted the family',
  action_agreed: 'Action agreed',
  escalated: 'Escalated',
  early_review_called: 'Early review called',
  resolved: 'Resolved',
} as const;
export type ConcernAction = keyof typeof CONCERN_ACTIONS;

/** What a person working the concern can record (the others are taken by the system). */
export const WORKING_ACTIONS = ['contacted_provider', 'contacted_parent', 'action_agreed', 'early_review_called', 'escalated', 'resolved'] as const satisfies readonly ConcernAction[];
export type WorkingAction = (typeof WORKING_ACTIONS)[number];

/** Actions that must say what was agreed or why it is closed. */
export const ACTIONS_NEEDING_A_NOTE: readonly ConcernAction[] = ['action_agreed', 'resolved', 'escalated'];

export const GAP_REASON_TEXT: Record<GapReason, string> = {
  under_delivered: 'Less was delivered than the threshold over the last weeks',
  nothing_recorded: 'Nothing has been recorded for weeks while provision was owed',
};

export interface LadderPosition {
  level: ConcernLevel;
  dueOn: IsoDate;
}

/** Where a newly raised concern sits: with the caseworker, due after one step's days. */
export function firstRung(raisedOn: IsoDate, stepDays: number): LadderPosition {
  return { level: 'caseworker', dueOn: addDays(raisedOn, stepDays) };
}

/** The rung above, or null at the top of the ladder. */
export function nextLevel(level: ConcernLevel): ConcernLevel | null {
  return LADDER[LADDER.indexOf(level) + 1] ?? null;
}

/**
 * Where an open concern should be today. It climbs one rung on each due date that has arrived,
 * each rung getting `stepDays` from the previous due date (so a sweep that missed days catches up
 * without giving anyone extra time). At the top it stays, overdue, until resolved.
 * Returns the rungs climbed, in order; empty when nothing is due.
 */
export function escalationsDue(position: LadderPosition, today: IsoDate, stepDays: number): LadderPosition[] {
  const climbed: LadderPosition[] = [];
  let current = position;
  for (;;) {
    const above = nextLevel(current.level);
    if (above === null || current.dueOn > today) return climbed;
    current = { level: above, dueOn: addDays(current.dueOn, stepDays) };
    climbed.push(current);
  }
}

/** A manual escalation: straight to the rung above, with a fresh step's time. Null at the top. */
export function escalateNow(level: ConcernLevel, today: IsoDate, stepDays: number): LadderPosition | null {
  const above = nextLevel(level);
  return above === null ? null : { level: above, dueOn: addDays(today, stepDays) };
}

/** Whether a concern at this level should bring in the health commissioner. */
export function bringsInHealthCommissioner(level: ConcernLevel, providerKind: string | null): boolean {
  return level === 'head_of_service' && providerKind === 'nhs';
}

/** Age bands for the LA's "open concerns by age" table. */
export const CONCERN_AGE_BANDS = [
  { label: 'Under 2 weeks', fromDays: 0, toDays: 13 },
  { label: '2 to 4 weeks', fromDays: 14, toDays: 27 },
  { label: '4 to 8 weeks', fromDays: 28, toDays: 55 },
  { label: '8 weeks or more', fromDays: 56, toDays: Number.POSITIVE_INFINITY },
] as const;

export function ageBandOf(ageInDays: number): string {
  return CONCERN_AGE_BANDS.find((band) => ageInDays >= band.fromDays && ageInDays <= band.toDays)?.label ?? 'Under 2 weeks';
}

/**
 * What a concern is about, in words: the provision item by the name its family reads (itemName),
 * or the child's education as a whole.
 */
export function concernAbout(concern: { itemName: string | null; kind: string }): string {
  if (concern.itemName) return concern.itemName;
  return concern.kind === 'not_full_time' ? 'Full-time education' : 'Education and provision as a whole';
}

/** A concern step in a few words: "Escalated to the team manager". */
export function concernStepTitle(action: string, levelAfter: string): string {
  const text = action in CONCERN_ACTIONS ? CONCERN_ACTIONS[action as ConcernAction] : action;
  return action === 'escalated' && isConcernLevel(levelAfter) ? `${text} to ${CONCERN_LEVELS_IN_A_SENTENCE[levelAfter]}` : text;
}

/** The title of a concern step on the child's timeline, the same whoever or whatever took it. */
export function concernTimelineTitle(action: string, levelAfter: string, about: string): string {
  return `Provision concern: ${concernStepTitle(action, levelAfter)} (${about})`;
}

/** Family and LA casework roles: everyone who may open any concern on a child's record. */
const READ_EVERY_CONCERN = ['parent', 'young_person', 'sen_caseworker', 'sen_team_manager', 'educational_psychologist', 'inclusion_officer'];

/**
 * Who reads a concern's timeline entries: the people who may open the concern. A concern about
 * the child's education or plan as a whole is for everyone working with the child. One about a
 * single item names only the family, the LA and, for what the school delivers, the school: a
 * school has no business reading a complaint about a therapist's service. A provider still reads
 * concerns about its own items on the concern pages, where its organisation can be checked.
 */
export function concernEntryAudience(concern: { provisionItemId: string | null; providerKind: string | null }): { audience: 'family'; restrictedToRoles: string[] | null } {
  if (concern.provisionItemId === null) return { audience: 'family', restrictedToRoles: null };
  return { audience: 'family', restrictedToRoles: concern.providerKind === 'school' ? [...READ_EVERY_CONCERN, 'school_senco'] : READ_EVERY_CONCERN };
}
