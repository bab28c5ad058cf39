import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { fixedClock } from '../clock.js';
import type { Database } from '../db/client.js';
import { ehcPlan, familyLink, planVersion } from '../db/schema/index.js';
import { addDays, type IsoDate } from '../domain/dates.js';
import { declaredAudit, type Actor } from '../http/actor.js';
import type { AuditAction } from '../modules/audit/actions.js';
import { findContent } from '../modules/plan-editor/repository.js';
import type { LineInput } from '../modules/plan-editor/schemas.js';
import { addLine, proposeAmendment, saveLine, saveNarrative, startAmendmentDraft } from '../modules/plan-editor/service.js';

/** How many days ago the demo's proposed changes were sent: the family still has ten days to comment. */
const PROPOSED_DAYS_AGO = 5;

/**
 * Two amendments in the plan editor, made through the editor's own service as a caseworker would:
 * one sent to the demo parent as proposed changes five days ago (A reworded, a weekly line given an
 * extra session, a vague line added so the flags show), and one still being drafted by the LA for
 * another child (a line reworded). The parent's child chosen is the one whose plan was issued most
 * recently, so the demo's amendments and the tests that amend the earliest one are left alone.
 * Runs after seedDemoAmendments: a plan with a draft open cannot be amended another way.
 */
export async function seedDemoPlanDrafts(db: Database, options: { laId: string; today: IsoDate; caseworkerId: string; parentUserId: string }): Promise<number> {
  const { laId, today } = options;
  const [proposedFor] = await db
    .select({ childId: ehcPlan.childId })
    .from(ehcPlan)
    .innerJoin(familyLink, and(eq(familyLink.childId, ehcPlan.childId), eq(familyLink.userId, options.parentUserId)))
    .innerJoin(planVersion, eq(planVersion.id, ehcPlan.currentVersionId))
    .where(and(eq(ehcPlan.laId, laId), eq(ehcPlan.status, 'active')))
    .orderBy(desc(planVersion.issuedDate), desc(ehcPlan.childId))
    .limit(1);
  const [inProgressFor] = await db
    .select({ childId: ehcPlan.childId })
    .from(ehcPlan)
    .where(and(eq(ehcPlan.laId, laId), eq(ehcPlan.status, 'active'), sql`not exists (select 1 from ${familyLink} f where f.child_id = ${ehcPlan.childId} and f.user_id = ${options.parentUserId})`))
    .orderBy(asc(ehcPlan.childId))
    .limit(1);
  const sentOn = addDays(today, -PROPOSED_DAYS_AGO);
  const actor = (action: AuditAction, day: IsoDate): Actor => ({
    principal: { userId: options.caseworkerId, laId, role: 'sen_caseworker', displayName: 'Demo seed', email: '', settingId: null, organisationId: null, childId: null },
    requestId: 'demo-seed',
    clock: fixedClock(`${day}T10:00:00Z`),
    audit: declaredAudit(action),
  });
  let drafts = 0;
  for (const [childId, propose] of [
    [proposedFor?.childId, true],
    [inProgressFor?.childId, false],
  ] as const) {
    if (!childId) continue;
    const day = propose ? addDays(sentOn, -2) : today;
    const { versionId } = await startAmendmentDraft(db, actor('START_PLAN_AMENDMENT', day), childId);
    const edit = actor('EDIT_PLAN_DRAFT', day);
    let version = 1;
    const content = await findContent(db, laId, versionId);
    const links = (lineId: string) => content.links.filter((link) => link.provisionItemId === lineId).map((link) => link.outcomeId);
    // A stored line's fields, as the line form gives them (the stored codes are the form's own).
    const fieldsOf = (line: (typeof content.provision)[number]) =>
      ({
        description: line.description,
        provisionType: line.provisionType,
        providerKind: line.providerKind,
        organisationId: line.organisationId,
        sessionsPerPeriod: line.sessionsPerPeriod,
        minutesPerSession: line.minutesPerSession,
        period: line.period,
        groupSize: line.groupSize,
        termTimeOnly: line.termTimeOnly,
        fundingSource: line.fundingSource,
        outcomeIds: links(line.id),
      }) as LineInput;
    const [first, ...rest] = content.provision;
    if (first) await saveLine(db, edit, childId, versionId, first.id, { ...fieldsOf(first), description: `${first.description}, reviewed with the family and the school` }, version++);
    if (!propose) {
      drafts += 1;
      continue;
    }
    const aspirations = content.sections.find((section) => section.section === 'A')?.content ?? '';
    await saveNarrative(db, edit, childId, versionId, 'A', { content: `${aspirations} Since the last review they have joined a lunchtime club and want to keep going.`.trim() }, version++);
    const weekly = rest.find((line) => line.period === 'week' && line.sessionsPerPeriod !== null);
    if (weekly) await saveLine(db, edit, childId, versionId, weekly.id, { ...fieldsOf(weekly), sessionsPerPeriod: (weekly.sessionsPerPeriod ?? 0) + 1 }, version++);
    const outcome = content.outcomes.at(-1);
    await addLine(
      db,
      edit,
      childId,
      versionId,
      'F',
      {
        description: 'Access to a quiet space at lunchtime when needed',
        provisionType: 'emotional_support',
        providerKind: 'school',
        organisationId: null,
        sessionsPerPeriod: null,
        minutesPerSession: null,
        period: null,
        groupSize: null,
        termTimeOnly: true,
        fundingSource: 'notional_sen',
        outcomeIds: outcome ? [outcome.id] : [],
      },
      version++,
    );
    await proposeAmendment(db, actor('PROPOSE_PLAN_AMENDMENT', sentOn), childId, versionId, version);
    drafts += 1;
  }
  return drafts;
}
