import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createNotifier } from '../../../src/integrations/notify/index.js';
import { digestText, emailBody } from '../../../src/modules/notifications/sender.js';

const TEMPLATE = '3f9c1d7e-4b1a-4c55-9d0e-2f1e6a7b8c9d';

describe('choosing the Notifier from configuration', () => {
  it('keeps email in the outbox when Notify is not configured', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    expect(createNotifier(config).name).toBe('outbox');
    expect(config.notifySendIntervalSeconds).toBe(60);
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
  });

  it('uses GOV.UK Notify when both the key and the template are set', () => {
    const config = loadConfig({ NODE_ENV: 'test', NOTIFY_API_KEY: 'test-key', NOTIFY_TEMPLATE_ID: TEMPLATE, PUBLIC_BASE_URL: 'https://send.example.gov.uk/' });
    expect(createNotifier(config).name).toBe('govuk-notify');
    expect(config.publicBaseUrl).toBe('https://send.example.gov.uk');
  });

  it.each([
    ['a key without a template', { NOTIFY_API_KEY: 'test-key' }, 'must be set together'],
    ['a template without a key', { NOTIFY_TEMPLATE_ID: TEMPLATE }, 'must be set together'],
    ['a template id that is not a UUID', { NOTIFY_API_KEY: 'k', NOTIFY_TEMPLATE_ID: 'welcome' }, 'NOTIFY_TEMPLATE_ID must be the template id'],
    ['a negative interval', { NOTIFY_SEND_INTERVAL_SECONDS: '-1' }, 'NOTIFY_SEND_INTERVAL_SECONDS'],
  ])('refuses %s', (_name, environment, message) => {
    expect(() => loadConfig({ NODE_ENV: 'test', ...environment })).toThrow(message);
  });
});

describe('email wording around the notification', () => {
  it('ends an email with the absolute link, or nothing without one', () => {
    expect(emailBody('Something happened.', '/tasks/1', 'https://x.example')).toBe('Something happened.\n\nhttps://x.example/tasks/1');
    expect(emailBody('Something happened.', null, 'https://x.example')).toBe('Something happened.');
  });

  it('lists at most 20 in a digest and counts the rest', () => {
    const items = Array.from({ length: 23 }, (_, index) => ({ subject: `Item ${String(index + 1)}`, link: `/n/${String(index)}` }));
    const text = digestText(items, 'https://x.example');
    expect(text.subject).toBe('Your daily summary: 23 new notifications');
    expect(text.body).toContain('* Item 20 – https://x.example/n/19');
    expect(text.body).not.toContain('Item 21');
    expect(text.body).toContain('* and 3 more');
  });
});
