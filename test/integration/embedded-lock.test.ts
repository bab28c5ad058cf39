import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseLockedError, openDatabase } from '../../src/db/client.js';

describe('the embedded database directory', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'openehcp-lock-'));
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second opener with a clear message, and opens again once the first has closed', async () => {
    const first = await openDatabase({ dataDir });
    await first.migrate();
    await expect(openDatabase({ dataDir })).rejects.toThrow(DatabaseLockedError);
    await expect(openDatabase({ dataDir })).rejects.toThrow(/already open in another OpenEHCP process.*DATABASE_URL/);
    await first.close();
    const again = await openDatabase({ dataDir });
    await again.close();
  });

  it('takes over a lock left by a process that has died', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dataDir, 'openehcp.lock'), '999999999');
    const reopened = await openDatabase({ dataDir });
    await reopened.close();
  });
});
