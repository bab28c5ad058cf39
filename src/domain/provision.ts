import { PROVISION_PERIODS, type ProvisionPeriod } from './plans.js';

export interface ProvisionQuantity {
  sessionsPerPeriod: number | null;
  minutesPerSession: number | null;
  period: string | null;
  groupSize: string | null;
}

function isPeriod(value: string): value is ProvisionPeriod {
  return value in PROVISION_PERIODS;
}

function describeMinutes(minutes: number): string {
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    return `${String(hours)} ${hours === 1 ? 'hour' : 'hours'}`;
  }
  if (minutes > 60) {
    const hours = Math.floor(minutes / 60);
    return `${String(hours)} ${hours === 1 ? 'hour' : 'hours'} ${String(minutes % 60)} minutes`;
  }
  return `${String(minutes)} minutes`;
}

/** A provision item's quantity in plain words: "2 sessions of 30 minutes a week, 1:1". */
export function describeQuantity(quantity: ProvisionQuantity): string {
  const { sessionsPerPeriod, minutesPerSession, period, groupSize } = quantity;
  if (!sessionsPerPeriod || !period || !isPeriod(period)) return 'Not quantified';
  const sessions = `${String(sessionsPerPeriod)} ${sessionsPerPeriod === 1 ? 'session' : 'sessions'}`;
  const length = minutesPerSession ? ` of ${describeMinutes(minutesPerSession)}` : '';
  const group = groupSize ? `, ${groupSize}` : '';
  return `${sessions}${length} ${PROVISION_PERIODS[period]}${group}`;
}
