import { recordDeliveries, type DeliveryRecordInput } from '../../src/modules/provision/recording.js';
import type { TestLa } from './core.js';
import { actorFor, type TestUser } from './people.js';

/**
 * Delivery recorded against a plan's line, through the recording service, so the weekly totals,
 * the ledger and the audit trail follow as when a person records it. One delivered session of
 * `minutes` on each day given, by someone who may record against the line (a caseworker may
 * record against any).
 */
export async function deliveredSessions(la: TestLa, recordedBy: TestUser, itemId: string, days: string[], overrides: Partial<Omit<DeliveryRecordInput, 'itemId' | 'date'>> = {}): Promise<string[]> {
  const records = days.map((date): DeliveryRecordInput => ({ itemId, date, status: 'delivered', sessions: 1, minutes: 30, madeUp: false, ...overrides }));
  return recordDeliveries(la.db, actorFor(recordedBy), records, { source: 'web' });
}
