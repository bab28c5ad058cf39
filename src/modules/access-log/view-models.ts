import { ROLE_LABELS, isRole } from '../../auth/roles.js';
import { accessLogPhrase, accessLogSentence } from '../../domain/access-log.js';
import { formatDateTime } from '../../domain/formatting.js';
import { describeAuditAction } from '../audit/actions.js';
import type { findAccessLogPage } from './repository.js';
import { renameOf, singleRecordOf } from './service.js';

type AccessLogRow = Awaited<ReturnType<typeof findAccessLogPage>>['rows'][number];

/** Each event as a sentence a family reads: who, in what role and where, did what, when. */
export function accessLogRows(rows: AccessLogRow[], items: Map<string, string>) {
  return rows.map((row) => {
    const record = singleRecordOf(row.change);
    const phrase = accessLogPhrase(row.action, describeAuditAction(row.action), {
      itemName: record ? (items.get(record.provisionItemId) ?? null) : null,
      status: record?.status ?? null,
      renamed: row.action === 'RENAME_PROVISION_ITEM' ? renameOf(row.change) : null,
    });
    const when = formatDateTime(row.occurredAt);
    return {
      dateTime: row.occurredAt.toISOString(),
      sentence: accessLogSentence({
        who: row.actorName,
        roleLabel: row.actorRole && isRole(row.actorRole) ? ROLE_LABELS[row.actorRole] : '',
        organisation: row.settingName ?? row.organisationName,
        phrase,
        when,
      }),
    };
  });
}
