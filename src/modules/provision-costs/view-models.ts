import { formatDate, formatPence } from '../../domain/formatting.js';
import { PROVIDER_KINDS, PROVISION_TYPES } from '../../domain/plans.js';
import { itemName } from '../../domain/plain-words.js';
import { unitCostInWords, type ProvisionCost } from '../../domain/provision-cost.js';
import { cell, type TableCell } from '../../http/cells.js';
import type { ChildProvisionCosts, ItemCost } from './service.js';

/** A difference in words: "£65 less", "£130 more", "None". */
export function differenceText(pence: number | null): string {
  if (pence === null) return 'Not known';
  if (pence === 0) return 'None';
  return `${formatPence(Math.abs(pence))} ${pence < 0 ? 'less' : 'more'}`;
}

function plannedText(pence: number | null): string {
  return pence === null ? 'Not known' : formatPence(pence);
}

/** The sum of the figures shown: a row whose planned cost is not known adds nothing to the planned total. */
function totals(costs: ProvisionCost[]) {
  const planned = costs.reduce((sum, cost) => sum + (cost.plannedPence ?? 0), 0);
  const actual = costs.reduce((sum, cost) => sum + cost.actualPence, 0);
  const difference = costs.reduce((sum, cost) => sum + (cost.differencePence ?? 0), 0);
  return { planned, actual, difference };
}

function costTable(items: ItemCost[], period: (item: ItemCost) => ProvisionCost): TableCell[][] {
  const rows: TableCell[][] = items.map((entry) => {
    const cost = period(entry);
    return [
      cell({ text: itemName(entry.item) }, { hint: entry.item.organisationName ?? PROVIDER_KINDS[entry.item.providerKind as keyof typeof PROVIDER_KINDS] }),
      { text: unitCostInWords(entry.cost) },
      { text: plannedText(cost.plannedPence), format: 'numeric' },
      { text: formatPence(cost.actualPence), format: 'numeric' },
      { text: differenceText(cost.differencePence), format: 'numeric' },
    ];
  });
  const sum = totals(items.map(period));
  rows.push([
    { ...cell({ strong: 'Total' }), colspan: 2 },
    { ...cell({ strong: formatPence(sum.planned) }), format: 'numeric' },
    { ...cell({ strong: formatPence(sum.actual) }), format: 'numeric' },
    { ...cell({ strong: differenceText(sum.difference) }), format: 'numeric' },
  ]);
  return rows;
}

/** The Funding tab's planned and delivered cost of each costed line, this school year and since the plan was first issued. */
export function childProvisionCostView(costs: ChildProvisionCosts) {
  return {
    costed: costs.items.length > 0,
    yearCaption: `This school year, ${formatDate(costs.yearFrom)} to ${formatDate(costs.today)}`,
    yearRows: costTable(costs.items, (item) => item.thisYear),
    planCaption: `Since the plan was first issued, ${formatDate(costs.planFrom)} to ${formatDate(costs.today)}`,
    planRows: costTable(costs.items, (item) => item.sincePlanStarted),
  };
}

interface CostGroupRow {
  key: string | null;
  items: number;
  plannedPence: number;
  actualPence: number;
}

/** An LA table of cost by provision type or provider, with its total: the sum of the rows shown (every group is shown). */
function groupRows(rows: CostGroupRow[], labelOf: (key: string | null) => string): TableCell[][] {
  const line = (name: string, row: Omit<CostGroupRow, 'key'>, strong: boolean): TableCell[] =>
    [name, row.items.toLocaleString('en-GB'), formatPence(row.plannedPence), formatPence(row.actualPence), differenceText(row.actualPence - row.plannedPence)].map((text, index) => ({
      ...(strong ? cell({ strong: text }) : { text }),
      ...(index > 0 ? { format: 'numeric' as const } : {}),
    }));
  if (rows.length === 0) return [];
  const total = rows.reduce((sum, row) => ({ items: sum.items + row.items, plannedPence: sum.plannedPence + row.plannedPence, actualPence: sum.actualPence + row.actualPence }), {
    items: 0,
    plannedPence: 0,
    actualPence: 0,
  });
  return [...rows.map((row) => line(labelOf(row.key), row, false)), line('All provision paid for as delivered', total, true)];
}

export function provisionCostReportView(report: { asOf: string | null; byProvisionType: CostGroupRow[]; byProvider: CostGroupRow[]; flatLines: number }, period: 'term' | 'year') {
  return {
    periodText: period === 'term' ? 'this term' : 'this school year',
    asOfText: report.asOf ? formatDate(report.asOf) : null,
    typeRows: groupRows(report.byProvisionType, (key) => (key === null ? 'Not recorded' : ((PROVISION_TYPES as Readonly<Record<string, string>>)[key] ?? key))),
    providerRows: groupRows(report.byProvider, (key) => key ?? 'Not recorded'),
    flatLines: report.flatLines,
  };
}
