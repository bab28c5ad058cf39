/**
 * What a table cell or a summary-list value shows beyond plain text, as data: view models build
 * these and the templates render them (src/views/macros/parts.njk), escaped, so no HTML is ever
 * written in TypeScript.
 */
export type TagColour = 'grey' | 'green' | 'turquoise' | 'blue' | 'light-blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';

export type Part =
  | { text: string }
  | { strong: string }
  | { link: { href: string; text: string; hiddenText?: string; id?: string } }
  | { tag: { text: string; colour?: TagColour } }
  | { hint: string }
  | { small: string }
  | { lines: Part[][] }
  | { list: { items: Part[][]; classes?: string } }
  | { nowrap: string }
  | { anchor: { id: string; text: string } };

export interface PartsCell {
  parts: Part[];
  format?: 'numeric';
  classes?: string;
  colspan?: number;
}

interface TextCell {
  text: string;
  format?: 'numeric';
  classes?: string;
  colspan?: number;
}

export type TableCell = TextCell | PartsCell;

/** A link, with words only a screen reader hears saying which row it is for ("Change" … "Autumn term"). */
export function link(href: string, text: string, hiddenText?: string): Part {
  return { link: { href, text, ...(hiddenText ? { hiddenText } : {}) } };
}

export function tag(text: string, colour?: TagColour): Part {
  return { tag: { text, ...(colour ? { colour } : {}) } };
}

export function cell(...parts: Part[]): PartsCell {
  return { parts };
}
