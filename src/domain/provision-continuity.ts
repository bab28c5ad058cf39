import type { IsoDate } from './dates.js';

/** What a provision line commits to, as far as deciding whether an amendment changed it. */
export interface ProvisionLine {
  description: string;
  provisionType: string;
  providerKind: string;
  organisationId: string | null;
  sessionsPerPeriod: number | null;
  minutesPerSession: number | null;
  period: string | null;
  termTimeOnly: boolean;
  groupSize: string | null;
  /** An explicit start; null when the line simply runs with the version it is in. */
  startDate: IsoDate | null;
}

/**
 * What an amendment can change about a line that makes it a different commitment. Anything not
 * here (its wording, section, position, cost or who pays) leaves the commitment as it was.
 */
const LINE_CHANGES = {
  provisionType: 'what kind of provision it is',
  provider: 'who provides it',
  quantity: 'how much is given',
  period: 'how often it is given',
  termTime: 'whether it runs in the holidays',
  groupSize: 'the group it is given in',
  startsLater: 'when it starts',
} as const;
export type LineChange = keyof typeof LINE_CHANGES;

/**
 * How an amended line differs from the line it came from, in the ways that make it a new
 * commitment. None means the line carries on: what it has owed and what was delivered against
 * it run on across the versions, as if the plan had not been amended. Any change means a new
 * schedule from the new line's start, with the old line's ledger kept beside it.
 * `amendedOn` is the day the new version takes effect: a line given its own later start has a gap
 * in which nothing is owed, so it cannot carry on.
 */
export function provisionLineChanges(previous: ProvisionLine, next: ProvisionLine, amendedOn: IsoDate): LineChange[] {
  const changes: LineChange[] = [];
  if (previous.provisionType !== next.provisionType) changes.push('provisionType');
  if (previous.providerKind !== next.providerKind || previous.organisationId !== next.organisationId) changes.push('provider');
  if (previous.sessionsPerPeriod !== next.sessionsPerPeriod || previous.minutesPerSession !== next.minutesPerSession) changes.push('quantity');
  if (previous.period !== next.period) changes.push('period');
  if (previous.termTimeOnly !== next.termTimeOnly) changes.push('termTime');
  if (normalisedGroup(previous.groupSize) !== normalisedGroup(next.groupSize)) changes.push('groupSize');
  if (next.startDate !== null && next.startDate > amendedOn) changes.push('startsLater');
  return changes;
}

/** Whether an amended line carries on the line it came from (no change but wording). */
export function provisionLineContinues(previous: ProvisionLine, next: ProvisionLine, amendedOn: IsoDate): boolean {
  return provisionLineChanges(previous, next, amendedOn).length === 0;
}

/** "1:1" and " 1:1 " are the same group; an empty group is no group. */
function normalisedGroup(groupSize: string | null): string | null {
  const trimmed = groupSize?.trim().toLowerCase() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** The changes in a sentence: "how often it is given and who provides it". */
export function describeLineChanges(changes: readonly LineChange[]): string {
  const phrases = changes.map((change) => LINE_CHANGES[change]);
  if (phrases.length <= 1) return phrases.join('');
  return `${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1) ?? ''}`;
}
