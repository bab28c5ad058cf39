import { addDays, daysBetween, type IsoDate } from './dates.js';

/**
 * High-needs funding: what the LA (and others) pay for a child's placement, line by line, costed
 * for any period; the LA's own top-up bands; and the average funding a year per child by
 * placement type, the seed FOI's Request 2. The rules are in `send-reference.md` §3: place
 * funding (£10,000 special, AP and non-maintained; £6,000 resourced provision, SEN units and
 * post-16), element 3 top-up from the commissioning LA, the full fee for independent schools.
 * Money is integer pence throughout; every division rounds once, explicitly.
 */

/** The funding setting types: how a placement is funded, finer than the DfE caseload columns. */
export const FUNDING_SETTING_TYPES = {
  mainstream_la_maintained: { label: 'Mainstream school: LA maintained', placementType: 'mainstream' },
  mainstream_academy: { label: 'Mainstream school: academy', placementType: 'mainstream' },
  mainstream_free_school: { label: 'Mainstream school: free school', placementType: 'mainstream' },
  mainstream_independent: { label: 'Mainstream school: independent', placementType: 'mainstream' },
  mainstream_resourced_provision: { label: 'Mainstream school with resourced provision', placementType: 'mainstream' },
  mainstream_sen_unit: { label: 'Mainstream school with an SEN unit', placementType: 'mainstream' },
  special_la_maintained: { label: 'Special school: LA maintained', placementType: 'la_special' },
  special_academy: { label: 'Special school: academy', placementType: 'la_special' },
  special_free_school: { label: 'Special school: free school', placementType: 'la_special' },
  special_non_maintained: { label: 'Special school: non-maintained', placementType: 'independent_special' },
  special_independent: { label: 'Special school: independent', placementType: 'independent_special' },
  ap_pru: { label: 'Alternative provision or pupil referral unit', placementType: 'ap' },
  fe_college: { label: 'General further education college', placementType: 'post16' },
  specialist_post16: { label: 'Specialist post-16 institution', placementType: 'post16' },
  eotas: { label: 'Education otherwise than at school, arranged by the LA', placementType: 'eotas' },
  elective_home_education: { label: 'Elective home education', placementType: 'ehe' },
  early_years: { label: 'Early years setting', placementType: 'early_years' },
} as const;
export type FundingSettingType = keyof typeof FUNDING_SETTING_TYPES;

/**
 * The FOI's placement types, in the order the answer lists them. "LA special" is every
 * state-funded special school (maintained, academy, free school); non-maintained and
 * independent special schools are one group, as the council answered them.
 */
export const PLACEMENT_TYPES = {
  mainstream: 'Mainstream school',
  la_special: 'LA or state-funded special school',
  independent_special: 'Non-maintained or independent special school',
  ehe: 'Home learning (elective home education)',
  eotas: 'Education otherwise than at school (EOTAS)',
  ap: 'Alternative provision or pupil referral unit',
  post16: 'College or specialist post-16 institution',
  early_years: 'Early years setting',
} as const;
export type PlacementType = keyof typeof PLACEMENT_TYPES;
export const PLACEMENT_TYPE_KEYS = Object.keys(PLACEMENT_TYPES) as PlacementType[];

export function placementTypeOf(settingType: FundingSettingType): PlacementType {
  return FUNDING_SETTING_TYPES[settingType].placementType;
}

/**
 * The funding setting type a placement has by default, from what it already records: the
 * setting's type (SETTING_TYPES in domain/settings.ts), its SEN2 flags, or the SEN2 setting code
 * when there is no school. Null when nothing says (NEET, awaiting a placement): such a placement
 * cannot carry costs until someone chooses.
 */
