/** Escapes text for the `html` option of a GOV.UK macro (everything else takes `text` and is escaped by Nunjucks). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${String(character.charCodeAt(0))};`);
}
