import { addDays, type IsoDate } from './dates.js';
import { weekStarting } from './school-calendar.js';

/** Why a session was not delivered: each reason is counted separately on the ledger. */
export const MISSED_REASONS = {
  child_absent: 'Child absent',
  child_unwell: 'Child unwell',
  provider_absent: 'Provider absent',
  staff_vacancy: 'Staff vacancy',
  setting_closed: 'Setting closed',
  declined: 'Declined by the family or young person',
  other: 'Other',
} as const;

export type MissedReason = keyof typeof MISSED_REASONS;

export const DELIVERY_STATUSES = {
  delivered: 'Delivered',
  missed: 'Missed',
} as const;

export type DeliveryStatus = keyof typeof DELIVERY_STATUSES;

/** Share of the minutes owed that were delivered, as a whole percentage; null when nothing was owed. */
export function deliveryRate(deliveredMinutes: number, owedMinutes: number | null): number | null {
  if (owedMinutes === null || owedMinutes <= 0) return null;
  return Math.round((deliveredMinutes / owedMinutes) * 100);
}

/** When an item's delivery is worrying enough to raise a provision concern. LA-configurable. */
export interface GapThresholds {
  /** Raise when less than this share of what was owed over the window was delivered (0.8 = 80 %). */
  minimumShareDelivered: number;
  windowWeeks: number;
  /** Raise when nothing has been recorded for this many weeks while something was owed. */
  silentWeeks: number;
}

const DEFAULT_GAP_THRESHOLDS: GapThresholds = { minimumShareDelivered: 0.8, windowWeeks: 4, silentWeeks: 3 };

export interface ItemDeliveryWindow {
  /** Sessions and minutes owed, and minutes delivered, over the last `windowWeeks`. */
  owedSessionsInWindow: number;
  owedMinutesInWindow: number;
  deliveredMinutesInWindow: number;
  /** Sessions owed over the last `silentWeeks`: a silence in the holidays owes nothing and is no gap. */
  owedSessionsInSilentWindow: number;
  recordsInSilentWindow: number;
}

export type GapReason = 'under_delivered' | 'nothing_recorded';

/**
 * Why an item needs a provision concern, if it does. Under-delivery is judged on minutes, so a
 * session cut short counts. Both rules need at least one whole session owed in their window:
 * three educational psychology consultations a year owe a third of a session in four weeks, and
 * four weeks without one is the plan working, not a gap.
 */
export function deliveryGapReasons(window: ItemDeliveryWindow, thresholds: GapThresholds = DEFAULT_GAP_THRESHOLDS): GapReason[] {
  const reasons: GapReason[] = [];
  if (window.owedSessionsInSilentWindow >= 1 && window.recordsInSilentWindow === 0) reasons.push('nothing_recorded');
  if (window.owedSessionsInWindow >= 1 && window.deliveredMinutesInWindow < thresholds.minimumShareDelivered * window.owedMinutesInWindow) {
    reasons.push('under_delivered');
  }
  return reasons;
}

export interface DateRange {
  from: IsoDate;
  to: IsoDate;
}

/**
 * The weeks the gap rule judges: the last `windowWeeks` and `silentWeeks` complete weeks (Monday to
 * Sunday) before the week `today` falls in. The current week is left out because schools and
 * providers often record a week's sessions at its end: judging it half-way would raise false alarms.
 */
export function gapWindows(today: IsoDate, thresholds: Pick<GapThresholds, 'windowWeeks' | 'silentWeeks'>): { window: DateRange; silent: DateRange } {
  const thisMonday = weekStarting(today);
  const lastSunday = addDays(thisMonday, -1);
  return {
    window: { from: addDays(thisMonday, -7 * thresholds.windowWeeks), to: lastSunday },
    silent: { from: addDays(thisMonday, -7 * thresholds.silentWeeks), to: lastSunday },
  };
}

/** What was owed and what was recorded for one item over one period. */
export interface PeriodTotals {
  owedSessions: number;
  owedMinutes: number;
  deliveredSessions: number;
  deliveredMinutes: number;
  missedSessions: number;
  missedMinutes: number;
  madeUpMinutes: number;
}

export interface PeriodLedger extends PeriodTotals {
  /** Minutes still owed (positive) or delivered beyond what was owed (negative). */
  balanceMinutes: number;
  /** Minutes owed that nothing was recorded against: neither delivered nor missed. */
  unrecordedMinutes: number;
  rate: number | null;
}

/**
 * The ledger line for a period. Made-up sessions are delivered sessions, so they already reduce
 * the balance; they are shown apart so everyone can see missed time being made good.
 */
export function periodLedger(totals: PeriodTotals): PeriodLedger {
  return {
    ...totals,
    balanceMinutes: totals.owedMinutes - totals.deliveredMinutes,
    unrecordedMinutes: Math.max(0, totals.owedMinutes - totals.deliveredMinutes - totals.missedMinutes),
    rate: deliveryRate(totals.deliveredMinutes, totals.owedMinutes),
  };
}

/** One row of a delivery-rate breakdown: the items of provision that share a key (a provider, a need…). */
export interface RateRow {
  key: string | null;
  items: number;
  owedMinutes: number;
  deliveredMinutes: number;
}

export interface RateTable<Row extends RateRow> {
  /** Lowest share delivered first, then most owed, up to the limit. */
  shown: Row[];
  /** Everything past the limit, added together, so the rows shown still add up to the total. */
  others: (Omit<RateRow, 'key'> & { rows: number }) | null;
  total: Omit<RateRow, 'key'>;
}

/**
 * A breakdown of the delivery rate for a table. Each item of provision is in exactly one row, so
 * the rows (with the remainder past the limit) add up to the total, which is the page's headline.
 */
export function rateTable<Row extends RateRow>(rows: readonly Row[], limit: number): RateTable<Row> {
  const add = (sum: Omit<RateRow, 'key'>, row: Omit<RateRow, 'key'>) => ({
    items: sum.items + row.items,
    owedMinutes: sum.owedMinutes + row.owedMinutes,
    deliveredMinutes: sum.deliveredMinutes + row.deliveredMinutes,
  });
  const none = { items: 0, owedMinutes: 0, deliveredMinutes: 0 };
  const sorted = [...rows].sort((a, b) => a.deliveredMinutes / a.owedMinutes - b.deliveredMinutes / b.owedMinutes || b.owedMinutes - a.owedMinutes);
  const rest = sorted.slice(limit);
  return {
    shown: sorted.slice(0, limit),
    others: rest.length === 0 ? null : { ...rest.reduce(add, none), rows: rest.length },
    total: rows.reduce(add, none),
  };
}