export function defaultFundingSettingType(placement: { settingType: string | null; senUnit: boolean; resourcedProvision: boolean; senSettingCode: string | null }): FundingSettingType | null {
  const { settingType } = placement;
  if (settingType !== null) {
    if (settingType.startsWith('mainstream_') && placement.resourcedProvision) return 'mainstream_resourced_provision';
    if (settingType.startsWith('mainstream_') && placement.senUnit) return 'mainstream_sen_unit';
    if (settingType === 'special_academy_free') return 'special_academy';
    return settingType in FUNDING_SETTING_TYPES ? (settingType as FundingSettingType) : null;
  }
  switch (placement.senSettingCode) {
    case 'OLA':
      return 'eotas';
    case 'EHE':
      return 'elective_home_education';
    case 'EYP':
      return 'early_years';
    default:
      return null;
  }
}

/** The kinds of funding line. Transport is s251 line 2.1.4, outside the schools budget. */
export const FUNDING_LINE_KINDS = {
  place: 'Place funding',
  top_up: 'Top-up (element 3)',
  fee: 'Independent or non-maintained school fee',
  eotas_package: 'EOTAS package',
  transport: 'Home to school transport',
} as const;
export type FundingLineKind = keyof typeof FUNDING_LINE_KINDS;

/** Who pays a line. Place funding for academies, free schools and colleges comes from DfE (ESFA). */
export const FUNDING_PAYERS = {
  commissioning_la: 'This LA (high needs)',
  provider_la: 'The LA where the setting is',
  dfe: 'DfE (Education and Skills Funding Agency)',
  health: 'Health (integrated care board)',
  social_care: "Children's social care",
} as const;
export type FundingPayer = keyof typeof FUNDING_PAYERS;

/** Place funding a year, per place, set nationally (send-reference §3.1); independent schools have none. */
export const PLACE_FUNDING_PENCE = {
  /** Maintained, academy, free and non-maintained special schools, and AP/PRUs (pre-16). */
  special: 1_000_000,
  /** Resourced provision, SEN units, and high-needs students in FE (element 2). */
  resourced: 600_000,
} as const;

/** Above this a year a line is possible (a residential placement) but more often a typing slip: it needs confirming. */
export const CONFIRM_ANNUAL_ABOVE_PENCE = 100_000_000;

/** A span of days, both ends included; `to` null means open-ended. */
interface DateSpan {
  from: IsoDate;
  to: IsoDate | null;
}

/** A closed span: the period a report or a cost is asked for, both ends included. */
export interface Period {
  from: IsoDate;
  to: IsoDate;
}

/** One version of an LA top-up band: a band keeps its code and setting type; its value changes by new versions. */
export interface TopUpBand extends DateSpan {
  id: string;
  code: string;
  settingType: FundingSettingType;
  annualValuePence: number;
}

/**
 * One funding line of a placement. A line either states its own annual amount or is funded by a
 * band (`bandId`): then each day costs whatever version of that band (same code and setting type)
 * was in force that day, so an uprating from 1 April prices the days after it and leaves the days
 * before it as they were.
 */
export interface FundingLine extends DateSpan {
  kind: FundingLineKind;
  payer: FundingPayer;
  annualAmountPence: number | null;
  bandId: string | null;
}

/** Days in a span, both ends included; 0 when it is empty. */
function daysIn(span: Period): number {
  return span.to < span.from ? 0 : daysBetween(span.from, span.to) + 1;
}

/** The days two spans share, or null when they share none. */
function overlap(a: DateSpan, b: Period): Period | null {
  const from = a.from > b.from ? a.from : b.from;
  const to = a.to === null || a.to > b.to ? b.to : a.to;
  return to < from ? null : { from, to };
}

/** The LA financial year (1 April to 31 March) a day falls in. */
export function financialYearOf(day: IsoDate): Period {
  const year = Number(day.slice(0, 4));
  const startYear = day.slice(5) >= '04-01' ? year : year - 1;
  return { from: `${String(startYear)}-04-01`, to: `${String(startYear + 1)}-03-31` };
}

/** Rounds a non-negative fraction to the nearest whole number, halves up. */
function roundHalfUp(numerator: bigint, denominator: bigint): number {
  return Number((2n * numerator + denominator) / (2n * denominator));
}

/**
 * Pieces of `span`, cut at every financial-year boundary: each piece lies in one financial year,
 * with the number of days that year has.
 */
