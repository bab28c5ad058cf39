/**
 * Words for the demo plans: names, places and plan text varied by need and age, so that a demo
 * caseload reads like a real one. Nothing here is about a real person.
 */
import type { FundingSource, ProviderKind, ProvisionPeriod, ProvisionType, SenType } from '../domain/plans.js';

export const FORENAMES_MALE = [
  'Oliver', 'George', 'Harry', 'Noah', 'Jack', 'Leo', 'Arthur', 'Muhammad', 'Oscar', 'Charlie', 'Jacob', 'Thomas',
  'Henry', 'William', 'Alfie', 'Joshua', 'Freddie', 'Archie', 'Ethan', 'Isaac', 'Alexander', 'Joseph', 'Edward',
  'Samuel', 'Max', 'Logan', 'Lucas', 'Daniel', 'Theo', 'Mohammed', 'Dylan', 'Adam', 'Kai', 'Reuben', 'Ibrahim',
  'Yusuf', 'Kwame', 'Tomasz', 'Jayden', 'Riley', 'Rhys', 'Callum', 'Finley', 'Ayaan', 'Zain', 'Olusegun', 'Mason',
  'Louis', 'Elijah', 'Hugo', 'Ryan', 'Connor', 'Ravi', 'Arjun', 'Mateo', 'Kacper',
] as const;

export const FORENAMES_FEMALE = [
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Ivy', 'Lily', 'Isabella', 'Rosie', 'Sophia', 'Grace', 'Willow',
  'Freya', 'Florence', 'Emily', 'Ella', 'Poppy', 'Evie', 'Elsie', 'Charlotte', 'Evelyn', 'Sienna', 'Sofia',
  'Daisy', 'Phoebe', 'Aisha', 'Maryam', 'Zara', 'Amara', 'Chloe', 'Ruby', 'Hannah', 'Layla', 'Nia', 'Priya',
  'Fatima', 'Zuzanna', 'Aaliyah', 'Jessica', 'Megan', 'Erin', 'Niamh', 'Imogen', 'Harper', 'Maya', 'Anaya',
  'Esme', 'Matilda', 'Holly', 'Leah', 'Abigail', 'Yasmin', 'Chidinma', 'Keira',
] as const;

export const SURNAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson', 'Wright',
  'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Thomas', 'Clarke', 'Jackson', 'Wood',
  'Harris', 'Edwards', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Hughes', 'Moore', 'Clark', 'King',
  'Harrison', 'Lewis', 'Baker', 'Lee', 'Allen', 'Morris', 'Khan', 'Scott', 'Watson', 'Davis', 'Parker', 'James',
  'Bennett', 'Young', 'Phillips', 'Richardson', 'Mitchell', 'Bailey', 'Carter', 'Cook', 'Singh', 'Shaw', 'Bell',
  'Collins', 'Morgan', 'Kelly', 'Begum', 'Miller', 'Cox', 'Hussain', 'Marshall', 'Simpson', 'Price', 'Anderson',
  'Adams', 'Wilkinson', 'Ali', 'Ahmed', 'Foster', 'Ellis', 'Murphy', 'Chapman', 'Mason', 'Gray', 'Richards',
  'Webb', 'Griffiths', 'Hunt', 'Palmer', 'Campbell', 'Holmes', 'Mills', 'Rogers', 'Barnes', 'Knight', 'Matthews',
  'Barker', 'Powell', 'Stevens', 'Kaur', 'Fisher', 'Butler', 'Dixon', 'Russell', 'Harvey', 'Pearson', 'Graham',
  'Okafor', 'Mensah', 'Nowak', 'Kowalski', 'Rahman', 'Chowdhury', 'Osei', 'Adeyemi', 'Nguyen', 'Silva', "O'Brien",
] as const;

/** CBDS extended ethnicity codes, weighted roughly like the school population with EHC plans. */
export const ETHNICITY_WEIGHTS = {
  WBRI: 68, WOTH: 5, WIRT: 0.3, WIRI: 0.5, MWBC: 2, MWBA: 1, MWAS: 1, MOTH: 2, AIND: 2, APKN: 3, ABAN: 1.5,
  AOTH: 1, BAFR: 4, BCRB: 1.5, BOTH: 0.5, CHNE: 0.3, OOTH: 1.5, REFU: 0.5, NOBT: 0.4,
} as const;

