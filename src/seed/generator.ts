import { inArray, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { hashPassword } from '../auth/passwords.js';
import type { Role } from '../auth/roles.js';
import { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, demoEmail } from '../cli/demo-sign-ins.js';
import { systemClock, type Clock } from '../clock.js';
import type { Database } from '../db/client.js';
import {
  appUser,
  child,
  educationArrangement,
  ehcPlan,
  familyLink,
  localAuthority,
  organisation,
  placement,
  planNeed,
  planOutcome,
  planSection,
  planVersion,
  professionalAssignment,
  provisionItem,
  provisionOutcome,
  setting,
  team,
} from '../db/schema/index.js';
import { addDays, addMonths, daysBetween, toIsoDate, type IsoDate } from '../domain/dates.js';
import type { SenType } from '../domain/plans.js';
import { annualReviewDeadline } from '../domain/reviews.js';
import type { SettingType } from '../domain/settings.js';
import {
  ADULTHOOD_PROVISION,
  ASPIRATIONS_CHILD,
  ASPIRATIONS_YOUNG_PERSON,
  ETHNICITY_WEIGHTS,
  FORENAMES_FEMALE,
  FORENAMES_MALE,
  INTERESTS,
  NEED_DESCRIPTIONS,
  OUTCOME_AREAS,
  OUTCOME_TEXT,
  PROVISION_BY_NEED,
  SCHOOL_NAME_STEMS,
  SURNAMES,
  type ProvisionTemplate,
} from './content.js';
import { AGE_COUNTS, INDICATIVE_ANNUAL_COST_PENCE, PLACEMENT_COUNTS, PRIMARY_NEED_COUNTS } from './dfe-figures.js';
import { demoEducationArrangements } from './education.js';
import { Prng, seedFromText } from './prng.js';
import { seedDemoAmendments } from './amendments.js';
import { seedDemoPlanDrafts } from './plan-drafts.js';
import { seedDeliveryHistory } from './delivery-history.js';
import { seedDemoDocuments } from './documents.js';
import { seedTimeline } from './timeline.js';
import { seedDemoMessages } from './messages.js';
import { seedResourceBases } from './resource-bases.js';
import { seedFunding } from './funding.js';
import { seedReviewTargeting } from './review-targeting.js';
import { seedReviewHistory } from './review-history.js';
import { seedDemoReviews } from './reviews.js';

export interface SeedDemoOptions {
  /** How many children with an EHC plan in force. */
  plans: number;
  /** The same seed makes the same LA, record ids included. */
  seed?: number;
  la?: { dfeCode: string; name: string; region: string };
  emailDomain?: string;
  /** Weekly delivery records for this school year so far (default true); tests of an empty ledger turn it off. */
  deliveryHistory?: boolean;
  /** The day the demo is "as at"; defaults to the clock's today. */
  today?: IsoDate;
  /** Where "now" and "today" come from: the app's clock (tests fix it); the real time when not given. */
  clock?: Clock;
}

interface DemoUser {
  email: string;
  password: string;
  role: Role;
  displayName: string;
}

export interface DemoLaSummary {
  laId: string;
  dfeCode: string;
  name: string;
  counts: { children: number; settings: number; users: number };
  users: DemoUser[];
}

const DEFAULT_LA = { dfeCode: '999', name: 'Demo Borough Council', region: 'South East' };
/** Children generated and written per transaction: bounded memory at any LA size. */
const CHILDREN_PER_CHUNK = 500;
/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters for the widest table. */
const ROWS_PER_INSERT = 500;

export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const rows = await db.select({ id: localAuthority.id }).from(localAuthority).limit(1);
  return rows.length === 0;
}

type Row = Record<string, unknown>;

async function insertInBatches(db: Database, table: PgTable, rows: Row[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await db.insert(table).values(rows.slice(start, start + ROWS_PER_INSERT));
  }
}

interface SettingRow {
  id: string;
  name: string;
  settingType: SettingType;
  phase: 'early_years' | 'primary' | 'secondary' | 'all_through' | 'post16';
  hasSenUnit: boolean;
  hasResourcedProvision: boolean;
}

/** Where a child of a given age is placed, weighted by the DfE national mix. */
type PlacementChoice = SettingType | 'resourced_provision' | 'OLA' | 'OPA' | 'EHE' | 'NEET' | 'NIEO' | 'EYP';

