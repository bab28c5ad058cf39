import type { FastifyRequest } from 'fastify';

/**
 * What the logs may say about a request and an error. Children's data is special-category data,
 * so nothing a person typed, uploaded or searched for is ever logged: no bodies, no query
 * strings (a search is `?q=<a child's name>`), no headers, and no text from the database driver,
 * whose messages carry the query's parameters ("params: Ada,Lovelace,…") and whose `detail`
 * carries the row ("Key (email)=(x@y) already exists", "Failing row contains (…)").
 */

/** The names a PostgreSQL error (pg or PGlite) gives that identify, without any values. */
const DATABASE_IDENTIFIERS = ['code', 'severity', 'constraint', 'table', 'column', 'schema', 'dataType', 'routine'] as const;

const SQLSTATE = /^[0-9A-Z]{5}$/;

function causeChain(error: object): object[] {
  const chain: object[] = [];
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && chain.length < 5 && !chain.includes(current)) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

function isDatabaseError(error: object): boolean {
  const candidate = error as { code?: unknown; query?: unknown; params?: unknown };
  return 'params' in candidate || 'query' in candidate || (typeof candidate.code === 'string' && SQLSTATE.test(candidate.code));
}

/** The call stack without its first line, which repeats the message. */
function framesOf(error: object): string {
  const stack = (error as { stack?: unknown }).stack;
  if (typeof stack !== 'string') return '';
  return stack
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .join('\n');
}

/** The one serializer for every logged error (`log.error({ err })`), wherever it is logged from. */
function safeErrorSerializer(error: unknown): { type: string; message: string; stack: string; [key: string]: unknown } {
  if (typeof error !== 'object' || error === null) return { type: typeof error, message: 'a thrown value that is not an error', stack: '' };
  const chain = causeChain(error);
  const fromDatabase = chain.some(isDatabaseError);
  const serialized = {
    type: (error as Error).name || error.constructor.name,
    // Our own and the framework's messages say what went wrong without values; the driver's do not.
    message: fromDatabase ? 'a database error (its text is not logged: it can carry the values sent)' : (error as Error).message,
    stack: framesOf(error),
  } as { type: string; message: string; stack: string; [key: string]: unknown };
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'string' && !SQLSTATE.test(code)) serialized.code = code;
  if (typeof statusCode === 'number') serialized.statusCode = statusCode;
  const driverError = chain.find((link) => typeof (link as { code?: unknown }).code === 'string' && SQLSTATE.test((link as { code: string }).code));
  if (driverError) {
    const identifiers: Record<string, unknown> = {};
    for (const key of DATABASE_IDENTIFIERS) {
      const value = (driverError as Record<string, unknown>)[key];
      if (typeof value === 'string') identifiers[key] = value;
    }
    serialized.database = identifiers;
  }
  return serialized;
}

/** A request is logged by its route (`/children/:childId`), never by its URL with its query string. */
function safeRequestSerializer(request: FastifyRequest): { method: string; route: string; remoteAddress: string } {
  return {
    method: request.method,
    route: request.routeOptions.url ?? request.url.split('?')[0] ?? '',
    remoteAddress: request.ip,
  };
}

export const logSerializers = { err: safeErrorSerializer, req: safeRequestSerializer };
