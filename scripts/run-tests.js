// Runs the vitest suites the way `npm test` promises: everything on embedded PGlite, then the
// integration and security suites again on PostgreSQL when TEST_DATABASE_URL is set.
// Each run writes test-results/<name>.json, which .ci/run adds up.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

const suite = process.argv[2] ?? 'unit';
mkdirSync('test-results', { recursive: true });

// Errors thrown outside any test (an unhandled rejection) fail the run without failing a test, and
// scroll away in a long log: keep vitest's block about them where .ci/run prints it last.
function keepUnhandledErrors(name, output) {
  const start = output.search(/Unhandled (Errors|Rejection|Error)/);
  if (start === -1) return;
  mkdirSync('test-errors', { recursive: true });
  writeFileSync(`test-errors/${name}.txt`, output.slice(start, start + 6000));
}

function vitest(name, config, files, env) {
  console.log(`\n▶ ${name}`);
  const child = spawn('npx', ['vitest', 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=test-results/${name}.json`, ...files], {
    stdio: ['inherit', 'pipe', 'pipe'],
    env: { ...env, FORCE_COLOR: '0' },
  });
  // Streamed as it comes (a long run shows its progress), and kept to find the unhandled errors.
  let output = '';
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    process.stderr.write(chunk);
    output += chunk;
  });
  return new Promise((resolve) => {
    child.on('close', (status) => {
      keepUnhandledErrors(name, output);
      resolve(status ?? 1);
    });
  });
}

let failed = 0;
if (suite === 'e2e') {
  failed += await vitest('e2e', 'vitest.e2e.config.ts', [], process.env);
} else {
  const { TEST_DATABASE_URL, ...withoutPostgres } = process.env;
  failed += await vitest('pglite', 'vitest.config.ts', [], withoutPostgres);
  if (TEST_DATABASE_URL) {
    failed += await vitest('postgres', 'vitest.config.ts', ['test/integration', 'test/security'], process.env);
  }
}
process.exit(failed === 0 ? 0 : 1);
