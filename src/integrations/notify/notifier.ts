/**
 * How email leaves the system. The outbox sender hands each due email to a Notifier and records
 * what came back; which Notifier runs is configuration (see createNotifier), so the demo works
 * offline and production sends through GOV.UK Notify without the sender knowing the difference.
 */
export interface OutgoingEmail {
  to: string;
  subject: string;
  body: string;
  /** Our notification id: Notify stores it with the email, so a delivery can be traced back. Never personal data. */
  reference: string;
}

export interface SentEmail {
  /** The provider's id for the email, or 'outbox' when nothing left the building. */
  providerReference: string;
}

export interface Notifier {
  /** A short name for logs and the admin outbox page: 'outbox', 'govuk-notify', 'fake'. */
  readonly name: string;
  /** Sends one email, or throws a NotifierError saying whether trying again could help. */
  send(email: OutgoingEmail): Promise<SentEmail>;
}

/**
 * A failed send. `retryable` is the provider's answer to "might this work later?": rate limits,
 * outages and network trouble may; a bad address, a bad key or a bad template will not.
 */
export class NotifierError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'NotifierError';
  }
}

/**
 * The default: the outbox is the delivery. "Sent" means recorded in the outbox and shown in the
 * app, so a demo or a local install needs no email provider and sends nothing to anyone.
 */
export class OutboxOnlyNotifier implements Notifier {
  readonly name = 'outbox';

  send(): Promise<SentEmail> {
    return Promise.resolve({ providerReference: 'outbox' });
  }
}
