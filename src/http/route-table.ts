import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Database } from '../db/client.js';
import { mayOpenFor, type RouteAccess } from '../plugins/access.js';
import { actorOf, type Actor } from './actor.js';
import { StaleEditError, VERSION_FIELD } from './edit-version.js';
import { ValidationError } from './errors.js';
import type { PathBuilder, PathParams } from './paths.js';
import { errorSummaryView, fieldErrorsFrom, type ErrorSummaryView } from './validation.js';

/**
 * A module's routes as data: each entry says its path, who may use it, the audit event it writes,
 * how its input is read and what it does. `registerRouteTable` turns entries into Fastify routes,
 * so permission, input, the error summary and the audit event are handled once, the same way, for
 * every page. See docs/developing.md.
 */

type Body = Record<string, unknown>;

/** What a handler is given: the request, the reply, and its parsed input. */
export interface RouteContext<Params, Query = Body> {
  db: Database;
  request: FastifyRequest;
  reply: FastifyReply;
  params: Params;
  query: Query;
  /** The query did not parse: the page shows these in its error summary, with the defaults applied. */
  queryErrors?: ErrorSummaryView;
  /** The signed-in person acting, carrying the route's declared audit event. Throws on a public route. */
  readonly actor: Actor;
  /** Whether the reader may open a path: links are shown only when it says yes. */
  mayOpen(path: string): boolean;
}

/** A refused form shown again: what was typed and why it was refused. */
export interface FormState {
  values: Body;
  errors: ErrorSummaryView;
}

interface Declared<P extends string, Q> {
  path: PathBuilder<P>;
  permission: RouteAccess['permission'];
  /** The event every successful request writes (in the handler's transaction), or 'none'. */
  audit: RouteAccess['audit'];
  /** Query parameters: parsed with the schema; when they do not parse, the schema's defaults with `queryErrors`. */
  query?: z.ZodType<Q>;
  /** Which body or query fields are lists (checkboxes), for the input gate. */
  lists?: string[];
}

export interface PageEntry<P extends string = string, Q = Body> extends Declared<P, Q> {
  kind: 'page';
  method: 'GET';
  /** Shows the page; `form` is set when a refused submission shows it again. */
  render(context: RouteContext<PathParams<P>, Q>, form?: FormState): unknown;
}

export interface FormEntry<P extends string = string, B = Body, Q = Body> extends Declared<P, Q> {
  kind: 'form';
  method: 'POST';
  body: z.ZodType<B>;
  /**
   * The page shown again, with the error summary, when the body does not parse or the service
   * refuses it (ValidationError, or a stale edit at the newer version). It gets the same path
   * parameters and writes its own declared event: the reader saw the record again, nothing changed.
   */
  page: PageEntry | PageEntry<string, never>;
  /** Runs with the parsed body; returns the reply (a redirect, post-redirect-get). */
  submit(context: RouteContext<PathParams<P>, Q>, body: B): unknown;
}

export interface HandlerEntry<P extends string = string, Q = Body> extends Declared<P, Q> {
  kind: 'handler';
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Largest body accepted, when it is not the app's default (a batch of records by the API). */
  bodyLimit?: number;
  /** Anything not a page or a form: JSON, downloads, multipart uploads. */
  handle(context: RouteContext<PathParams<P>, Q>): unknown;
}

/** The page a form shows again: any page entry, its types erased. */
export interface PageReference {
  kind: 'page';
  audit: RouteAccess['audit'];
  render(context: never, form?: FormState): unknown;
}

/** Any entry with its types erased: what a module's table holds and the registrar reads. */
export interface RouteEntry {
  kind: 'page' | 'form' | 'handler';
  method: PageEntry['method'] | FormEntry['method'] | HandlerEntry['method'];
  path: { readonly pattern: string };
  permission: RouteAccess['permission'];
  audit: RouteAccess['audit'];
  lists?: string[];
}

