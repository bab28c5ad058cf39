import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { MISSED_REASONS } from '../../domain/delivery.js';
import { formatDate } from '../../domain/formatting.js';
import { paths } from '../../http/paths.js';
import { form, page, type FormState, type RouteContext, type RouteEntry } from '../../http/route-table.js';
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

function weekPath(monday: string, page: number, recorded?: { records: number; pupils: number }): string {
  return paths.provision.week({ week: monday, page: page > 1 ? page : undefined, recorded: recorded?.records, pupils: recorded?.pupils });
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

async function renderWeek(context: RouteContext<unknown>, monday: string, page: number, values: Body, errors?: ErrorSummaryView, recordedText?: string) {
  const grid = await loadWeekGrid(context.db, context.actor, monday, page);
  const groups: { childId: string; childName: string; rows: ReturnType<typeof rowView>[] }[] = [];
  for (const row of grid.rows) {
    const last = groups.at(-1);
    const view = rowView(row, values, errors);
    if (last?.childId === row.childId) last.rows.push(view);
    else groups.push({ childId: row.childId, childName: row.childName, rows: [view] });
  }
  return context.reply.view('provision/views/week.njk', {
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

const weekQuery = z.object({
  // Checked by weekFrom and pageFrom, which say what was wrong with a week.
  week: z.unknown().optional(),
  page: z.unknown().optional(),
  recorded: z.unknown().optional(),
  pupils: z.unknown().optional(),
});

const RECORD = { permission: 'provision:record', path: paths.provision.week } as const;

const weekPage = page({
  ...RECORD,
  audit: 'VIEW_PROVISION',
  query: weekQuery,
  async render(context, refused?: FormState) {
    // A refused grid is shown again at the week and page it was sent from.
    const { week, page: pageNumber, recorded, pupils } = refused ? { week: refused.values.week, page: refused.values.page, recorded: undefined, pupils: undefined } : context.query;
    let monday: string;
    try {
      monday = weekFrom(week, context.actor.clock.today());
    } catch (error) {
      if (error instanceof WeekError) return renderRefusedWeek(context.reply, error);
      throw error;
    }
    const records = positiveInt(recorded);
    const pupilCount = positiveInt(pupils);
    const recordedText =
      records !== null && pupilCount !== null ? `Recorded ${String(records)} ${records === 1 ? 'record' : 'records'} for ${String(pupilCount)} ${pupilCount === 1 ? 'pupil' : 'pupils'}` : undefined;
    return renderWeek(context, monday, pageFrom(pageNumber), refused?.values ?? {}, refused?.errors, recordedText);
  },
});

/** The week grid: a school, a provider or a caseworker records a week of provision for all their children in one form. */
export const weekGridRoutes: RouteEntry[] = [
  weekPage,
  form({
    ...RECORD,
    audit: 'RECORD_PROVISION_DELIVERY',
    // One field for each row of the grid, named by the row's item: recordWeek reads them.
    body: z.record(z.string(), z.unknown()),
    page: weekPage,
    async submit(context, body) {
      let monday: string;
      try {
        monday = weekFrom(body.week, context.actor.clock.today());
      } catch (error) {
        if (error instanceof WeekError) return renderRefusedWeek(context.reply, error);
        throw error;
      }
      const pageNumber = pageFrom(body.page);
      const result = await recordWeek(context.db, context.actor, monday, pageNumber, body);
      return context.reply.redirect(weekPath(monday, pageNumber, result), 303);
    },
  }),
];
