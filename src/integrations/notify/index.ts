import type { AppConfig } from '../../config.js';
import { GovUkNotifyNotifier } from './govuk-notify.js';
import { OutboxOnlyNotifier, type Notifier } from './notifier.js';

/** GOV.UK Notify when a key and template are configured; otherwise the outbox alone. */
export function createNotifier(config: Pick<AppConfig, 'notifyApiKey' | 'notifyTemplateId'>): Notifier {
  if (config.notifyApiKey && config.notifyTemplateId) return new GovUkNotifyNotifier(config.notifyTemplateId, config.notifyApiKey);
  return new OutboxOnlyNotifier();
}
