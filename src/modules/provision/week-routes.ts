import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.js';
import { MISSED_REASONS } from '../../domain/delivery.js';
import { formatDate } from '../../domain/formatting.js';
import { actorOf } from '../../http/actor.js';
import { ValidationError } from '../../http/errors.js';
import { errorSummaryView, type ErrorSummaryView } from '../../http/validation.js';
import { fieldNames, loadWeekGrid, pageFrom, recordWeek, WeekError, weekFrom, weekHeading, type GridRow, type WeekGrid } from './week-grid.js';

type Body = Record<string, unknown>;

function positiveInt(value: unknown): number | null {
  return typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : null;
}

function rowView(row: GridRow, values: Body, errors: ErrorSummaryView | undefined) {
  const names = fieldNames(row.itemId);
  const value = (name: string) => (typeof values[name] === 'string' ? values[name] : '');
  const reason = value(names.missedReason);
  return {
    ...row,
    names,
    // Each input's hidden label names the child and the item, so a screen reader user knows which row they are in.
    label: `${row.childName}, ${row.itemText}`,
    values: {
      deliveredSessions: value(names.deliveredSessions),
      deliveredMinutes: value(names.deliveredMinutes),
      madeUp: value(names.madeUp),
      missedSessions: value(names.missedSessions),
      missedMinutes: value(names.missedMinutes),
    },
    errors: Object.fromEntries(Object.entries(names).map(([field, name]) => [field, errors?.byField[name]])),
    reasonItems: [{ value: '', text: 'None' }, ...Object.entries(MISSED_REASONS).map(([code, text]) => ({ value: code, text, selected: reason === code }))],
  };
}

function weekPath(monday: string, page: number): string {
  return `/provision/week?week=${monday}${page > 1 ? `&page=${String(page)}` : ''}`;
}

/** GOV.UK pagination over the pages of pupils: every page number when there are few, otherwise the first, the last and those either side of this one. */
function pupilPagination(grid: WeekGrid) {
  if (grid.pageCount <= 1) return null;
  const pages = Array.from({ length: grid.pageCount }, (_, index) => index + 1).filter((page) => grid.pageCount <= 7 || page === 1 || page === grid.pageCount || Math.abs(page - grid.page) <= 1);
  const items = pages.flatMap((page, index) => [
    ...(index > 0 && page - (pages[index - 1] ?? page) > 1 ? [{ ellipsis: true }] : []),
    { number: String(page), href: weekPath(grid.monday, page), current: page === grid.page },
  ]);
  return {
    landmarkLabel: 'Pages of pupils',
    previous: grid.page > 1 ? { href: weekPath(grid.monday, grid.page - 1) } : undefined,
    next: grid.page < grid.pageCount ? { href: weekPath(grid.monday, grid.page + 1) } : undefined,
    items,
  };
}

async function renderWeek(db: Database, request: FastifyRequest, reply: FastifyReply, monday: string, page: number, values: Body, errors?: ErrorSummaryView, recordedText?: string) {
  const grid = await loadWeekGrid(db, actorOf(request), monday, page);
  const groups: { childId: string; childName: string; rows: ReturnType<typeof rowView>[] }[] = [];
  for (const row of grid.rows) {
    const last = groups.at(-1);
    const view = rowView(row, values, errors);
    if (last?.childId === row.childId) last.rows.push(view);
    else groups.push({ childId: row.childId, childName: row.childName, rows: [view] });
  }
  return reply.code(errors ? 400 : 200).view('provision/views/week.njk', {
    pageTitle: `Record a week of provision – ${weekHeading(monday)}`,
    heading: weekHeading(monday),
    monday,
    previousWeek: grid.previousWeek,
    previousWeekText: formatDate(grid.previousWeek),
    nextWeek: grid.nextWeek,
    nextWeekText: grid.nextWeek ? formatDate(grid.nextWeek) : '',
    groups,
    rowCount: grid.rows.length,
    pupils: grid.pupils,
    itemsWithRecords: grid.itemsWithRecords,
    page: grid.page,
    pageCount: grid.pageCount,
    totalPupils: grid.totalPupils,
    firstPupil: grid.firstPupil,
    lastPupil: grid.lastPupil,
    pupilPagination: pupilPagination(grid),
    errors,
    recordedText,
  });
}

function renderRefusedWeek(reply: FastifyReply, error: WeekError) {
  return reply.code(400).view('provision/views/week.njk', {
    pageTitle: 'Record a week of provision',
    heading: 'Week not available',
    weekRefused: true,
    errors: errorSummaryView([{ path: 'week', message: error.message }]),
  });
}

/** The week grid: a school, a provider or a caseworker records a week of provision for all their children in one form. */
export function registerWeekGridRoutes(app: FastifyInstance, db: Database): void {
  app.get('/provision/week', { config: { access: { permission: 'provision:record', audit: 'VIEW_PROVISION' } } }, async (request, reply) => {
    const query = (request.query ?? {}) as Body;
    let monday: string;
    try {
      monday = weekFrom(query.week, request.server.clock.today());
    } catch (error) {
      if (error instanceof WeekError) return renderRefusedWeek(reply, error);
      throw error;
    }
    const records = positiveInt(query.recorded);
    const pupils = positiveInt(query.pupils);
    const recordedText =
      records !== null && pupils !== null ? `Recorded ${String(records)} ${records === 1 ? 'record' : 'records'} for ${String(pupils)} ${pupils === 1 ? 'pupil' : 'pupils'}` : undefined;
    return renderWeek(db, request, reply, monday, pageFrom(query.page), {}, undefined, recordedText);
  });

  app.post('/provision/week', { config: { access: { permission: 'provision:record', audit: 'RECORD_PROVISION_DELIVERY' } } }, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    let monday: string;
    try {
      monday = weekFrom(body.week, request.server.clock.today());
    } catch (error) {
      if (error instanceof WeekError) return renderRefusedWeek(reply, error);
      throw error;
    }
    const page = pageFrom(body.page);
    let result: { records: number; pupils: number };
    try {
      result = await recordWeek(db, actorOf(request), monday, page, body);
    } catch (error) {
      if (error instanceof ValidationError) return renderWeek(db, request, reply, monday, page, body, errorSummaryView(error.fieldErrors));
      throw error;
    }
    return reply.redirect(`${weekPath(monday, page)}&recorded=${String(result.records)}&pupils=${String(result.pupils)}`, 303);
  });
}
