import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { placement, placementFundingLine, setting, topUpBand } from '../db/schema/index.js';
import { addDays, type IsoDate } from '../domain/dates.js';
import { bandInForce, defaultFundingSettingType, financialYearOf, PLACE_FUNDING_PENCE, type FundingLineKind, type FundingPayer, type FundingSettingType, type TopUpBand } from '../domain/funding.js';
import { Prng, seedFromText } from './prng.js';

/**
 * The demo LA's own banding framework, in pence a year. Demo values, shaped like the published
 * examples in send-reference §3.2 (mainstream bands a few thousand pounds, special-school top-ups
 * above the £10,000 place), and deliberately not the seed council's averages.
 */
const MAINSTREAM_BANDS = { A: 200_000, B: 400_000, C: 650_000, D: 950_000, E: 1_300_000 } as const;
const RESOURCED_BANDS = { RP1: 700_000, RP2: 1_000_000, RP3: 1_400_000 } as const;
const SPECIAL_BANDS = { A: 900_000, B: 1_300_000, C: 1_750_000, D: 2_300_000, E: 3_000_000 } as const;

const BANDED: { types: FundingSettingType[]; bands: Readonly<Record<string, number>>; weights: Readonly<Record<string, number>>; change: 'april' | 'september'; rise: number }[] = [
  { types: ['mainstream_la_maintained', 'mainstream_academy', 'mainstream_free_school'], bands: MAINSTREAM_BANDS, weights: { A: 25, B: 32, C: 22, D: 13, E: 8 }, change: 'april', rise: 1.03 },
  { types: ['mainstream_resourced_provision', 'mainstream_sen_unit'], bands: RESOURCED_BANDS, weights: { RP1: 40, RP2: 40, RP3: 20 }, change: 'april', rise: 1.03 },
  // The special-school bands were re-set from 1 September, half-way through the financial year.
  { types: ['special_la_maintained', 'special_academy', 'special_free_school'], bands: SPECIAL_BANDS, weights: { A: 15, B: 30, C: 28, D: 17, E: 10 }, change: 'september', rise: 1.05 },
];

/** Amounts a year, lowest and highest, for what is not banded: varied per child in whole pounds. */
const UNBANDED: Partial<Record<FundingSettingType, { kind: FundingLineKind; low: number; high: number }>> = {
  mainstream_independent: { kind: 'fee', low: 1_400_000, high: 2_400_000 },
  special_non_maintained: { kind: 'fee', low: 3_600_000, high: 5_400_000 },
  special_independent: { kind: 'fee', low: 4_500_000, high: 8_500_000 },
  ap_pru: { kind: 'top_up', low: 600_000, high: 1_100_000 },
  fe_college: { kind: 'top_up', low: 300_000, high: 900_000 },
  specialist_post16: { kind: 'top_up', low: 2_200_000, high: 4_200_000 },
  eotas: { kind: 'eotas_package', low: 1_600_000, high: 4_800_000 },
  // Provision in the plan the LA still pays for while the parents educate at home (tuition, therapies).
  elective_home_education: { kind: 'top_up', low: 80_000, high: 600_000 },
  early_years: { kind: 'top_up', low: 250_000, high: 600_000 },
};

/** Place funding: who pays it and how much (send-reference §3.1); none for independent schools, EOTAS, EHE or early years. */
function placeFunding(fundingType: FundingSettingType, hostType: string | null): { payer: FundingPayer; pence: number } | null {
  const maintained = hostType === 'mainstream_la_maintained' || hostType === 'special_la_maintained';
  switch (fundingType) {
    case 'mainstream_resourced_provision':
    case 'mainstream_sen_unit':
      return { payer: maintained ? 'provider_la' : 'dfe', pence: PLACE_FUNDING_PENCE.resourced };
    case 'special_la_maintained':
    case 'ap_pru':
      return { payer: 'provider_la', pence: PLACE_FUNDING_PENCE.special };
    case 'special_academy':
    case 'special_free_school':
    case 'special_non_maintained':
      return { payer: 'dfe', pence: PLACE_FUNDING_PENCE.special };
    case 'fe_college':
    case 'specialist_post16':
      return { payer: 'dfe', pence: PLACE_FUNDING_PENCE.resourced };
    default:
      return null;
  }
}

