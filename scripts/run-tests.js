// Runs the vitest suites the way `npm test` promises: everything on embedded PGlite, then the
// integration and security suites again on PostgreSQL when TEST_DATABASE_URL is set.
// Each run writes test-results/<name>.json, which .ci/run adds up.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

const suite = process.argv[2] ?? 'unit';
mkdirSync('test-results', { recursive: true });

function vitest(name, config, files, env) {
  console.log(`\n▶ ${name}`);
  const result = spawnSync('npx', ['vitest', 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=test-results/${name}.json`, ...files], { stdio: 'inherit', env });
  return result.status ?? 1;
}

let failed = 0;
if (suite === 'e2e') {
  failed += vitest('e2e', 'vitest.e2e.config.ts', [], process.env);
} else {
  const { TEST_DATABASE_URL, ...withoutPostgres } = process.env;
  failed += vitest('pglite', 'vitest.config.ts', [], withoutPostgres);
  if (TEST_DATABASE_URL) {
    failed += vitest('postgres', 'vitest.config.ts', ['test/integration', 'test/security'], process.env);
  }
}
process.exit(failed === 0 ? 0 : 1);
