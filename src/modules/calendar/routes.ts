import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.js';
import { formatDate } from '../../domain/formatting.js';
import { actorOf } from '../../http/actor.js';
import { MissingVersionError, StaleEditError, submittedVersion, VERSION_FIELD } from '../../http/edit-version.js';
import { ValidationError } from '../../http/errors.js';
import { errorSummaryView, fieldErrorsFrom, type ErrorSummaryView } from '../../http/validation.js';
import { CLOSURE_KINDS, closureForm, termForm } from './schemas.js';
import * as service from './service.js';

type Body = Record<string, unknown>;
const BASE = '/admin/term-dates';

/** A stored date as the three parts of a GOV.UK date input. */
function parts(prefix: string, iso: string | null): Body {
  if (!iso) return {};
  const [year, month, day] = iso.split('-');
  return { [`${prefix}-day`]: String(Number(day)), [`${prefix}-month`]: String(Number(month)), [`${prefix}-year`]: year };
}

/** A term's form as stored, with the version it is being edited at. */
function termValues(term: service.TermRow): Body {
  return { name: term.name, ...parts('start', term.start), ...parts('end', term.end), ...parts('halfTermStart', term.halfTermStart), ...parts('halfTermEnd', term.halfTermEnd), [VERSION_FIELD]: String(term.version) };
}

function closureValues(closure: service.ClosureRow): Body {
  return { ...parts('date', closure.date), kind: closure.kind, description: closure.description ?? '', [VERSION_FIELD]: String(closure.version) };
}

function dateItems(values: Body, prefix: string, errors: ErrorSummaryView | undefined) {
  const error = errors?.byField[prefix] ? ' govuk-input--error' : '';
  return [
    { name: 'day', classes: `govuk-input--width-2${error}`, value: values[`${prefix}-day`] },
    { name: 'month', classes: `govuk-input--width-2${error}`, value: values[`${prefix}-month`] },
    { name: 'year', classes: `govuk-input--width-4${error}`, value: values[`${prefix}-year`] },
  ];
}

function renderTerm(reply: FastifyReply, start: string | null, values: Body, errors?: ErrorSummaryView, statusCode = 400) {
  return reply.code(errors ? statusCode : 200).view('calendar/views/term.njk', {
    pageTitle: start ? 'Change a term' : 'Add a term',
    heading: start ? 'Change a term' : 'Add a term',
    action: start ? `${BASE}/terms/${start}` : `${BASE}/terms/new`,
    removeAction: start ? `${BASE}/terms/${start}/remove` : null,
    values,
    errors,
    startItems: dateItems(values, 'start', errors),
    endItems: dateItems(values, 'end', errors),
    halfTermStartItems: dateItems(values, 'halfTermStart', errors),
    halfTermEndItems: dateItems(values, 'halfTermEnd', errors),
  });
}

function renderClosure(reply: FastifyReply, date: string | null, values: Body, errors?: ErrorSummaryView, statusCode = 400) {
  return reply.code(errors ? statusCode : 200).view('calendar/views/closure.njk', {
    pageTitle: date ? 'Change a closure' : 'Add a closure',
    heading: date ? 'Change a closure' : 'Add a closure',
    action: date ? `${BASE}/closures/${date}` : `${BASE}/closures/new`,
    removeAction: date ? `${BASE}/closures/${date}/remove` : null,
    values,
    errors,
    dateItems: dateItems(values, 'date', errors),
    kindItems: Object.entries(CLOSURE_KINDS).map(([value, text]) => ({ value, text, checked: values.kind === value })),
  });
}

async function renderList(db: Database, request: FastifyRequest, reply: FastifyReply, errors?: ErrorSummaryView) {
  const { own, terms, closures } = await service.loadTermDates(db, actorOf(request).principal.laId);
  const query = (request.query ?? {}) as Body;
  return reply.code(errors ? 400 : 200).view('calendar/views/term-dates.njk', {
    pageTitle: 'Term dates',
    errors,
    own,
    saved: query.saved === '1',
    termRows: terms.map((term) => [
      { text: term.name },
      { text: formatDate(term.start) },
      { text: formatDate(term.end) },
      { text: term.halfTermStart && term.halfTermEnd ? `${formatDate(term.halfTermStart)} to ${formatDate(term.halfTermEnd)}` : 'None' },
      { html: `<a class="govuk-link" href="${BASE}/terms/${term.start}">Change<span class="govuk-visually-hidden"> ${term.name}</span></a>` },
    ]),
    closureRows: closures.map((closure) => [
      { text: formatDate(closure.date) },
      { text: CLOSURE_KINDS[closure.kind] },
      { text: closure.description ?? '' },
      { html: `<a class="govuk-link" href="${BASE}/closures/${closure.date}">Change<span class="govuk-visually-hidden"> the closure on ${formatDate(closure.date)}</span></a>` },
    ]),
  });
}

/**
 * Run a calendar change from a form: validation errors re-show the form (400, nothing saved), a
 * save over someone else's newer one re-shows it at their version (409), success goes back to the list.
 */
