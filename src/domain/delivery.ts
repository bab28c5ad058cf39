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
