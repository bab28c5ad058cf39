import { formatDate, formatPence } from '../../domain/formatting.js';
import { PLACEMENT_TYPES, type FundingSummary, type Period, type PlacementType } from '../../domain/funding.js';

interface FundingReport {
  period: Period;
  summaries: FundingSummary[];
}

/** What every figure counts, said once under each answer and under the table. */
export const FUNDING_COUNTED =
  'Counted: place funding, top-up (element 3), independent and non-maintained school fees and EOTAS packages recorded for the child’s placements, whoever pays them. ' +
  'Not counted: transport, and the funding every school has for every pupil (element 1) and for the first £6,000 of extra support (element 2). ' +
  'A child placed for part of the period counts at the yearly rate of the funding they had while placed; a child who moved counts once in each type of placement.';

const FEWER = 'fewer than 5';

function summaryOf(report: FundingReport, placementType: PlacementType): FundingSummary {
  return (
    report.summaries.find((row) => row.placementType === placementType) ?? {
      placementType,
      suppressed: false,
      count: 0,
      totalSpentPence: 0,
      meanPence: null,
      medianPence: null,
      lowerQuartilePence: null,
      upperQuartilePence: null,
    }
  );
}

export function periodText(period: Period): string {
  return `${formatDate(period.from)} to ${formatDate(period.to)}`;
}

/** The table: one row per placement type, with "fewer than 5" where the count is too small to publish. */
export function fundingTableRows(report: FundingReport) {
  return report.summaries.map((row) => {
    const label = { text: PLACEMENT_TYPES[row.placementType] };
    if (row.suppressed) return [label, { text: FEWER, format: 'numeric' as const }, { text: '', format: 'numeric' as const }, { text: '', format: 'numeric' as const }, { text: '' }];
    return [
      label,
      { text: row.count.toLocaleString('en-GB'), format: 'numeric' as const },
      { text: formatPence(row.meanPence), format: 'numeric' as const },
      { text: formatPence(row.medianPence), format: 'numeric' as const },
      { text: row.lowerQuartilePence === null || row.upperQuartilePence === null ? '' : `${formatPence(row.lowerQuartilePence)} to ${formatPence(row.upperQuartilePence)}` },
    ];
  });
}

/** The seed FOI's Request 2, questions 1 to 4, and EOTAS, which the council could not answer either. */
const QUESTIONS: { placementType: PlacementType; question: string; kind: string }[] = [
  { placementType: 'mainstream', question: '1. On average, how much does the council fund for a SEN child in a mainstream school?', kind: 'in a mainstream school' },
  { placementType: 'la_special', question: '2. How much does the council fund for a SEN child in an LA special school (an average)?', kind: 'in an LA or state-funded special school' },
  {
    placementType: 'independent_special',
    question: '3. How much does the council fund for a SEN child in a non-maintained or independent special school (an average)?',
    kind: 'in a non-maintained or independent special school',
  },
  { placementType: 'ehe', question: '4. How much does the council fund for a SEN child in home learning (an average)?', kind: 'in elective home education' },
  { placementType: 'eotas', question: 'And for a child whose education the council arranges otherwise than at school (EOTAS)?', kind: 'in education otherwise than at school' },
];

export interface FoiAnswer {
  question: string;
  answer: string;
  detail: string;
  placementType: PlacementType;
  summary: FundingSummary;
}

/** Each question answered in plain words, with the period, n, median and what is counted stated under it. */
export function foiFundingAnswers(report: FundingReport): FoiAnswer[] {
  const period = periodText(report.period);
  return QUESTIONS.map(({ placementType, question, kind }) => {
    const summary = summaryOf(report, placementType);
    let answer: string;
    let detail: string;
    if (summary.suppressed) {
      answer = `Fewer than 5 children were ${kind} in this period, so we do not publish an average: it could identify them.`;
      detail = `Period: ${period}.`;
    } else if (summary.count === 0 || summary.meanPence === null || summary.medianPence === null) {
      answer = `No children were ${kind} in this period.`;
      detail = `Period: ${period}.`;
    } else {
      answer = `${formatPence(summary.meanPence)} a year on average (the mean), for ${summary.count.toLocaleString('en-GB')} children.`;
      detail = `Period: ${period}. Children counted: ${summary.count.toLocaleString('en-GB')}. Median (the middle child): ${formatPence(summary.medianPence)} a year; half of the children were between ${formatPence(summary.lowerQuartilePence)} and ${formatPence(summary.upperQuartilePence)}.`;
    }
    return { question, answer, detail, placementType, summary };
  });
}

/** The answer as plain text an FOI officer can paste into a reply. */
export function foiFundingText(report: FundingReport): string {
  const lines = [`Average funding a year per child with an EHC plan, ${periodText(report.period)}`, ''];
  for (const item of foiFundingAnswers(report)) lines.push(item.question, item.answer, item.detail, '');
  lines.push(FUNDING_COUNTED);
  return `${lines.join('\n')}\n`;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const pounds = (pence: number | null) => (pence === null ? '' : (pence / 100).toFixed(2));

/** The table as CSV, amounts in pounds to the penny; suppressed counts as "fewer than 5" and no figures. */
export function foiFundingCsv(report: FundingReport): string {
  const rows = [['period_from', 'period_to', 'placement_type', 'children', 'mean_gbp', 'median_gbp', 'lower_quartile_gbp', 'upper_quartile_gbp']];
  for (const row of report.summaries) {
    const figures = row.suppressed ? [FEWER, '', '', '', ''] : [String(row.count), pounds(row.meanPence), pounds(row.medianPence), pounds(row.lowerQuartilePence), pounds(row.upperQuartilePence)];
    rows.push([report.period.from, report.period.to, PLACEMENT_TYPES[row.placementType], ...figures]);
  }
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** The table as JSON: pence, with the period and what is counted. Suppressed rows carry no figures. */
export function foiFundingJson(report: FundingReport) {
  return {
    period: report.period,
    counted: FUNDING_COUNTED,
    placementTypes: report.summaries.map((row) => ({ ...row, label: PLACEMENT_TYPES[row.placementType], ...(row.suppressed ? { count: FEWER } : {}) })),
  };
}
