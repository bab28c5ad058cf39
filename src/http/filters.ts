import { z } from 'zod';
import { pageLink } from './pagination.js';

type LinkValue = string | number | boolean | null | undefined;

/** One filter a reader has chosen: the query parameter it sets, and how it reads ("Only my caseload"). */
export interface ChosenFilter {
  /** The heading it is listed under in "Selected filters", for example "Primary need". */
  heading: string;
  /** The query parameter that sets it. */
  param: string;
  /** What it says on its tag; a filter with no text (not chosen) is left out. */
  text: string | undefined;
}

/**
 * The "Selected filters" part of MoJ Frontend's filter component, as data: each chosen filter is a
 * tag whose link is the list without it, and "Clear filters" is the list without any, both on the
 * first page (a narrower or wider list starts again at the top). `params` are the list's filters
 * as its links carry them; `keep` (a sort order) survives both. Undefined when nothing is chosen,
 * so the component shows only its options.
 */
export function selectedFiltersView(path: string, params: Readonly<Record<string, LinkValue>>, chosen: readonly ChosenFilter[], keep: Readonly<Record<string, LinkValue>> = {}) {
  const active = chosen.filter((filter): filter is ChosenFilter & { text: string } => filter.text !== undefined && filter.text !== '');
  if (active.length === 0) return undefined;
  const categories: { heading: { text: string }; items: { href: string; text: string }[] }[] = [];
  for (const filter of active) {
    const without = Object.fromEntries(Object.entries(params).filter(([key]) => key !== filter.param));
    const item = { href: pageLink(path, { ...without, ...keep })(1), text: filter.text };
    const category = categories.find((candidate) => candidate.heading.text === filter.heading);
    if (category) category.items.push(item);
    else categories.push({ heading: { text: filter.heading }, items: [item] });
  }
  return {
    heading: { text: 'Selected filters' },
    clearLink: { href: pageLink(path, keep)(1), text: 'Clear filters' },
    categories,
  };
}

/** A page's period choice, this term or this school year, for the pages that count over one (/delivery, the provision cost report). */
export function termOrSchoolYear(fallback: 'term' | 'year') {
  return z.enum(['term', 'year'], { error: 'Choose this term or this school year' }).default(fallback);
}