async function submit(reply: FastifyReply, change: () => Promise<void>, reshow: (errors: ErrorSummaryView, statusCode?: number, version?: number) => unknown) {
  try {
    await change();
  } catch (error) {
    if (error instanceof ValidationError) return reshow(errorSummaryView(error.fieldErrors));
    if (error instanceof StaleEditError) return reshow(errorSummaryView(error.fieldErrors), 409, error.currentVersion);
    throw error;
  }
  return reply.redirect(`${BASE}?saved=1`, 303);
}

/** The version an edit or removal form was opened at: refused when it does not say. */
function versionOf(body: Body): number {
  const version = submittedVersion(body);
  if (version === undefined) throw new MissingVersionError();
  return version;
}

/** The values shown again, at the version a stale save is now offered over. */
function atVersion(values: Body, version: number | undefined): Body {
  return version === undefined ? values : { ...values, [VERSION_FIELD]: String(version) };
}

/** The LA's term dates and closures, which decide what term-time provision owes. LA administrators edit them. */
export function registerCalendarRoutes(app: FastifyInstance, db: Database): void {
  const view = { permission: 'admin:manage', audit: 'none' } as const;
  const manage = { permission: 'admin:manage', audit: 'MANAGE_SCHOOL_CALENDAR' } as const;

  app.get(BASE, { config: { access: view } }, async (request, reply) => renderList(db, request, reply));

  app.get(`${BASE}/terms/new`, { config: { access: view } }, async (_request, reply) => renderTerm(reply, null, {}));
  app.post(`${BASE}/terms/new`, { config: { access: manage } }, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const parsed = termForm.safeParse(body);
    if (!parsed.success) return renderTerm(reply, null, body, errorSummaryView(fieldErrorsFrom(parsed.error)));
    return submit(reply, () => service.saveTerm(db, actorOf(request), null, parsed.data), (errors) => renderTerm(reply, null, body, errors));
  });

  app.get<{ Params: { start: string } }>(`${BASE}/terms/:start`, { config: { access: view } }, async (request, reply) => {
    const term = await service.findTerm(db, actorOf(request).principal.laId, request.params.start);
    return renderTerm(reply, term.start, termValues(term));
  });
  app.post<{ Params: { start: string } }>(`${BASE}/terms/:start`, { config: { access: manage } }, async (request, reply) => {
    const { start } = request.params;
    await service.findTerm(db, actorOf(request).principal.laId, start);
    const body = (request.body ?? {}) as Body;
    const version = versionOf(body);
    const parsed = termForm.safeParse(body);
    if (!parsed.success) return renderTerm(reply, start, body, errorSummaryView(fieldErrorsFrom(parsed.error)));
    return submit(reply, () => service.saveTerm(db, actorOf(request), start, parsed.data, version), (errors, statusCode, current) => renderTerm(reply, start, atVersion(body, current), errors, statusCode));
  });
  app.post<{ Params: { start: string } }>(`${BASE}/terms/:start/remove`, { config: { access: manage } }, async (request, reply) => {
    const { start } = request.params;
    const version = versionOf((request.body ?? {}) as Body);
    const term = await service.findTerm(db, actorOf(request).principal.laId, start);
    return submit(reply, () => service.removeTerm(db, actorOf(request), start, version), (errors, statusCode) => renderTerm(reply, start, termValues(term), errors, statusCode));
  });

  app.get(`${BASE}/closures/new`, { config: { access: view } }, async (_request, reply) => renderClosure(reply, null, {}));
  app.post(`${BASE}/closures/new`, { config: { access: manage } }, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const parsed = closureForm.safeParse(body);
    if (!parsed.success) return renderClosure(reply, null, body, errorSummaryView(fieldErrorsFrom(parsed.error)));
    return submit(reply, () => service.saveClosure(db, actorOf(request), null, parsed.data), (errors) => renderClosure(reply, null, body, errors));
  });

  app.get<{ Params: { date: string } }>(`${BASE}/closures/:date`, { config: { access: view } }, async (request, reply) => {
    const closure = await service.findClosure(db, actorOf(request).principal.laId, request.params.date);
    return renderClosure(reply, closure.date, closureValues(closure));
  });
  app.post<{ Params: { date: string } }>(`${BASE}/closures/:date`, { config: { access: manage } }, async (request, reply) => {
    const { date } = request.params;
    await service.findClosure(db, actorOf(request).principal.laId, date);
    const body = (request.body ?? {}) as Body;
    const version = versionOf(body);
    const parsed = closureForm.safeParse(body);
    if (!parsed.success) return renderClosure(reply, date, body, errorSummaryView(fieldErrorsFrom(parsed.error)));
    return submit(reply, () => service.saveClosure(db, actorOf(request), date, parsed.data, version), (errors, statusCode, current) => renderClosure(reply, date, atVersion(body, current), errors, statusCode));
  });
  app.post<{ Params: { date: string } }>(`${BASE}/closures/:date/remove`, { config: { access: manage } }, async (request, reply) => {
    const { date } = request.params;
    const version = versionOf((request.body ?? {}) as Body);
    const closure = await service.findClosure(db, actorOf(request).principal.laId, date);
    return submit(reply, () => service.removeClosure(db, actorOf(request), date, version), (errors, statusCode) => renderClosure(reply, date, closureValues(closure), errors, statusCode));
  });
}
