import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.js';
import { placement, placementFundingLine, topUpBand } from '../../src/db/schema/index.js';
import {
  bandInForce,
  childFunding,
  financialYearOf,
  fundingLineProblems,
  type FundingLine,
  type FundingLineKind,
  type FundingPayer,
  type FundingSettingType,
  type TopUpBand,
} from '../../src/domain/funding.js';
import { seedDemoLa } from '../../src/seed/generator.js';
import { openTestDatabase, testEngine } from '../helpers/database.js';

describe(`the demo LA's funding (${testEngine})`, () => {
  const today = '2026-11-25';
  const thisYear = financialYearOf(today);
  let database: DatabaseHandle;
  let bands: TopUpBand[];
  let placements: { id: string; childId: string; rank: number; startDate: string; endDate: string | null; fundingSettingType: string | null; annualCostPence: number | null }[];
  let lines: (FundingLine & { placementId: string })[];

  beforeAll(async () => {
    database = await openTestDatabase();
    const demo = await seedDemoLa(database.db, { plans: 300, seed: 20261128, deliveryHistory: false, today });
    const { db } = database;
    bands = (await db.select().from(topUpBand).where(eq(topUpBand.laId, demo.laId))).map((row) => ({
      id: row.id,
      code: row.code,
      settingType: row.settingType as FundingSettingType,
      annualValuePence: row.annualValuePence,
      from: row.effectiveFrom,
      to: row.effectiveTo,
    }));
    placements = await db
      .select({
        id: placement.id,
        childId: placement.childId,
        rank: placement.rank,
        startDate: placement.startDate,
        endDate: placement.endDate,
        fundingSettingType: placement.fundingSettingType,
        annualCostPence: placement.annualCostPence,
      })
      .from(placement)
      .where(eq(placement.laId, demo.laId));
    lines = (await db.select().from(placementFundingLine).where(eq(placementFundingLine.laId, demo.laId))).map((row) => ({
      placementId: row.placementId,
      kind: row.kind as FundingLineKind,
      payer: row.payer as FundingPayer,
      annualAmountPence: row.annualAmountPence,
      bandId: row.bandId,
      from: row.effectiveFrom,
      to: row.effectiveTo,
    }));
  }, 240_000);

  afterAll(async () => {
    await database.close();
  });

  const linesOf = (placementId: string) => lines.filter((row) => row.placementId === placementId);

  it('ships five bands A to E for mainstream and for special schools, each with the value before and after its change', () => {
    for (const settingType of ['mainstream_academy', 'special_la_maintained'] as const) {
      const codes = [...new Set(bands.filter((band) => band.settingType === settingType).map((band) => band.code))].sort();
      expect(codes).toEqual(['A', 'B', 'C', 'D', 'E']);
    }
    const specialB = bands.filter((band) => band.settingType === 'special_la_maintained' && band.code === 'B').sort((a, b) => a.from.localeCompare(b.from));
    expect(specialB.map((band) => [band.to, band.annualValuePence])).toEqual([
      ['2026-08-31', 1_300_000],
      [null, 1_365_000],
    ]);
  });

  it('every placement with a funding setting type has lines, each one the checks would accept', () => {
    const funded = placements.filter((row) => row.fundingSettingType !== null);
    expect(funded.length).toBeGreaterThan(placements.length * 0.8);
    for (const row of funded) {
      const own = linesOf(row.id);
      expect(own.length, row.id).toBeGreaterThan(0);
      for (const line of own) {
        const context = { placement: { from: row.startDate, to: row.endDate, settingType: row.fundingSettingType as FundingSettingType }, bands, confirmedLargeAmount: false };
        expect(fundingLineProblems(line, context)).toEqual([]);
      }
    }
    for (const row of placements.filter((candidate) => candidate.fundingSettingType === null)) expect(linesOf(row.id)).toEqual([]);
  });

  it('a placement’s annual cost is what its lines in force today add up to a year (transport apart)', () => {
    const open = placements.filter((row) => row.fundingSettingType !== null && row.endDate === null && row.startDate <= today);
    expect(open.length).toBeGreaterThan(0);
    for (const row of open) {
      const expected = linesOf(row.id)
        .filter((line) => line.kind !== 'transport' && line.from <= today && (line.to === null || today <= line.to))
        .reduce((sum, line) => {
          const band = bands.find((candidate) => candidate.id === line.bandId);
          return sum + (band === undefined ? (line.annualAmountPence ?? 0) : (bandInForce(bands, band.code, band.settingType, today)?.annualValuePence ?? 0));
        }, 0);
      expect(row.annualCostPence, row.id).toBe(expected);
    }
  });

  it('this year has home-learning and EOTAS children, moves between placements, and special-school top-ups across the band change', () => {
    const funded = placements
      .filter((row) => row.fundingSettingType !== null)
      .map((row) => ({ childId: row.childId, settingType: row.fundingSettingType as FundingSettingType, from: row.startDate, to: row.endDate, lines: linesOf(row.id) }));
    const children = childFunding(funded, thisYear, bands);
    expect(children.filter((row) => row.placementType === 'ehe').length).toBeGreaterThan(0);
    expect(children.filter((row) => row.placementType === 'eotas').length).toBeGreaterThan(0);
    expect(placements.some((row) => row.endDate !== null && row.endDate >= thisYear.from && row.endDate < today)).toBe(true);
    const acrossChange = lines.filter((line) => {
      const band = bands.find((candidate) => candidate.id === line.bandId);
      return band?.settingType.startsWith('special_') === true && line.from < '2026-09-01' && (line.to === null || line.to >= '2026-09-01');
    });
    expect(acrossChange.length).toBeGreaterThan(0);
  });
});
