import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/client.js';
import { MISSED_REASONS } from '../../domain/delivery.js';
import { formatDate, todayInLondon } from '../../domain/formatting.js';
import { actorOf } from '../../http/actor.js';
import { ValidationError } from '../../http/errors.js';
import { errorSummaryView, type ErrorSummaryView } from '../../http/validation.js';
import { fieldNames, loadWeekGrid, recordWeek, WeekError, weekFrom, weekHeading, type GridRow } from './week-grid.js';

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

async function renderWeek(db: Database, request: FastifyRequest, reply: FastifyReply, monday: string, values: Body, errors?: ErrorSummaryView, recordedText?: string) {
  const grid = await loadWeekGrid(db, actorOf(request), monday);
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
      monday = weekFrom(query.week, todayInLondon());
    } catch (error) {
      if (error instanceof WeekError) return renderRefusedWeek(reply, error);
      throw error;
    }
    const records = positiveInt(query.recorded);
    const pupils = positiveInt(query.pupils);
    const recordedText =
      records !== null && pupils !== null ? `Recorded ${String(records)} ${records === 1 ? 'record' : 'records'} for ${String(pupils)} ${pupils === 1 ? 'pupil' : 'pupils'}` : undefined;
    return renderWeek(db, request, reply, monday, {}, undefined, recordedText);
  });

  app.post('/provision/week', { config: { access: { permission: 'provision:record', audit: 'RECORD_PROVISION_DELIVERY' } } }, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    let monday: string;
    try {
      monday = weekFrom(body.week, todayInLondon());
    } catch (error) {
      if (error instanceof WeekError) return renderRefusedWeek(reply, error);
      throw error;
    }
    let result: { records: number; pupils: number };
    try {
      result = await recordWeek(db, actorOf(request), monday, body);
    } catch (error) {
      if (error instanceof ValidationError) return renderWeek(db, request, reply, monday, body, errorSummaryView(error.fieldErrors));
      throw error;
    }
    return reply.redirect(`/provision/week?week=${monday}&recorded=${String(result.records)}&pupils=${String(result.pupils)}`, 303);
  });
}
