import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DatabaseLockedError } from '../../src/db/client.js';
import { explainStartFailure } from '../../src/server.js';

describe('explaining why the server could not start', () => {
  it('says what to do about a port in use, a locked database and bad configuration', () => {
    expect(explainStartFailure(Object.assign(new Error('listen'), { code: 'EADDRINUSE' }))).toContain('PORT=3001');
    expect(explainStartFailure(new DatabaseLockedError('./data', 1234))).toContain('DATABASE_URL');
    let configError: unknown;
    try {
      loadConfig({ PORT: 'eighty' });
    } catch (error) {
      configError = error;
    }
    expect(explainStartFailure(configError)).toContain('PORT');
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('SESSION_SECRET');
  });

  it('leaves anything else to fail loudly with its stack', () => {
    expect(explainStartFailure(new TypeError('undefined is not a function'))).toBeNull();
  });
});
