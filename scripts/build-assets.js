// Compiles the stylesheet into dist/public. Run by `npm run build` (and so by `npm start`).
//
// Why the font swap is a text replacement: MoJ Frontend loads GOV.UK Frontend's Sass with a
// fixed configuration, so `$govuk-font-family` cannot be set through the module system while
// both libraries are used. The typeface is the only setting we change.
import { mkdirSync, writeFileSync } from 'node:fs';
import { compile } from 'sass';

const result = compile('src/assets/application.scss', {
  loadPaths: ['.'],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import', 'global-builtin'],
  // The libraries' own deprecation notices are theirs to fix; ours would fail the build below.
  logger: { warn: () => undefined },
});
const css = result.css.replaceAll('"GDS Transport",arial,sans-serif', 'arial,sans-serif');
if (css.includes('GDS Transport')) {
  throw new Error('The GDS Transport typeface is still referenced in the compiled stylesheet.');
}
mkdirSync('dist/public', { recursive: true });
writeFileSync('dist/public/application.css', css);
console.log(`dist/public/application.css: ${String(Math.round(css.length / 1024))} KiB`);
