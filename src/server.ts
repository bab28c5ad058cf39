import { pathToFileURL } from 'node:url';
import closeWithGrace from 'close-with-grace';
import { sql } from 'drizzle-orm';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { isDatabaseEmpty, seedDemoLa } from './seed/generator.js';
import { printDemoSignIns } from './cli/demo-sign-ins.js';

/**
 * `npm start`: configuration → database → migrations → (first run on the embedded database)
 * demo LA → application → listen.
 */
export async function startServer(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();

  if (!config.databaseUrl && config.demoPlans > 0 && (await isDatabaseEmpty(database.db))) {
    console.log(`First run: creating a demo local authority with ${String(config.demoPlans)} EHC plans…`);
    await seedDemoLa(database.db, { plans: config.demoPlans });
  }

  // PGlite has no autovacuum: refresh the planner's statistics at each start.
  if (database.engine === 'pglite') await database.db.execute(sql`analyze`);

  const app = await buildApp({ config, database });
  closeWithGrace({ delay: 10_000 }, async ({ err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    await app.close();
    await database.close();
  });
  const address = await app.listen({ port: config.port, host: config.host });
  if (config.environment !== 'production') printDemoSignIns(address);
}

// Started directly (`node dist/src/server.js`, `tsx src/server.ts`), not when imported by the CLI.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await startServer();
}