/** How likely a child in this setting type has transport recorded as its own line. */
function transportChance(fundingType: FundingSettingType): number {
  if (fundingType.startsWith('special_')) return 0.45;
  if (fundingType === 'ap_pru' || fundingType === 'specialist_post16') return 0.3;
  if (fundingType === 'elective_home_education' || fundingType === 'eotas') return 0;
  return 0.08;
}

const wholePounds = (prng: Prng, low: number, high: number) => prng.int(low / 100, high / 100) * 100;

type LineRow = typeof placementFundingLine.$inferInsert;

/** Rows per INSERT: well under the bind-parameter limit. */
const ROWS_PER_INSERT = 500;

/**
 * The demo LA's top-up bands and a funding line for every placement that has a funding setting
 * type (one with none, such as NEET or awaiting a placement, cannot carry a cost): place funding,
 * the band or fee or package, and for some transport. Mainstream and resourced-provision bands
 * were uprated 3 % on 1 April of this financial year; the special-school bands 5 % on the last
 * 1 September, so this year's figures for a special-school pupil cross a band change. About one
 * banded pupil in six moved up a band at a review this financial year. Placements that ended when
 * the child moved (the generator's earlier placements) carry lines to their last day. Each
 * placement's `annual_cost_pence` becomes what its lines add up to a year (transport apart), so
 * the Funding tab agrees with the lines. Run after the resource bases, which set the placements'
 * resourced-provision and SEN-unit flags.
 */
