import { describe, expect, it } from 'vitest';
import { pageCountOf, pageLink, pageOf, pageWindow, paginationView, readPage, shownText } from '../../../src/http/pagination.js';

describe('pageOf', () => {
  it.each([
    [{}, 1],
    [{ page: '3' }, 3],
    [{ page: 3 }, 3],
    [{ page: '0' }, 1],
    [{ page: '-2' }, 1],
    [{ page: '2.5' }, 1],
    [{ page: 'abc' }, 1],
    [{ page: ['1', '2'] }, 1],
    [{ page: '100001' }, 1],
    [undefined, 1],
  ])('pageOf(%j) = %i', (query, expected) => {
    expect(pageOf(query)).toBe(expected);
  });

  it('reads a named page parameter when a page holds several lists', () => {
    expect(pageOf({ page: '2', officersPage: '4' }, 'officersPage')).toBe(4);
    expect(pageOf({ page: '2' }, 'officersPage')).toBe(1);
  });
});

describe('pageWindow and pageCountOf', () => {
  it.each([
    [1, 50, { limit: 50, offset: 0 }],
    [2, 50, { limit: 50, offset: 50 }],
    [4, 25, { limit: 25, offset: 75 }],
  ])('page %i of %i a page', (page, size, expected) => {
    expect(pageWindow(page, size)).toEqual(expected);
  });

  it.each([
    [0, 50, 1],
    [1, 50, 1],
    [50, 50, 1],
    [51, 50, 2],
    [178, 50, 4],
  ])('%i rows at %i a page fill %i pages', (total, size, expected) => {
    expect(pageCountOf(total, size)).toBe(expected);
  });
});

describe('pageLink', () => {
  it.each([
    ['/concerns', {}, 1, '/concerns'],
    ['/concerns', {}, 2, '/concerns?page=2'],
    ['/concerns', { level: 'l2', mine: true, overdue: false }, 1, '/concerns?level=l2&mine=yes'],
    ['/concerns', { level: 'l2', mine: true, overdue: false }, 3, '/concerns?level=l2&mine=yes&page=3'],
    ['/children', { q: 'Amy Ray', need: '', sort: undefined, placement: null }, 2, '/children?q=Amy+Ray&page=2'],
    // A stale page parameter among the filters never doubles up.
    ['/admin/users', { page: 7 }, 2, '/admin/users?page=2'],
  ] as const)('%s %j page %i → %s', (path, params, page, expected) => {
    expect(pageLink(path, params)(page)).toBe(expected);
  });

  it('keeps the other lists’ pages and returns to this list on a page of several', () => {
    const link = pageLink('/communication', { officersPage: 2, childrenPage: 1 }, { name: 'overduePage', fragment: 'overdue' });
    expect(link(1)).toBe('/communication?officersPage=2&childrenPage=1#overdue');
    expect(link(3)).toBe('/communication?officersPage=2&childrenPage=1&overduePage=3#overdue');
  });
});

describe('paginationView', () => {
  const link = (page: number) => `/x?page=${String(page)}`;
  const numbers = (view: ReturnType<typeof paginationView>) => view?.items.map((item) => ('ellipsis' in item ? '…' : item.current ? `[${String(item.number)}]` : String(item.number))).join(' ');

  it('is undefined when one page holds the list', () => {
    expect(paginationView(1, 0, 50, link)).toBeUndefined();
    expect(paginationView(1, 50, 50, link)).toBeUndefined();
  });

  it.each([
    [1, 120, '[1] 2 3'],
    [2, 178, '1 [2] 3 4'],
    [1, 1000, '[1] 2 3 … 20'],
    [10, 1000, '1 … 8 9 [10] 11 12 … 20'],
    [20, 1000, '1 … 18 19 [20]'],
    [4, 1000, '1 2 3 [4] 5 6 … 20'],
  ])('page %i of %i rows at 50 a page: %s', (page, total, expected) => {
    expect(numbers(paginationView(page, total, 50, link))).toBe(expected);
  });

  it('links previous and next only where there is a page to go to', () => {
    expect(paginationView(1, 120, 50, link)).toMatchObject({ previous: undefined, next: { href: '/x?page=2' } });
    expect(paginationView(3, 120, 50, link)).toMatchObject({ previous: { href: '/x?page=2' }, next: undefined });
  });
});

describe('shownText', () => {
  it.each([
    [1, 178, 50, 'Showing 1 to 50 of 178 tasks'],
    [2, 178, 50, 'Showing 51 to 100 of 178 tasks'],
    [4, 178, 50, 'Showing 151 to 178 of 178 tasks'],
    [1, 12_345, 50, 'Showing 1 to 50 of 12,345 tasks'],
  ])('page %i of %i at %i a page', (page, total, size, expected) => {
    expect(shownText(page, total, size, 'tasks')).toBe(expected);
  });
});

describe('readPage', () => {
  const rows = Array.from({ length: 120 }, (_, index) => index + 1);
  const loads: { limit: number; offset: number }[] = [];
  const load = (window: { limit: number; offset: number }) => {
    loads.push(window);
    return Promise.resolve({ rows: rows.slice(window.offset, window.offset + window.limit), total: rows.length });
  };

  it('reads the page asked for, once', async () => {
    loads.length = 0;
    const result = await readPage(2, 50, load);
    expect(result).toMatchObject({ page: 2, total: 120 });
    expect(result.rows).toEqual(rows.slice(50, 100));
    expect(loads).toEqual([{ limit: 50, offset: 50 }]);
  });

  it('reads the last page for a page past the end', async () => {
    loads.length = 0;
    const result = await readPage(9, 50, load);
    expect(result).toMatchObject({ page: 3, total: 120 });
    expect(result.rows).toEqual(rows.slice(100));
    expect(loads).toEqual([
      { limit: 50, offset: 400 },
      { limit: 50, offset: 100 },
    ]);
  });

  it('reads page 1 of an empty list, whatever page was asked for', async () => {
    const empty = () => Promise.resolve({ rows: [] as number[], total: 0 });
    expect(await readPage(1, 50, empty)).toEqual({ page: 1, rows: [], total: 0 });
    expect(await readPage(5, 50, empty)).toEqual({ page: 1, rows: [], total: 0 });
  });
});
