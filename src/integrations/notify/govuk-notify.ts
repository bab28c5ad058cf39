import { NotifyClient } from 'notifications-node-client';
import { NotifierError, type Notifier, type OutgoingEmail, type SentEmail } from './notifier.js';

/** The parts of NotifyClient we use: a seam so tests can stand in for the HTTP client. */
export interface NotifyEmailClient {
  sendEmail(templateId: string, emailAddress: string, options: { personalisation: Record<string, string>; reference: string }): Promise<{ data: { id: string } }>;
}

/** The shape of an error notifications-node-client rejects with (an axios error). */
interface NotifyClientError {
  message?: string;
  code?: string;
  response?: { status?: number; data?: { errors?: { error?: string; message?: string }[] } };
}

/**
 * Whether Notify's answer means "try later". 429 (rate or daily limit) and 5xx are Notify's own
 * trouble and pass; any other 4xx (bad key, unknown template, invalid address) will fail the same
 * way every time. No response at all is the network's trouble, so it is retried too.
 */
function notifyErrorIsRetryable(status: number | undefined): boolean {
  if (status === undefined) return true;
  if (status === 429) return true;
  return status >= 500;
}

/** Notify's own words for the failure, without the address (the admin outbox shows this). */
function describeNotifyError(error: unknown): { message: string; retryable: boolean } {
  const failure = (error ?? {}) as NotifyClientError;
  const status = failure.response?.status;
  const first = failure.response?.data?.errors?.[0];
  const detail = first ? [first.error, first.message].filter(Boolean).join(': ') : (failure.code ?? failure.message ?? 'Unknown error');
  return { message: status === undefined ? `GOV.UK Notify unreachable: ${detail}` : `GOV.UK Notify ${String(status)}: ${detail}`, retryable: notifyErrorIsRetryable(status) };
}

/**
 * GOV.UK Notify. One template serves every notification: it has two placeholders, ((subject)) as
 * its subject line and ((body)) as its content, so the wording lives in notification-texts.ts and
 * is the same in the app and in the email.
 */
export class GovUkNotifyNotifier implements Notifier {
  readonly name = 'govuk-notify';
  private readonly client: NotifyEmailClient;

  constructor(
    private readonly templateId: string,
    apiKeyOrClient: string | NotifyEmailClient,
  ) {
    this.client = typeof apiKeyOrClient === 'string' ? new NotifyClient(apiKeyOrClient) : apiKeyOrClient;
  }

  async send(email: OutgoingEmail): Promise<SentEmail> {
    try {
      const response = await this.client.sendEmail(this.templateId, email.to, { personalisation: { subject: email.subject, body: email.body }, reference: email.reference });
      return { providerReference: response.data.id };
    } catch (error) {
      const { message, retryable } = describeNotifyError(error);
      throw new NotifierError(message, retryable);
    }
  }
}