function byFinancialYear(span: Period): { days: number; yearDays: number }[] {
  const pieces: { days: number; yearDays: number }[] = [];
  let from = span.from;
  while (from <= span.to) {
    const year = financialYearOf(from);
    const to = year.to < span.to ? year.to : span.to;
    pieces.push({ days: daysIn({ from, to }), yearDays: daysIn(year) });
    from = addDays(to, 1);
  }
  return pieces;
}

/** The annual amount a line carries over each part of a span: its own, or its band's versions. */
function ratedPieces(line: FundingLine, span: Period, bands: readonly TopUpBand[]): { span: Period; annualPence: number }[] {
  if (line.bandId === null) return [{ span, annualPence: line.annualAmountPence ?? 0 }];
  const found = versionsById(bands).get(line.bandId);
  if (found === undefined) throw new RangeError(`Unknown band ${line.bandId}`);
  const { band, versions } = found;
  const pieces: { span: Period; annualPence: number }[] = [];
  for (const version of versions) {
    const shared = overlap(version, span);
    if (shared !== null) pieces.push({ span: shared, annualPence: version.annualValuePence });
  }
  const covered = pieces.reduce((sum, piece) => sum + daysIn(piece.span), 0);
  if (covered !== daysIn(span)) throw new RangeError(`Band ${band.code} is not in force on every day from ${span.from} to ${span.to}`);
  return pieces;
}

// A report costs thousands of lines against the same bands: index them once per list of bands
// (again if the list has grown since, as a seed's does while it is built).
const versionIndexes = new WeakMap<readonly TopUpBand[], { length: number; byId: Map<string, { band: TopUpBand; versions: TopUpBand[] }> }>();

/** Each band version by id, with every version of its band, earliest first. */
function versionsById(bands: readonly TopUpBand[]): Map<string, { band: TopUpBand; versions: TopUpBand[] }> {
  const cached = versionIndexes.get(bands);
  if (cached !== undefined && cached.length === bands.length) return cached.byId;
  const byId = new Map<string, { band: TopUpBand; versions: TopUpBand[] }>();
  for (const band of bands) byId.set(band.id, { band, versions: bandVersions(band, bands) });
  versionIndexes.set(bands, { length: bands.length, byId });
  return byId;
}

/** Every version of a band (same code and setting type), earliest first. */
function bandVersions(band: Pick<TopUpBand, 'code' | 'settingType'>, bands: readonly TopUpBand[]): TopUpBand[] {
  return bands.filter((row) => row.code === band.code && row.settingType === band.settingType).sort((a, b) => a.from.localeCompare(b.from));
}

/** The version of a band (by code and setting type) in force on a day, or undefined. */
export function bandInForce(bands: readonly TopUpBand[], code: string, settingType: FundingSettingType, day: IsoDate): TopUpBand | undefined {
  return bands.find((row) => row.code === code && row.settingType === settingType && row.from <= day && (row.to === null || day <= row.to));
}

// The common denominator of 1/365 and 1/366, so that a sum over both kinds of year rounds once.
const YEAR_DAYS_LCM = 365n * 366n;

/**
 * What a line costs over a period, to the penny.
 *
 * Day-count rule: dates are inclusive at both ends, and a day costs the annual amount divided by
 * the days in the LA financial year (1 April–31 March) that day falls in, so 365 or 366. We chose
 * the financial year's own length over a flat 365 because a placement held for a whole financial
 * year then costs exactly its annual amount, leap year or not, which is what budgets and the
 * section 251 return count; a flat 365 would charge one day extra in every year with 29 February.
 * The exact sum over every day is rounded once, to the nearest penny (halves up), so splitting a
 * period into parts can differ from the whole by at most a penny per part, never more.
 */
export function lineCost(line: FundingLine, period: Period, bands: readonly TopUpBand[] = []): number {
  const shared = overlap(line, period);
  if (shared === null) return 0;
  let numerator = 0n;
  for (const piece of ratedPieces(line, shared, bands)) {
    for (const part of byFinancialYear(piece.span)) {
      numerator += BigInt(piece.annualPence) * BigInt(part.days) * (YEAR_DAYS_LCM / BigInt(part.yearDays));
    }
  }
  return roundHalfUp(numerator, YEAR_DAYS_LCM);
}