export async function seedFunding(db: Database, options: { laId: string; seed: string; today: IsoDate }): Promise<{ bands: number; lines: number }> {
  const { laId, today } = options;
  const prng = new Prng(seedFromText(`${options.seed}:funding`));
  const placements = await db
    .select({
      id: placement.id,
      startDate: placement.startDate,
      endDate: placement.endDate,
      senUnit: placement.senUnit,
      resourcedProvision: placement.resourcedProvision,
      senSettingCode: placement.senSettingCode,
      settingType: setting.settingType,
    })
    .from(placement)
    .leftJoin(setting, eq(setting.id, placement.settingId))
    .where(eq(placement.laId, laId))
    .orderBy(placement.startDate, placement.id);
  if (placements.length === 0) return { bands: 0, lines: 0 };

  const thisYear = financialYearOf(today);
  const firstSeptember = today.slice(5) >= '09-01' ? `${today.slice(0, 4)}-09-01` : `${String(Number(today.slice(0, 4)) - 1)}-09-01`;
  const earliestStart = placements[0]?.startDate ?? today;
  const firstYear = financialYearOf(earliestStart < addDays(firstSeptember, -365) ? earliestStart : addDays(firstSeptember, -365)).from;

  const bands: TopUpBand[] = [];
  for (const group of BANDED) {
    const changedOn = group.change === 'april' ? thisYear.from : firstSeptember;
    for (const settingType of group.types) {
      for (const [code, pence] of Object.entries(group.bands)) {
        bands.push({ id: prng.uuid(), code, settingType, annualValuePence: pence, from: firstYear, to: addDays(changedOn, -1) });
        bands.push({ id: prng.uuid(), code, settingType, annualValuePence: Math.round((pence * group.rise) / 100) * 100, from: changedOn, to: null });
      }
    }
  }
  const bandId = (code: string, settingType: FundingSettingType) => bandInForce(bands, code, settingType, firstYear)?.id ?? null;

  const lines: LineRow[] = [];
  const placementValues: { id: string; fundingType: FundingSettingType | null; annualCostPence: number | null }[] = [];
  for (const row of placements) {
    const fundingType = defaultFundingSettingType(row);
    if (fundingType === null) {
      placementValues.push({ id: row.id, fundingType, annualCostPence: null });
      continue;
    }
    const from = row.startDate;
    const to = row.endDate;
    const own: LineRow[] = [];
    const add = (kind: FundingLineKind, payer: FundingPayer, amount: { pence: number } | { bandId: string }, lineFrom: IsoDate, lineTo: IsoDate | null) => {
      own.push({
        id: prng.uuid(),
        laId,
        placementId: row.id,
        kind,
        payer,
        annualAmountPence: 'pence' in amount ? amount.pence : null,
        bandId: 'bandId' in amount ? amount.bandId : null,
        effectiveFrom: lineFrom,
        effectiveTo: lineTo,
      });
    };
    const place = placeFunding(fundingType, row.settingType);
    if (place) add('place', place.payer, { pence: place.pence }, from, to);
    const banded = BANDED.find((group) => group.types.includes(fundingType));
    if (banded) {
      const codes = Object.keys(banded.bands);
      const code = prng.weighted(banded.weights);
      // A move up a band at a review this financial year, for a placement open well before it.
      const reviewedOn = addDays(thisYear.from, prng.int(30, 200));
      const stepsUp = prng.chance(1 / 6) && reviewedOn < today && addDays(from, 60) < reviewedOn && (to === null || reviewedOn < to) && code !== codes.at(-1);
      const first = bandId(code, fundingType);
      if (first !== null) {
        if (stepsUp) {
          const next = bandId(codes[codes.indexOf(code) + 1] ?? code, fundingType) ?? first;
          add('top_up', 'commissioning_la', { bandId: first }, from, addDays(reviewedOn, -1));
          add('top_up', 'commissioning_la', { bandId: next }, reviewedOn, to);
        } else {
          add('top_up', 'commissioning_la', { bandId: first }, from, to);
        }
      }
    }
    const unbanded = UNBANDED[fundingType];
    if (unbanded) add(unbanded.kind, 'commissioning_la', { pence: wholePounds(prng, unbanded.low, unbanded.high) }, from, to);
    if (prng.chance(transportChance(fundingType))) add('transport', 'commissioning_la', { pence: wholePounds(prng, 300_000, fundingType === 'special_independent' ? 2_000_000 : 1_200_000) }, from, to);

    // What the placement costs a year as it stands today, or as it stood on its last day.
    const asAt = to !== null && to < today ? to : from > today ? from : today;
    const annualCostPence = own
      .filter((line) => line.kind !== 'transport' && line.effectiveFrom <= asAt && (line.effectiveTo == null || asAt <= line.effectiveTo))
      .reduce((sum, line) => {
        if (line.annualAmountPence != null) return sum + line.annualAmountPence;
        const band = bands.find((candidate) => candidate.id === line.bandId);
        return sum + (band ? (bandInForce(bands, band.code, band.settingType, asAt)?.annualValuePence ?? 0) : 0);
      }, 0);
    lines.push(...own);
    placementValues.push({ id: row.id, fundingType, annualCostPence });
  }

  await db.transaction(async (tx) => {
    for (let start = 0; start < bands.length; start += ROWS_PER_INSERT) {
      await tx
        .insert(topUpBand)
        .values(
          bands
            .slice(start, start + ROWS_PER_INSERT)
            .map((band) => ({ id: band.id, laId, code: band.code, settingType: band.settingType, annualValuePence: band.annualValuePence, effectiveFrom: band.from, effectiveTo: band.to })),
        );
    }
    for (let start = 0; start < lines.length; start += ROWS_PER_INSERT) {
      await tx.insert(placementFundingLine).values(lines.slice(start, start + ROWS_PER_INSERT));
    }
    for (let start = 0; start < placementValues.length; start += ROWS_PER_INSERT) {
      const values = sql.join(
        placementValues.slice(start, start + ROWS_PER_INSERT).map((row) => sql`(${row.id}::uuid, ${row.fundingType}::text, ${row.annualCostPence}::integer)`),
        sql`, `,
      );
      await tx.execute(
        sql`update ${placement} set funding_setting_type = v.funding_type, annual_cost_pence = v.cost from (values ${values}) as v(id, funding_type, cost) where ${placement.id} = v.id and ${placement.laId} = ${laId}`,
      );
    }
  });
  return { bands: bands.length, lines: lines.length };
}
