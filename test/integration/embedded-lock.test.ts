import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseLockedError, openDatabase } from '../../src/db/client.js';
import { parseLockOwner } from '../../src/db/directory-lock.js';

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
  }, 120_000);

  it('takes over a lock left by a process that has died', async () => {
    writeFileSync(path.join(dataDir, 'openehcp.lock'), JSON.stringify({ pid: 999999999, startTime: '1', bootId: 'x' }));
    const reopened = await openDatabase({ dataDir });
    await reopened.close();
  });

  it('takes over a lock an earlier version left with our own pid (a container restarted)', async () => {
    writeFileSync(path.join(dataDir, 'openehcp.lock'), String(process.pid));
    const reopened = await openDatabase({ dataDir });
    await reopened.close();
  });

  it('leaves no lock and no temporary files behind once closed', async () => {
    const database = await openDatabase({ dataDir });
    expect(readdirSync(dataDir).filter((name) => name.startsWith('openehcp.lock'))).toEqual(['openehcp.lock']);
    await database.close();
    expect(readdirSync(dataDir).filter((name) => name.startsWith('openehcp.lock'))).toEqual([]);
  });
});

const unshareArgs = ['--pid', '--fork', '--mount-proc'];
const unshareProbe = spawnSync('unshare', [...unshareArgs, 'true'], { encoding: 'utf8' });
const unshareRefusal = unshareProbe.error?.message ?? (unshareProbe.status === 0 ? undefined : `unshare exited ${String(unshareProbe.status)}: ${unshareProbe.stderr.trim()}`);

/** The host pid of the process `unshare --fork` started: pid 1 inside its namespace. */
function childOf(parentPid: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === parentPid) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return undefined;
}

function holdInNewPidNamespace(dataDir: string) {
  const script = path.join(import.meta.dirname, 'fixtures', 'hold-embedded-database.ts');
  const child = spawn('unshare', [...unshareArgs, process.execPath, '--import', 'tsx', script, dataDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const firstLine = new Promise<string>((resolve) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) resolve(output.trim());
    });
    child.on('exit', () => {
      resolve(output.trim());
    });
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      resolve(code);
    }),
  );
  return { child, firstLine, exited };
}

// `unshare` needs root (or user namespaces); where the kernel refuses, there is nothing to run it in.
describe.skipIf(unshareRefusal !== undefined)(`a restart in a container${unshareRefusal ? ` (skipped: ${unshareRefusal})` : ''}`, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'openehcp-pid1-'));
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens the database again as pid 1 after pid 1 was killed holding it', async () => {
    const first = holdInNewPidNamespace(dataDir);
    expect(await first.firstLine).toBe('open as pid 1');
    const serverPid = childOf(first.child.pid ?? 0);
    expect(serverPid).toBeDefined();
    process.kill(serverPid ?? 0, 'SIGKILL');
    await first.exited;
    expect(parseLockOwner(readFileSync(path.join(dataDir, 'openehcp.lock'), 'utf8'))?.pid).toBe(1);

    const second = holdInNewPidNamespace(dataDir);
    expect(await second.firstLine).toBe('open as pid 1');
    second.child.stdin.end('close\n');
    expect(await second.exited).toBe(0);
  }, 300_000);
});
