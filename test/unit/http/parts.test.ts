import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { cell, tag, type Part } from '../../../src/http/cells.js';
import { fromRoot } from '../../../src/project-root.js';

// The same search path and autoescape as the app (src/plugins/views.ts).
const environment = new nunjucks.Environment(new nunjucks.FileSystemLoader([fromRoot('src', 'views'), fromRoot('node_modules', 'govuk-frontend', 'dist')]), { autoescape: true });
const render = (parts: Part[]) => environment.renderString('{% from "macros/parts.njk" import appParts %}{{ appParts(parts) }}', { parts });

describe('a list part', () => {
  it('renders a GOV.UK list with its class, one item per list of parts', () => {
    const html = render([{ list: { classes: 'app-vague-wording', items: [[tag('Vague: “as needed”', 'yellow'), { small: 'Says no amount' }], [{ text: 'Second' }]] } }]);
    expect(html).toBe(
      '<ul class="govuk-list app-vague-wording"><li><strong class="govuk-tag govuk-tag--yellow">Vague: “as needed”</strong><br><span class="govuk-body-s">Says no amount</span></li><li>Second</li></ul>',
    );
  });

  it('escapes what it holds, like every other part', () => {
    const html = render(cell({ list: { items: [[{ text: '<script>alert(1)</script>' }]] } }).parts);
    expect(html).toBe('<ul class="govuk-list"><li>&lt;script&gt;alert(1)&lt;/script&gt;</li></ul>');
  });
});
