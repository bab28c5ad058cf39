import { pathToFileURL } from 'node:url';
import closeWithGrace from 'close-with-grace';
import { sql } from 'drizzle-orm';
import { buildApp } from './app.js';
import { systemClock } from './clock.js';
import { loadConfig } from './config.js';
import { DatabaseLockedError, openDatabase } from './db/client.js';
import { isDatabaseEmpty, seedDemoLa } from './seed/generator.js';
import { printDemoSignIns } from './cli/demo-sign-ins.js';
import { createNotifier } from './integrations/notify/index.js';
import { runBackgroundJobs } from './jobs/scheduler.js';

export interface LaunchOptions {
  /** `npm run dev` only: templates are re-read on every request, so edits show on reload. */
  reloadTemplates: boolean;
}

/** How the server was launched (`npm run dev` passes --reload-templates), as opposed to how it is configured. */
export function launchOptionsFrom(argv: readonly string[]): LaunchOptions {
  return { reloadTemplates: argv.includes('--reload-templates') };
}

/**
 * `npm start`: configuration → database → migrations → (first run on the embedded database)
 * demo LA → application → listen (and the background jobs).
 */
export async function startServer(launch: LaunchOptions = { reloadTemplates: false }): Promise<void> {
  const config = loadConfig();
  // The real time enters here, once: the app, its jobs and the first-run demo all read this clock.
  const clock = systemClock;
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();

  if (!config.databaseUrl && config.demoPlans > 0 && (await isDatabaseEmpty(database.db))) {
    console.log(`First run: creating a demo local authority with ${String(config.demoPlans)} EHC plans…`);
    await seedDemoLa(database.db, { plans: config.demoPlans, clock });
  }

  // PGlite has no autovacuum: refresh the planner's statistics at each start.
  if (database.engine === 'pglite') await database.db.execute(sql`analyze`);

  const app = await buildApp({ config, database, reloadTemplates: launch.reloadTemplates, clock });
  // The sweep, the promise check, the sender and the digests (src/jobs/): they start when the app
  // is ready and stop, waiting for a run under way, when it closes.
  runBackgroundJobs(app, { db: database.db, config, notifier: createNotifier(config), clock });
  closeWithGrace({ delay: 10_000 }, async ({ err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    await app.close();
    await database.close();
  });
  const address = await app.listen({ port: config.port, host: config.host });
  if (config.environment !== 'production') printDemoSignIns(address);
}

/** Problems a person starting the server can fix themselves: said plainly, without a stack trace. */
export function explainStartFailure(error: unknown): string | null {
  if (error instanceof DatabaseLockedError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return 'The port is already in use by another program. Stop it, or choose another port with PORT=3001 npm start.';
  if (error instanceof Error && error.message.startsWith('Invalid configuration')) return error.message;
  if (error instanceof Error && error.message.includes('must be set in production')) return error.message;
  return null;
}

// Started directly (`node dist/src/server.js`, `tsx src/server.ts`), not when imported by the CLI.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await startServer(launchOptionsFrom(process.argv.slice(2)));
  } catch (error) {
    const explanation = explainStartFailure(error);
    if (!explanation) throw error;
    console.error(`OpenEHCP could not start: ${explanation}`);
    process.exit(1);
  }
}
