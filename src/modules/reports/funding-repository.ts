import { and, asc, eq, gte, isNotNull, isNull, lte, or } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { placement, placementFundingLine, topUpBand } from '../../db/schema/index.js';
import type { FundedPlacement, FundingLine, FundingLineKind, FundingPayer, FundingSettingType, Period, TopUpBand } from '../../domain/funding.js';

/** The LA's top-up bands, every version: a band-funded line is costed day by day at the version in force. */
export async function topUpBands(db: Database, laId: string): Promise<TopUpBand[]> {
  const rows = await db.select().from(topUpBand).where(eq(topUpBand.laId, laId)).orderBy(asc(topUpBand.code), asc(topUpBand.effectiveFrom));
  return rows.map((row) => ({ id: row.id, code: row.code, settingType: row.settingType as FundingSettingType, annualValuePence: row.annualValuePence, from: row.effectiveFrom, to: row.effectiveTo }));
}

/**
 * Every placement with a funding setting type that shares a day with the period, with its lines
 * that do: what the average-funding report costs. Placements with no setting type cannot carry
 * costs and are left out; a child's days are counted from the placements, so a child whose
 * placement has no line in force still counts, at £0.
 */
export async function fundedPlacementsInPeriod(db: Database, laId: string, period: Period): Promise<FundedPlacement[]> {
  const inPeriod = and(eq(placement.laId, laId), isNotNull(placement.fundingSettingType), lte(placement.startDate, period.to), or(isNull(placement.endDate), gte(placement.endDate, period.from)));
  const [placements, lines] = await Promise.all([
    db
      .select({ id: placement.id, childId: placement.childId, settingType: placement.fundingSettingType, from: placement.startDate, to: placement.endDate })
      .from(placement)
      .where(inPeriod)
      .orderBy(asc(placement.childId), asc(placement.startDate)),
    db
      .select({
        placementId: placementFundingLine.placementId,
        kind: placementFundingLine.kind,
        payer: placementFundingLine.payer,
        annualAmountPence: placementFundingLine.annualAmountPence,
        bandId: placementFundingLine.bandId,
        from: placementFundingLine.effectiveFrom,
        to: placementFundingLine.effectiveTo,
      })
      .from(placementFundingLine)
      .innerJoin(placement, eq(placement.id, placementFundingLine.placementId))
      .where(
        and(
          inPeriod,
          eq(placementFundingLine.laId, laId),
          lte(placementFundingLine.effectiveFrom, period.to),
          or(isNull(placementFundingLine.effectiveTo), gte(placementFundingLine.effectiveTo, period.from)),
        ),
      ),
  ]);
  const linesOf = new Map<string, FundingLine[]>();
  for (const line of lines) {
    const own = linesOf.get(line.placementId) ?? [];
    own.push({ kind: line.kind as FundingLineKind, payer: line.payer as FundingPayer, annualAmountPence: line.annualAmountPence, bandId: line.bandId, from: line.from, to: line.to });
    linesOf.set(line.placementId, own);
  }
  return placements.map((row) => ({ childId: row.childId, settingType: row.settingType as FundingSettingType, from: row.from, to: row.to, lines: linesOf.get(row.id) ?? [] }));
}