export const SCHOOL_NAME_STEMS = [
  'Oakfield', 'Riverside', 'Meadowbank', 'Hillcrest', 'Westfield', 'Brookside', 'Ashgrove', 'Elmwood', 'Kingsway',
  'Fairfield', 'Highfield', 'Millbrook', 'Springfield', 'Northgate', 'Parkside', 'Woodlands', 'Greenacres',
  'Orchard', 'Stonebridge', 'Beechwood', 'Churchfield', 'Hawthorn', 'Lakeside', 'Moorland', 'Redhill', 'Southmead',
  'Thornbury', 'Willowbrook', 'Castle Hill', 'Queensbury', 'Foxhill', 'Larkrise', 'Bramley', 'Chestnut Grove',
] as const;

export const INTERESTS = [
  'trains and timetables', 'drawing', 'football', 'swimming', 'music and singing', 'dinosaurs', 'building with Lego',
  'cooking', 'animals, especially dogs', 'computer games', 'dancing', 'being outdoors', 'stories read aloud',
  'maps and flags', 'sensory play with water and sand', 'helping in the garden',
] as const;

export const ASPIRATIONS_CHILD = [
  'have friends to play with at break time', 'read books on their own', 'go to the same school as their brother',
  'travel to school more independently', 'join an after-school club', 'tell people how they feel', 'learn to swim',
] as const;

export const ASPIRATIONS_YOUNG_PERSON = [
  'work with animals', 'get a job in a kitchen', 'live with friends one day', 'travel by bus on their own',
  'go to college to study art', 'do a supported internship', 'work in a garage', 'manage their own money',
] as const;

export const NEED_DESCRIPTIONS: Record<SenType, string> = {
  ASD: 'Autistic; finds changes of routine and busy, noisy places hard; needs help to understand and join in social situations.',
  SLCN: 'Understands and uses language well below age expectations; speech can be hard for unfamiliar people to follow.',
  SEMH: 'Anxiety and difficulty regulating emotions lead to withdrawal or distressed behaviour, especially at transitions.',
  MLD: 'Learning across the curriculum is well below age expectations; needs new learning broken into small steps and repeated.',
  SLD: 'Severe learning difficulties: working at early developmental levels, with support needed for communication and self-care.',
  PMLD: 'Profound and multiple learning difficulties with complex medical needs; communicates through sounds, expressions and movement.',
  SPLD: 'Dyslexia: reading and spelling are well below the level of their spoken understanding; slow processing of written information.',
  PD: 'Physical disability affecting mobility and fine motor skills; uses a wheelchair for longer distances.',
  HI: 'Moderate to severe hearing loss in both ears; wears hearing aids and relies on good listening conditions.',
  VI: 'Visual impairment: needs enlarged print, high contrast and orientation support in unfamiliar places.',
  MSI: 'Combined hearing and visual impairment affecting communication, access to information and mobility.',
  DS: 'Down syndrome, with learning, speech and language needs and a tendency to tire during the school day.',
  OTH: 'A rare genetic condition affecting learning, attention and stamina.',
};

export interface ProvisionTemplate {
  section: 'F' | 'G' | 'H2';
  description: string;
  provisionType: ProvisionType;
  fundingSource: FundingSource;
  providerKind: ProviderKind;
  organisation: 'nhs' | 'ep' | 'sensory' | 'therapy' | 'social' | null;
  sessionsPerPeriod: number;
  minutesPerSession: number | null;
  period: ProvisionPeriod;
  groupSize: string | null;
  annualCostPounds: number | null;
  /** Areas of the outcomes this item serves. */
  serves: readonly string[];
  termTimeOnly?: boolean;
}

const COMMUNICATION = 'Communication and interaction';
const LEARNING = 'Cognition and learning';
const WELLBEING = 'Social, emotional and mental health';
const PHYSICAL = 'Sensory and physical';
const INDEPENDENCE = 'Independence and preparation for adulthood';

export const OUTCOME_AREAS = { COMMUNICATION, LEARNING, WELLBEING, PHYSICAL, INDEPENDENCE } as const;