/**
 * Sums of annual amount × days over the days a line shares with a span: the weight a line gives
 * an annual-equivalent average (see childAnnualEquivalent).
 */
function annualPenceDays(line: FundingLine, span: Period, bands: readonly TopUpBand[]): bigint {
  const shared = overlap(line, span);
  if (shared === null) return 0n;
  return ratedPieces(line, shared, bands).reduce((sum, piece) => sum + BigInt(piece.annualPence) * BigInt(daysIn(piece.span)), 0n);
}

/** One placement as the funding report reads it: its child, type, dates, and funding lines. */
export interface FundedPlacement extends DateSpan {
  childId: string;
  settingType: FundingSettingType;
  lines: readonly FundingLine[];
}

/** The days of a set of spans, counted once where they overlap, inside a period. */
function unionDays(spans: readonly DateSpan[], period: Period): number {
  const clipped = spans.map((span) => overlap(span, period)).filter((span): span is Period => span !== null);
  clipped.sort((a, b) => a.from.localeCompare(b.from));
  let days = 0;
  let reachedTo: IsoDate | null = null;
  for (const span of clipped) {
    const from = reachedTo !== null && span.from <= reachedTo ? addDays(reachedTo, 1) : span.from;
    if (from <= span.to) days += daysIn({ from, to: span.to });
    if (reachedTo === null || span.to > reachedTo) reachedTo = span.to;
  }
  return days;
}

/** What one child cost in one placement type over a period. */
export interface ChildFunding {
  childId: string;
  placementType: PlacementType;
  /** Days the child was in a placement of this type within the period. */
  days: number;
  /** What was spent over those days: the sum of each line's cost (lineCost). */
  spentPence: number;
  /** The funding a year at the rates the child attracted: see childAnnualEquivalent. */
  annualPence: number;
}

/** What the FOI answer counts by default: education funding, not transport (s251 2.1.4, outside the schools budget). */
const COUNTED_KINDS: readonly FundingLineKind[] = ['place', 'top_up', 'fee', 'eotas_package'];

/**
 * Per child and placement type over a period: the days, the actual spend, and the annual
 * equivalent.
 *
 * Annual equivalent, not actual spend: the FOI asks for "the average cost a year per child", and
 * a child who joined a special school in May is no cheaper a year than one who was there all
 * year. So a child's figure is the day-weighted average of the annual amounts of every line in
 * force while they were in that type (Σ annual × days ÷ days in the type), rounded once to the
 * penny. A child there the whole year at fixed rates gets exactly the sum of their annual
 * amounts; one who moves mid-year counts in both types, each at its own rates; days in the type
 * with no line in force count as £0, so a gap in funding lowers the figure rather than vanishing.
 * `spentPence` keeps the actual, pro-rata spend beside it.
 */
export function childFunding(placements: readonly FundedPlacement[], period: Period, bands: readonly TopUpBand[] = [], kinds: readonly FundingLineKind[] = COUNTED_KINDS): ChildFunding[] {
  const groups = new Map<string, { childId: string; placementType: PlacementType; placements: FundedPlacement[] }>();
  for (const placement of placements) {
    if (overlap(placement, period) === null) continue;
    const placementType = placementTypeOf(placement.settingType);
    const key = `${placement.childId}\u0000${placementType}`;
    const group = groups.get(key) ?? { childId: placement.childId, placementType, placements: [] };
    group.placements.push(placement);
    groups.set(key, group);
  }
  const results: ChildFunding[] = [];
  for (const group of groups.values()) {
    const days = unionDays(group.placements, period);
    let spentPence = 0;
    let weighted = 0n;
    for (const placement of group.placements) {
      const inPlacement = overlap(placement, period);
      if (inPlacement === null) continue;
      for (const line of placement.lines) {
        if (!kinds.includes(line.kind)) continue;
        const span = overlap(line, inPlacement);
        if (span === null) continue;
        spentPence += lineCost(line, span, bands);
        weighted += annualPenceDays(line, span, bands);
      }
    }
    results.push({ childId: group.childId, placementType: group.placementType, days, spentPence, annualPence: days === 0 ? 0 : roundHalfUp(weighted, BigInt(days)) });
  }
  return results;
}

