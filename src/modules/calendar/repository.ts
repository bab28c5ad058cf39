import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { schoolClosure, schoolTerm } from '../../db/schema/index.js';
import { DEFAULT_ENGLISH_CALENDAR, type SchoolCalendar } from '../../domain/school-calendar.js';

/**
 * The LA's school calendar: its own term dates and closures, or the default English calendar
 * until the LA has entered its own.
 */
export async function loadSchoolCalendar(db: Database, laId: string): Promise<SchoolCalendar> {
  const [terms, closures] = await Promise.all([
    db.select().from(schoolTerm).where(eq(schoolTerm.laId, laId)).orderBy(asc(schoolTerm.startDate)),
    db.select().from(schoolClosure).where(eq(schoolClosure.laId, laId)).orderBy(asc(schoolClosure.closedOn)),
  ]);
  if (terms.length === 0) return DEFAULT_ENGLISH_CALENDAR;
  return {
    terms: terms.map((term) => ({
      name: term.name,
      start: term.startDate,
      end: term.endDate,
      ...(term.halfTermStart && term.halfTermEnd ? { halfTerm: { start: term.halfTermStart, end: term.halfTermEnd } } : {}),
    })),
    bankHolidays: closures.filter((closure) => closure.kind === 'bank_holiday').map((closure) => closure.closedOn),
    closures: closures.filter((closure) => closure.kind !== 'bank_holiday').map((closure) => closure.closedOn),
  };
}