const SALT: ProvisionTemplate = {
  provisionType: 'speech_and_language_therapy',
  fundingSource: 'nhs',
  section: 'F',
  description: 'Speech and language therapy, direct 1:1 sessions with a speech and language therapist',
  providerKind: 'nhs',
  organisation: 'nhs',
  sessionsPerPeriod: 2,
  minutesPerSession: 30,
  period: 'week',
  groupSize: '1:1',
  annualCostPounds: 3_900,
  serves: [COMMUNICATION],
};
const TA_SUPPORT: ProvisionTemplate = {
  provisionType: 'teaching_assistant',
  fundingSource: 'high_needs',
  section: 'F',
  description: 'Support from a trained teaching assistant in class and at unstructured times',
  providerKind: 'school',
  organisation: null,
  sessionsPerPeriod: 1,
  minutesPerSession: 900,
  period: 'week',
  groupSize: '1:1',
  annualCostPounds: 9_500,
  serves: [LEARNING, WELLBEING],
};
const SMALL_GROUP_LITERACY: ProvisionTemplate = {
  provisionType: 'specialist_teaching',
  fundingSource: 'notional_sen',
  section: 'F',
  description: 'Structured, multisensory literacy intervention delivered by a specialist teacher',
  providerKind: 'school',
  organisation: null,
  sessionsPerPeriod: 3,
  minutesPerSession: 30,
  period: 'week',
  groupSize: 'group of up to 4',
  annualCostPounds: 1_800,
  serves: [LEARNING],
};
const EP_CONSULTATION: ProvisionTemplate = {
  provisionType: 'educational_psychology',
  fundingSource: 'high_needs',
  section: 'F',
  description: 'Educational psychologist consultation with staff and parents to review strategies',
  providerKind: 'la_service',
  organisation: 'ep',
  sessionsPerPeriod: 1,
  minutesPerSession: 60,
  period: 'term',
  groupSize: null,
  annualCostPounds: 600,
  serves: [LEARNING, WELLBEING],
};
const ELSA: ProvisionTemplate = {
  provisionType: 'emotional_support',
  fundingSource: 'notional_sen',
  section: 'F',
  description: 'Emotional literacy support sessions with a trained ELSA',
  providerKind: 'school',
  organisation: null,
  sessionsPerPeriod: 1,
  minutesPerSession: 45,
  period: 'week',
  groupSize: '1:1',
  annualCostPounds: 900,
  serves: [WELLBEING],
};
const OT: ProvisionTemplate = {
  provisionType: 'occupational_therapy',
  fundingSource: 'nhs',
  section: 'G',
  description: 'Occupational therapy programme for fine motor and sensory regulation, reviewed by an occupational therapist',
  providerKind: 'nhs',
  organisation: 'nhs',
  sessionsPerPeriod: 6,
  minutesPerSession: 45,
  period: 'year',
  groupSize: '1:1',
  annualCostPounds: 1_200,
  serves: [PHYSICAL],
};
const PHYSIO: ProvisionTemplate = {
  provisionType: 'physiotherapy',
  fundingSource: 'nhs',
  section: 'G',
  description: 'Physiotherapy review and a daily stretching programme carried out by trained staff',
  providerKind: 'nhs',
  organisation: 'nhs',
  sessionsPerPeriod: 1,
  minutesPerSession: 20,
  period: 'day',
  groupSize: '1:1',
  annualCostPounds: 1_500,
  serves: [PHYSICAL],
};
const SENSORY_SUPPORT: ProvisionTemplate = {
  provisionType: 'sensory_support',
  fundingSource: 'high_needs',
  section: 'F',
  description: 'Visits from a qualified teacher of the deaf or of the visually impaired to advise staff and check equipment',
  providerKind: 'la_service',
  organisation: 'sensory',
  sessionsPerPeriod: 2,
  minutesPerSession: 60,
  period: 'term',
  groupSize: null,
  annualCostPounds: 1_100,
  serves: [PHYSICAL, COMMUNICATION],
};
const CAMHS: ProvisionTemplate = {
  provisionType: 'mental_health',
  fundingSource: 'nhs',
  section: 'G',
  description: 'Child and adolescent mental health service: regular sessions with a named clinician',
  providerKind: 'nhs',
  organisation: 'nhs',
  sessionsPerPeriod: 1,
  minutesPerSession: 50,
  period: 'week',
  groupSize: '1:1',
  annualCostPounds: null,
  serves: [WELLBEING],
};
const SHORT_BREAKS: ProvisionTemplate = {
  provisionType: 'short_breaks',
  fundingSource: 'social_care',
  section: 'H2',
  description: 'Short breaks: a youth club place with a support worker',
  providerKind: 'social_care',
  organisation: 'social',
  sessionsPerPeriod: 1,
  minutesPerSession: 180,
  period: 'week',
  groupSize: 'small group',
  annualCostPounds: 2_400,
  serves: [INDEPENDENCE, WELLBEING],
  termTimeOnly: false,
};
const INDEPENDENT_SALT: ProvisionTemplate = {
  ...SALT,
  fundingSource: 'high_needs',
  description: 'Speech and language therapy from an independent therapist, with a programme carried out daily by staff',
  providerKind: 'independent',
  organisation: 'therapy',
  sessionsPerPeriod: 1,
  minutesPerSession: 45,
  annualCostPounds: 4_500,
};
const TRAVEL_TRAINING: ProvisionTemplate = {
  provisionType: 'travel_training',
  fundingSource: 'high_needs',
  section: 'F',
  description: 'Independent travel training with a trainer from the LA travel service',
  providerKind: 'la_service',
  organisation: 'ep',
  sessionsPerPeriod: 1,
  minutesPerSession: 90,
  period: 'week',
  groupSize: '1:1',
  annualCostPounds: 1_600,
  serves: [INDEPENDENCE],
};

