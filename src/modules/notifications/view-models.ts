import { formatDateTime } from '../../domain/formatting.js';
import { escapeHtml } from '../../http/html.js';
import type { OutboxRow, NotificationRow } from './repository.js';
import type { DeliveryChoice } from './schemas.js';

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
    href: `/notifications/${row.id}`,
  }));
}

/** The link a notification leads to, kept inside the app: anything else goes back to the list. */
export function safeLink(link: string | null): string {
  return link && link.startsWith('/') && !link.startsWith('//') && !link.startsWith('/\\') ? link : '/notifications';
}

export function deliveryItems(selected: DeliveryChoice | undefined) {
  return [
    { value: 'immediate', text: 'By email as each one arrives, and in this service', checked: selected === 'immediate' },
    { value: 'daily_digest', text: 'By email in one summary each morning, and in this service', checked: selected === 'daily_digest' },
    { value: 'in_app_only', text: 'Only in this service – no email', checked: selected === 'in_app_only' },
  ];
}

const STATE_TAGS: Record<string, string> = {
  sent: '<strong class="govuk-tag govuk-tag--green">Sent</strong>',
  pending: '<strong class="govuk-tag govuk-tag--blue">Waiting to send</strong>',
  held_for_digest: '<strong class="govuk-tag govuk-tag--grey">Held for digest</strong>',
  failed: '<strong class="govuk-tag govuk-tag--red">Failed</strong>',
};

/** Rows of the admin outbox table. The subject only: bodies stay out of an administrator's view. */
export function outboxRows(rows: OutboxRow[]) {
  return rows.map((row) => [
    { text: formatDateTime(row.createdAt) },
    { text: row.recipient },
    { text: row.subject },
    { html: STATE_TAGS[row.state] ?? escapeHtml(row.state) },
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

/** The navigation link with its badge: the count is also said in words for screen readers. */
export function notificationsNavigationHtml(unread: number): string {
  if (unread === 0) return 'Notifications';
  const shown = unread > 99 ? '99+' : String(unread);
  return `Notifications <span class="moj-notification-badge">${shown}<span class="govuk-visually-hidden"> unread</span></span>`;
}
