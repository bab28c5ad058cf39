/**
 * Types of setting, mirroring the DfE caseload "type of placement" columns so that counts and
 * costs by placement type can be compared with the published statistics.
 */
export const SETTING_TYPES = {
  mainstream_la_maintained: { label: 'Mainstream school: LA maintained', group: 'mainstream' },
  mainstream_academy: { label: 'Mainstream school: academy', group: 'mainstream' },
  mainstream_free_school: { label: 'Mainstream school: free school', group: 'mainstream' },
  mainstream_independent: { label: 'Mainstream school: independent', group: 'mainstream' },
  special_la_maintained: { label: 'Special school: LA maintained', group: 'special' },
  special_academy_free: { label: 'Special school: academy or free school', group: 'special' },
  special_non_maintained: { label: 'Special school: non-maintained', group: 'special' },
  special_independent: { label: 'Special school: independent', group: 'special' },
  ap_pru: { label: 'Alternative provision or pupil referral unit', group: 'ap' },
  fe_college: { label: 'General FE or tertiary college', group: 'post16' },
  specialist_post16: { label: 'Specialist post-16 institution', group: 'post16' },
  early_years: { label: 'Early years setting', group: 'early_years' },
} as const;

export type SettingType = keyof typeof SETTING_TYPES;

/** SEN2 `SENsetting` codes for arrangements with no GIAS or UKRLP setting. */
export const SEN_SETTING_CODES = {
  OLA: 'Other arrangements made by the LA (education otherwise than in school)',
  OPA: 'Other arrangements made by parents',
  EHE: 'Elective home education',
  EYP: 'Early years provider with no URN',
  OTH: 'Other',
  NEET: 'Not in education, employment or training (16 to 25)',
  NIEC: 'Not in education: notice to cease issued',
  NIEO: 'Not in education: other, such as awaiting a placement',
} as const;

export type SenSettingCode = keyof typeof SEN_SETTING_CODES;
