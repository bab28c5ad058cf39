import { isProvisionPeriod, PROVISION_PERIODS } from './plans.js';
import type { Owed } from './schedule.js';

export interface ProvisionQuantity {
  sessionsPerPeriod: number | null;
  minutesPerSession: number | null;
  period: string | null;
  groupSize: string | null;
}

function unitText(count: number, one: string, many: string): string {
  return `${String(count)} ${count === 1 ? one : many}`;
}

/** Minutes as people say them: "30 minutes", "1 minute", "2 hours", "1 hour 15 minutes", "1 hour 1 minute". */
export function describeMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return unitText(minutes, 'minute', 'minutes');
  const hoursText = unitText(hours, 'hour', 'hours');
  return rest === 0 ? hoursText : `${hoursText} ${unitText(rest, 'minute', 'minutes')}`;
}

/** A provision item's quantity in plain words: "2 sessions of 30 minutes a week, 1:1". */
export function describeQuantity(quantity: ProvisionQuantity): string {
  const { sessionsPerPeriod, minutesPerSession, period, groupSize } = quantity;
  if (!sessionsPerPeriod || !period || !isProvisionPeriod(period)) return 'Not quantified';
  const sessions = `${String(sessionsPerPeriod)} ${sessionsPerPeriod === 1 ? 'session' : 'sessions'}`;
  const length = minutesPerSession ? ` of ${describeMinutes(minutesPerSession)}` : '';
  const group = groupSize ? `, ${groupSize}` : '';
  return `${sessions}${length} ${PROVISION_PERIODS[period]}${group}`;
}

/** A share of a session to one decimal place, or two under one session, so a little owed never reads "0". */
function formatSessions(value: number): string {
  return value.toLocaleString('en-GB', { maximumFractionDigits: value < 1 ? 2 : 1 });
}

/** An amount owed in plain words: "27 sessions (13 hours 30 minutes)", "2.6 sessions", "None". */
export function describeOwed(owed: Owed): string {
  if (owed.sessions === 0) return 'None';
  const shown = formatSessions(owed.sessions);
  const sessions = `${shown} ${shown === '1' ? 'session' : 'sessions'}`;
  if (owed.minutes === null) return sessions;
  const wholeMinutes = Math.round(owed.minutes);
  const hours = Math.floor(wholeMinutes / 60);
  const minutes = wholeMinutes % 60;
  const parts = [hours ? `${String(hours)} ${hours === 1 ? 'hour' : 'hours'}` : '', minutes ? `${String(minutes)} ${minutes === 1 ? 'minute' : 'minutes'}` : ''].filter(Boolean);
  return `${sessions} (${parts.join(' ')})`;
}