export const PROVISION_BY_NEED: Record<SenType, readonly ProvisionTemplate[]> = {
  ASD: [SALT, TA_SUPPORT, ELSA, EP_CONSULTATION, OT],
  SLCN: [SALT, TA_SUPPORT, EP_CONSULTATION, SMALL_GROUP_LITERACY],
  SEMH: [ELSA, TA_SUPPORT, CAMHS, EP_CONSULTATION],
  MLD: [SMALL_GROUP_LITERACY, TA_SUPPORT, EP_CONSULTATION, SALT],
  SLD: [TA_SUPPORT, SALT, OT, PHYSIO],
  PMLD: [TA_SUPPORT, PHYSIO, OT, INDEPENDENT_SALT],
  SPLD: [SMALL_GROUP_LITERACY, EP_CONSULTATION, TA_SUPPORT],
  PD: [PHYSIO, OT, TA_SUPPORT],
  HI: [SENSORY_SUPPORT, SALT, TA_SUPPORT],
  VI: [SENSORY_SUPPORT, TA_SUPPORT, OT],
  MSI: [SENSORY_SUPPORT, TA_SUPPORT, INDEPENDENT_SALT, OT],
  DS: [SALT, TA_SUPPORT, OT, EP_CONSULTATION],
  OTH: [TA_SUPPORT, EP_CONSULTATION, OT],
};

export const ADULTHOOD_PROVISION: readonly ProvisionTemplate[] = [TRAVEL_TRAINING, SHORT_BREAKS];

export const OUTCOME_TEXT: Record<string, readonly string[]> = {
  [COMMUNICATION]: [
    'By the end of the key stage, will use sentences of 5 or more words to ask for help and to tell an adult about their day.',
    'Will follow two-part instructions in class without an adult repeating them.',
    'Will start and keep up a conversation with a friend for three turns.',
  ],
  [LEARNING]: [
    'Will read aloud a book at their level with 90% accuracy and talk about what happened.',
    'Will use number facts to 20 to solve everyday problems, such as paying in a shop.',
    'Will complete a piece of independent writing of five sentences using a word bank.',
  ],
  [WELLBEING]: [
    'Will recognise when they are becoming anxious and use a chosen strategy to calm down.',
    'Will attend school every day for a full timetable, joining lessons from the start of the day.',
    'Will take part in a group activity at lunchtime at least twice a week.',
  ],
  [PHYSICAL]: [
    'Will move around the school site safely and get to lessons on time with minimal adult help.',
    'Will use their equipment (hearing aids, magnifier or laptop) independently in every lesson.',
    'Will dress and undress for PE on their own.',
  ],
  [INDEPENDENCE]: [
    'Will travel to college by bus on their own by the end of the year.',
    'Will complete a work experience placement and say what they enjoyed about it.',
    'Will plan and cook a simple meal with verbal prompts only.',
  ],
};