/** Groups smaller than this are shown as "fewer than 5", so a published figure cannot point to a child. */
const SUPPRESS_BELOW = 5;

/** Count, mean, median and quartiles of the annual figures of one placement type. */
export type FundingSummary =
  | {
      placementType: PlacementType;
      suppressed: false;
      count: number;
      totalSpentPence: number;
      meanPence: number | null;
      medianPence: number | null;
      lowerQuartilePence: number | null;
      upperQuartilePence: number | null;
    }
  | { placementType: PlacementType; suppressed: true; count: null };

/**
 * The q-quantile (q = numerator / 4) of sorted pence values by linear interpolation between the
 * closest ranks (Excel QUARTILE.INC, R type 7), rounded to the penny, halves up.
 */
function quartile(sorted: readonly number[], quarter: 1 | 2 | 3): number {
  const n = sorted.length;
  // Position (n − 1) × quarter / 4, kept in quarters so the arithmetic stays whole.
  const position4 = (n - 1) * quarter;
  const lower = Math.floor(position4 / 4);
  const fraction4 = position4 - lower * 4;
  const low = sorted[lower] ?? 0;
  const high = sorted[Math.min(lower + 1, n - 1)] ?? low;
  return roundHalfUp(BigInt(low) * BigInt(4 - fraction4) + BigInt(high) * BigInt(fraction4), 4n);
}

/**
 * The FOI table: one row per placement type, in PLACEMENT_TYPES order, over the children's annual
 * figures. Mean and median round to the penny (halves up); quartiles as `quartile`. A type with 1
 * to 4 children is suppressed, with no figure at all (not even its spend, which with a mean would
 * give it away); a type with none shows a count of 0 and no averages.
 */
export function summariseFunding(children: readonly ChildFunding[]): FundingSummary[] {
  return PLACEMENT_TYPE_KEYS.map((placementType) => {
    const rows = children.filter((row) => row.placementType === placementType);
    const count = rows.length;
    if (count > 0 && count < SUPPRESS_BELOW) return { placementType, suppressed: true, count: null };
    const sorted = rows.map((row) => row.annualPence).sort((a, b) => a - b);
    const total = sorted.reduce((sum, value) => sum + BigInt(value), 0n);
    return {
      placementType,
      suppressed: false,
      count,
      totalSpentPence: rows.reduce((sum, row) => sum + row.spentPence, 0),
      meanPence: count === 0 ? null : roundHalfUp(total, BigInt(count)),
      medianPence: count === 0 ? null : quartile(sorted, 2),
      lowerQuartilePence: count === 0 ? null : quartile(sorted, 1),
      upperQuartilePence: count === 0 ? null : quartile(sorted, 3),
    };
  });
}

/** A problem with funding data, as a form field and the sentence that explains it. */
export interface FundingProblem {
  path: string;
  message: string;
}

/** A main placement (SEN2 rank 1) as the overlap check reads it. */
interface RankedPlacement extends DateSpan {
  id: string;
  rank: number;
}

/** A child's rank-1 placements that overlap another: a child has one main placement at a time. */
export function overlappingMainPlacements(placements: readonly RankedPlacement[]): FundingProblem[] {
  const main = placements.filter((row) => row.rank === 1).sort((a, b) => a.from.localeCompare(b.from));
  const problems: FundingProblem[] = [];
  for (let index = 1; index < main.length; index += 1) {
    const earlier = main[index - 1];
    const later = main[index];
    if (earlier === undefined || later === undefined) continue;
    if (earlier.to === null || earlier.to >= later.from) {
      problems.push({
        path: 'startDate',
        message: `The main placement starting ${later.from} overlaps the main placement starting ${earlier.from}: end that one first, on or before ${addDays(later.from, -1)}`,
      });
    }
  }
  return problems;
}

