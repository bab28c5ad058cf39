import { NotifierError, type Notifier, type OutgoingEmail, type SentEmail } from './notifier.js';

/**
 * A Notifier for tests: records every email it is given and can be told to fail the next N
 * sends, retryably or not, to exercise the sender's backoff and give-up paths.
 */
export class FakeNotifier implements Notifier {
  readonly name = 'fake';
  readonly sent: OutgoingEmail[] = [];
  readonly attempted: OutgoingEmail[] = [];
  private failuresLeft = 0;
  private failRetryable = true;

  failNext(times: number, options: { retryable?: boolean } = {}): void {
    this.failuresLeft = times;
    this.failRetryable = options.retryable ?? true;
  }

  send(email: OutgoingEmail): Promise<SentEmail> {
    this.attempted.push(email);
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      return Promise.reject(new NotifierError(this.failRetryable ? 'Provider unavailable (fake)' : 'Bad email address (fake)', this.failRetryable));
    }
    this.sent.push(email);
    return Promise.resolve({ providerReference: `fake-${String(this.sent.length)}` });
  }

  reset(): void {
    this.sent.length = 0;
    this.attempted.length = 0;
    this.failuresLeft = 0;
  }
}