function placementWeights(age: number): Partial<Record<PlacementChoice, number>> {
  const c = PLACEMENT_COUNTS;
  if (age < 4) return { early_years: 70, EYP: 15, special_la_maintained: 10, mainstream_la_maintained: 5 };
  if (age <= 15) {
    return {
      mainstream_la_maintained: c.mainstream_la_maintained - c.mainstream_la_maintained_resourced_provision - c.mainstream_la_maintained_senunit,
      mainstream_academy: c.mainstream_academy - c.mainstream_academy_resourced_provision - c.mainstream_academy_senunit,
      resourced_provision: c.mainstream_la_maintained_resourced_provision + c.mainstream_la_maintained_senunit + c.mainstream_academy_resourced_provision + c.mainstream_academy_senunit,
      mainstream_free_school: c.mainstream_free_school,
      mainstream_independent: c.mainstream_independent,
      special_la_maintained: c.special_la_maintained,
      special_academy_free: c.special_academy_free,
      special_independent: c.special_independent,
      special_non_maintained: c.special_non_maintained,
      ap_pru: c.ap_pru_total,
      EHE: c.elective_home_education,
      OLA: c.other_arrangements_la,
      OPA: c.other_arrangements_parents,
      NIEO: c.placement_unknown / 4,
    };
  }
  return {
    fe_college: c.general_fe_tertiary_colleges,
    specialist_post16: c.specialist_post_16_institutions,
    special_la_maintained: c.special_la_maintained / 5,
    special_academy_free: c.special_academy_free / 5,
    special_independent: c.special_independent / 4,
    mainstream_academy: c.mainstream_academy / 12,
    NEET: c.neet,
    OLA: c.other_arrangements_la / 4,
  };
}

function settingsFor(prng: Prng, plans: number): SettingRow[] {
  const stems = [...SCHOOL_NAME_STEMS];
  let stemIndex = prng.int(0, stems.length - 1);
  const nextStem = () => {
    stemIndex += 1;
    const round = Math.floor(stemIndex / stems.length);
    const stem = stems[stemIndex % stems.length] ?? 'Central';
    return round === 0 ? stem : `${stem} ${['North', 'South', 'East', 'West', 'Park', 'Vale'][round % 6] ?? ''}`.trim();
  };
  const rows: SettingRow[] = [];
  const add = (count: number, make: (index: number) => Omit<SettingRow, 'id'>) => {
    for (let index = 0; index < count; index += 1) rows.push({ id: prng.uuid(), ...make(index) });
  };
  const mainstream = Math.max(6, Math.round(plans / 25));
  add(mainstream, (index) => {
    const primary = index % 5 < 3;
    const settingType = prng.weighted<SettingType>({ mainstream_la_maintained: 38, mainstream_academy: 56, mainstream_free_school: 4, mainstream_independent: 2 });
    const stem = nextStem();
    const name =
      settingType === 'mainstream_independent'
        ? `${stem} ${primary ? 'Preparatory School' : 'College'}`
        : primary
          ? prng.chance(0.2)
            ? `St ${prng.pick(['Mary', 'John', 'Peter', 'Anne', 'Joseph'])}'s CofE Primary School`
            : `${stem} Primary School`
          : settingType === 'mainstream_academy'
            ? `${stem} Academy`
            : `${stem} High School`;
    return {
      name,
      settingType,
      phase: primary ? 'primary' : 'secondary',
      hasSenUnit: index % 9 === 4,
      hasResourcedProvision: index % 7 === 2,
    };
  });
  add(Math.max(2, Math.round(plans / 150)), (index) => ({
    name: `${nextStem()} ${index % 2 === 0 ? 'School' : 'Academy'}`,
    settingType: index % 2 === 0 ? 'special_la_maintained' : 'special_academy_free',
    phase: 'all_through',
    hasSenUnit: false,
    hasResourcedProvision: false,
  }));
  add(Math.max(2, Math.round(plans / 450)), () => ({
    name: `${nextStem()} House School`,
    settingType: 'special_independent',
    phase: 'all_through',
    hasSenUnit: false,
    hasResourcedProvision: false,
  }));
  add(1, () => ({ name: `${nextStem()} School for the Deaf`, settingType: 'special_non_maintained', phase: 'all_through', hasSenUnit: false, hasResourcedProvision: false }));
  add(Math.max(1, Math.round(plans / 3000)), () => ({ name: `${nextStem()} Pupil Referral Unit`, settingType: 'ap_pru', phase: 'secondary', hasSenUnit: false, hasResourcedProvision: false }));
  add(Math.max(1, Math.round(plans / 1500)), () => ({ name: `${nextStem()} College`, settingType: 'fe_college', phase: 'post16', hasSenUnit: false, hasResourcedProvision: false }));
  add(1, () => ({ name: `${nextStem()} Specialist College`, settingType: 'specialist_post16', phase: 'post16', hasSenUnit: false, hasResourcedProvision: false }));
  add(Math.max(2, Math.round(plans / 300)), () => ({ name: `${nextStem()} Nursery`, settingType: 'early_years', phase: 'early_years', hasSenUnit: false, hasResourcedProvision: false }));
  return rows;
}

