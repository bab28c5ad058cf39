import { addDays, daysBetween, type IsoDate } from './dates.js';
import { formatDate } from './formatting.js';
import { PLAN_SECTIONS, PROVIDER_KINDS, PROVISION_SECTIONS, SEN_TYPES, type PlanSection } from './plans.js';
import { describeQuantity } from './provision.js';
import { describeLineChanges, provisionLineChanges, type ProvisionLine } from './provision-continuity.js';

/**
 * A proposed amendment's clock. SEND Regs 2014 reg 22(2)(c): the family have "not less than 15
 * days beginning with the day on which the notice was served" to comment, so a notice sent on
 * day D leaves comments open to D + 14 and the amended plan may be issued from D + 15. Reg 22(3):
 * the amended plan is then issued "as soon as practicable" and within 8 weeks of the notice, so
 * by D + 56. The regulation has no waiver: the family agreeing early does not shorten the period.
 */
export interface AmendmentClock {
  proposedOn: IsoDate;
  /** The last day of the 15 days for comments. */
  commentsCloseOn: IsoDate;
  /** The first day the amended plan may be issued. */
  mayIssueFrom: IsoDate;
  /** The last day the amended plan may be issued on (8 weeks). */
  issueBy: IsoDate;
  /** Days left for comments, counting today; 0 once they have closed. */
  commentDaysLeft: number;
  /** Days to the 8-week limit (negative when it has passed). */
  issueDaysLeft: number;
}

const COMMENT_PERIOD_DAYS = 15;
const ISSUE_WITHIN_DAYS = 56;

export function amendmentClock(proposedOn: IsoDate, today: IsoDate): AmendmentClock {
  const commentsCloseOn = addDays(proposedOn, COMMENT_PERIOD_DAYS - 1);
  const issueBy = addDays(proposedOn, ISSUE_WITHIN_DAYS);
  return {
    proposedOn,
    commentsCloseOn,
    mayIssueFrom: addDays(proposedOn, COMMENT_PERIOD_DAYS),
    issueBy,
    commentDaysLeft: Math.max(0, daysBetween(today, commentsCloseOn) + 1),
    issueDaysLeft: daysBetween(today, issueBy),
  };
}

/** Why a draft amendment cannot be issued today, in words for the officer, or null when it can (reg 22(2)–(3)). */
export function issueRefusal(proposedOn: IsoDate | null, issuedOn: IsoDate): string | null {
  if (proposedOn === null) return 'Send the proposed changes to the family first: they have 15 days to comment before the amended plan is issued';
  const clock = amendmentClock(proposedOn, issuedOn);
  if (issuedOn < clock.mayIssueFrom) return `The family have until ${formatDate(clock.commentsCloseOn)} to comment, so the amended plan can be issued from ${formatDate(clock.mayIssueFrom)}`;
  return null;
}

/** What the comparison reads of a version: its sections, needs, outcomes and provision. */
export interface ComparablePlan {
  sections: { section: string; content: string }[];
  needs: { senType: string; rank: number; description: string }[];
  outcomes: { id: string; previousOutcomeId: string | null; area: string; description: string; targetDate: IsoDate | null }[];
  provision: (ProvisionLine & { id: string; previousItemId: string | null; section: string; organisationName: string | null })[];
}

export type ChangeKind = 'new' | 'changed' | 'ended';

/** One difference, in words a family reads: what it was, what it will be. */
interface PlanChange {
  kind: ChangeKind;
  /** What the change is about: "Speech and language therapy…", "Primary need", "Outcome 2". */
  about: string;
  /** What the plan in force says (changed and ended). */
  before?: string;
  /** What the proposed plan says (new and changed). */
  after?: string;
  /** For a changed line of provision, what about it changed: "how often it is given". */
  what?: string;
}

interface SectionChanges {
  code: PlanSection;
  title: string;
  changes: PlanChange[];
}

export interface PlanComparison {
  /** Only the sections with a change, in plan order. */
  sections: SectionChanges[];
  counts: Record<ChangeKind, number>;
}

const NARRATIVE_SECTIONS: readonly PlanSection[] = ['A', 'C', 'D', 'I', 'J', 'K'];

function needWords(senType: string): string {
  return senType in SEN_TYPES ? SEN_TYPES[senType as keyof typeof SEN_TYPES] : 'Another need';
}

function rankWords(rank: number): string {
  return rank === 1 ? 'Main need' : 'Other need';
}

function outcomeWords(outcome: ComparablePlan['outcomes'][number]): string {
  return `${outcome.area}: ${outcome.description}${outcome.targetDate ? ` To be reached by ${formatDate(outcome.targetDate)}.` : ''}`;
}

/** A line of provision as a family reads it: what, how much and how often, and who gives it. */
export function provisionWords(line: ComparablePlan['provision'][number]): string {
  const provider = line.organisationName ?? (line.providerKind in PROVIDER_KINDS ? PROVIDER_KINDS[line.providerKind as keyof typeof PROVIDER_KINDS] : 'Another provider');
  const quantity = describeQuantity(line);
  return `${line.description}. ${quantity === 'Not quantified' ? 'The plan does not say how much or how often' : quantity}${line.termTimeOnly ? ', in term time' : ', all year'}. Given by: ${provider}.`;
}

