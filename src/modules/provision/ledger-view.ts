import { isFamilyRole, type Role } from '../../auth/roles.js';
import { describeQuantity } from '../../domain/provision.js';
import { formatDate } from '../../domain/formatting.js';
import { PROVIDER_KINDS, type ProviderKind } from '../../domain/plans.js';
import { amountInWords, familyLedgerSentence, shortItemName, timeAndSessionsInWords } from '../../domain/plain-words.js';
import { LEDGER_PERIODS, type ItemPeriod, type loadItemLedger } from './ledger.js';

function sessions(count: number): string {
  return `${count.toLocaleString('en-GB', { maximumFractionDigits: 1 })} ${count === 1 ? 'session' : 'sessions'}`;
}

function minutesText(minutes: number): string {
  return amountInWords(Math.abs(minutes));
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function cell(text: string) {
  return { text, format: 'numeric' };
}

/** The four-period ledger of one item as a GOV.UK table: owed, delivered, missed by reason, made up, balance, share. */
export function itemLedgerView(data: Awaited<ReturnType<typeof loadItemLedger>>, role: Role) {
  const { item, ledger } = data;
  const periods: ItemPeriod[] = ledger;
  const row = (label: string, value: (period: ItemPeriod) => string) => [{ text: label }, ...periods.map((period) => cell(value(period)))];
  const rows = [
    row('Owed', (p) => upperFirst(timeAndSessionsInWords(p.ledger.owedMinutes, p.ledger.owedSessions))),
    row('Delivered', (p) => upperFirst(timeAndSessionsInWords(p.ledger.deliveredMinutes, p.ledger.deliveredSessions))),
    row('Missed', (p) => (p.ledger.missedSessions === 0 ? 'None' : `${sessions(p.ledger.missedSessions)}: ${p.missedByReason.map((r) => `${r.reason.toLowerCase()} ${String(r.sessions)}`).join(', ')}`)),
    row('Made up (included in delivered)', (p) => minutesText(p.ledger.madeUpMinutes)),
    row('Nothing recorded', (p) => minutesText(p.ledger.unrecordedMinutes)),
    row('Balance', (p) => (p.ledger.balanceMinutes > 0 ? `${minutesText(p.ledger.balanceMinutes)} still owed` : p.ledger.balanceMinutes < 0 ? `${minutesText(p.ledger.balanceMinutes)} more than owed` : 'Up to date')),
    row('Share delivered', (p) => (p.ledger.rate === null ? 'Nothing owed yet' : `${String(p.ledger.rate)}%`)),
  ];
  const term = periods.find((period) => period.key === 'term');
  const familySentence =
    isFamilyRole(role) && term
      ? familyLedgerSentence({
          name: shortItemName(item),
          owedMinutes: term.ledger.owedMinutes,
          deliveredMinutes: term.ledger.deliveredMinutes,
          missedSessions: term.ledger.missedSessions,
          missedByReason: term.missedByReason,
        })
      : null;
  return {
    title: `${item.section}: ${item.description}`,
    quantityText: `${describeQuantity(item)}${item.termTimeOnly ? ', term time' : ', all year'}`,
    providerText: item.organisationName ?? PROVIDER_KINDS[item.providerKind as ProviderKind],
    head: [{ text: 'Period' }, ...periods.map((period) => ({ text: `${LEDGER_PERIODS[period.key]} (from ${formatDate(period.from)})`, format: 'numeric' }))],
    rows,
    familySentence,
    todayText: formatDate(data.today),
  };
}
