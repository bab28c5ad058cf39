import { z } from 'zod';

/**
 * Configuration comes from the environment, parsed once at start-up. Local defaults let
 * `npm start` work on a fresh clone; production refuses to start without real secrets.
 */
const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default('./data'),
  SESSION_SECRET: z.string().min(32).optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(10),
  SECURE_COOKIES: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => (value === undefined ? undefined : value === 'true')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_PLANS: z.coerce.number().int().min(0).default(300),
  SWEEP_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(1440).default(15),
});

export interface AppConfig {
  environment: 'development' | 'test' | 'production';
  port: number;
  host: string;
  /** PostgreSQL connection string; absent means embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  sessionSecret: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  secureCookies: boolean;
  logLevel: string;
  demoPlans: number;
  /** How often each process checks whether today's provision sweep has run; 0 turns the schedule off. */
  sweepIntervalMinutes: number;
}

// Only ever used outside production: the value is public, so sessions signed with it are not secret.
const LOCAL_DEVELOPMENT_SECRET = 'openehcp-local-development-secret-not-for-production';

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  if (production && !env.SESSION_SECRET) {
    throw new Error('SESSION_SECRET (at least 32 characters) must be set in production.');
  }
  if (production && !env.DATABASE_URL) {
    throw new Error('DATABASE_URL must be set in production: the embedded database is for local use.');
  }
  return {
    environment: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    sessionSecret: env.SESSION_SECRET ?? LOCAL_DEVELOPMENT_SECRET,
    sessionIdleMinutes: env.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: env.SESSION_ABSOLUTE_HOURS,
    secureCookies: env.SECURE_COOKIES ?? production,
    logLevel: env.LOG_LEVEL,
    demoPlans: env.DEMO_PLANS,
    sweepIntervalMinutes: env.SWEEP_INTERVAL_MINUTES,
  };
}
