import { describe, expect, it } from 'vitest';
import { selectedFiltersView } from '../../../src/http/filters.js';

describe('selectedFiltersView', () => {
  const chosen = [
    { heading: 'Primary need', param: 'need', text: 'Autistic spectrum disorder' },
    { heading: 'Show only', param: 'mine', text: 'Only my caseload' },
    { heading: 'Show only', param: 'overdue', text: 'Overdue' },
    { heading: 'Placement', param: 'placement', text: undefined },
  ];
  const params = { need: 'ASD', mine: true, overdue: true, placement: undefined, page: 3 };

  it('is undefined when no filter is chosen, so the component shows only its options', () => {
    expect(selectedFiltersView('/caseload', {}, [{ heading: 'Need', param: 'need', text: undefined }])).toBeUndefined();
    expect(selectedFiltersView('/caseload', {}, [{ heading: 'Need', param: 'need', text: '' }])).toBeUndefined();
  });

  it.each([
    ['need', '/caseload?mine=yes&overdue=yes&sort=review'],
    ['mine', '/caseload?need=ASD&overdue=yes&sort=review'],
    ['overdue', '/caseload?need=ASD&mine=yes&sort=review'],
  ])('the tag for %s links to the list without it, on its first page, keeping the sort', (param, href) => {
    const view = selectedFiltersView('/caseload', params, chosen, { sort: 'review' });
    const items = view?.categories.flatMap((category) => category.items) ?? [];
    const text = chosen.find((filter) => filter.param === param)?.text;
    expect(items.find((item) => item.text === text)?.href).toBe(href);
  });

  it('groups the tags by heading, in order, leaves out filters not chosen, and clears to the list with its sort', () => {
    const view = selectedFiltersView('/caseload', params, chosen, { sort: 'review' });
    expect(view?.heading.text).toBe('Selected filters');
    expect(view?.clearLink).toEqual({ href: '/caseload?sort=review', text: 'Clear filters' });
    expect(view?.categories.map((category) => [category.heading.text, category.items.map((item) => item.text)])).toEqual([
      ['Primary need', ['Autistic spectrum disorder']],
      ['Show only', ['Only my caseload', 'Overdue']],
    ]);
  });
});
