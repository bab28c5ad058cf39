import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/http/paths.js';
import { createTestApp, signedInAs, TEST_CLOCK, type TestApp } from '../helpers/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ plans: 20, deliveryHistory: false, clock: TEST_CLOCK });
});

afterAll(async () => {
  await t.close();
});

/** The hrefs of the MoJ filter's "remove this filter" tags, by their text. */
function filterTags(html: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const match of html.matchAll(/<a class="moj-filter__tag" href="([^"]*)"><span class="govuk-visually-hidden">Remove this filter<\/span>\s*([^<]+)<\/a>/g)) {
    tags[(match[2] ?? '').trim()] = (match[1] ?? '').replaceAll('&amp;', '&');
  }
  return tags;
}

const clearLink = (html: string) => /<a class="govuk-link govuk-link--no-visited-state" href="([^"]*)">Clear filters<\/a>/.exec(html)?.[1]?.replaceAll('&amp;', '&');

/** The filter's GET form: where it goes, and that it holds the component and its button. */
function filterForm(html: string) {
  const start = html.indexOf('<form method="get"');
  const form = html.slice(start, html.indexOf('</form>', start));
  return { action: /action="([^"]*)"/.exec(form)?.[1], hasComponent: form.includes('class="moj-filter"'), hasButton: /<button[^>]*data-testid="apply-filters"/.test(form) };
}

describe('filtered lists use the MoJ filter, with the chosen filters shown and a way to clear them', () => {
  it('the caseload: no filter chosen shows only the options; chosen filters are tags that each remove one, keeping the sort', async () => {
    const browser = await signedInAs(t.app, t.demo, 'sen_caseworker');
    const plain = await browser.get(paths.caseload());
    expect(plain.statusCode).toBe(200);
    expect(filterForm(plain.body)).toEqual({ action: paths.caseload(), hasComponent: true, hasButton: true });
    expect(plain.body).not.toContain('Selected filters');

    const filtered = await browser.get(paths.caseload({ q: 'Smith', need: 'ASD', review: 'overdue', mine: true, sort: 'review' }));
    expect(filtered.statusCode).toBe(200);
    expect(filtered.body).toContain('Selected filters');
    expect(filterTags(filtered.body)).toEqual({
      '“Smith”': paths.caseload({ need: 'ASD', review: 'overdue', mine: true, sort: 'review' }),
      'Autistic spectrum disorder': paths.caseload({ q: 'Smith', review: 'overdue', mine: true, sort: 'review' }),
      'Review overdue': paths.caseload({ q: 'Smith', need: 'ASD', mine: true, sort: 'review' }),
      'Only my caseload': paths.caseload({ q: 'Smith', need: 'ASD', review: 'overdue', sort: 'review' }),
    });
    expect(clearLink(filtered.body)).toBe(paths.caseload({ sort: 'review' }));
    // Every tag's link opens.
    for (const href of Object.values(filterTags(filtered.body))) expect((await browser.get(href)).statusCode).toBe(200);
  });

  it('/concerns: the level and the "show only" choices are tags under their headings, and Clear filters shows every open concern', async () => {
    const browser = await signedInAs(t.app, t.demo, 'sen_team_manager');
    const plain = await browser.get(paths.concerns.list());
    expect(plain.statusCode).toBe(200);
    expect(filterForm(plain.body)).toEqual({ action: paths.concerns.list(), hasComponent: true, hasButton: true });
    expect(plain.body).not.toContain('Selected filters');

    const filtered = await browser.get(paths.concerns.list({ level: 'team_manager', mine: true, overdue: true, page: 2 }));
    expect(filtered.statusCode).toBe(200);
    expect(filterTags(filtered.body)).toEqual({
      'SEN team manager': paths.concerns.list({ mine: true, overdue: true }),
      'Concerns I own': paths.concerns.list({ level: 'team_manager', overdue: true }),
      'Overdue concerns': paths.concerns.list({ level: 'team_manager', mine: true }),
    });
    expect(filtered.body).toMatch(/<h3 class="govuk-heading-s govuk-!-margin-bottom-0">Show only<\/h3>/);
    expect(clearLink(filtered.body)).toBe(paths.concerns.list());
  });
});
