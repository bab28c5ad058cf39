import { CONCERN_AGE_BANDS, CONCERN_LEVELS, ageBandOf } from '../../domain/concerns.js';
import { deliveryRate, rateTable } from '../../domain/delivery.js';
import { formatDate } from '../../domain/formatting.js';
import { itemName } from '../../domain/plain-words.js';
import { PROVIDER_KINDS, PROVISION_TYPES, SEN_TYPES } from '../../domain/plans.js';
import { SEN_SETTING_CODES } from '../../domain/settings.js';
import { cell, link, type PartsCell, type TableCell } from '../../http/cells.js';
import { paths } from '../../http/paths.js';
import type { loadDeliveryView } from './service.js';

type DeliveryView = Awaited<ReturnType<typeof loadDeliveryView>>;
type RateRow = DeliveryView['byProvider'][number];

function hours(minutes: number): string {
  return `${(minutes / 60).toLocaleString('en-GB', { maximumFractionDigits: 0 })} h`;
}

function rateText(delivered: number, owed: number): string {
  const rate = deliveryRate(delivered, owed);
  return rate === null ? 'Nothing owed' : `${String(rate)}%`;
}

function labelled(labels: Readonly<Record<string, string>>, key: string | null, unknown: string): string {
  if (key === null) return unknown;
  return labels[key] ?? key;
}

/** A total, in bold. */
function strongCell(text: string): PartsCell {
  return cell({ strong: text });
}

/** The child's name, linking to their provision. */
function childCell(row: { childId: string; forename: string; surname: string }): PartsCell {
  return cell(link(paths.child.provision({ childId: row.childId }), `${row.forename} ${row.surname}`));
}

/**
 * A rate table, worst first (the point of the view is where provision is not happening), up to
 * `limit` rows, then the rest added together and the total, so the rows add up to the headline.
 */
function rateRows(rows: RateRow[], labels: Readonly<Record<string, string>>, unknown: string, limit: number, allText: string) {
  const table = rateTable(rows, limit);
  const cells = (name: string, row: { items: number; owedMinutes: number; deliveredMinutes: number }, strong = false) =>
    [name, row.items.toLocaleString('en-GB'), hours(row.owedMinutes), hours(row.deliveredMinutes), rateText(row.deliveredMinutes, row.owedMinutes)].map((text, index): TableCell => ({
      ...(strong ? strongCell(text) : { text }),
      ...(index > 0 ? { format: 'numeric' as const } : {}),
    }));
  return [
    ...table.shown.map((row) => cells(labelled(labels, row.key, unknown), row)),
    ...(table.others ? [cells(`The other ${String(table.others.rows)}`, table.others)] : []),
    ...(rows.length > 0 ? [cells(allText, table.total, true)] : []),
  ];
}

export function deliveryViewModel(view: DeliveryView, period: 'term' | 'year') {
  const periodText = period === 'term' ? 'this term' : 'this school year';
  const total = view.byProvisionType.reduce((sum, row) => ({ owed: sum.owed + row.owedMinutes, delivered: sum.delivered + row.deliveredMinutes }), { owed: 0, delivered: 0 });
  const levels = Object.keys(CONCERN_LEVELS) as (keyof typeof CONCERN_LEVELS)[];
  const concernCounts = new Map<string, number>();
  for (const row of view.concerns) {
    const key = `${row.level}|${ageBandOf(row.ageDays)}`;
    concernCounts.set(key, (concernCounts.get(key) ?? 0) + row.concerns);
  }
  return {
    periodText,
    asOfText: view.asOf ? formatDate(view.asOf) : null,
    overallRate: rateText(total.delivered, total.owed),
    overallText: `${hours(total.delivered)} delivered of ${hours(total.owed)} owed ${periodText}`,
    providerRows: rateRows(view.byProvider, {}, 'Provider not recorded', 25, 'All providers'),
    settingRows: rateRows(view.bySetting, SEN_SETTING_CODES, 'No current placement', 25, 'All settings'),
    provisionTypeRows: rateRows(view.byProvisionType, PROVISION_TYPES, 'Not recorded', 50, 'All types of provision'),
    needRows: rateRows(view.byNeed, SEN_TYPES, 'Not recorded', 50, 'All needs'),
    itemRows: view.items.map((row) => [
      childCell(row),
      // The item's own ledger: the figures behind this row, week by week. Named in a few words, as
      // the family reads it, with the plan's wording beneath.
      cell(link(paths.provision.item({ childId: row.childId, itemId: row.itemId }), itemName(row)), { hint: `In the plan: ${row.description}` }),
      { text: row.organisationName ?? PROVIDER_KINDS[row.providerKind as keyof typeof PROVIDER_KINDS] },
      { text: hours(row.owedMinutes), format: 'numeric' },
      { text: hours(row.deliveredMinutes), format: 'numeric' },
      { text: hours(row.shortfallMinutes), format: 'numeric' },
    ]),
    childRows: view.children.map((row) => [
      childCell(row),
      { text: String(row.items), format: 'numeric' },
      { text: hours(row.owedMinutes), format: 'numeric' },
      { text: hours(row.deliveredMinutes), format: 'numeric' },
      { text: hours(row.shortfallMinutes), format: 'numeric' },
    ]),
    concernHead: [{ text: 'Open for' }, ...levels.map((level) => ({ text: CONCERN_LEVELS[level], format: 'numeric' })), { text: 'Total', format: 'numeric' }],
    concernRows: [
      ...CONCERN_AGE_BANDS.map((band) => {
        const counts = levels.map((level) => concernCounts.get(`${level}|${band.label}`) ?? 0);
        return [{ text: band.label }, ...counts.map((value) => ({ text: String(value), format: 'numeric' })), { text: String(counts.reduce((a, b) => a + b, 0)), format: 'numeric' }];
      }),
      [
        strongCell('All open concerns'),
        ...levels.map((level) => ({
          ...strongCell(String(CONCERN_AGE_BANDS.reduce((sum, band) => sum + (concernCounts.get(`${level}|${band.label}`) ?? 0), 0))),
          format: 'numeric' as const,
        })),
        { ...strongCell(String(view.concerns.reduce((sum, row) => sum + row.concerns, 0))), format: 'numeric' as const },
      ],
    ],
    openConcerns: view.concerns.reduce((sum, row) => sum + row.concerns, 0),
  };
}
