import { formatDateTime } from '../../domain/formatting.js';
import { cell, tag, type Part } from '../../http/cells.js';
import { paths } from '../../http/paths.js';
import type { OutboxRow, NotificationRow } from './repository.js';
import { OUTBOX_STATES, type DeliveryChoice } from './schemas.js';

export interface NotificationItemView {
  id: string;
  subject: string;
  body: string;
  time: string;
  timeIso: string;
  unread: boolean;
  href: string;
}

export function notificationItems(rows: NotificationRow[]): NotificationItemView[] {
  return rows.map((row) => ({
    id: row.id,
    subject: row.subject,
    body: row.body,
    time: formatDateTime(row.createdAt),
    timeIso: row.createdAt.toISOString(),
    unread: row.readAt === null,
    href: paths.notifications.notification({ id: row.id }),
  }));
}

/** The link a notification leads to, kept inside the app: anything else goes back to the list. */
export function safeLink(link: string | null): string {
  return link && link.startsWith('/') && !link.startsWith('//') && !link.startsWith('/\\') ? link : paths.notifications.list();
}

export function deliveryItems(selected: DeliveryChoice | undefined) {
  return [
    { value: 'immediate', text: 'By email as each one arrives, and in this service', checked: selected === 'immediate' },
    { value: 'daily_digest', text: 'By email in one summary each morning, and in this service', checked: selected === 'daily_digest' },
    { value: 'in_app_only', text: 'Only in this service – no email', checked: selected === 'in_app_only' },
  ];
}

const STATE_TAGS: Record<string, Part> = {
  sent: tag('Sent', 'green'),
  pending: tag('Waiting to send', 'blue'),
  held_for_digest: tag('Held for digest', 'grey'),
  failed: tag('Failed', 'red'),
};

const RETRYING_TAG = tag(OUTBOX_STATES.retrying, 'orange');

/** Rows of the admin outbox table. The subject only: bodies stay out of an administrator's view. */
export function outboxRows(rows: OutboxRow[]) {
  return rows.map((row) => [
    { text: formatDateTime(row.createdAt) },
    { text: row.recipient },
    { text: row.subject },
    // A pending email that has failed once reads as the filter names it, not as if untried.
    cell(row.state === 'pending' && row.attempts > 0 ? RETRYING_TAG : (STATE_TAGS[row.state] ?? { text: row.state })),
    { text: String(row.attempts), format: 'numeric' },
    {
      text:
        row.state === 'sent'
          ? `Sent ${formatDateTime(row.sentAt)}${row.providerReference ? ` (${row.providerReference})` : ''}`
          : row.state === 'pending' && row.attempts > 0
            ? `${row.lastError ?? ''} – next try ${formatDateTime(row.nextAttemptAt)}`
            : (row.lastError ?? ''),
    },
  ]);
}

/**
 * The unread count the navigation link's badge shows, or undefined for none: the layout renders
 * the badge (src/views/layout.njk), with the count also said in words for screen readers.
 */
export function unreadBadge(unread: number): string | undefined {
  if (unread === 0) return undefined;
  return unread > 99 ? '99+' : String(unread);
}
