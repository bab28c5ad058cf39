import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvent, child, concernStep, ehcPlan, familyLink, provisionConcern, provisionItem } from '../../src/db/schema/index.js';
import { paths } from '../../src/http/paths.js';
import { createTestApp, demoUser, signedInAs, type TestApp } from '../helpers/app.js';
import { testEngine } from '../helpers/database.js';

describe(`provision concerns raised by a family and worked up the ladder (${testEngine})`, () => {
  let t: TestApp;
  let childId: string;
  let otherChildId: string;
  let nhsItemId: string;
  let concernUrl: string;

  beforeAll(async () => {
    t = await createTestApp({ plans: 30 });
    const parent = demoUser(t.demo, 'parent');
    const senco = demoUser(t.demo, 'school_senco');
    // The parent's child who is at the SENCO's school and has NHS-delivered provision.
    const [row] = await t.database.db
      .select({ childId: familyLink.childId, itemId: provisionItem.id })
      .from(familyLink)
      .innerJoin(ehcPlan, and(eq(ehcPlan.childId, familyLink.childId), eq(ehcPlan.status, 'active')))
      .innerJoin(provisionItem, and(eq(provisionItem.planVersionId, ehcPlan.currentVersionId), eq(provisionItem.providerKind, 'nhs')))
      .where(
        sql`${familyLink.userId} = (select id from app_user where email = ${parent.email})
            and exists (select 1 from placement p where p.child_id = ${familyLink.childId} and p.end_date is null
                        and p.setting_id = (select setting_id from app_user where email = ${senco.email}))`,
      )
      .limit(1);
    childId = row?.childId ?? '';
    nhsItemId = row?.itemId ?? '';
    expect(nhsItemId).not.toBe('');
    const [other] = await t.database.db
      .select({ id: child.id })
      .from(child)
      .where(sql`${child.id} not in (select child_id from family_link where user_id = (select id from app_user where email = ${parent.email}))`)
      .limit(1);
    otherChildId = other?.id ?? '';
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets a parent say provision is not happening; the caseworker owns it with a due date', async () => {
    const parent = await signedInAs(t.app, t.demo, 'parent');
    const form = await parent.get(paths.concerns.raise({ childId }));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Tell us provision is not happening');

    const empty = await parent.post(paths.concerns.raise({ childId }), { itemId: nhsItemId, description: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Say what is happening');
    expect(await t.database.db.select().from(provisionConcern).where(eq(provisionConcern.childId, childId))).toHaveLength(0);

    const sent = await parent.post(paths.concerns.raise({ childId }), { itemId: nhsItemId, description: 'No speech therapy since half term: the therapist has left.' });
    expect(sent.statusCode).toBe(303);
    concernUrl = String(sent.headers.location).replace('?raised=1', '');
    const page = await parent.get(String(sent.headers.location));
    expect(page.body).toContain('The concern has been raised and sent to the caseworker.');
    expect(page.body).toContain('No speech therapy since half term');
    // The family cannot work the concern: no step form.
    expect(page.body).not.toContain('Record a step');

    const [concern] = await t.database.db.select().from(provisionConcern).where(eq(provisionConcern.childId, childId));
    expect(concern).toMatchObject({ kind: 'parent_raised', level: 'caseworker', status: 'open', provisionItemId: nhsItemId });
    const audit = await t.database.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.childId, childId), eq(auditEvent.action, 'RAISE_PROVISION_CONCERN')));
    expect(audit).toHaveLength(1);
  });

  it('shows the concern on the LA list; a step without its note is refused and nothing is saved', async () => {
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const list = await caseworker.get(paths.concerns.list());
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(concernUrl);

    await caseworker.get(concernUrl);
    const refused = await caseworker.post(`${concernUrl}/steps`, { action: 'action_agreed', note: '' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Say what action was agreed, including any make-up provision');
    const steps = await t.database.db.select().from(concernStep).innerJoin(provisionConcern, eq(provisionConcern.id, concernStep.concernId)).where(eq(provisionConcern.childId, childId));
    expect(steps).toHaveLength(1);
  });

  it('records contact, agreed make-up provision and an escalation, each attributed and seen by the parent', async () => {
    const caseworker = await signedInAs(t.app, t.demo, 'sen_caseworker');
    await caseworker.get(concernUrl);
    expect((await caseworker.post(`${concernUrl}/steps`, { action: 'contacted_provider', note: 'Spoke to the NHS trust SALT lead.' })).statusCode).toBe(303);
    expect((await caseworker.post(`${concernUrl}/steps`, { action: 'action_agreed', note: 'Locum therapist from 1 December; 6 make-up sessions this term.' })).statusCode).toBe(303);
    expect((await caseworker.post(`${concernUrl}/steps`, { action: 'escalated', note: 'Locum start not confirmed.' })).statusCode).toBe(303);
    const [concern] = await t.database.db.select().from(provisionConcern).where(eq(provisionConcern.childId, childId));
    expect(concern?.level).toBe('team_manager');

    const parent = await signedInAs(t.app, t.demo, 'parent');
    const page = await parent.get(concernUrl);
    expect(page.body).toContain('6 make-up sessions this term');
    expect(page.body).toContain('Escalated to the SEN team manager');
    const timeline = await parent.get(paths.child.timeline({ childId }));
    expect(timeline.body).toContain('Provision concern: Action agreed');
  });

  it('keeps a concern about NHS therapy from the school, and concerns from other families', async () => {
    const senco = await signedInAs(t.app, t.demo, 'school_senco');
    expect((await senco.get(concernUrl)).statusCode).toBe(404);
    expect((await senco.get(paths.concerns.list())).statusCode).toBe(403);
    const provisionTab = await senco.get(paths.child.provision({ childId }));
    expect(provisionTab.body).not.toContain(concernUrl);

    const parent = await signedInAs(t.app, t.demo, 'parent');
    expect((await parent.get(paths.concerns.list())).statusCode).toBe(403);
    expect((await parent.get(paths.concerns.raise({ childId: otherChildId }))).statusCode).toBe(404);
    const stepByParent = await parent.post(`${concernUrl}/steps`, { action: 'resolved', note: 'fine' });
    expect(stepByParent.statusCode).toBe(403);
  });

  it('resolves the concern; a resolved concern takes no more steps', async () => {
    const manager = await signedInAs(t.app, t.demo, 'sen_team_manager');
    await manager.get(concernUrl);
    expect((await manager.post(`${concernUrl}/steps`, { action: 'resolved', note: 'Locum in post; make-up sessions delivered.' })).statusCode).toBe(303);
    const again = await manager.post(`${concernUrl}/steps`, { action: 'contacted_parent', note: '' });
    expect(again.statusCode).toBe(400);
    const [concern] = await t.database.db.select().from(provisionConcern).where(eq(provisionConcern.childId, childId));
    expect(concern?.status).toBe('resolved');
  });
});
