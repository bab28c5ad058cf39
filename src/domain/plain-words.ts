import { PROVISION_TYPES, type ProvisionType } from './plans.js';

/**
 * Words a parent can read, for things the record holds as codes, long plan wording or exact
 * minutes. Pure, so every page that speaks to a family says the same thing.
 */

// Teaching support is named by what it teaches; therapies are already named by their type.
const TEACHING_FOCUS = ['literacy', 'reading', 'spelling', 'handwriting', 'numeracy', 'maths', 'social skills', 'communication'] as const;
const TEACHING_TYPES: readonly string[] = ['specialist_teaching', 'teaching_assistant'];
// Words that only join a phrase to what follows ("delivered by a specialist teacher").
const TRAILING_WORDS = new Set(['a', 'an', 'and', 'at', 'by', 'delivered', 'for', 'from', 'in', 'of', 'on', 'or', 'the', 'to', 'with']);
const SHORT_NAME_WORDS = 6;

/**
 * A short name for an item of provision: its type's plain name ("Specialist teaching for literacy"),
 * or, for provision of no listed type, the opening words of its description, never cut at a comma
 * ("Structured, multisensory literacy intervention").
 */
export function shortItemName(item: { provisionType: string; description: string }): string {
  const description = item.description.trim();
  if (item.provisionType in PROVISION_TYPES && item.provisionType !== 'other') {
    const name: string = PROVISION_TYPES[item.provisionType as ProvisionType];
    if (!TEACHING_TYPES.includes(item.provisionType)) return name;
    // "Emotional literacy" is wellbeing support, not reading.
    const wording = description.toLowerCase().replace(/emotional literacy/g, '');
    const focus = TEACHING_FOCUS.find((word) => new RegExp(`\\b${word}\\b`).test(wording));
    return focus ? `${name} for ${focus}` : name;
  }
  const words = description.split(/\s+/).filter(Boolean).slice(0, SHORT_NAME_WORDS);
  while (words.length > 1 && TRAILING_WORDS.has((words.at(-1) ?? '').toLowerCase().replace(/[^a-z]/g, ''))) words.pop();
  const phrase = words.join(' ').replace(/[,;:–-]+$/, '');
  return phrase ? phrase.charAt(0).toUpperCase() + phrase.slice(1) : 'Support in the plan';
}

/** The longest short name an officer may give an item: it heads a sentence and a table cell. */
export const ITEM_SHORT_NAME_MAX = 60;

/** A short name as typed, tidied: no spaces at either end, and each run of spaces (or a line break) one space. */
export function tidyItemName(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The name families read for an item: the short name an LA officer gave it (provision_item_name),
 * else the one derived from its type and wording. Every page that names an item in few words
 * calls this, so a name given once is the name everywhere.
 */
export function itemName(item: { provisionType: string; description: string; shortName?: string | null }): string {
  const given = item.shortName ? tidyItemName(item.shortName) : '';
  return given || shortItemName(item);
}

/**
 * An item as staff see it named on a page or in a list: its short name with the plan section it
 * sits in, in words ("Speech and language therapy (section F)"), instead of the section code and
 * the plan's whole wording. Sections F, G and H1/H2 are the special educational, health and social
 * care provision of an EHC plan (SEND Regulations 2014, reg. 12(1)).
 */
export function itemTitle(item: { section: string; provisionType: string; description: string; shortName?: string | null }): string {
  return `${itemName(item)} (section ${item.section})`;
}

function hoursText(halfHours: number): string {
  const hours = Math.floor(halfHours / 2);
  const half = halfHours % 2 === 1;
  if (hours === 0) return 'half an hour';
  const whole = `${String(hours)} ${hours === 1 ? 'hour' : 'hours'}`;
  return half ? `${String(hours)} and a half hours` : whole;
}

/**
 * An amount of time a parent can picture: exact minutes under an hour ("25 minutes"), then to the
 * nearest half hour, saying "about" when that rounds ("about 2 and a half hours").
 */
export function amountInWords(minutes: number): string {
  const whole = Math.round(minutes);
  if (whole <= 0) return 'none';
  if (whole < 60) return `${String(whole)} ${whole === 1 ? 'minute' : 'minutes'}`;
  const halfHours = Math.round(whole / 30);
  return `${whole === halfHours * 30 ? '' : 'about '}${hoursText(halfHours)}`;
}

/** The DfE's main ethnicity categories (CBDS), in the words the census uses. */
export const ETHNICITIES: Readonly<Record<string, string>> = {
  WBRI: 'White British',
  WIRI: 'White Irish',
  WIRT: 'Traveller of Irish heritage',
  WROM: 'Gypsy or Roma',
  WOTH: 'Any other White background',
  MWBC: 'White and Black Caribbean',
  MWBA: 'White and Black African',
  MWAS: 'White and Asian',
  MOTH: 'Any other mixed background',
  AIND: 'Indian',
  APKN: 'Pakistani',
  ABAN: 'Bangladeshi',
  AOTH: 'Any other Asian background',
  BCRB: 'Black Caribbean',
  BAFR: 'Black African',
  BOTH: 'Any other Black background',
  CHNE: 'Chinese',
  OOTH: 'Any other ethnic group',
  REFU: 'Refused to say',
  NOBT: 'Not yet obtained',
};

/** "White British" for WBRI; a code outside the list is shown as it is, so nothing is hidden. */
export function ethnicityInWords(code: string | null): string {
  if (!code) return 'Not recorded';
  return ETHNICITIES[code] ?? code;
}

/** "about 1 hour (3 sessions)", "25 minutes (1 session)", "none": time first, as a parent pictures it. */
export function timeAndSessionsInWords(minutes: number | null, sessions: number): string {
  const count = Math.round(sessions);
  const sessionsText = `${String(count)} ${count === 1 ? 'session' : 'sessions'}`;
  if (minutes === null) return sessionsText;
  const time = amountInWords(minutes);
  return time === 'none' ? 'none' : count >= 1 ? `${time} (${sessionsText})` : time;
}

export interface FamilyLedgerLine {
  name: string;
  /** Minutes owed so far this term; null when the plan does not say how much. */
  owedMinutes: number | null;
  deliveredMinutes: number;
  missedSessions: number;
  missedByReason: readonly { reason: string; sessions: number }[];
}

/**
 * One item's term so far, for a family: "Specialist teaching for literacy: about 1 hour delivered
 * so far this term, of 2 hours owed; 1 session missed (child absent)." Said in time, as the table is.
 */
export function familyLedgerSentence(line: FamilyLedgerLine): string {
  const delivered = amountInWords(line.deliveredMinutes);
  const deliveredText = delivered === 'none' ? 'nothing delivered so far this term' : `${delivered} delivered so far this term`;
  const owedText = line.owedMinutes === null ? ' (the plan does not say how much)' : line.owedMinutes <= 0 ? ', with nothing owed yet' : `, of ${amountInWords(line.owedMinutes)} owed`;
  const missed =
    line.missedSessions > 0
      ? `; ${String(line.missedSessions)} ${line.missedSessions === 1 ? 'session' : 'sessions'} missed (${line.missedByReason.map((row) => `${row.reason.toLowerCase()}: ${String(row.sessions)}`).join('; ')})`
      : '';
  return `${line.name}: ${deliveredText}${owedText}${missed}.`;
}
