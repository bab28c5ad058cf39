import { Command, InvalidArgumentError } from 'commander';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { AppRoleError, grantAppRole } from '../db/app-role.js';
import { openDatabase } from '../db/client.js';
import { isDatabaseEmpty, seedDemoLa } from '../seed/generator.js';
import { DEMO_ACCOUNTS } from './demo-sign-ins.js';
import { isIsoDate } from '../domain/dates.js';
import { runDailySweep } from '../modules/concerns/sweep.js';
import { runAuditVerify } from './audit-verify.js';

function wholeNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('Give a whole number, 0 or more.');
  return parsed;
}

const program = new Command()
  .name('openehcp')
  .description('OpenEHCP: SEND casework for English local authorities')
  .showHelpAfterError();

program
  .command('serve')
  .description('migrate the database and serve the web application (as `npm start`)')
  .action(async () => {
    const { startServer } = await import('../server.js');
    await startServer();
  });

program
  .command('migrate')
  .description('apply the committed SQL migrations to DATABASE_URL, or to the embedded database')
  .option('--app-role <name>', 'PostgreSQL: give this role, which owns nothing, what the application needs and no more (docs/operations.md)')
  .action(async (options: { appRole?: string }) => {
    const config = loadConfig();
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      if (options.appRole && database.engine !== 'postgres') {
        console.error('--app-role is for PostgreSQL: the embedded database has no roles. Set DATABASE_URL to the owner of the tables.');
        process.exitCode = 1;
        return;
      }
      await database.migrate();
      console.log(`Migrations applied (${database.engine}).`);
      if (options.appRole) {
        try {
          await grantAppRole(database.db, options.appRole);
        } catch (error) {
          if (!(error instanceof AppRoleError)) throw error;
          console.error(error.message);
          process.exitCode = 1;
          return;
        }
        console.log(`${options.appRole} may now run the application: it reads and appends to the audit trail, and owns nothing.`);
      }
    } finally {
      await database.close();
    }
  });

program
  .command('seed')
  .description('create a believable demo local authority')
  .requiredOption('--demo', 'create the demo LA (the only kind of seed there is)')
  .option('--plans <n>', 'how many children with EHC plans', wholeNumber, 300)
  .option('--seed <n>', 'random seed: the same seed makes the same LA', wholeNumber, 1)
  .option('--force', 'seed even if the database already holds data')
  .action(async (options: { plans: number; seed: number; force?: boolean }) => {
    const config = loadConfig();
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await database.migrate();
      if (!options.force && !(await isDatabaseEmpty(database.db))) {
        console.error('The database already holds data. Use --force to add another demo LA anyway.');
        process.exitCode = 1;
        return;
      }
      const started = performance.now();
      const summary = await seedDemoLa(database.db, { plans: options.plans, seed: options.seed, clock: systemClock });
      console.log(`Seeded ${summary.name} with ${String(options.plans)} EHC plans in ${String(Math.round(performance.now() - started))} ms.`);
    } finally {
      await database.close();
    }
  });

program
  .command('sweep')
  .description("run today's provision sweep now for every LA that has not had it (ledgers, gap concerns, escalations)")
  .option('--date <yyyy-mm-dd>', 'the day to sweep as (default: today in London)')
  .action(async (options: { date?: string }) => {
    const config = loadConfig();
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await database.migrate();
      const day = options.date ?? systemClock.today();
      if (!isIsoDate(day)) {
        console.error(`--date must be a real date as YYYY-MM-DD, not ${day}`);
        process.exitCode = 1;
        return;
      }
      const started = performance.now();
      const ran = await runDailySweep(database.db, day);
      if (ran.size === 0) console.log(`Every LA has already been swept for ${day}.`);
      for (const [laId, summary] of ran) {
        console.log(`LA ${laId}: ${String(summary.items)} items checked, ${String(summary.concernsRaised)} provision concerns and ${String(summary.notFullTimeConcernsRaised)} full-time education concerns raised, ${String(summary.escalations)} escalations.`);
      }
      console.log(`Swept in ${String(Math.round(performance.now() - started))} ms.`);
    } finally {
      await database.close();
    }
  });

function laId(value: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw new InvalidArgumentError('Give the LA id, a UUID.');
  return value.toLowerCase();
}

program
  .command('audit')
  .description('check the audit trail')
  .command('verify')
  .description("recompute each LA's audit hash chain and report the first broken link (exits 1 if any)")
  .option('--la <id>', 'check only this LA', laId)
  .action(async (options: { la?: string }) => {
    const config = loadConfig();
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const started = performance.now();
      process.exitCode = await runAuditVerify(database.db, options, (line) => {
        console.log(line);
      });
      console.log(`Checked in ${String(Math.round(performance.now() - started))} ms.`);
    } finally {
      await database.close();
    }
  });

program
  .command('demo-users')
  .description('list the demo sign-ins, one for every role')
  .option('--json', 'print JSON')
  .action((options: { json?: boolean }) => {
    if (options.json) {
      console.log(JSON.stringify(DEMO_ACCOUNTS, null, 2));
      return;
    }
    for (const account of DEMO_ACCOUNTS) {
      console.log(`${account.role.padEnd(26)} ${account.email.padEnd(44)} ${account.password}  ${account.shouldSee}`);
    }
  });

await program.parseAsync(process.argv);
