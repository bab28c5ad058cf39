import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.js';
import { placement, placementFundingLine, topUpBand } from '../../src/db/schema/index.js';
import { aChild, aLocalAuthority, aPlacement, aSchool, type TestLa } from '../factories/index.js';
import { openTestDatabase, testEngine } from '../helpers/database.js';

/** The messages of an error and every error it wraps, so either engine's wording is found. */
function messagesOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    parts.push(current.message);
    const { constraint } = current as { constraint?: unknown };
    if (typeof constraint === 'string') parts.push(constraint);
    current = current.cause;
  }
  return parts.join(' | ');
}

async function refusal(write: Promise<unknown>): Promise<string> {
  return write.then(
    () => 'saved',
    (caught: unknown) => messagesOf(caught),
  );
}

describe(`funding tables hold their rules (${testEngine})`, () => {
  let database: DatabaseHandle;
  let la: TestLa;
  let placementId: string;
  let bandId: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    la = await aLocalAuthority(database.db);
    const school = await aSchool(la, { settingType: 'mainstream_academy' });
    const pupil = await aChild(la);
    ({ id: placementId } = await aPlacement(la, pupil, { at: school, startDate: '2025-04-01', fundingSettingType: 'mainstream_academy' }));
    const [band] = await database.db
      .insert(topUpBand)
      .values({ laId: la.laId, code: 'B', settingType: 'mainstream_academy', annualValuePence: 400_000, effectiveFrom: '2025-04-01', effectiveTo: '2025-12-31' })
      .returning({ id: topUpBand.id });
    bandId = band?.id ?? '';
  });

  afterAll(async () => {
    await database.close();
  });

  const aLine = (values: Partial<typeof placementFundingLine.$inferInsert>) =>
    database.db
      .insert(placementFundingLine)
      .values({ laId: la.laId, placementId, kind: 'top_up', payer: 'commissioning_la', effectiveFrom: '2025-04-01', ...values })
      .returning({ id: placementFundingLine.id });

  it('a placement keeps its annual cost beside its funding setting type', async () => {
    const [row] = await database.db.select({ fundingSettingType: placement.fundingSettingType, annualCostPence: placement.annualCostPence }).from(placement).where(eq(placement.id, placementId));
    expect(row).toEqual({ fundingSettingType: 'mainstream_academy', annualCostPence: null });
  });

  it('a line with its own amount, and a line funded by a band, are saved', async () => {
    expect(await aLine({ annualAmountPence: 250_000 })).toHaveLength(1);
    expect(await aLine({ bandId, effectiveTo: '2025-12-31' })).toHaveLength(1);
  });

  it.each<[string, Partial<typeof placementFundingLine.$inferInsert>, string]>([
    ['both an amount and a band', { annualAmountPence: 1, bandId: 'band' }, 'placement_funding_line_amount_or_band'],
    ['neither an amount nor a band', {}, 'placement_funding_line_amount_or_band'],
    ['a negative amount', { annualAmountPence: -1 }, 'placement_funding_line_amount'],
    ['an end before its start', { annualAmountPence: 1, effectiveTo: '2025-03-31' }, 'placement_funding_line_dates'],
  ])('a line with %s is refused', async (_label, values, constraint) => {
    expect(await refusal(aLine({ ...values, bandId: values.bandId === 'band' ? bandId : values.bandId }))).toContain(constraint);
  });

  it('a line on a placement that does not exist is refused', async () => {
    expect(await refusal(aLine({ placementId: '00000000-0000-4000-8000-000000000000', annualAmountPence: 1 }))).toMatch(/foreign key|placement_funding_line_placement_id/);
  });

  const aBand = (values: Partial<typeof topUpBand.$inferInsert>) =>
    database.db.insert(topUpBand).values({ laId: la.laId, code: 'B', settingType: 'mainstream_academy', annualValuePence: 440_000, effectiveFrom: '2026-01-01', ...values });

  it('an uprating is a new version of the band; the old one is left as it was', async () => {
    await aBand({});
    const versions = await database.db.select({ value: topUpBand.annualValuePence, to: topUpBand.effectiveTo }).from(topUpBand).where(eq(topUpBand.laId, la.laId)).orderBy(topUpBand.effectiveFrom);
    expect(versions).toEqual([
      { value: 400_000, to: '2025-12-31' },
      { value: 440_000, to: null },
    ]);
  });

  it.each<[string, Partial<typeof topUpBand.$inferInsert>, string]>([
    ['a second version from the same day', { effectiveFrom: '2026-01-01' }, 'topup_band_version'],
    ['a negative value', { code: 'Z', annualValuePence: -1 }, 'topup_band_value'],
    ['an end before its start', { code: 'Z', effectiveTo: '2025-12-31' }, 'topup_band_dates'],
  ])('a band with %s is refused', async (_label, values, constraint) => {
    expect(await refusal(aBand(values))).toContain(constraint);
  });

  it('another LA may use the same band code from the same day', async () => {
    const other = await aLocalAuthority(database.db);
    await expect(database.db.insert(topUpBand).values({ laId: other.laId, code: 'B', settingType: 'mainstream_academy', annualValuePence: 1, effectiveFrom: '2026-01-01' })).resolves.toBeDefined();
  });
});
