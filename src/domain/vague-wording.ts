import { isProvisionPeriod } from './plans.js';

/**
 * Vague wording in a provision item: phrases that make a commitment unenforceable, each with the
 * reason, so a plan can be fixed before it is issued. Tribunal and Ombudsman decisions keep
 * returning to the same words ("access to", "regular", "as needed", "up to"): provision must be
 * "specified and quantified" (Children and Families Act 2014, SEND Code of Practice 9.69).
 *
 * Pure, so the item form and the API (when items are edited in the app) call the same function
 * when an item is saved, and the Plan and Provision tabs call it when an item is shown.
 */
export interface VagueWordingFlag {
  /** A vague phrase in the description, or a quantity the item does not give. */
  kind: 'wording' | 'quantity';
  /** The phrase as it appears in the description, or "Not quantified" / "No session length". */
  phrase: string;
  reason: string;
}

export interface ProvisionWording {
  description: string;
  sessionsPerPeriod: number | null;
  minutesPerSession: number | null;
  period: string | null;
}

const DOES_NOT_SAY_HOW_OFTEN = 'does not say how often: give the number of sessions a day, week, term or year';
const LEFT_TO_JUDGEMENT = 'leaves whether it happens to someone’s judgement: say what will be provided, how often and for how long';

/** Each pattern matches whole words, in any case; the first matching pattern in the list wins for overlapping text. */
const VAGUE_PHRASES: { pattern: RegExp; reason: string }[] = [
  { pattern: /\baccess to\b/i, reason: 'says the child may use something, not that it will be provided: say what will be provided, by whom and how often' },
  { pattern: /\bopportunit(?:y|ies) (?:to|for)\b/i, reason: 'offers a chance, not provision: say what will be provided and how often' },
  { pattern: /\bregular(?:ly)?\b/i, reason: DOES_NOT_SAY_HOW_OFTEN },
  { pattern: /\b(?:frequent(?:ly)?|periodic(?:ally)?|occasional(?:ly)?|from time to time|ongoing)\b/i, reason: DOES_NOT_SAY_HOW_OFTEN },
  { pattern: /\bas (?:needed|required|necessary|appropriate)\b/i, reason: LEFT_TO_JUDGEMENT },
  { pattern: /\b(?:when|where|if) (?:needed|required|necessary|appropriate|possible)\b/i, reason: LEFT_TO_JUDGEMENT },
  { pattern: /\bup to\b/i, reason: 'sets a ceiling, not a commitment: nothing at all would meet it. Say how much will be provided' },
  { pattern: /\b(?:should|could|might)\b/i, reason: 'is not a commitment: say what “will” be provided' },
];

/**
 * The flags for an item: vague phrases in its description, in the order they appear, and a flag
 * when the item is not quantified (no number of sessions or no period) or does not say how long
 * a session is. The group size ("group of up to 4") is a limit on the group, not on the provision,
 * so it is not checked.
 */
export function vagueWordingFlags(item: ProvisionWording): VagueWordingFlag[] {
  const found: { at: number; flag: VagueWordingFlag }[] = [];
  for (const { pattern, reason } of VAGUE_PHRASES) {
    const global = new RegExp(pattern.source, 'gi');
    for (const match of item.description.matchAll(global)) {
      const at = match.index;
      const overlaps = found.some((earlier) => at < earlier.at + earlier.flag.phrase.length && earlier.at < at + match[0].length);
      if (!overlaps) found.push({ at, flag: { kind: 'wording', phrase: match[0], reason } });
    }
  }
  const flags = found.sort((a, b) => a.at - b.at).map((entry) => entry.flag);
  if (!item.sessionsPerPeriod || item.sessionsPerPeriod <= 0 || !item.period || !isProvisionPeriod(item.period)) {
    flags.push({
      kind: 'quantity',
      phrase: 'Not quantified',
      reason: 'the plan does not say how many sessions and how often (a day, week, term or year), so nothing can be counted as owed or missed',
    });
  } else if (!item.minutesPerSession || item.minutesPerSession <= 0) {
    flags.push({ kind: 'quantity', phrase: 'No session length', reason: 'the plan does not say how long a session is, so minutes owed and delivered cannot be compared' });
  }
  return flags;
}

/**
 * The phrases vagueWordingFlags looks for, as regular-expression sources with their reasons, so a
 * page can flag them as the officer types with the very list the server checks on save.
 */
export function vagueWordingPatterns(): { source: string; reason: string }[] {
  return VAGUE_PHRASES.map(({ pattern, reason }) => ({ source: pattern.source, reason }));
}
