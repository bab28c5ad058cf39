import { z } from 'zod';

/** `?page=` on any list: a whole number from 1, and page 1 for anything else. */
export const pageNumber = z.coerce.number().int().min(1).max(100_000).catch(1);

/** The page asked for in the query string; `name` when a page holds more than one paged list. */
export function pageOf(query: unknown, name = 'page'): number {
  return pageNumber.parse((query as Record<string, unknown> | undefined)?.[name] ?? 1);
}

/** The rows of a page, for a repository's LIMIT and OFFSET. */
export function pageWindow(page: number, pageSize: number): { limit: number; offset: number } {
  return { limit: pageSize, offset: (page - 1) * pageSize };
}

/** How many pages `total` rows fill; one for an empty list. */
export function pageCountOf(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/**
 * Reads one page through `load`, a repository call with LIMIT and OFFSET (from pageWindow) and a
 * count of the whole list. A page past the end, from an old link or a typed address, reads the
 * last page instead, so the reader sees rows and pagination rather than an empty table; the page
 * returned is the one read, for the pagination to mark.
 */
export async function readPage<Row>(
  page: number,
  pageSize: number,
  load: (window: { limit: number; offset: number }) => Promise<{ rows: Row[]; total: number }>,
): Promise<{ page: number; rows: Row[]; total: number }> {
  const result = await load(pageWindow(page, pageSize));
  const last = pageCountOf(result.total, pageSize);
  if (result.rows.length > 0 || page <= last) return { page, ...result };
  return { page: last, ...(await load(pageWindow(last, pageSize))) };
}

type LinkValue = string | number | boolean | null | undefined;

/**
 * The address of each page of a list at `path`, keeping its filters and sort: empty and false
 * values are left out, true is written `yes` (as the filter checkboxes send it), and page 1 has no
 * page parameter, so the first page's address is the list's own. `fragment` brings the reader back
 * to the list when it is one of several on the page.
 */
export function pageLink(path: string, params: Readonly<Record<string, LinkValue>> = {}, options: { name?: string; fragment?: string } = {}): (page: number) => string {
  const name = options.name ?? 'page';
  return (page: number) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (key === name || value === undefined || value === null || value === '' || value === false) continue;
      query.set(key, value === true ? 'yes' : String(value));
    }
    if (page > 1) query.set(name, String(page));
    const text = query.toString();
    return `${path}${text ? `?${text}` : ''}${options.fragment ? `#${options.fragment}` : ''}`;
  };
}

/**
 * GOV.UK pagination for a list of `total` rows: first, last and two either side of the current
 * page, with ellipses between. `link` keeps the list's filters. Undefined when one page holds it all.
 */
export function paginationView(page: number, total: number, pageSize: number, link: (page: number) => string) {
  const pageCount = pageCountOf(total, pageSize);
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
