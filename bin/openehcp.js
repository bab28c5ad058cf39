#!/usr/bin/env node
// In a development checkout (tsx installed) the CLI runs straight from src/, so it can never be
// stale; an installation without dev dependencies runs the compiled output from `npm run build`.
let tsx = null;
try {
  tsx = await import('tsx/esm/api');
} catch {
  tsx = null;
}
if (tsx) {
  tsx.register();
  await import(new URL('../src/cli/index.ts', import.meta.url).href);
} else {
  await import(new URL('../dist/src/cli/index.js', import.meta.url).href);
}
