import { isIP } from 'node:net';
import { z } from 'zod';

/** An IP address, or a CIDR range such as 10.0.0.0/8 or fd00::/8. */
function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (version === 4 ? 32 : 128);
}

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
  // Only a proxy listed here may say who the client is (X-Forwarded-For); from anyone else the
  // header is ignored, or changing it would reset the per-address sign-in limit.
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
    )
    .refine((entries) => entries.every(isAddressOrRange), {
      error: 'TRUSTED_PROXIES must be IP addresses or CIDR ranges separated by commas, e.g. 10.0.0.0/8,127.0.0.1',
    }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_PLANS: z.coerce.number().int().min(0).default(300),
  SWEEP_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(1440).default(15),
  // Both set: email goes through GOV.UK Notify; neither: the outbox alone (nothing leaves the app).
  NOTIFY_API_KEY: z.string().min(1).optional(),
  NOTIFY_TEMPLATE_ID: z.uuid({ error: 'NOTIFY_TEMPLATE_ID must be the template id (a UUID) from GOV.UK Notify' }).optional(),
  NOTIFY_SEND_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  // Emails link back into the app, so they need the address people reach it at.
  PUBLIC_BASE_URL: z.url({ error: 'PUBLIC_BASE_URL must be a URL, e.g. https://send.example.gov.uk' }).optional(),
  NOTIFY_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
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
  /** Addresses and CIDR ranges of the reverse proxies whose X-Forwarded-For is believed; empty: none. */
  trustedProxies: string[];
  logLevel: string;
  demoPlans: number;
  /** How often each process checks whether today's provision sweep has run; 0 turns the schedule off. */
  sweepIntervalMinutes: number;
  /** GOV.UK Notify API key; absent means email is only recorded in the outbox. */
  notifyApiKey: string | undefined;
  /** The Notify email template with ((subject)) and ((body)) placeholders. */
  notifyTemplateId: string | undefined;
  /** How often each process sends due email from the outbox; 0 turns the sender off. */
  notifySendIntervalSeconds: number;
  /** The hour (London time) from which the day's digests go out. */
  notifyDigestHour: number;
  /** Where people reach the app, without a trailing slash: the start of every link in an email. */
  publicBaseUrl: string;
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
  if (Boolean(env.NOTIFY_API_KEY) !== Boolean(env.NOTIFY_TEMPLATE_ID)) {
    throw new Error('Invalid configuration:\n  NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID must be set together (or neither, to keep email in the outbox).');
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
    trustedProxies: env.TRUSTED_PROXIES,
    logLevel: env.LOG_LEVEL,
    demoPlans: env.DEMO_PLANS,
    sweepIntervalMinutes: env.SWEEP_INTERVAL_MINUTES,
    notifyApiKey: env.NOTIFY_API_KEY,
    notifyTemplateId: env.NOTIFY_TEMPLATE_ID,
    notifySendIntervalSeconds: env.NOTIFY_SEND_INTERVAL_SECONDS,
    notifyDigestHour: env.NOTIFY_DIGEST_HOUR,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${String(env.PORT)}`).replace(/\/+$/, ''),
  };
}
