import { Command, InvalidArgumentError } from 'commander';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { AppRoleError, grantAppRole } from '../db/app-role.js';
import { openDatabase } from '../db/client.js';
import { isDatabaseEmpty, seedDemoLa } from '../seed/generator.js';
import { DEMO_ACCOUNTS } from './demo-sign-ins.js';
import { isIsoDate } from '../domain/dates.js';
import { createNotifier } from '../integrations/notify/index.js';
import type { JobContext, JobDefinition, JobResult } from '../jobs/job.js';
import { communicationPromiseCheck } from '../jobs/communication-promise.js';
import { provisionSweep } from '../jobs/provision-sweep.js';
import { findJob, JOBS, scheduledJobs } from '../jobs/registry.js';
import { runAuditVerify } from './audit-verify.js';
import { runFoiFunding, type FoiFundingFormat } from './foi-funding.js';

function wholeNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('Give a whole number, 0 or more.');
  return parsed;
}

const program = new Command().name('openehcp').description('OpenEHCP: SEND casework for English local authorities').showHelpAfterError();

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

/** A job's context as the CLI runs it: now, as the day given (default today in London). */
function cliContext(config: ReturnType<typeof loadConfig>, day: string): JobContext {
  return { now: systemClock.now(), today: day, notifier: createNotifier(config), linkBase: config.publicBaseUrl, signal: new AbortController().signal };
}

/** Prints what a job did, as the scheduler logs it: by LA, in numbers. Returns whether any part failed. */
function reportJob(job: JobDefinition, results: JobResult[]): boolean {
  let failed = false;
  for (const result of results) {
    const where = result.laId ? `LA ${result.laId}` : 'all LAs';
    if (result.error !== undefined) {
      failed = true;
      console.error(`${job.name}, ${where}: failed (${result.error instanceof Error ? result.error.name : 'error'}); its lease is taken over after an hour.`);
      continue;
    }
    const counts = Object.entries(result.counts).map(([name, count]) => `${name} ${String(count)}`);
    console.log(`${job.name}, ${where}: ${counts.join(', ') || 'nothing to count'} (${String(result.durationMs)} ms).`);
  }
  return failed;
}

/** Runs jobs now, one after the other, as the scheduler would; exits 1 if any LA's run failed. */
async function runJobsNow(jobs: JobDefinition[], date: string | undefined, noneRan: (job: JobDefinition, day: string) => string): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
    const day = date ?? systemClock.today();
    if (!isIsoDate(day)) {
      console.error(`--date must be a real date as YYYY-MM-DD, not ${day}`);
      process.exitCode = 1;
      return;
    }
    const started = performance.now();
    for (const job of jobs) {
      const results = await job.run(database.db, cliContext(config, day));
      if (results.length === 0) console.log(noneRan(job, day));
      if (reportJob(job, results)) process.exitCode = 1;
    }
    console.log(`Done in ${String(Math.round(performance.now() - started))} ms.`);
  } finally {
    await database.close();
  }
}

program
  .command('sweep')
  .description("run today's provision sweep and communication promise check now for every LA that has not had them (ledgers, gap concerns, escalations, tasks, overdue replies)")
  .option('--date <yyyy-mm-dd>', 'the day to sweep as (default: today in London)')
  .action(async (options: { date?: string }) => {
    await runJobsNow([provisionSweep, communicationPromiseCheck], options.date, (job, day) => `${job.name}: every LA has already had it for ${day}.`);
  });

const jobsCommand = program.command('jobs').description('the background jobs the server runs on a schedule');

jobsCommand
  .command('list')
  .description('list the background jobs and when each runs with the current configuration (cron, London time)')
  .action(() => {
    const config = loadConfig();
    const on = new Map(scheduledJobs(config).map((job) => [job.name, job.schedule]));
    for (const job of JOBS) console.log(`${job.name.padEnd(30)} ${on.get(job.name) ?? 'off'}`);
  });

jobsCommand
  .command('run')
  .description('run one background job now, as its schedule would (a daily job only for LAs that have not had it that day)')
  .argument('<name>', `one of: ${JOBS.map((job) => job.name).join(', ')}`)
  .option('--date <yyyy-mm-dd>', 'the day to run it as (default: today in London)')
  .action(async (name: string, options: { date?: string }) => {
    const job = findJob(name);
    if (!job) {
      console.error(`There is no job called ${name}. The jobs are: ${JOBS.map((candidate) => candidate.name).join(', ')}.`);
      process.exitCode = 1;
      return;
    }
    await runJobsNow([job], options.date, (ran, day) => `${ran.name}: nothing to run for ${day}.`);
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

function isoDate(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError('Give a date as YYYY-MM-DD, like 2025-04-01.');
  return value;
}

function reportFormat(value: string): FoiFundingFormat {
  if (value !== 'json' && value !== 'csv' && value !== 'text') throw new InvalidArgumentError('Give json, csv or text.');
  return value;
}

program
  .command('report')
  .description('aggregate reports, as the reports pages show them')
  .command('foi-funding')
  .description('average funding a year per child by placement type for a period (FOI Request 2): count, mean, median, quartiles; fewer than 5 suppressed')
  .requiredOption('--from <date>', 'the first day of the period, YYYY-MM-DD', isoDate)
  .requiredOption('--to <date>', 'the last day of the period, YYYY-MM-DD', isoDate)
  .option('--format <format>', 'json, csv or text (a plain-language answer to send)', reportFormat, 'text')
  .option('--la <id>', 'the LA (needed when the database holds more than one)', laId)
  .action(async (options: { from: string; to: string; format: FoiFundingFormat; la?: string }) => {
    if (options.to < options.from) {
      console.error('The end of the period (--to) must be on or after its start (--from).');
      process.exitCode = 1;
      return;
    }
    const config = loadConfig();
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      process.exitCode = await runFoiFunding(
        database.db,
        { period: { from: options.from, to: options.to }, format: options.format, ...(options.la ? { la: options.la } : {}) },
        (text) => process.stdout.write(text),
        (text) => {
          console.error(text);
        },
      );
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
