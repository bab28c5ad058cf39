import { and, asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { appUser, ehcPlan, familyLink, planVersion } from '../../src/db/schema/index.js';
import { paths } from '../../src/http/paths.js';
import { demoUser } from '../helpers/app.js';
import { demoSite } from './site.js';

const site = demoSite({ plans: 30 });

/** A child of the demo LA with a plan in force, no draft, and not the demo parent's. */
async function childToAmend(): Promise<string> {
  const { t } = site;
  const parent = demoUser(t.demo, 'parent');
  const [row] = await t.database.db
    .select({ childId: ehcPlan.childId })
    .from(ehcPlan)
    .where(
      and(
        eq(ehcPlan.laId, t.demo.laId),
        eq(ehcPlan.status, 'active'),
        sql`not exists (select 1 from plan_version d where d.plan_id = ${ehcPlan.id} and d.status = 'draft')`,
        sql`not exists (select 1 from ${familyLink} f join ${appUser} u on u.id = f.user_id where f.child_id = ${ehcPlan.childId} and u.email = ${parent.email})`,
      ),
    )
    .orderBy(asc(ehcPlan.childId))
    .limit(1);
  return row?.childId ?? '';
}

describe('the plan editor', () => {
  // Every page is checked with axe on a shared two-core machine: the journeys are given the time it takes.
  it('a caseworker drafts an amendment section by section and sends it to the family', { timeout: 400_000 }, async () => {
    const childId = await childToAmend();
    const caseworker = await site.signedInPage('sen_caseworker');
    caseworker.setDefaultTimeout(15_000);
    await site.visit(caseworker, paths.child.plan({ childId }));
    await caseworker.getByRole('link', { name: 'Amend the plan' }).click();
    await caseworker.waitForLoadState('load');
    await site.visit(caseworker, new URL(caseworker.url()).pathname);
    await caseworker.getByRole('button', { name: 'Start a draft amendment' }).click();
    await caseworker.waitForLoadState('load');
    const draftPath = new URL(caseworker.url()).pathname;
    expect(draftPath).toMatch(/\/plan\/drafts\/[0-9a-f-]{36}$/);
    await site.visit(caseworker, draftPath);

    // Section A, through the task list.
    await caseworker.locator('.govuk-task-list').getByRole('link', { name: 'A: Views, interests and aspirations' }).click();
    await caseworker.waitForLoadState('load');
    await site.visit(caseworker, new URL(caseworker.url()).pathname);
    await caseworker.getByLabel('Section A: Views, interests and aspirations').fill('Loves music and wants to join the school choir.');
    await caseworker.getByRole('button', { name: 'Save section' }).click();
    await caseworker.waitForLoadState('load');
    await expect.poll(() => caseworker.getByText('Your changes to the draft have been saved.').count()).toBe(1);

    // Needs and outcomes pages, checked.
    const versionId = /drafts\/([0-9a-f-]{36})/.exec(draftPath)?.[1] ?? '';
    await site.visit(caseworker, paths.planEditor.needs({ childId, versionId }));
    await site.visit(caseworker, paths.planEditor.outcomes({ childId, versionId }));
    // A bad date is refused with the error summary, and the page stays accessible.
    await caseworker.getByRole('group', { name: 'Add an outcome' }).getByLabel('Area of need or preparation for adulthood').fill('Independence');
    await caseworker.getByRole('group', { name: 'Add an outcome' }).getByLabel('Outcome', { exact: true }).fill('Will travel to school with a friend.');
    await caseworker.getByRole('group', { name: 'Add an outcome' }).getByLabel('Day').fill('31');
    await caseworker.getByRole('group', { name: 'Add an outcome' }).getByLabel('Month').fill('2');
    await caseworker.getByRole('group', { name: 'Add an outcome' }).getByLabel('Year').fill('2027');
    await caseworker.getByRole('button', { name: 'Save outcomes' }).click();
    await caseworker.waitForLoadState('load');
    await expect.poll(() => caseworker.locator('.govuk-error-summary').count()).toBe(1);
    await site.visit(caseworker, new URL(caseworker.url()).pathname);

    // A line of section F given vague words: saved, and flagged on the section's page.
    await site.visit(caseworker, paths.planEditor.provision({ childId, versionId, section: 'F' }));
    await caseworker.getByRole('link', { name: 'Change line 1' }).click();
    await caseworker.waitForLoadState('load');
    await site.visit(caseworker, new URL(caseworker.url()).pathname);
    await caseworker.getByLabel('What will be provided').fill('Regular access to a reading group');
    // Flagged as it is typed, before it is saved.
    await expect.poll(() => caseworker.locator('#vague-wording .govuk-warning-text', { hasText: '“Regular”' }).count()).toBe(1);
    await expect.poll(() => caseworker.locator('#vague-wording .govuk-warning-text', { hasText: '“access to”' }).count()).toBe(1);
    await caseworker.getByRole('button', { name: 'Save line' }).click();
    await caseworker.waitForLoadState('load');
    await site.visit(caseworker, new URL(caseworker.url()).pathname);
    await expect.poll(() => caseworker.locator('.govuk-warning-text', { hasText: '“Regular”' }).count()).toBe(1);
    await site.visit(caseworker, paths.planEditor.newLine({ childId, versionId, section: 'G' }));

    // Send it to the family.
    await site.visit(caseworker, paths.planEditor.propose({ childId, versionId }));
    await caseworker.getByRole('button', { name: 'Send the proposed changes' }).click();
    await caseworker.waitForLoadState('load');
    await expect.poll(() => caseworker.getByText('The proposed changes have been sent to the family.').count()).toBe(1);
    await site.visit(caseworker, new URL(caseworker.url()).pathname);
    // Too early to issue: the page says when it can be.
    await site.visit(caseworker, paths.planEditor.issue({ childId, versionId }));
    await expect.poll(() => caseworker.getByText(/can be issued from/).count()).toBe(1);
    await expect.poll(() => caseworker.getByRole('button', { name: 'Issue the amended plan' }).count()).toBe(0);
  });

  it('the parent reads the proposed changes to their child’s plan in plain words and comments', { timeout: 300_000 }, async () => {
    // The demo's proposed changes to their child's plan, from the Plan tab.
    const { t } = site;
    const [proposed] = await t.database.db
      .select({ childId: ehcPlan.childId, versionId: planVersion.id })
      .from(planVersion)
      .innerJoin(ehcPlan, eq(ehcPlan.id, planVersion.planId))
      .innerJoin(familyLink, eq(familyLink.childId, ehcPlan.childId))
      .innerJoin(appUser, eq(appUser.id, familyLink.userId))
      .where(and(eq(planVersion.laId, t.demo.laId), eq(planVersion.status, 'draft'), sql`${planVersion.proposedOn} is not null`, eq(appUser.email, demoUser(t.demo, 'parent').email)));
    const parent = await site.signedInPage('parent');
    parent.setDefaultTimeout(15_000);
    await site.visit(parent, paths.child.plan({ childId: proposed?.childId ?? '' }));
    await parent.getByRole('link', { name: 'See the proposed changes' }).click();
    await parent.waitForLoadState('load');
    await site.visit(parent, new URL(parent.url()).pathname);
    await expect.poll(() => parent.getByText('10 days left', { exact: false }).count()).toBeGreaterThan(0);
    await expect.poll(() => parent.locator('.govuk-tag', { hasText: 'Changed' }).count()).toBeGreaterThan(0);
    await expect.poll(() => parent.locator('.govuk-tag', { hasText: 'New' }).count()).toBeGreaterThan(0);
    await parent.getByLabel('Your comments on the proposed changes').fill('Could the quiet space be every lunchtime, please?');
    await parent.getByRole('button', { name: 'Send your comments' }).click();
    await parent.waitForLoadState('load');
    await expect.poll(() => parent.getByText('Your comments have been sent to the local authority.').count()).toBe(1);
    await site.visit(parent, new URL(parent.url()).pathname);
  });
});
