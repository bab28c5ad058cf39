import { randomUUID } from 'node:crypto';
import { ehcPlan, type provisionItem } from '../../src/db/schema/index.js';
import { addMonths } from '../../src/domain/dates.js';
import { todayInLondon } from '../../src/domain/formatting.js';
import type { SenType } from '../../src/domain/plans.js';
import { annualReviewDeadline } from '../../src/domain/reviews.js';
import { issueVersion } from '../../src/modules/plans/repository.js';
import { addTimelineEntries } from '../../src/modules/timeline/repository.js';
import { idOf, type Ref, type TestLa } from './core.js';

type ItemRow = typeof provisionItem.$inferInsert;
export type ProvisionLine = Partial<Omit<ItemRow, 'id' | 'laId' | 'planVersionId' | 'position'>>;

/** What the school gives: three 30-minute sessions a week, which a SENCO may record against. */
export const SCHOOL_SESSIONS: ProvisionLine = {
  section: 'F',
  description: 'Small-group literacy support with a teaching assistant',
  providerKind: 'school',
  sessionsPerPeriod: 3,
  minutesPerSession: 30,
  period: 'week',
  groupSize: 'Small group',
  provisionType: 'teaching_assistant',
  fundingSource: 'notional_sen',
};

/** Therapy from an organisation: a professional of that organisation may record against it. */
export function therapyFrom(organisation: Ref, overrides: ProvisionLine = {}): ProvisionLine {
  return {
    section: 'F',
    description: 'Speech and language therapy, direct 1:1 sessions with a speech and language therapist',
    providerKind: 'nhs',
    organisationId: idOf(organisation),
    sessionsPerPeriod: 1,
    minutesPerSession: 45,
    period: 'week',
    groupSize: '1:1',
    provisionType: 'speech_and_language_therapy',
    fundingSource: 'nhs',
    ...overrides,
  };
}

export interface PlanOptions {
  /** Issued six months ago unless told: long enough for last week's sessions to be owed. */
  issuedDate?: string;
  primaryNeed?: SenType;
  /** The lines of sections F, G and H, in order; one line of school sessions unless told. */
  provision?: ProvisionLine[];
  issuedBy?: Ref;
}

export interface TestPlan {
  planId: string;
  versionId: string;
  outcomeId: string;
  issuedDate: string;
  /** The ids of the provision lines, in the order given. */
  itemIds: string[];
}

/**
 * An EHC plan in force for a child: one issued final version with sections A and I, a primary
 * need, an outcome and the provision lines given, each serving the outcome, and its entry on the
 * family's timeline. Written through the
 * plans repository's issueVersion, the same path an amendment takes, so the database's freeze on
 * issued content applies exactly as in the app.
 */
export async function aPlanWithProvision(la: TestLa, childRef: Ref, options: PlanOptions = {}): Promise<TestPlan> {
  const { laId, db } = la;
  const issuedDate = options.issuedDate ?? addMonths(todayInLondon(new Date()), -6);
  const lines = options.provision ?? [SCHOOL_SESSIONS];
  const planId = randomUUID();
  const versionId = randomUUID();
  const outcomeId = randomUUID();
  const positions = new Map<string, number>();
  const items = lines.map((line) => {
    const section = line.section ?? 'F';
    const position = (positions.get(section) ?? 0) + 1;
    positions.set(section, position);
    const description = line.description ?? SCHOOL_SESSIONS.description ?? 'Support in class';
    const providerKind = line.providerKind ?? SCHOOL_SESSIONS.providerKind ?? 'school';
    return { ...SCHOOL_SESSIONS, ...line, section, description, providerKind, position, id: randomUUID(), laId, planVersionId: versionId };
  });
  await db.transaction(async (tx) => {
    await tx.insert(ehcPlan).values({ id: planId, laId, childId: idOf(childRef), status: 'active', firstIssuedDate: issuedDate, nextReviewDue: annualReviewDeadline(issuedDate) });
    // A first version replaces nothing: the id it "supersedes" is one no version has.
    await issueVersion(tx, planId, randomUUID(), {
      version: { id: versionId, laId, planId, versionNumber: 1, kind: 'final', issuedDate, issuedBy: options.issuedBy ? idOf(options.issuedBy) : null },
      sections: [
        { laId, planVersionId: versionId, section: 'A', content: 'Enjoys drawing and football, and would like to be a vet.' },
        { laId, planVersionId: versionId, section: 'I', content: 'The school named in the plan.' },
      ],
      needs: [{ laId, planVersionId: versionId, senType: options.primaryNeed ?? 'SLCN', rank: 1, description: 'Needs help to understand and use language.' }],
      outcomes: [{ id: outcomeId, laId, planVersionId: versionId, position: 1, area: 'Communication and interaction', description: 'Will take part in class discussions.' }],
      items,
      links: items.map((item) => ({ provisionItemId: item.id, outcomeId })),
    });
    // As the demo shows an issued plan: on the family's timeline, on the day it was issued.
    const issuedBy = options.issuedBy ? idOf(options.issuedBy) : null;
    await addTimelineEntries(tx, [
      {
        laId,
        childId: idOf(childRef),
        occurredAt: new Date(`${issuedDate}T12:00:00Z`),
        kind: 'plan_issued',
        title: 'Final plan issued (version 1)',
        audience: 'family',
        authorUserId: issuedBy,
        authorRole: issuedBy ? 'sen_caseworker' : null,
        sourceType: 'plan_version',
        sourceId: versionId,
      },
    ]);
  });
  return { planId, versionId, outcomeId, issuedDate, itemIds: items.map((item) => item.id) };
}
