import { z } from 'zod';
import { isIsoDate } from '../../domain/dates.js';
import { COST_UNITS } from '../../domain/provision-cost.js';
import { PROVIDER_KINDS, PROVISION_PERIODS, PROVISION_SECTIONS, PROVISION_TYPES, FUNDING_SOURCES } from '../../domain/plans.js';

const isoDate = (message: string) => z.string().refine(isIsoDate, message);
const keysOf = <T extends Record<string, unknown>>(record: T) => Object.keys(record) as [keyof T & string, ...(keyof T & string)[]];

/** What a provision line says: every field a version's line has, for a line new in this version. */
const lineFields = {
  section: z.enum(PROVISION_SECTIONS),
  description: z.string().trim().min(1, 'Enter what the provision is').max(2000),
  providerKind: z.enum(keysOf(PROVIDER_KINDS)),
  organisationId: z.uuid().nullable(),
  sessionsPerPeriod: z.number().int().min(1).max(100).nullable(),
  minutesPerSession: z.number().int().min(1).max(600).nullable(),
  period: z.enum(keysOf(PROVISION_PERIODS)).nullable(),
  groupSize: z.string().trim().max(100).nullable(),
  termTimeOnly: z.boolean(),
  annualCostPence: z.number().int().min(0).nullable(),
  unitCostPence: z.number().int().min(0).nullable(),
  costUnit: z.enum(keysOf(COST_UNITS)).nullable(),
  provisionType: z.enum(keysOf(PROVISION_TYPES)),
  fundingSource: z.enum(keysOf(FUNDING_SOURCES)).nullable(),
  startDate: isoDate('The start must be a real date').nullable(),
  endDate: isoDate('The end must be a real date').nullable(),
};

/**
 * A line of the amended version: either an earlier line taken on (`previousItemId`), with only
 * what the amendment changes given, or a new line with everything a line needs. Lines of the
 * version in force that are not taken on end with the amendment.
 */
const amendedLine = z.union([
  z
    .object({ previousItemId: z.uuid(), ...lineFields })
    .partial()
    .required({ previousItemId: true }),
  z.object({ previousItemId: z.null().optional(), ...lineFields }).partial({
    organisationId: true,
    sessionsPerPeriod: true,
    minutesPerSession: true,
    period: true,
    groupSize: true,
    termTimeOnly: true,
    annualCostPence: true,
    unitCostPence: true,
    costUnit: true,
    fundingSource: true,
    startDate: true,
    endDate: true,
  }),
]);

export const amendPlanInput = z.object({
  /** The day the amended plan is issued and takes effect. */
  issuedDate: isoDate('The date the amended plan is issued must be a real date'),
  provision: z.array(amendedLine).max(100),
});

export type AmendPlanInput = z.input<typeof amendPlanInput>;
