import { and, desc, eq, isNotNull, ne } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { appUser, auditEvent, organisation, setting } from '../../db/schema/index.js';

/**
 * Who did what on a child's record, newest first, leaving out the reader's own actions and the
 * system's (no person). One more than the page is read to know whether there is another page.
 */
export async function findAccessLogPage(db: Database, params: { laId: string; childId: string; excludeUserId: string; limit: number; offset: number }) {
  const rows = await db
    .select({
      id: auditEvent.id,
      action: auditEvent.action,
      occurredAt: auditEvent.occurredAt,
      change: auditEvent.change,
      actorName: appUser.displayName,
      actorRole: auditEvent.actorRole,
      organisationName: organisation.name,
      settingName: setting.name,
    })
    .from(auditEvent)
    .innerJoin(appUser, eq(appUser.id, auditEvent.actorUserId))
    .leftJoin(organisation, eq(organisation.id, appUser.organisationId))
    .leftJoin(setting, eq(setting.id, appUser.settingId))
    .where(and(eq(auditEvent.laId, params.laId), eq(auditEvent.childId, params.childId), isNotNull(auditEvent.actorUserId), ne(auditEvent.actorUserId, params.excludeUserId)))
    .orderBy(desc(auditEvent.occurredAt), desc(auditEvent.id))
    .limit(params.limit + 1)
    .offset(params.offset);
  return { rows: rows.slice(0, params.limit), hasMore: rows.length > params.limit };
}
