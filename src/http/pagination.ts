import { z } from 'zod';

/** `?page=` on any list: a whole number from 1, and page 1 for anything else. */
const pageNumber = z.coerce.number().int().min(1).max(100_000).catch(1);

export function pageOf(query: unknown): number {
  return pageNumber.parse((query as Record<string, unknown> | undefined)?.page ?? 1);
}

/** The rows of a page, for a repository's LIMIT and OFFSET. */
export function pageWindow(page: number, pageSize: number): { limit: number; offset: number } {
  return { limit: pageSize, offset: (page - 1) * pageSize };
}

/**
 * GOV.UK pagination for a list of `total` rows: first, last and two either side of the current
 * page, with ellipses between. `link` keeps the list's filters. Undefined when one page holds it all.
 */
export function paginationView(page: number, total: number, pageSize: number, link: (page: number) => string) {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  if (pageCount <= 1) return undefined;
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  for (let number = 1; number <= pageCount; number += 1) {
    if (number === 1 || number === pageCount || Math.abs(number - page) <= 2) items.push({ number, href: link(number), current: number === page });
    else if (!('ellipsis' in (items.at(-1) ?? {}))) items.push({ ellipsis: true });
  }
  return {
    previous: page > 1 ? { href: link(page - 1) } : undefined,
    next: page < pageCount ? { href: link(page + 1) } : undefined,
    items,
  };
}

/**
 * "Showing 51 to 100 of 178 tasks". Nothing uses it yet, but it is one of the shared pagination
 * helpers new lists are told to reuse, so it stays.
 * @public
 */
export function shownText(page: number, total: number, pageSize: number, noun: string): string {
  const first = (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return `Showing ${String(first)} to ${String(last)} of ${total.toLocaleString('en-GB')} ${noun}`;
}
