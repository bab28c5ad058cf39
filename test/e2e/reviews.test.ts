import { and, eq, sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appUser, ehcPlan, familyLink, review } from '../../src/db/schema/index.js';
import { paths } from '../../src/http/paths.js';
import { checkPage, demoSite } from './site.js';

let childId = '';

const site = demoSite({
  plans: 40,
  deliveryHistory: true,
  // The demo parent's child at the SENCO's school, with outcomes to rate; a review the seed left open is set aside.
  async prepare(t) {
    const email = (role: string) => t.demo.users.find((user) => user.role === role)?.email ?? '';
    const [row] = await t.database.db
      .select({ childId: familyLink.childId })
      .from(familyLink)
      .innerJoin(appUser, eq(appUser.id, familyLink.userId))
      .innerJoin(ehcPlan, and(eq(ehcPlan.childId, familyLink.childId), eq(ehcPlan.status, 'active')))
      .where(
        sql`${appUser.email} = ${email('parent')}
          and exists (select 1 from placement p where p.child_id = ${familyLink.childId} and p.end_date is null and p.setting_id = (select setting_id from app_user where email = ${email('school_senco')}))
          and exists (select 1 from plan_outcome o where o.plan_version_id = ${ehcPlan.currentVersionId})`,
      )
      .limit(1);
    childId = row?.childId ?? '';
    await t.database.db
      .update(review)
      .set({ stage: 'cancelled' })
      .where(and(eq(review.childId, childId), sql`${review.stage} not in ('closed', 'cancelled')`));
  },
});

/** Clicks a button and waits for the page it leads to, then checks that page. */
async function submit(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name }).click()]);
  await page.waitForLoadState('load');
  await checkPage(page);
}

async function fillDate(page: Page, name: string, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-');
  await page.locator(`#${name}-day`).fill(String(Number(day)));
  await page.locator(`#${name}-month`).fill(String(Number(month)));
  await page.locator(`#${name}-year`).fill(year ?? '');
}

describe('a review from invitation to decision, as the caseworker, the SENCO and the parent', () => {
  it('runs the whole review, each page accessible', async () => {
    expect(childId).not.toBe('');
    const today = site.t.clock.today();
    const caseworker = await site.signedInPage('sen_caseworker');
    await site.visit(caseworker, paths.reviews.calendar());
    await site.visit(caseworker, paths.child.reviews({ childId }));
    await caseworker.getByRole('button', { name: 'Arrange a review' }).click();
    await caseworker.waitForLoadState('load');
    await checkPage(caseworker);
    // Refused first: the error summary is accessible too.
    await submit(caseworker, 'Arrange review');
    expect(await caseworker.locator('.govuk-error-summary').count()).toBe(1);
    await fillDate(caseworker, 'meetingDate', today);
    await caseworker.getByLabel('Where').fill('The school meeting room');
    await submit(caseworker, 'Arrange review');
    await expect.poll(() => caseworker.getByText('The review has been arranged.').count()).toBe(1);
    const reviewUrl = new URL(caseworker.url()).pathname;

    await caseworker.getByRole('link', { name: 'Send the invitations' }).click();
    await caseworker.waitForLoadState('load');
    await checkPage(caseworker);
    await submit(caseworker, 'Send invitations');
    await expect.poll(() => caseworker.getByText('The invitations have been sent.').count()).toBe(1);

    const senco = await site.signedInPage('school_senco');
    await site.visit(senco, reviewUrl);
    await senco.getByRole('button', { name: 'Add views or advice' }).click();
    await senco.waitForLoadState('load');
    await checkPage(senco);
    await senco.getByLabel('Report from the school or setting').check();
    await senco.getByLabel('Views or advice').fill('Attendance 95%. Reading has moved on two book bands; lunchtimes are still hard.');
    await submit(senco, 'Add to the review');
    await expect.poll(() => senco.getByText('What you wrote has been added to the review.').count()).toBe(1);

    const parent = await site.signedInPage('parent');
    await site.visit(parent, reviewUrl);
    await parent.getByRole('button', { name: 'Add your views' }).click();
    await parent.waitForLoadState('load');
    await checkPage(parent);
    await parent.getByLabel('Views of the parent or carer').check();
    await parent.getByLabel('Your views').fill('She is happier this year. We want the speech therapy to happen every week as the plan says.');
    await submit(parent, 'Send');
    await expect.poll(() => parent.getByText('What you wrote has been added to the review.').count()).toBe(1);

    await site.visit(caseworker, reviewUrl);
    await caseworker.getByRole('link', { name: 'Hold the meeting' }).click();
    await caseworker.waitForLoadState('load');
    await checkPage(caseworker);
    for (const radio of await caseworker.locator('input[type="radio"][name^="attended-"][value="in_person"]').all()) await radio.check();
    for (const radio of await caseworker.locator('input[type="radio"][name^="rating-"][value="3"]').all()) await radio.check();
    for (const box of await caseworker.locator('textarea[name^="evidence-"]').all()) await box.fill('Teacher assessment this term');
    await caseworker.getByLabel('Recommendations').fill('Keep the plan; the school to send a termly update to the family.');
    await submit(caseworker, 'Save the meeting');
    await expect.poll(() => caseworker.getByText('The meeting has been recorded').count()).toBe(1);

    await site.visit(caseworker, paths.reviews.report({ childId, reviewId: reviewUrl.split('/').at(-1) ?? '' }));
    await submit(caseworker, 'Send the report to everyone invited');
    await expect.poll(() => caseworker.getByText('The report has been sent to everyone invited.').count()).toBe(1);

    await caseworker.getByRole('link', { name: /Decide whether to keep, change or stop the plan/ }).click();
    await caseworker.waitForLoadState('load');
    await checkPage(caseworker);
    await caseworker.getByLabel('Keep the plan as it is').check();
    await caseworker.getByLabel('Reasons').fill('Good progress towards every outcome; the support in the plan is right.');
    await submit(caseworker, 'Record decision');
    await expect.poll(() => caseworker.getByText('The decision has been recorded').count()).toBe(1);

    await site.visit(parent, `${reviewUrl}/report`);
    expect(await parent.getByText('The plan stays as it is.').count()).toBeGreaterThan(0);
    expect(await parent.getByText('Keep the plan; the school to send a termly update to the family.').count()).toBe(1);
  });
});
