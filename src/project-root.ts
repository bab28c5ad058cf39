import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root, whether this code runs from src/ (tsx, tests) or from dist/src/ (compiled):
 * templates, migrations and front-end packages are read from the source tree in both cases.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const compiled = path.basename(path.dirname(here)) === 'dist';
const PROJECT_ROOT = compiled ? path.resolve(here, '..', '..') : path.resolve(here, '..');

export function fromRoot(...segments: string[]): string {
  return path.join(PROJECT_ROOT, ...segments);
}
