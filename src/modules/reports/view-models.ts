import { formatPence } from '../../domain/formatting.js';
import { SEN_TYPES } from '../../domain/plans.js';
import { SEN_SETTING_CODES, SETTING_TYPES, type SenSettingCode, type SettingType } from '../../domain/settings.js';

interface CostRow {
  settingType: string | null;
  senSettingCode: string | null;
  plans: number;
  costed: number;
  averageCostPence: number | null;
}

function placementTypeLabel(row: CostRow): string {
  if (row.settingType && row.settingType in SETTING_TYPES) return SETTING_TYPES[row.settingType as SettingType].label;
  if (row.senSettingCode && row.senSettingCode in SEN_SETTING_CODES) return SEN_SETTING_CODES[row.senSettingCode as SenSettingCode];
  return 'Not recorded';
}

export function placementCostRows(rows: CostRow[]) {
  const total = rows.reduce((sum, row) => sum + row.plans, 0);
  return rows
    .map((row) => ({ ...row, label: placementTypeLabel(row) }))
    .sort((a, b) => b.plans - a.plans)
    .map((row) => [
      { text: row.label },
      { text: row.plans.toLocaleString('en-GB'), format: 'numeric' },
      { text: total ? `${(Math.round((row.plans / total) * 1000) / 10).toFixed(1)}%` : '', format: 'numeric' },
      { text: row.averageCostPence === null ? 'Not recorded' : formatPence(row.averageCostPence), format: 'numeric' },
    ]);
}

export function needRows(rows: { senType: string; plans: number }[]) {
  const total = rows.reduce((sum, row) => sum + row.plans, 0);
  return rows.map((row) => [
    { text: row.senType in SEN_TYPES ? SEN_TYPES[row.senType as keyof typeof SEN_TYPES] : row.senType },
    { text: row.plans.toLocaleString('en-GB'), format: 'numeric' },
    { text: total ? `${(Math.round((row.plans / total) * 1000) / 10).toFixed(1)}%` : '', format: 'numeric' },
  ]);
}