function lineAbout(line: { description: string }): string {
  return line.description.length > 80 ? `${line.description.slice(0, 77).trimEnd()}…` : line.description;
}

/**
 * What a proposed plan changes from the plan in force, section by section, in plain words: what
 * is new, what changed (and, for provision, what about it: the ways provisionLineChanges names,
 * or only the wording) and what ends. Provision and outcomes are matched by their lineage (the
 * line or outcome each came from), needs by their type. With no plan in force (a new plan),
 * everything is new.
 */
export function comparePlans(inForce: ComparablePlan | null, proposed: ComparablePlan, amendedOn: IsoDate): PlanComparison {
  const before: ComparablePlan = inForce ?? { sections: [], needs: [], outcomes: [], provision: [] };
  const bySection = new Map<PlanSection, PlanChange[]>();
  const add = (code: PlanSection, change: PlanChange) => bySection.set(code, [...(bySection.get(code) ?? []), change]);

  for (const code of NARRATIVE_SECTIONS) {
    const was = before.sections.find((row) => row.section === code)?.content.trim() ?? '';
    const now = proposed.sections.find((row) => row.section === code)?.content.trim() ?? '';
    if (was === now) continue;
    if (was === '') add(code, { kind: 'new', about: PLAN_SECTIONS[code], after: now });
    else if (now === '') add(code, { kind: 'ended', about: PLAN_SECTIONS[code], before: was });
    else add(code, { kind: 'changed', about: PLAN_SECTIONS[code], before: was, after: now });
  }

  const needsBefore = new Map(before.needs.map((need) => [need.senType, need]));
  const needsNow = new Map(proposed.needs.map((need) => [need.senType, need]));
  for (const need of [...proposed.needs].sort((a, b) => a.rank - b.rank)) {
    const was = needsBefore.get(need.senType);
    const now = `${rankWords(need.rank)}: ${needWords(need.senType)}. ${need.description}`;
    if (!was) add('B', { kind: 'new', about: needWords(need.senType), after: now });
    else if (was.rank !== need.rank || was.description.trim() !== need.description.trim())
      add('B', { kind: 'changed', about: needWords(need.senType), before: `${rankWords(was.rank)}: ${needWords(was.senType)}. ${was.description}`, after: now });
  }
  for (const need of before.needs) {
    if (!needsNow.has(need.senType)) add('B', { kind: 'ended', about: needWords(need.senType), before: `${rankWords(need.rank)}: ${needWords(need.senType)}. ${need.description}` });
  }

  const outcomesBefore = new Map(before.outcomes.map((outcome) => [outcome.id, outcome]));
  const outcomesTaken = new Set<string>();
  for (const outcome of proposed.outcomes) {
    const was = outcome.previousOutcomeId ? outcomesBefore.get(outcome.previousOutcomeId) : undefined;
    if (!was) {
      add('E', { kind: 'new', about: outcome.area, after: outcomeWords(outcome) });
      continue;
    }
    outcomesTaken.add(was.id);
    if (outcomeWords(was) !== outcomeWords(outcome)) add('E', { kind: 'changed', about: was.area, before: outcomeWords(was), after: outcomeWords(outcome) });
  }
  for (const outcome of before.outcomes) if (!outcomesTaken.has(outcome.id)) add('E', { kind: 'ended', about: outcome.area, before: outcomeWords(outcome) });

  const linesBefore = new Map(before.provision.map((line) => [line.id, line]));
  const linesTaken = new Set<string>();
  for (const line of proposed.provision) {
    const section = sectionOf(line.section);
    const was = line.previousItemId ? linesBefore.get(line.previousItemId) : undefined;
    if (!was) {
      add(section, { kind: 'new', about: lineAbout(line), after: provisionWords(line) });
      continue;
    }
    linesTaken.add(was.id);
    const changes = provisionLineChanges(was, line, amendedOn);
    const reworded = was.description.trim() !== line.description.trim();
    const moved = was.section !== line.section;
    if (changes.length === 0 && !reworded && !moved) continue;
    const what = [changes.length ? describeLineChanges(changes) : '', reworded ? 'the wording' : '', moved ? `the section it is in (was section ${was.section})` : ''].filter(Boolean);
    add(section, { kind: 'changed', about: lineAbout(was), before: provisionWords(was), after: provisionWords(line), what: joinWords(what) });
  }
  for (const line of before.provision) if (!linesTaken.has(line.id)) add(sectionOf(line.section), { kind: 'ended', about: lineAbout(line), before: provisionWords(line) });

  const sections = (Object.keys(PLAN_SECTIONS) as PlanSection[]).flatMap((code) => {
    const changes = bySection.get(code);
    return changes ? [{ code, title: PLAN_SECTIONS[code], changes }] : [];
  });
  const counts: Record<ChangeKind, number> = { new: 0, changed: 0, ended: 0 };
  for (const section of sections) for (const change of section.changes) counts[change.kind] += 1;
  return { sections, counts };
}

function sectionOf(section: string): PlanSection {
  return (PROVISION_SECTIONS as readonly string[]).includes(section) ? (section as PlanSection) : 'F';
}

function joinWords(phrases: string[]): string {
  if (phrases.length <= 1) return phrases.join('');
  return `${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1) ?? ''}`;
}
