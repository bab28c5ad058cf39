import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/roles.js';
import { paths } from '../../src/http/paths.js';
import { demoSite } from './site.js';

const site = demoSite({ plans: 20 });

/**
 * Every list with MoJ Frontend's filter, with filters chosen: axe clean and GOV.UK Frontend
 * started (site.visit), the chosen filters shown as tags, and a tag followed without JavaScript
 * taking the filter off; then the filter applied through its own form.
 */
const LISTS: { role: Role; path: string; tag: string; field: { label: string; option: string } }[] = [
  { role: 'sen_caseworker', path: paths.caseload({ need: 'ASD', mine: true }), tag: 'Autistic spectrum disorder', field: { label: 'Primary need', option: 'SLCN' } },
  { role: 'sen_team_manager', path: paths.concerns.list({ level: 'caseworker', overdue: true }), tag: 'SEN caseworker', field: { label: 'Level', option: 'team_manager' } },
  { role: 'sen_caseworker', path: paths.tasks.tray({ source: 'review', overdue: true }), tag: 'Annual review', field: { label: 'From', option: 'concern' } },
  { role: 'la_admin', path: paths.admin.users({ role: 'parent', status: 'active' }), tag: 'Parent or carer', field: { label: 'Role', option: 'sen_caseworker' } },
];

describe('filtered lists use the MoJ filter without breaking the page or the no-JavaScript form', () => {
  it.each(LISTS)('$path as $role', async ({ role, path, tag, field }) => {
    const page = await site.signedInPage(role);
    expect((await site.visit(page, path))?.status()).toBe(200);
    const selected = page.locator('.moj-filter__selected');
    await expect.poll(() => selected.getByRole('link', { name: `Remove this filter ${tag}` }).count()).toBe(1);
    expect(await selected.getByRole('link', { name: 'Clear filters' }).count()).toBe(1);

    await selected.getByRole('link', { name: `Remove this filter ${tag}` }).click();
    await page.waitForLoadState('load');
    await expect
      .poll(() =>
        page
          .locator('.moj-filter__selected')
          .getByRole('link', { name: `Remove this filter ${tag}` })
          .count(),
      )
      .toBe(0);

    await page.getByLabel(field.label, { exact: true }).selectOption(field.option);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).search).toContain(`=${field.option}`);
    await site.visit(page, new URL(page.url()).pathname + new URL(page.url()).search);
    await page.context().close();
  });
});
