import { z } from 'zod';
import { SEN_TYPES } from '../../domain/plans.js';

export const PLACEMENT_GROUPS = {
  mainstream: 'Mainstream school',
  special: 'Special school',
  ap: 'Alternative provision',
  post16: 'College or post-16',
  early_years: 'Early years',
  elsewhere: 'Home, other arrangements or not in education',
} as const;
export type PlacementGroup = keyof typeof PLACEMENT_GROUPS;

export const REVIEW_FILTERS = {
  overdue: 'Review overdue',
  due_soon: 'Review due in the next 8 weeks',
} as const;

export const CASELOAD_SORTS = {
  name: 'Name (A to Z)',
  review: 'Review due (soonest first)',
  age: 'Age (youngest first)',
} as const;
export type CaseloadSort = keyof typeof CASELOAD_SORTS;

/** A select whose empty option means "any": '' and absent both become undefined. */
const optionalChoice = <T extends Record<string, string>>(choices: T, message: string) =>
  z.preprocess((value) => (value === '' ? undefined : value), z.enum(Object.keys(choices) as [keyof T & string, ...(keyof T & string)[]], { error: message }).optional());

/** The caseload's search, filters, sort and page, from the query string. */
export const caseloadQuery = z.object({
  q: z.string().trim().max(100, 'Search must be 100 characters or fewer').optional().default(''),
  need: optionalChoice(SEN_TYPES, 'Select a type of need from the list'),
  placement: optionalChoice(PLACEMENT_GROUPS, 'Select a placement type from the list'),
  review: optionalChoice(REVIEW_FILTERS, 'Select a review status from the list'),
  mine: z
    .enum(['yes', ''], { error: 'Select whether to show only your caseload' })
    .optional()
    .transform((value) => value === 'yes'),
  sort: z
    .enum(Object.keys(CASELOAD_SORTS) as [CaseloadSort, ...CaseloadSort[]], { error: 'Select a sort order from the list' })
    .optional()
    .default('name'),
  page: z.coerce.number({ error: 'Page must be a number' }).int('Page must be a whole number').min(1, 'Page must be 1 or more').max(100_000, 'Page is too large').optional().default(1),
});

export type CaseloadQuery = z.infer<typeof caseloadQuery>;

export const CHILD_TABS = {
  overview: 'Overview',
  plan: 'Plan',
  provision: 'Provision',
  reviews: 'Reviews',
  timeline: 'Timeline',
  messages: 'Messages',
  documents: 'Documents',
  people: 'People involved',
  funding: 'Funding',
  inclusion: 'Inclusion',
  history: 'History',
  'access-log': 'Who has looked at this record',
} as const;
export type ChildTab = keyof typeof CHILD_TABS;

export const historyQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).optional().default(1).catch(1),
});
