import { addDays, daysBetween, type IsoDate } from './dates.js';
import { formatPence } from './formatting.js';

/**
 * What a unit cost is a cost of. An hour or a session is paid for as it is delivered; a week, a
 * term or a year is a flat cost, owed for the time the item runs whatever is delivered.
 */
export const COST_UNITS = {
  hour: 'an hour',
  session: 'a session',
  week: 'a week',
  term: 'a term',
  year: 'a year',
} as const;

type CostUnit = keyof typeof COST_UNITS;

function isCostUnit(value: string): value is CostUnit {
  return value in COST_UNITS;
}

export interface UnitCost {
  pence: number;
  unit: CostUnit;
}

/** "£65 an hour", "£1,200 a year". */
export function unitCostInWords(cost: UnitCost): string {
  return `${formatPence(cost.pence)} ${COST_UNITS[cost.unit]}`;
}

/**
 * The item's unit cost: its own, or else its flat annual cost (the cost lines had before unit
 * costs, which stays a flat cost a year); null when the item is not costed.
 */
export function unitCostOf(item: { unitCostPence: number | null; costUnit: string | null; annualCostPence: number | null }): UnitCost | null {
  if (item.unitCostPence !== null && item.costUnit !== null && isCostUnit(item.costUnit)) return { pence: item.unitCostPence, unit: item.costUnit };
  if (item.annualCostPence !== null) return { pence: item.annualCostPence, unit: 'year' };
  return null;
}

function isFlatCost(unit: CostUnit): boolean {
  return unit === 'week' || unit === 'term' || unit === 'year';
}

/** An amount of provision: owed by the schedule, or delivered by the ledger. */
interface Quantity {
  sessions: number;
  /** Null when the plan does not say how long a session is (owed only). */
  minutes: number | null;
}

/**
 * The exact cost, in fractional pence, of an amount of provision paid for by the hour or the
 * session. A session is counted as minutes ÷ the plan's minutes per session when the plan says how
 * long a session is (a half-length session costs half), else as the sessions recorded. Null when
 * the amount cannot be costed (hours, with no minutes known).
 */
function exactCostOf(cost: UnitCost, quantity: Quantity, minutesPerSession: number | null): number | null {
  if (cost.unit === 'hour') return quantity.minutes === null ? null : (quantity.minutes * cost.pence) / 60;
  if (cost.unit === 'session') {
    const sessions = minutesPerSession && quantity.minutes !== null ? quantity.minutes / minutesPerSession : quantity.sessions;
    return sessions * cost.pence;
  }
  return null;
}

/**
 * Rounded once, half up, to whole pence: each item's figure for a period is rounded, never its
 * parts, and a total is the sum of the rounded rows, so a table's total equals its rows.
 */
function toPence(exact: number): number {
  return Math.round(Math.round(exact * 1e6) / 1e6);
}

function academicYearOf(date: IsoDate): { start: IsoDate; end: IsoDate } {
  const year = Number(date.slice(0, 4));
  const startYear = date.slice(5) >= '09-01' ? year : year - 1;
  return { start: `${String(startYear)}-09-01`, end: `${String(startYear + 1)}-08-31` };
}

/**
 * A flat cost for the days of [from, to] the item runs (both ends included), pro rata by calendar
 * day: a week's cost is a seventh a day; a year's cost is shared over the days of the school year
 * (1 September to 31 August, 365 or 366 days), so a whole school year costs exactly the year's
 * amount; a term's cost is taken as a third of a year's (three terms a year), so it accrues the
 * same way through holidays as in term. Exact, in fractional pence.
 */
function exactFlatCost(cost: UnitCost, runs: { startDate: IsoDate; endDate: IsoDate | null }, from: IsoDate, to: IsoDate): number {
  const start = runs.startDate > from ? runs.startDate : from;
  const end = runs.endDate !== null && runs.endDate < to ? runs.endDate : to;
  let exact = 0;
  let segmentStart = start;
  while (segmentStart <= end) {
    const year = academicYearOf(segmentStart);
    const segmentEnd = year.end < end ? year.end : end;
    const days = daysBetween(segmentStart, segmentEnd) + 1;
    const daysInYear = daysBetween(year.start, year.end) + 1;
    if (cost.unit === 'week') exact += (cost.pence * days) / 7;
    else exact += ((cost.unit === 'term' ? 3 * cost.pence : cost.pence) * days) / daysInYear;
    segmentStart = addDays(segmentEnd, 1);
  }
  return exact;
}

export interface CostInput {
  cost: UnitCost;
  minutesPerSession: number | null;
  /** What the schedule owed over the period; null when the item has no schedule to owe by. */
  owed: Quantity | null;
  /** What was delivered over the period (missed sessions are not delivered, and cost nothing). */
  delivered: Quantity;
  /** When the item runs: a flat cost accrues only on those days. */
  runs: { startDate: IsoDate; endDate: IsoDate | null };
  from: IsoDate;
  to: IsoDate;
}

export interface ProvisionCost {
  /** Owed × unit cost (a flat cost: its share of the period); null when what was owed cannot be costed. */
  plannedPence: number | null;
  /** Delivered × unit cost (a flat cost: the same as planned, as it is paid whatever is delivered). */
  actualPence: number;
  /** Actual − planned: below nothing, less was delivered than was planned; null when planned is not known. */
  differencePence: number | null;
}

/** Planned and actual cost of one item over a period, in whole pence. */
export function provisionCost(input: CostInput): ProvisionCost {
  const { cost } = input;
  if (isFlatCost(cost.unit)) {
    const pence = toPence(exactFlatCost(cost, input.runs, input.from, input.to));
    return { plannedPence: pence, actualPence: pence, differencePence: 0 };
  }
  const planned = input.owed === null ? null : exactCostOf(cost, input.owed, input.minutesPerSession);
  const actual = toPence(exactCostOf(cost, input.delivered, input.minutesPerSession) ?? 0);
  const plannedPence = planned === null ? null : toPence(planned);
  return { plannedPence, actualPence: actual, differencePence: plannedPence === null ? null : actual - plannedPence };
}