export function page<P extends string, Q = Body>(entry: Omit<PageEntry<P, Q>, 'kind' | 'method'>): PageEntry<P, Q> {
  return { ...entry, kind: 'page', method: 'GET' };
}

export function form<P extends string, B, Q = Body>(entry: Omit<FormEntry<P, B, Q>, 'kind' | 'method'>): FormEntry<P, B, Q> {
  return { ...entry, kind: 'form', method: 'POST' };
}

export function handler<P extends string, Q = Body>(entry: Omit<HandlerEntry<P, Q>, 'kind'> & { method: HandlerEntry['method'] }): HandlerEntry<P, Q> {
  return { ...entry, kind: 'handler' };
}

function contextFor<Q>(db: Database, request: FastifyRequest, reply: FastifyReply, querySchema: z.ZodType<Q> | undefined): RouteContext<Body, Q> {
  let query = (request.query ?? {}) as Q;
  let queryErrors: ErrorSummaryView | undefined;
  if (querySchema) {
    const parsed = querySchema.safeParse(request.query ?? {});
    if (parsed.success) query = parsed.data;
    else {
      queryErrors = errorSummaryView(fieldErrorsFrom(parsed.error));
      query = querySchema.parse({});
      reply.code(400);
    }
  }
  return {
    db,
    request,
    reply,
    params: (request.params ?? {}) as Body,
    query,
    ...(queryErrors ? { queryErrors } : {}),
    get actor() {
      return actorOf(request);
    },
    mayOpen: mayOpenFor(request),
  };
}

/** A refusal the page can show in its error summary, or undefined for anything else. */
function refusalOf(error: unknown, values: Body): { status: number; form: FormState } | undefined {
  if (error instanceof StaleEditError) {
    return { status: 409, form: { values: { ...values, [VERSION_FIELD]: String(error.currentVersion) }, errors: errorSummaryView(error.fieldErrors) } };
  }
  if (error instanceof ValidationError) return { status: 400, form: { values, errors: errorSummaryView(error.fieldErrors) } };
  return undefined;
}

async function submitForm(db: Database, entry: FormEntry<string, unknown, unknown>, request: FastifyRequest, reply: FastifyReply) {
  const context = contextFor(db, request, reply, entry.query);
  const values = (request.body ?? {}) as Body;
  const showAgain = (status: number, state: FormState) => {
    // The page is read again, not changed: it writes the page's own event.
    request.audit.action = entry.page.audit;
    reply.code(status);
    return (entry.page as PageEntry<string, unknown>).render(context, state);
  };
  const parsed = entry.body.safeParse(values);
  if (!parsed.success) return showAgain(400, { values, errors: errorSummaryView(fieldErrorsFrom(parsed.error)) });
  try {
    return await entry.submit(context, parsed.data);
  } catch (error) {
    const refusal = refusalOf(error, values);
    if (refusal) return showAgain(refusal.status, refusal.form);
    throw error;
  }
}

/** Registers a module's table: each entry becomes one route, declaring its access for the access plugin. */
export function registerRouteTable(app: FastifyInstance, db: Database, entries: readonly RouteEntry[]): void {
  for (const entry of entries as readonly (PageEntry<string, unknown> | FormEntry<string, unknown, unknown> | HandlerEntry<string, unknown>)[]) {
    const config = { access: { permission: entry.permission, audit: entry.audit }, ...(entry.lists ? { input: { lists: entry.lists } } : {}) };
    app.route({
      method: entry.method,
      url: entry.path.pattern,
      config,
      ...(entry.kind === 'handler' && entry.bodyLimit ? { bodyLimit: entry.bodyLimit } : {}),
      handler: async (request, reply) => {
        switch (entry.kind) {
          case 'page':
            return entry.render(contextFor(db, request, reply, entry.query));
          case 'form':
            return submitForm(db, entry, request, reply);
          case 'handler':
            return entry.handle(contextFor(db, request, reply, entry.query));
        }
      },
    });
  }
}
