import { formatPence } from '../../domain/formatting.js';
import { SEN_TYPES } from '../../domain/plans.js';
import { SEN_SETTING_CODES, SETTING_TYPES, type SenSettingCode, type SettingType } from '../../domain/settings.js';
import type { PartsCell } from '../../http/cells.js';

interface CostRow {
  settingType: string | null;
  senSettingCode: string | null;
  hasPlacement: boolean;
  plans: number;
  costed: number;
  totalCostPence: number;
}

function placementTypeLabel(row: CostRow): string {
  if (!row.hasPlacement) return 'No current placement';
  if (row.settingType && row.settingType in SETTING_TYPES) return SETTING_TYPES[row.settingType as SettingType].label;
  if (row.senSettingCode && row.senSettingCode in SEN_SETTING_CODES) return SEN_SETTING_CODES[row.senSettingCode as SenSettingCode];
  return 'Not recorded';
}

function share(plans: number, total: number): string {
  return total ? `${(Math.round((plans / total) * 1000) / 10).toFixed(1)}%` : '';
}

function averageCost(row: { costed: number; totalCostPence: number }): string {
  return row.costed === 0 ? 'Not recorded' : formatPence(Math.round(row.totalCostPence / row.costed));
}

const totalCell = (text: string, numeric = true): PartsCell => ({ parts: [{ strong: text }], ...(numeric ? { format: 'numeric' as const } : {}) });

/** Plans in force by type of placement, one row per label (two codes can share one), then the total. */
export function placementCostRows(rows: CostRow[]) {
  const byLabel = new Map<string, { label: string; plans: number; costed: number; totalCostPence: number }>();
  for (const row of rows) {
    const label = placementTypeLabel(row);
    const entry = byLabel.get(label) ?? { label, plans: 0, costed: 0, totalCostPence: 0 };
    entry.plans += row.plans;
    entry.costed += row.costed;
    entry.totalCostPence += row.totalCostPence;
    byLabel.set(label, entry);
  }
  const total = { plans: 0, costed: 0, totalCostPence: 0 };
  for (const entry of byLabel.values()) {
    total.plans += entry.plans;
    total.costed += entry.costed;
    total.totalCostPence += entry.totalCostPence;
  }
  if (total.plans === 0) return [];
  return [
    ...[...byLabel.values()]
      .sort((a, b) => b.plans - a.plans)
      .map((row) => [
        { text: row.label },
        { text: row.plans.toLocaleString('en-GB'), format: 'numeric' },
        { text: share(row.plans, total.plans), format: 'numeric' },
        { text: averageCost(row), format: 'numeric' },
      ]),
    [totalCell('All plans in force', false), totalCell(total.plans.toLocaleString('en-GB')), totalCell('100.0%'), totalCell(averageCost(total))],
  ];
}

export function needRows(rows: { senType: string | null; plans: number }[]) {
  const total = rows.reduce((sum, row) => sum + row.plans, 0);
  if (total === 0) return [];
  return [
    ...rows.map((row) => [
      { text: row.senType === null ? 'Not recorded' : row.senType in SEN_TYPES ? SEN_TYPES[row.senType as keyof typeof SEN_TYPES] : row.senType },
      { text: row.plans.toLocaleString('en-GB'), format: 'numeric' },
      { text: share(row.plans, total), format: 'numeric' },
    ]),
    [totalCell('All plans in force', false), totalCell(total.toLocaleString('en-GB')), totalCell('100.0%')],
  ];
}
