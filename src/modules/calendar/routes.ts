import { z } from 'zod';
import { cell, link } from '../../http/cells.js';
import { formatDate } from '../../domain/formatting.js';
import { MissingVersionError, submittedVersion, VERSION_FIELD } from '../../http/edit-version.js';
import { paths } from '../../http/paths.js';
import { form, page, type FormState, type RouteContext, type RouteEntry } from '../../http/route-table.js';
import type { ErrorSummaryView } from '../../http/validation.js';
import { CLOSURE_KINDS, closureForm, termForm } from './schemas.js';
import * as service from './service.js';

type Body = Record<string, unknown>;

/** A stored date as the three parts of a GOV.UK date input. */
function parts(prefix: string, iso: string | null): Body {
  if (!iso) return {};
  const [year, month, day] = iso.split('-');
  return { [`${prefix}-day`]: String(Number(day)), [`${prefix}-month`]: String(Number(month)), [`${prefix}-year`]: year };
}

/** A term's form as stored, with the version it is being edited at. */
function termValues(term: service.TermRow): Body {
  return {
    name: term.name,
    ...parts('start', term.start),
    ...parts('end', term.end),
    ...parts('halfTermStart', term.halfTermStart),
    ...parts('halfTermEnd', term.halfTermEnd),
    [VERSION_FIELD]: String(term.version),
  };
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

/**
 * What the form shows: what was sent when a submission was refused, over what is stored (a
 * refused removal sends only the version, so the stored term is shown at the newer version).
 */
function shownValues(stored: Body, refused: FormState | undefined): Body {
  return refused ? { ...stored, ...refused.values } : stored;
}

function renderTerm(context: RouteContext<unknown>, start: string | null, values: Body, errors?: ErrorSummaryView) {
  return context.reply.view('calendar/views/term.njk', {
    pageTitle: start ? 'Change a term' : 'Add a term',
    heading: start ? 'Change a term' : 'Add a term',
    action: start ? paths.admin.term({ start }) : paths.admin.newTerm(),
    removeAction: start ? paths.admin.removeTerm({ start }) : null,
    values,
    errors,
    startItems: dateItems(values, 'start', errors),
    endItems: dateItems(values, 'end', errors),
    halfTermStartItems: dateItems(values, 'halfTermStart', errors),
    halfTermEndItems: dateItems(values, 'halfTermEnd', errors),
  });
}

function renderClosure(context: RouteContext<unknown>, date: string | null, values: Body, errors?: ErrorSummaryView) {
  return context.reply.view('calendar/views/closure.njk', {
    pageTitle: date ? 'Change a closure' : 'Add a closure',
    heading: date ? 'Change a closure' : 'Add a closure',
    action: date ? paths.admin.closure({ date }) : paths.admin.newClosure(),
    removeAction: date ? paths.admin.removeClosure({ date }) : null,
    values,
    errors,
    dateItems: dateItems(values, 'date', errors),
    kindItems: Object.entries(CLOSURE_KINDS).map(([value, text]) => ({ value, text, checked: values.kind === value })),
  });
}

/** The version an edit or removal form was opened at: refused when it does not say. */
function versionOf(body: Body): number {
  const version = submittedVersion(body);
  if (version === undefined) throw new MissingVersionError();
  return version;
}

const VIEW = { permission: 'admin:manage', audit: 'none' } as const;
const MANAGE = { permission: 'admin:manage', audit: 'MANAGE_SCHOOL_CALENDAR' } as const;
const savedQuery = z.object({ saved: z.literal('1').optional().catch(undefined) });
/** Removal sends nothing but the version it was opened at (checked by the service). */
const removal = z.object({ [VERSION_FIELD]: z.string().optional() });
const backToList = (context: RouteContext<unknown>) => context.reply.redirect(paths.admin.termDates({ saved: 1 }), 303);

const termDates = page({
  ...VIEW,
  path: paths.admin.termDates,
  query: savedQuery,
  async render(context) {
    const { own, terms, closures } = await service.loadTermDates(context.db, context.actor.principal.laId);
    return context.reply.view('calendar/views/term-dates.njk', {
      pageTitle: 'Term dates',
      own,
      saved: context.query.saved === '1',
      termRows: terms.map((term) => [
        { text: term.name },
        { text: formatDate(term.start) },
        { text: formatDate(term.end) },
        { text: term.halfTermStart && term.halfTermEnd ? `${formatDate(term.halfTermStart)} to ${formatDate(term.halfTermEnd)}` : 'None' },
        cell(link(paths.admin.term({ start: term.start }), 'Change', term.name)),
      ]),
      closureRows: closures.map((closure) => [
        { text: formatDate(closure.date) },
        { text: CLOSURE_KINDS[closure.kind] },
        { text: closure.description ?? '' },
        cell(link(paths.admin.closure({ date: closure.date }), 'Change', `the closure on ${formatDate(closure.date)}`)),
      ]),
    });
  },
});

const newTerm = page({ ...VIEW, path: paths.admin.newTerm, render: (context, refused) => renderTerm(context, null, refused?.values ?? {}, refused?.errors) });

const term = page({
  ...VIEW,
  path: paths.admin.term,
  async render(context, refused) {
    const stored = await service.findTerm(context.db, context.actor.principal.laId, context.params.start);
    return renderTerm(context, stored.start, shownValues(termValues(stored), refused), refused?.errors);
  },
});

const newClosure = page({ ...VIEW, path: paths.admin.newClosure, render: (context, refused) => renderClosure(context, null, refused?.values ?? {}, refused?.errors) });

const closure = page({
  ...VIEW,
  path: paths.admin.closure,
  async render(context, refused) {
    const stored = await service.findClosure(context.db, context.actor.principal.laId, context.params.date);
    return renderClosure(context, stored.date, shownValues(closureValues(stored), refused), refused?.errors);
  },
});

/** The LA's term dates and closures, which decide what term-time provision owes. LA administrators edit them. */
export const calendarRoutes: RouteEntry[] = [
  termDates,
  newTerm,
  form({
    ...MANAGE,
    path: paths.admin.newTerm,
    body: termForm,
    page: newTerm,
    async submit(context, input) {
      await service.saveTerm(context.db, context.actor, null, input);
      return backToList(context);
    },
  }),
  term,
  form({
    ...MANAGE,
    path: paths.admin.term,
    body: termForm,
    page: term,
    async submit(context, input) {
      const { start } = context.params;
      await service.findTerm(context.db, context.actor.principal.laId, start);
      await service.saveTerm(context.db, context.actor, start, input, versionOf(context.request.body as Body));
      return backToList(context);
    },
  }),
  form({
    ...MANAGE,
    path: paths.admin.removeTerm,
    body: removal,
    page: term,
    async submit(context) {
      const { start } = context.params;
      await service.findTerm(context.db, context.actor.principal.laId, start);
      await service.removeTerm(context.db, context.actor, start, versionOf(context.request.body as Body));
      return backToList(context);
    },
  }),
  newClosure,
  form({
    ...MANAGE,
    path: paths.admin.newClosure,
    body: closureForm,
    page: newClosure,
    async submit(context, input) {
      await service.saveClosure(context.db, context.actor, null, input);
      return backToList(context);
    },
  }),
  closure,
  form({
    ...MANAGE,
    path: paths.admin.closure,
    body: closureForm,
    page: closure,
    async submit(context, input) {
      const { date } = context.params;
      await service.findClosure(context.db, context.actor.principal.laId, date);
      await service.saveClosure(context.db, context.actor, date, input, versionOf(context.request.body as Body));
      return backToList(context);
    },
  }),
  form({
    ...MANAGE,
    path: paths.admin.removeClosure,
    body: removal,
    page: closure,
    async submit(context) {
      const { date } = context.params;
      await service.findClosure(context.db, context.actor.principal.laId, date);
      await service.removeClosure(context.db, context.actor, date, versionOf(context.request.body as Body));
      return backToList(context);
    },
  }),
];
