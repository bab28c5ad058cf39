/**
 * The few national figures the demo generator draws from, copied from the DfE statistics
 * "Education, health and care plans", reporting year 2025 (national rows, January 2025,
 * time_period 202425). Source: DfE, explore-education-statistics; Open Government Licence v3.0.
 * The application never reads the statistics files at run time.
 */

/** sen_needs_all_plans.csv, breakdown "All EHC plans": plans by primary type of need. */
export const PRIMARY_NEED_COUNTS = {
  ASD: 201_183,
  SLCN: 135_836,
  SEMH: 132_217,
  MLD: 67_861,
  SLD: 25_681,
  PD: 24_897,
  SPLD: 14_374,
  HI: 8_765,
  PMLD: 8_577,
  OTH: 7_512,
  VI: 5_280,
  MSI: 1_692,
} as const;

/** caseload.csv, breakdown "Child or young persons age" ("under 3" counted as age 2). */
export const AGE_COUNTS: Readonly<Record<string, number>> = {
  '2': 533,
  '3': 4_302,
  '4': 22_517,
  '5': 30_847,
  '6': 31_867,
  '7': 34_082,
  '8': 36_412,
  '9': 38_381,
  '10': 41_405,
  '11': 46_775,
  '12': 47_172,
  '13': 47_359,
  '14': 47_125,
  '15': 44_886,
  '16': 42_005,
  '17': 36_484,
  '18': 28_598,
  '19': 20_815,
  '20': 14_495,
  '21': 9_805,
  '22': 6_258,
  '23': 4_030,
  '24': 2_221,
  '25': 371,
};

/** caseload.csv, breakdown "All EHC plans": plans by type of placement. */
export const PLACEMENT_COUNTS = {
  mainstream_la_maintained: 95_542,
  mainstream_la_maintained_resourced_provision: 6_730,
  mainstream_la_maintained_senunit: 3_146,
  mainstream_academy: 141_630,
  mainstream_academy_resourced_provision: 8_578,
  mainstream_academy_senunit: 5_773,
  mainstream_free_school: 9_366,
  mainstream_independent: 7_174,
  special_la_maintained: 85_920,
  special_academy_free: 73_932,
  special_independent: 29_647,
  special_non_maintained: 4_381,
  ap_pru_total: 4_858,
  general_fe_tertiary_colleges: 70_998,
  specialist_post_16_institutions: 9_675,
  elective_home_education: 7_155,
  other_arrangements_la: 11_524,
  other_arrangements_parents: 1_012,
  neet: 18_056,
  nm_early_years: 4_524,
  placement_unknown: 19_339,
} as const;

/**
 * Indicative annual cost to the LA of a placement, in pence, from ../domain/send-reference.md
 * section 3.5. Assumption: for mainstream the LA pays the element 3 top-up (one LA's mean £8,662);
 * for special and AP the £10,000 place plus a top-up; for independent and non-maintained special
 * schools the fee (DfE's £64,000 average for 2024/25). Demo values only: each placement varies
 * around these by ±25 %.
 */
export const INDICATIVE_ANNUAL_COST_PENCE: Readonly<Record<string, number>> = {
  mainstream_la_maintained: 866_200,
  mainstream_academy: 866_200,
  mainstream_free_school: 866_200,
  mainstream_independent: 1_733_300,
  resourced_provision: 1_400_000,
  special_la_maintained: 2_731_300,
  special_academy_free: 2_731_300,
  special_non_maintained: 5_500_000,
  special_independent: 6_400_000,
  ap_pru: 2_200_000,
  fe_college: 1_100_000,
  specialist_post16: 4_500_000,
  early_years: 400_000,
  OLA: 2_500_000,
};
