import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFoiFunding } from '../../src/cli/foi-funding.js';
import { placementFundingLine, topUpBand } from '../../src/db/schema/index.js';
import type { FundingSettingType } from '../../src/domain/funding.js';
import { paths } from '../../src/http/paths.js';
import { fundingByPlacementType } from '../../src/modules/reports/service.js';
import { aChild, aLocalAuthority, aPlacement, aUser, type TestLa } from '../factories/index.js';
import { createFreshTestApp, signedInAsUser, type FreshTestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';

/**
 * A fixture LA whose answers are worked out by hand, for the financial year 2025–26 (365 days).
 *
 * Mainstream, 5 children: band B (£4,000 to 31 Dec, £4,400 from 1 Jan: (400,000 × 275 +
 * 440,000 × 90) ÷ 365 = 409,863.01p), £2,000, £3,000, £6,000 (until 31 Aug, then moved to a
 * special school), £5,000 (and £3,000 transport, not counted). Mean 2,009,863 ÷ 5 = 401,972.6p
 * → £4,019.73; median £4,098.63; quartiles £3,000 and £5,000.
 *
 * LA special, 5 children: the mover (£10,000 place + £15,000 top-up from 1 September: 212 days,
 * £25,000 a year) and four all year at £22,000, £24,000, £27,000, £30,000. Mean £25,600, median
 * £25,000, quartiles £24,000 and £27,000.
 *
 * Home learning, 6 children: £0 (no line), £1,000, £1,500, £2,000.01, £2,500, and £3,000 for one
 * who started on 1 October (182 days: spent 300,000 × 182 ÷ 365 = 149,589.04p, but £3,000 a year).
 * Mean 1,000,001 ÷ 6 = 166,666.83p → £1,666.67; median (150,000 + 200,001) ÷ 2 = 175,000.5p →
 * £1,750.01; quartiles 112,500p and 237,500.25p → £2,375.
 *
 * EOTAS, 4 children: suppressed. Not counted anywhere: a child with no funding setting type
 * (NEET), a placement that ended before the year, and another LA's child.
 */
describe(`average funding by placement type, on a fixture LA (${testEngine})`, () => {
  const FY2025 = { from: '2025-04-01', to: '2026-03-31' };
  let t: FreshTestApp;
  let la: TestLa;

  const placed = async (
    target: TestLa,
    settingType: FundingSettingType | null,
    from: string,
    to: string | null,
    lines: { annual?: number; bandId?: string; kind?: string; from?: string; to?: string | null }[],
    childId?: string,
  ) => {
    const child = childId ?? (await aChild(target)).id;
    const { id } = await aPlacement(target, child, { startDate: from, endDate: to, fundingSettingType: settingType, senSettingCode: settingType === null ? 'NEET' : null });
    for (const line of lines) {
      await target.db.insert(placementFundingLine).values({
        laId: target.laId,
        placementId: id,
        kind: line.kind ?? 'top_up',
        payer: 'commissioning_la',
        annualAmountPence: line.annual ?? null,
        bandId: line.bandId ?? null,
        effectiveFrom: line.from ?? from,
        effectiveTo: line.to === undefined ? to : line.to,
      });
    }
    return child;
  };

  beforeAll(async () => {
    t = await createFreshTestApp();
    la = await aLocalAuthority(t.database.db);
    const [bandB] = await t.database.db
      .insert(topUpBand)
      .values([
        { laId: la.laId, code: 'B', settingType: 'mainstream_academy', annualValuePence: 400_000, effectiveFrom: '2020-04-01', effectiveTo: '2025-12-31' },
        { laId: la.laId, code: 'B', settingType: 'mainstream_academy', annualValuePence: 440_000, effectiveFrom: '2026-01-01' },
      ])
      .returning({ id: topUpBand.id });
    await placed(la, 'mainstream_academy', '2024-09-01', null, [{ bandId: bandB?.id ?? '' }]);
    await placed(la, 'mainstream_academy', '2024-09-01', null, [{ annual: 200_000 }]);
    await placed(la, 'mainstream_la_maintained', '2024-09-01', null, [{ annual: 300_000 }]);
    const mover = await placed(la, 'mainstream_academy', '2024-09-01', '2025-08-31', [{ annual: 600_000 }]);
    await placed(la, 'special_la_maintained', '2025-09-01', null, [{ annual: 1_000_000, kind: 'place' }, { annual: 1_500_000 }], mover);
    await placed(la, 'mainstream_free_school', '2024-09-01', null, [{ annual: 500_000 }, { annual: 300_000, kind: 'transport' }]);
    for (const topUp of [1_200_000, 1_400_000, 1_700_000, 2_000_000]) await placed(la, 'special_academy', '2023-09-01', null, [{ annual: 1_000_000, kind: 'place' }, { annual: topUp }]);
    await placed(la, 'elective_home_education', '2024-01-01', null, []);
    for (const annual of [100_000, 150_000, 200_001, 250_000]) await placed(la, 'elective_home_education', '2024-01-01', null, [{ annual }]);
    await placed(la, 'elective_home_education', '2025-10-01', null, [{ annual: 300_000 }]);
    for (const annual of [2_000_000, 2_500_000, 3_000_000, 3_500_000]) await placed(la, 'eotas', '2025-01-01', null, [{ annual, kind: 'eotas_package' }]);
    await placed(la, null, '2025-01-01', null, []);
    await placed(la, 'special_independent', '2023-01-01', '2025-03-31', [{ annual: 9_000_000, kind: 'fee' }]);
    const other = await aLocalAuthority(t.database.db);
    await placed(other, 'mainstream_academy', '2024-09-01', null, [{ annual: 9_900_000 }]);
  });

  afterAll(async () => {
    await t.close();
  });

  it('counts each placement type to the penny: mean, median, quartiles; pro rata spend for the mid-year moves; EHE and EOTAS included, a group of 4 suppressed', async () => {
    const { summaries } = await fundingByPlacementType(t.database.db, la.laId, FY2025);
    const row = (type: string) => summaries.find((summary) => summary.placementType === type);
    expect(row('mainstream')).toEqual({
      placementType: 'mainstream',
      suppressed: false,
      count: 5,
      // 409,863 + 200,000 + 300,000 + 600,000 × 153 ÷ 365 (251,506.85) + 500,000.
      totalSpentPence: 409_863 + 200_000 + 300_000 + 251_507 + 500_000,
      meanPence: 401_973,
      medianPence: 409_863,
      lowerQuartilePence: 300_000,
      upperQuartilePence: 500_000,
    });
    expect(row('la_special')).toEqual({
      placementType: 'la_special',
      suppressed: false,
      count: 5,
      // The mover: 1,000,000 × 212 ÷ 365 = 580,821.92p and 1,500,000 × 212 ÷ 365 = 871,232.88p.
      totalSpentPence: 580_822 + 871_233 + 2_200_000 + 2_400_000 + 2_700_000 + 3_000_000,
      meanPence: 2_560_000,
      medianPence: 2_500_000,
      lowerQuartilePence: 2_400_000,
      upperQuartilePence: 2_700_000,
    });
    expect(row('ehe')).toEqual({
      placementType: 'ehe',
      suppressed: false,
      count: 6,
      totalSpentPence: 0 + 100_000 + 150_000 + 200_001 + 250_000 + 149_589,
      meanPence: 166_667,
      medianPence: 175_001,
      lowerQuartilePence: 112_500,
      upperQuartilePence: 237_500,
    });
    expect(row('eotas')).toEqual({ placementType: 'eotas', suppressed: true, count: null });
    expect(row('independent_special')).toMatchObject({ suppressed: false, count: 0, meanPence: null });
  });

  it('the page answers the FOI questions in plain words, for finance, insight and SEN managers', async () => {
    const people = await Promise.all((['finance_officer', 'insight_analyst', 'sen_team_manager'] as const).map((role) => aUser(la, role)));
    for (const person of people) {
      const browser = await signedInAsUser(t.app, person);
      const page = await browser.get(`${paths.monitoring.fundingReport()}?year=2025`);
      expect(page.statusCode, person.role).toBe(200);
      const text = page.body
        .replace(/<[^>]+>/g, ' ')
        .replace(/&#39;|&rsquo;/g, '’')
        .replace(/\s+/g, ' ');
      expect(text).toContain('£4,019.73 a year on average (the mean), for 5 children.');
      expect(text).toContain('Median (the middle child): £4,098.63 a year');
      expect(text).toContain('£1,666.67 a year on average (the mean), for 6 children.');
      expect(text).toContain('Fewer than 5 children were in education otherwise than at school in this period');
      expect(text).toContain('No children were in a non-maintained or independent special school in this period.');
      expect(text).toContain('Period: 1 April 2025 to 31 March 2026.');
    }
    const caseworker = await signedInAsUser(t.app, await aUser(la, 'sen_caseworker'));
    expect((await caseworker.get(paths.monitoring.fundingReport())).statusCode).toBe(403);
  });

  it('the command line gives the same figures as CSV, JSON and text', async () => {
    const run = async (format: 'csv' | 'json' | 'text') => {
      let out = '';
      const code = await runFoiFunding(
        t.database.db,
        { la: la.laId, period: FY2025, format },
        (text) => {
          out += text;
        },
        () => undefined,
      );
      expect(code).toBe(0);
      return out;
    };
    const csv = (await run('csv')).split('\r\n');
    expect(csv[0]).toBe('period_from,period_to,placement_type,children,mean_gbp,median_gbp,lower_quartile_gbp,upper_quartile_gbp');
    expect(csv).toContain('2025-04-01,2026-03-31,Mainstream school,5,4019.73,4098.63,3000.00,5000.00');
    expect(csv).toContain('2025-04-01,2026-03-31,Education otherwise than at school (EOTAS),fewer than 5,,,,');
    const json = JSON.parse(await run('json')) as { placementTypes: { placementType: string; count: unknown; medianPence?: number }[] };
    expect(json.placementTypes.find((row) => row.placementType === 'ehe')).toMatchObject({ count: 6, medianPence: 175_001 });
    expect(json.placementTypes.find((row) => row.placementType === 'eotas')).toEqual({
      placementType: 'eotas',
      suppressed: true,
      count: 'fewer than 5',
      label: 'Education otherwise than at school (EOTAS)',
    });
    const text = await run('text');
    expect(text).toContain('4. How much does the council fund for a SEN child in home learning (an average)?\n£1,666.67 a year on average (the mean), for 6 children.');
    let refusal = '';
    expect(
      await runFoiFunding(
        t.database.db,
        { period: FY2025, format: 'text' },
        () => undefined,
        (message) => {
          refusal = message;
        },
      ),
    ).toBe(1);
    expect(refusal).toMatch(/holds \d+ LAs: say which with --la/);
  });
});
