import { describe, expect, it } from 'vitest';
import { pageFrom, pageStarts } from '../../../src/modules/provision/week-grid.js';

describe('cutting the week grid into pages', () => {
  it.each([
    { what: 'no pupils', items: [], starts: [] },
    { what: '30 pupils fill one page', items: Array<number>(30).fill(4), starts: [0] },
    { what: '150 pupils make 5 pages', items: Array<number>(150).fill(4), starts: [0, 30, 60, 90, 120] },
    { what: 'a page stops before 250 items, never splitting a pupil', items: [...Array<number>(20).fill(12), 12], starts: [0, 20] },
    { what: 'a pupil with more items than a page holds gets a page alone', items: [3, 300, 3], starts: [0, 1, 2] },
  ])('$what', ({ items, starts }) => {
    expect(pageStarts(items)).toEqual(starts);
  });

  it('keeps every page under the 2,000 fields the form parser accepts (7 fields an item)', () => {
    const items = Array.from({ length: 400 }, (_, index) => 1 + ((index * 7) % 15));
    const starts = pageStarts(items);
    starts.forEach((start, page) => {
      const onPage = items.slice(start, starts[page + 1] ?? items.length);
      expect(onPage.length).toBeLessThanOrEqual(30);
      expect(onPage.reduce((total, count) => total + count, 0) * 7 + 4).toBeLessThan(2000);
    });
  });

  it.each([
    [undefined, 1],
    ['', 1],
    ['3', 3],
    ['0', 1],
    ['-2', 1],
    ['two', 1],
  ])('reads the page %o as %d', (value, page) => {
    expect(pageFrom(value)).toBe(page);
  });
});
