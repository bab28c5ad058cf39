import { isFamilyRole, type Role } from '../../auth/roles.js';
import { describeQuantity } from '../../domain/provision.js';
import { formatDate } from '../../domain/formatting.js';
import { PROVIDER_KINDS, type ProviderKind } from '../../domain/plans.js';
import { describeLineChanges, provisionLineChanges } from '../../domain/provision-continuity.js';
import { amountInWords, familyLedgerSentence, itemName, itemTitle, timeAndSessionsInWords } from '../../domain/plain-words.js';
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

type LedgerData = Awaited<ReturnType<typeof loadItemLedger>>;

function ledgerRows(periods: ItemPeriod[]) {
  const row = (label: string, value: (period: ItemPeriod) => string) => [{ text: label }, ...periods.map((period) => cell(value(period)))];
  return [
    row('Owed', (p) => upperFirst(timeAndSessionsInWords(p.ledger.owedMinutes, p.ledger.owedSessions))),
    row('Delivered', (p) => upperFirst(timeAndSessionsInWords(p.ledger.deliveredMinutes, p.ledger.deliveredSessions))),
    row('Missed', (p) =>
      p.ledger.missedSessions === 0 ? 'None' : `${sessions(p.ledger.missedSessions)}: ${p.missedByReason.map((r) => `${r.reason.toLowerCase()} ${String(r.sessions)}`).join(', ')}`,
    ),
    row('Made up (included in delivered)', (p) => minutesText(p.ledger.madeUpMinutes)),
    row('Nothing recorded', (p) => minutesText(p.ledger.unrecordedMinutes)),
    row('Balance', (p) =>
      p.ledger.balanceMinutes > 0 ? `${minutesText(p.ledger.balanceMinutes)} still owed` : p.ledger.balanceMinutes < 0 ? `${minutesText(p.ledger.balanceMinutes)} more than owed` : 'Up to date',
    ),
    row('Share delivered', (p) => (p.ledger.rate === null ? 'Nothing owed yet' : `${String(p.ledger.rate)}%`)),
  ];
}

/** Where the plan was amended, in the line's own words: carried on (figures run on) or changed (a new schedule). */
function amendmentNotes(data: LedgerData): string[] {
  return data.amendments.map((amendment) => {
    const amended = `Plan amended on ${formatDate(amendment.on)}`;
    if (amendment.carriedOn) {
      return amendment.rewordedFrom === null
        ? `${amended}: this line carried on unchanged, so its figures run on across the amendment.`
        : `${amended}: this line carried on with new wording (it said “${amendment.rewordedFrom}”), so its figures run on across the amendment.`;
    }
    const changes = data.replaced ? describeLineChanges(provisionLineChanges(data.replaced.item, data.item, amendment.on)) : '';
    return `${amended}: ${changes || 'the line'} changed, so a new schedule started on ${formatDate(amendment.on)}. What the line before it owed and delivered is shown below.`;
  });
}

/** The line an amendment replaced, with its figures up to the day before the amendment. */
function replacedView(replaced: NonNullable<LedgerData['replaced']>) {
  const until = formatDate(replaced.endDate);
  const labels: Record<string, string> = { year: `This school year, until ${until}`, plan: `The whole time it was in the plan, until ${until}` };
  return {
    title: `Before the plan was amended on ${formatDate(replaced.amendedOn)}: ${itemTitle(replaced.item)}`,
    planText: replaced.item.description,
    quantityText: `${describeQuantity(replaced.item)}${replaced.item.termTimeOnly ? ', term time' : ', all year'}`,
    head: [{ text: 'Period' }, ...replaced.ledger.map((period) => ({ text: `${labels[period.key] ?? LEDGER_PERIODS[period.key]} (from ${formatDate(period.from)})`, format: 'numeric' }))],
    rows: ledgerRows(replaced.ledger),
  };
}

/** The four-period ledger of one item as a GOV.UK table: owed, delivered, missed by reason, made up, balance, share. */
export function itemLedgerView(data: LedgerData, role: Role) {
  const { item, ledger } = data;
  const periods: ItemPeriod[] = ledger;
  const rows = ledgerRows(periods);
  const term = periods.find((period) => period.key === 'term');
  const familySentence =
    isFamilyRole(role) && term
      ? familyLedgerSentence({
          name: itemName(item),
          owedMinutes: term.ledger.owedMinutes,
          deliveredMinutes: term.ledger.deliveredMinutes,
          missedSessions: term.ledger.missedSessions,
          missedByReason: term.missedByReason,
        })
      : null;
  return {
    title: itemTitle(item),
    planText: item.description,
    shortName: itemName(item),
    quantityText: `${describeQuantity(item)}${item.termTimeOnly ? ', term time' : ', all year'}`,
    providerText: item.organisationName ?? PROVIDER_KINDS[item.providerKind as ProviderKind],
    head: [{ text: 'Period' }, ...periods.map((period) => ({ text: `${LEDGER_PERIODS[period.key]} (from ${formatDate(period.from)})`, format: 'numeric' }))],
    rows,
    familySentence,
    todayText: formatDate(data.today),
    amendmentNotes: amendmentNotes(data),
    replaced: data.replaced ? replacedView(data.replaced) : null,
  };
}