function randomUpn(prng: Prng): string {
  return `${prng.pick(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z'])}${String(prng.int(0, 999_999)).padStart(6, '0')}${String(prng.int(0, 999_999)).padStart(6, '0')}`;
}

function randomPostcode(prng: Prng): string {
  return `DB${String(prng.int(1, 19))} ${String(prng.int(1, 9))}${prng.pick(['A', 'B', 'D', 'E', 'F', 'G', 'H', 'J', 'L', 'N', 'P', 'Q', 'R', 'S', 'T', 'U', 'W', 'X', 'Y', 'Z'])}${prng.pick(['A', 'B', 'D', 'E', 'F', 'G', 'H', 'J', 'L', 'N', 'P', 'Q', 'R', 'S', 'T', 'U', 'W', 'X', 'Y', 'Z'])}`;
}

function variedCost(prng: Prng, pence: number | undefined): number | null {
  if (pence === undefined) return null;
  return Math.round((pence * (0.75 + prng.next() * 0.5)) / 100) * 100;
}

/**
 * Seeds one believable local authority: settings, providers, staff, and `plans` children with
 * an EHC plan in force (versions, sections A–K, needs, outcomes, provision) and placements, in
 * the national mix of ages, needs and placement types. Deterministic for a seed.
 */
export async function seedDemoLa(db: Database, options: SeedDemoOptions): Promise<DemoLaSummary> {
  const la = options.la ?? DEFAULT_LA;
  // The LA's code is part of the seed: two LAs seeded alike in one database must not share ids.
  const prng = new Prng(seedFromText(`${String(options.seed ?? 1)}:${la.dfeCode}`));
  const domain = options.emailDomain ?? DEMO_EMAIL_DOMAIN;
  const clock = options.clock ?? systemClock;
  const today = options.today ?? clock.today();
  const laId = prng.uuid();
  // Education arrangements draw from their own stream: adding them changed no other record of a seed.
  const educationPrng = new Prng(seedFromText(`${String(options.seed ?? 1)}:${la.dfeCode}:education`));
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  const teams = ['SEN Team North', 'SEN Team South', 'SEN Team Post-16'].map((name) => ({ id: prng.uuid(), laId, name }));
  const settings = settingsFor(prng, options.plans);
  const byType = (types: readonly SettingType[], phase?: SettingRow['phase']) =>
    settings.filter((row) => types.includes(row.settingType) && (phase === undefined || row.phase === phase || row.phase === 'all_through'));
  const organisations = {
    nhs: { id: prng.uuid(), laId, name: 'Demo Community Health NHS Trust', kind: 'nhs_trust' },
    ep: { id: prng.uuid(), laId, name: 'Educational Psychology Service', kind: 'la_service' },
    sensory: { id: prng.uuid(), laId, name: 'Sensory Support Service', kind: 'la_service' },
    therapy: { id: prng.uuid(), laId, name: 'Brightside Therapy Ltd', kind: 'independent' },
    social: { id: prng.uuid(), laId, name: "Children's Social Care", kind: 'social_care' },
  };

  const users: (Row & { id: string; role: Role; email: string; displayName: string })[] = [];
  const addUser = (role: Role, email: string, displayName: string, extra: Row = {}) => {
    const row = { id: prng.uuid(), laId, email, displayName, role, passwordHash, ...extra };
    users.push(row);
    return row;
  };
  const caseworkerCount = Math.max(2, Math.round(options.plans / 150));
  const caseworkers = [addUser('sen_caseworker', demoEmail('sen_caseworker', domain), 'Priya Shah', { teamId: teams[0]?.id, jobTitle: 'EHC coordinator' })];
  for (let index = 2; index <= caseworkerCount; index += 1) {
    const forename = prng.pick(prng.chance(0.7) ? FORENAMES_FEMALE : FORENAMES_MALE);
    caseworkers.push(
      addUser('sen_caseworker', `caseworker.${String(index)}@${domain}`, `${forename} ${prng.pick(SURNAMES)}`, {
        teamId: teams[index % teams.length]?.id,
        jobTitle: 'EHC coordinator',
      }),
    );
  }
  addUser('sen_team_manager', demoEmail('sen_team_manager', domain), 'Marcus Green', { teamId: teams[0]?.id, jobTitle: 'SEN team manager' });
  addUser('educational_psychologist', demoEmail('educational_psychologist', domain), 'Dr Helen Ward', { organisationId: organisations.ep.id, jobTitle: 'Educational psychologist' });
  addUser('inclusion_officer', demoEmail('inclusion_officer', domain), 'Tom Okafor', { jobTitle: 'Inclusion and SEN officer' });
  addUser('finance_officer', demoEmail('finance_officer', domain), 'Alison Reed', { jobTitle: 'High needs finance officer' });
  addUser('insight_analyst', demoEmail('insight_analyst', domain), 'Sam Lee', { jobTitle: 'Insight and FOI analyst' });
  addUser('la_admin', demoEmail('la_admin', domain), 'Jo Bennett', { jobTitle: 'System administrator' });

  // The SENCO's school is a mainstream primary; the first pupils generated are placed there.
  const sencoSchool = byType(['mainstream_la_maintained', 'mainstream_academy'], 'primary')[0] ?? settings[0];
  addUser('school_senco', demoEmail('school_senco', domain), 'Rachel Hughes', { settingId: sencoSchool?.id, jobTitle: `SENCO, ${sencoSchool?.name ?? ''}` });
  const therapist = addUser('professional', demoEmail('professional', domain), 'Daniel Mensah', {
    organisationId: organisations.nhs.id,
    jobTitle: 'Speech and language therapist',
  });
  const parent = addUser('parent', demoEmail('parent', domain), 'Sarah Ahmed');

  await db.transaction(async (tx) => {
    await tx.insert(localAuthority).values({ id: laId, dfeCode: la.dfeCode, name: la.name, region: la.region });
    await tx.insert(team).values(teams);
    await insertInBatches(
      tx,
      setting,
      settings.map((row) => ({ ...row, laId, urn: String(100_000 + prng.int(0, 899_999)), postcode: randomPostcode(prng) })),
    );
    await tx.insert(organisation).values(Object.values(organisations));
    // The young person's account is added once their child record exists (below).
    await insertInBatches(tx, appUser, users);
  });

  const ageWeights = Object.fromEntries(Object.entries(AGE_COUNTS).map(([age, count]) => [age, count]));
  let youngPerson: { childId: string; name: string } | null = null;
  let therapistAssignments = 0;
  const sencoPupilsWanted = 8;

  for (let chunkStart = 0; chunkStart < options.plans; chunkStart += CHILDREN_PER_CHUNK) {
    const rows = {
      child: [] as Row[],
      family: [] as Row[],
      plan: [] as Row[],
      version: [] as Row[],
      section: [] as Row[],
      need: [] as Row[],
      outcome: [] as Row[],
      provision: [] as Row[],
      link: [] as Row[],
      placement: [] as Row[],
      assignment: [] as Row[],
      education: [] as Row[],
    };
    const issuedVersionIds: string[] = [];
    const supersededVersionIds: string[] = [];

    for (let index = chunkStart; index < Math.min(options.plans, chunkStart + CHILDREN_PER_CHUNK); index += 1) {
      // The first children are the ones the linked demo users see: the parent's two, then the SENCO's pupils.
      const isParentsChild = index < 2;
      const isSencoPupil = index >= 2 && index < 2 + sencoPupilsWanted;
      let age = Number(prng.weighted(ageWeights));
      if (isParentsChild) age = index === 0 ? 7 : 10;
      if (isSencoPupil) age = prng.int(5, 10);
      if (index === 2 + sencoPupilsWanted) age = 17;
      const sex = prng.chance(0.72) ? 'M' : 'F';
      const forename = prng.pick(sex === 'M' ? FORENAMES_MALE : FORENAMES_FEMALE);
      const surname = isParentsChild ? 'Ahmed' : prng.pick(SURNAMES);
      const dateOfBirth = addDays(addMonths(today, -12 * age), -prng.int(1, 360));
      const childId = prng.uuid();
      const caseworker = caseworkers[index % caseworkers.length] ?? caseworkers[0];
      rows.child.push({
        id: childId,
        laId,
        forename,
        surname,
        dateOfBirth,
        sex,
        ethnicity: prng.weighted(ETHNICITY_WEIGHTS),
        postcode: randomPostcode(prng),
        upn: age >= 5 && age <= 18 ? randomUpn(prng) : null,
        uln: age >= 16 ? String(prng.int(1_000_000_000, 9_999_999_999)) : null,
        upnUnknownReason: age < 5 ? 'UN1' : null,
        caseworkerId: caseworker?.id,
        teamId: age >= 16 ? teams[2]?.id : teams[index % 2]?.id,
      });
      if (index === 2 + sencoPupilsWanted) youngPerson = { childId, name: `${forename} ${surname}` };

      // Family: the demo parent for the first two; otherwise one or two carers.
      const carerSurname = prng.chance(0.85) ? surname : prng.pick(SURNAMES);
      if (isParentsChild) {
        rows.family.push({ id: prng.uuid(), laId, childId, userId: parent.id, name: parent.displayName, relationship: 'Mother', hasParentalResponsibility: true });
      } else {
        rows.family.push({
          id: prng.uuid(),
          laId,
          childId,
          name: `${prng.pick(FORENAMES_FEMALE)} ${carerSurname}`,
          relationship: prng.weighted({ Mother: 80, Carer: 8, Grandparent: 6, 'Foster carer': 6 }),
          hasParentalResponsibility: true,
        });
      }
      if (prng.chance(0.45)) {
        rows.family.push({ id: prng.uuid(), laId, childId, name: `${prng.pick(FORENAMES_MALE)} ${surname}`, relationship: 'Father', hasParentalResponsibility: prng.chance(0.9) });
      }

      // Placement.
      let choice = prng.weighted(placementWeights(age));
      if (isParentsChild || isSencoPupil) choice = 'mainstream_la_maintained';
      let placed: SettingRow | undefined;
      let senSettingCode: string | null = null;
      let resourced = false;
      if (choice === 'OLA' || choice === 'OPA' || choice === 'EHE' || choice === 'NEET' || choice === 'NIEO' || choice === 'EYP') {
        senSettingCode = choice;
      } else {
        const phase = age < 4 ? 'early_years' : age <= 10 ? 'primary' : age <= 15 ? 'secondary' : 'post16';
        const wantedTypes: SettingType[] = choice === 'resourced_provision' ? ['mainstream_la_maintained', 'mainstream_academy'] : [choice];
        let candidates = byType(wantedTypes, phase === 'post16' && wantedTypes.some((type) => type.startsWith('mainstream')) ? 'secondary' : phase);
        if (choice === 'resourced_provision') candidates = candidates.filter((row) => row.hasResourcedProvision || row.hasSenUnit);
        if (candidates.length === 0) candidates = byType(wantedTypes);
        placed = isSencoPupil || index === 0 ? sencoSchool : candidates.length ? prng.pick(candidates) : undefined;
        resourced = choice === 'resourced_provision' && placed !== undefined && (placed.hasResourcedProvision || placed.hasSenUnit);
        if (!placed) senSettingCode = 'NIEO';
      }
      const placementStart = addDays(today, -prng.int(30, 365 * Math.max(1, Math.min(age - 2, 6))));
      if (prng.chance(0.1) && placed) {
        // An earlier placement that ended when this one began.
        const earlier = prng.pick(settings);
        rows.placement.push({
          id: prng.uuid(),
          laId,
          childId,
          settingId: earlier.id,
          rank: 1,
          startDate: addDays(placementStart, -prng.int(200, 900)),
          endDate: addDays(placementStart, -1),
          senUnit: false,
          resourcedProvision: false,
          annualCostPence: variedCost(prng, INDICATIVE_ANNUAL_COST_PENCE[earlier.settingType]),
        });
      }
      rows.education.push(
        ...demoEducationArrangements(educationPrng, {
          laId,
          childId,
          age,
          settingType: placed?.settingType ?? null,
          senSettingCode,
          recordedBy: caseworker?.id ?? '',
          today,
          demoPartTime: index === 1,
        }),
      );
      const costKey = resourced ? 'resourced_provision' : placed ? placed.settingType : (senSettingCode ?? '');
      rows.placement.push({
        id: prng.uuid(),
        laId,
        childId,
        settingId: placed?.id ?? null,
        senSettingCode,
        rank: 1,
        startDate: dateOfBirth > placementStart ? addDays(dateOfBirth, 365 * 2) : placementStart,
        endDate: null,
        senUnit: resourced && placed?.hasSenUnit === true,
        resourcedProvision: resourced && placed?.hasResourcedProvision === true && !placed.hasSenUnit,
        annualCostPence: variedCost(prng, INDICATIVE_ANNUAL_COST_PENCE[costKey]),
      });

      // The plan: first issued after the child's second birthday, reviewed yearly (some overdue).
      const earliestIssue = addMonths(dateOfBirth, 24);
      const latestIssue = addDays(today, -30);
      const span = Math.max(0, daysBetween(earliestIssue, latestIssue));
      const firstIssued = addDays(latestIssue, -prng.int(0, Math.min(span, 365 * 10)));
      const yearsInForce = Math.floor(daysBetween(firstIssued, today) / 365);
      let lastReview: IsoDate | null = null;
      if (yearsInForce >= 1) {
        const reviewsHeld = prng.chance(0.15) ? yearsInForce - 1 : yearsInForce;
        if (reviewsHeld >= 1) lastReview = addDays(addMonths(firstIssued, 12 * reviewsHeld), -prng.int(0, 40));
      }
      const planId = prng.uuid();
      const versionCount = 1 + (lastReview ? prng.int(0, Math.min(2, yearsInForce)) : 0);
      const versionIds = Array.from({ length: versionCount }, () => prng.uuid());
      const currentVersionId = versionIds.at(-1) ?? '';
      rows.plan.push({
        id: planId,
        laId,
        childId,
        status: 'active',
        firstIssuedDate: firstIssued,
        lastReviewDate: lastReview,
        nextReviewDue: annualReviewDeadline(lastReview ?? firstIssued),
        currentVersionId,
      });

      const primaryNeed: SenType = prng.weighted(PRIMARY_NEED_COUNTS);
      let secondaryNeed: SenType | null = prng.chance(0.45) ? prng.weighted(PRIMARY_NEED_COUNTS) : null;
      if (secondaryNeed === primaryNeed) secondaryNeed = null;

      versionIds.forEach((versionId, versionIndex) => {
        const current = versionId === currentVersionId;
        const issuedDate = versionIndex === 0 ? firstIssued : addDays(addMonths(firstIssued, 12 * versionIndex), prng.int(20, 70));
        rows.version.push({
          id: versionId,
          laId,
          planId,
          versionNumber: versionIndex + 1,
          kind: versionIndex === 0 ? 'final' : 'amended',
          status: 'draft',
          issuedDate: issuedDate > today ? today : issuedDate,
          issuedBy: caseworker?.id,
        });
        (current ? issuedVersionIds : supersededVersionIds).push(versionId);
        rows.need.push({ id: prng.uuid(), laId, planVersionId: versionId, senType: primaryNeed, rank: 1, description: NEED_DESCRIPTIONS[primaryNeed] });
        if (!current) return;
        if (secondaryNeed) rows.need.push({ id: prng.uuid(), laId, planVersionId: versionId, senType: secondaryNeed, rank: 2, description: NEED_DESCRIPTIONS[secondaryNeed] });

        const pronoun = sex === 'M' ? 'He' : 'She';
        const settingName = placed?.name ?? 'arrangements made by the local authority';
        const sections: [string, string][] = [
          [
            'A',
            `${forename} enjoys ${prng.pick(INTERESTS)}. ${pronoun} would like to ${prng.pick(age >= 14 ? ASPIRATIONS_YOUNG_PERSON : ASPIRATIONS_CHILD)}. ${forename}'s family want ${sex === 'M' ? 'him' : 'her'} to be happy, safe and understood at ${settingName}.`,
          ],
          [
            'C',
            prng.chance(0.5)
              ? `${forename} is known to the community paediatrician. ${primaryNeed === 'PD' || primaryNeed === 'PMLD' ? 'Has an individual health care plan for medication and positioning.' : 'No other health needs relate to their special educational needs.'}`
              : 'No health care needs relating to special educational needs were identified.',
          ],
          [
            'D',
            prng.chance(0.25)
              ? `The family receive short breaks. ${forename}'s carer has had a carer's assessment.`
              : 'No social care needs relating to special educational needs or disability were identified.',
          ],
          ['I', placed ? `${placed.name} (${placed.settingType.replaceAll('_', ' ')}).` : `No school is named: ${senSettingCode ?? 'other arrangements'}.`],
          ['J', prng.chance(0.08) ? 'A personal budget of £2,400 a year, paid as a direct payment for short breaks.' : 'No personal budget has been requested.'],
          ['K', `Advice from: parent or carer; ${age < 5 ? 'early years setting' : 'head teacher'}; educational psychologist; community paediatrician; social care.`],
        ];
        for (const [code, content] of sections) rows.section.push({ laId, planVersionId: versionId, section: code, content });

        const areas = new Set<string>([
          primaryNeed === 'SEMH'
            ? OUTCOME_AREAS.WELLBEING
            : ['ASD', 'SLCN'].includes(primaryNeed)
              ? OUTCOME_AREAS.COMMUNICATION
              : ['PD', 'HI', 'VI', 'MSI'].includes(primaryNeed)
                ? OUTCOME_AREAS.PHYSICAL
                : OUTCOME_AREAS.LEARNING,
          OUTCOME_AREAS.LEARNING,
          OUTCOME_AREAS.WELLBEING,
        ]);
        if (age >= 14) areas.add(OUTCOME_AREAS.INDEPENDENCE);
        if (prng.chance(0.4)) areas.add(OUTCOME_AREAS.PHYSICAL);
        const outcomeIdsByArea = new Map<string, string[]>();
        let position = 0;
        for (const area of areas) {
          position += 1;
          const outcomeId = prng.uuid();
          outcomeIdsByArea.set(area, [outcomeId]);
          rows.outcome.push({
            id: outcomeId,
            laId,
            planVersionId: versionId,
            position,
            area,
            description: prng.pick(OUTCOME_TEXT[area] ?? ['Will make progress towards their goals.']),
            targetDate: toIsoDate(new Date(Date.UTC(Number(today.slice(0, 4)) + 1, 6, 20))),
          });
        }

        const templates: ProvisionTemplate[] = [...PROVISION_BY_NEED[primaryNeed].slice(0, prng.int(3, 4))];
        if (secondaryNeed) {
          const extra = PROVISION_BY_NEED[secondaryNeed].find((template) => !templates.includes(template));
          if (extra) templates.push(extra);
        }
        if (age >= 14) templates.push(prng.pick(ADULTHOOD_PROVISION));
        templates.forEach((template, templateIndex) => {
          const itemId = prng.uuid();
          rows.provision.push({
            id: itemId,
            laId,
            planVersionId: versionId,
            section: template.section,
            position: templateIndex + 1,
            description: template.description,
            providerKind: template.providerKind,
            organisationId: template.organisation ? organisations[template.organisation].id : null,
            sessionsPerPeriod: template.sessionsPerPeriod,
            minutesPerSession: template.minutesPerSession,
            period: template.period,
            groupSize: template.groupSize,
            termTimeOnly: template.termTimeOnly ?? true,
            provisionType: template.provisionType,
            fundingSource: template.fundingSource,
            annualCostPence: template.annualCostPounds === null ? null : template.annualCostPounds * 100,
            unitCostPence: template.unitCost ? template.unitCost.pounds * 100 : null,
            costUnit: template.unitCost?.unit ?? null,
          });
          const served = template.serves.flatMap((area) => outcomeIdsByArea.get(area) ?? []);
          for (const outcomeId of served.length ? served : [...outcomeIdsByArea.values()].flat().slice(0, 1)) {
            rows.link.push({ provisionItemId: itemId, outcomeId });
          }
          // The demo therapist works with children whose plan names the NHS trust for speech and language therapy.
          if (template.organisation === 'nhs' && template.description.startsWith('Speech') && therapistAssignments < 30) {
            therapistAssignments += 1;
            rows.assignment.push({ id: prng.uuid(), laId, childId, userId: therapist.id, involvement: 'Speech and language therapy', startDate: placementStart < today ? placementStart : today });
          }
        });
      });
    }

    await db.transaction(async (tx) => {
      await insertInBatches(tx, child, rows.child);
      await insertInBatches(tx, familyLink, rows.family);
      await insertInBatches(tx, placement, rows.placement);
      await insertInBatches(tx, ehcPlan, rows.plan);
      await insertInBatches(tx, planVersion, rows.version);
      await insertInBatches(tx, planSection, rows.section);
      await insertInBatches(tx, planNeed, rows.need);
      await insertInBatches(tx, planOutcome, rows.outcome);
      await insertInBatches(tx, provisionItem, rows.provision);
      await insertInBatches(tx, provisionOutcome, rows.link);
      await insertInBatches(tx, professionalAssignment, rows.assignment);
      await insertInBatches(tx, educationArrangement, rows.education);
      // Issued last: once issued, a version's content is frozen by the database.
      for (let start = 0; start < issuedVersionIds.length; start += 5000) {
        await tx
          .update(planVersion)
          .set({ status: 'issued' })
          .where(inArray(planVersion.id, issuedVersionIds.slice(start, start + 5000)));
      }
      for (let start = 0; start < supersededVersionIds.length; start += 5000) {
        await tx
          .update(planVersion)
          .set({ status: 'superseded' })
          .where(inArray(planVersion.id, supersededVersionIds.slice(start, start + 5000)));
      }
    });
  }

  const demoUsers: DemoUser[] = users
    .filter((user) => !user.email.startsWith('caseworker.'))
    .map((user) => ({ email: user.email, password: DEMO_PASSWORD, role: user.role, displayName: user.displayName }));
  if (youngPerson) {
    const email = demoEmail('young_person', domain);
    await db.insert(appUser).values({ id: prng.uuid(), laId, email, displayName: youngPerson.name, role: 'young_person', passwordHash, childId: youngPerson.childId });
    demoUsers.push({ email, password: DEMO_PASSWORD, role: 'young_person', displayName: youngPerson.name });
  }
  await seedDemoDocuments(db, { laId, seed: `${String(options.seed ?? 1)}:${la.dfeCode}`, uploadedBy: caseworkers[0]?.id ?? '', today });
  await seedTimeline(db, { laId, seed: `${String(options.seed ?? 1)}:${la.dfeCode}`, parentUserId: parent.id, now: clock.now() });
  // After the timeline, which amendPlan writes to itself; before the delivery history, which records against the line in force each week.
  await seedDemoAmendments(db, { laId, today, caseworkerId: caseworkers[0]?.id ?? '', parentUserId: parent.id, clock });
  // After the amendments: a plan with a draft open is amended only through its draft.
  await seedDemoPlanDrafts(db, { laId, today, caseworkerId: caseworkers[0]?.id ?? '', parentUserId: parent.id });
  await seedDemoMessages(db, { laId, seed: `${String(options.seed ?? 1)}:${la.dfeCode}`, today, emailDomain: domain, now: clock.now() });
  await seedResourceBases(db, { laId, seed: `${String(options.seed ?? 1)}:${la.dfeCode}`, today, parentUserId: parent.id });
  // After the resource bases, which set the placements' resourced-provision and SEN-unit flags the funding follows.
  await seedFunding(db, { laId, seed: `${String(options.seed ?? 1)}:${la.dfeCode}`, today });
  if (options.deliveryHistory ?? true) await seedDeliveryHistory(db, { laId, seed: `${String(options.seed ?? 1)}:${la.dfeCode}`, today, recordedBy: caseworkers[0]?.id ?? '' });
  // After the delivery history: a review's meeting freezes the ledger as it stood that day.
  await seedDemoReviews(db, {
    laId,
    seed: `${String(options.seed ?? 1)}:${la.dfeCode}`,
    today,
    caseworkerId: caseworkers[0]?.id ?? '',
    parentUserId: parent.id,
    sencoUserId: users.find((user) => user.role === 'school_senco')?.id ?? null,
  });
  // After the workflow's reviews: every other plan gets its last review and, when due, the next one being arranged.
  await seedReviewHistory(db, { laId, seed: `${String(options.seed ?? 1)}:${la.dfeCode}`, today, officerId: caseworkers[0]?.id ?? '' });
  // Last: it scores this term's reviews from everything above and confirms the plan's top proposals.
  await seedReviewTargeting(db, { laId, seed: `${String(options.seed ?? 1)}:${la.dfeCode}`, today, clock });
  // Fresh statistics for the planner: PGlite has no autovacuum to gather them, and without them
  // the caseload query plans as if the tables were empty.
  await db.execute(sql`analyze`);
  return {
    laId,
    dfeCode: la.dfeCode,
    name: la.name,
    counts: { children: options.plans, settings: settings.length, users: users.length + (youngPerson ? 1 : 0) },
    users: demoUsers,
  };
}