/** What a funding line needs beyond its own fields to be checked: its placement and the LA's bands. */
export interface FundingLineContext {
  placement: DateSpan & { settingType: FundingSettingType | null };
  bands: readonly TopUpBand[];
  /** The person saving has confirmed an amount over CONFIRM_ANNUAL_ABOVE_PENCE. */
  confirmedLargeAmount: boolean;
}

/** Everything wrong with a funding line before it is saved; empty when it may be saved. */
export function fundingLineProblems(line: FundingLine, context: FundingLineContext): FundingProblem[] {
  const problems: FundingProblem[] = [];
  if (context.placement.settingType === null) {
    problems.push({ path: 'settingType', message: 'Choose the setting type of the placement before adding a cost to it' });
  }
  if (line.to !== null && line.to < line.from) {
    problems.push({ path: 'effectiveTo', message: 'The end date must be the same as or after the start date' });
  }
  if (line.from < context.placement.from || (context.placement.to !== null && (line.to === null || line.to > context.placement.to))) {
    problems.push({ path: 'effectiveFrom', message: 'The cost must fall within the dates of the placement' });
  }
  if (line.bandId === null) {
    const amount = line.annualAmountPence;
    if (amount === null) problems.push({ path: 'annualAmount', message: 'Enter the amount a year, or choose a band' });
    else if (!Number.isInteger(amount)) problems.push({ path: 'annualAmount', message: 'Enter the amount a year in pounds and pence, like 12500 or 12500.50' });
    else if (amount < 0) problems.push({ path: 'annualAmount', message: 'The amount a year must be £0 or more' });
    else if (amount > CONFIRM_ANNUAL_ABOVE_PENCE && !context.confirmedLargeAmount) {
      problems.push({ path: 'annualAmount', message: 'The amount a year is over £1,000,000: check it, and confirm it if it is right' });
    }
  } else {
    const band = context.bands.find((row) => row.id === line.bandId);
    if (band === undefined) problems.push({ path: 'bandId', message: 'Choose a band the LA has set up' });
    else {
      if (context.placement.settingType !== null && band.settingType !== context.placement.settingType) {
        problems.push({
          path: 'bandId',
          message: `Band ${band.code} is a band for ${FUNDING_SETTING_TYPES[band.settingType].label}; choose a band for ${FUNDING_SETTING_TYPES[context.placement.settingType].label}`,
        });
      }
      const versions = bandVersions(band, context.bands);
      const span: Period = { from: line.from, to: line.to ?? '9999-12-31' };
      const covered = versions.reduce((sum, version) => {
        const shared = overlap(version, span);
        return sum + (shared === null ? 0 : daysIn(shared));
      }, 0);
      if (covered < daysIn(span)) {
        const first = versions[0];
        const last = versions[versions.length - 1];
        const inForce = first === undefined || last === undefined ? '' : ` (in force from ${first.from}${last.to === null ? '' : ` to ${last.to}`})`;
        problems.push({ path: 'effectiveFrom', message: `Band ${band.code} is not in force on every day of this cost${inForce}: change the dates or choose another band` });
      }
    }
  }
  return problems;
}

/** Everything wrong with a new band version, given the LA's bands already set up. */
export function topUpBandProblems(band: TopUpBand, existing: readonly TopUpBand[]): FundingProblem[] {
  const problems: FundingProblem[] = [];
  if (band.code.trim() === '') problems.push({ path: 'code', message: 'Enter the band code, like A or B' });
  if (!Number.isInteger(band.annualValuePence) || band.annualValuePence < 0) problems.push({ path: 'annualValue', message: 'The band value a year must be £0 or more, in pounds and pence' });
  if (band.to !== null && band.to < band.from) problems.push({ path: 'effectiveTo', message: 'The end date must be the same as or after the start date' });
  const clash = bandVersions(band, existing).find((row) => row.id !== band.id && overlap(row, { from: band.from, to: band.to ?? '9999-12-31' }) !== null);
  if (clash !== undefined) {
    problems.push({ path: 'effectiveFrom', message: `Band ${band.code} already has a value from ${clash.from}: end that one the day before this one starts, so history is kept` });
  }
  return problems;
}
