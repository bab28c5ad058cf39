/** SEN2 `SENtype` codes (item 5.8a), in the order DfE publishes them. */
export const SEN_TYPES = {
  ASD: 'Autistic spectrum disorder',
  SLCN: 'Speech, language and communication needs',
  SEMH: 'Social, emotional and mental health',
  MLD: 'Moderate learning difficulty',
  SLD: 'Severe learning difficulty',
  PMLD: 'Profound and multiple learning difficulty',
  SPLD: 'Specific learning difficulty',
  PD: 'Physical disability',
  HI: 'Hearing impairment',
  VI: 'Vision impairment',
  MSI: 'Multi-sensory impairment',
  DS: 'Down syndrome',
  OTH: 'Other difficulty or disability',
} as const;

export type SenType = keyof typeof SEN_TYPES;

export const PLAN_VERSION_KINDS = {
  draft: 'Draft plan',
  final: 'Final plan',
  amended: 'Amended plan',
} as const;

/** Sections of an EHC plan (SEND Regs 2014 reg 12; CoP 9.62). */
export const PLAN_SECTIONS = {
  A: 'Views, interests and aspirations',
  B: 'Special educational needs',
  C: 'Health care needs',
  D: 'Social care needs',
  E: 'Outcomes sought',
  F: 'Special educational provision',
  G: 'Health care provision',
  H1: 'Social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970',
  H2: 'Other social care provision',
  I: 'Placement',
  J: 'Personal budget',
  K: 'Advice and information',
} as const;
export type PlanSection = keyof typeof PLAN_SECTIONS;

export const PROVISION_SECTIONS = ['F', 'G', 'H1', 'H2'] as const satisfies readonly PlanSection[];

export const PROVIDER_KINDS = {
  school: 'School or setting',
  la_service: 'LA service',
  nhs: 'NHS',
  independent: 'Independent provider',
  social_care: 'Social care',
} as const;
export type ProviderKind = keyof typeof PROVIDER_KINDS;

export const PROVISION_PERIODS = {
  day: 'a day',
  week: 'a week',
  term: 'a term',
  year: 'a year',
} as const;
export type ProvisionPeriod = keyof typeof PROVISION_PERIODS;

export function isProvisionPeriod(value: string): value is ProvisionPeriod {
  return value in PROVISION_PERIODS;
}

/** What kind of provision an item is, so the LA can compare delivery across providers of the same thing. */
export const PROVISION_TYPES = {
  speech_and_language_therapy: 'Speech and language therapy',
  occupational_therapy: 'Occupational therapy',
  physiotherapy: 'Physiotherapy',
  teaching_assistant: 'Teaching assistant support',
  specialist_teaching: 'Specialist teaching',
  educational_psychology: 'Educational psychology',
  sensory_support: 'Sensory support',
  mental_health: 'Mental health support',
  emotional_support: 'Emotional and wellbeing support',
  short_breaks: 'Short breaks',
  travel_training: 'Travel training',
  other: 'Other provision',
} as const;
export type ProvisionType = keyof typeof PROVISION_TYPES;

/** Who pays for an item (the high needs block, the school's notional SEN budget, the NHS or social care). */
export const FUNDING_SOURCES = {
  high_needs: 'High needs block (LA)',
  notional_sen: "School's notional SEN budget",
  nhs: 'NHS (integrated care board)',
  social_care: 'Social care',
} as const;
export type FundingSource = keyof typeof FUNDING_SOURCES;
