import { describe, expect, it } from 'vitest';
import { lockIsHeld, parseLockOwner, type ProcessIdentity } from '../../../src/db/directory-lock.js';

const self: ProcessIdentity = { pid: 1, startTime: '9000', bootId: 'boot-a' };
/** Pid 1 is us; pid 40 runs and started at tick 500; every other pid is free. */
const probe = {
  isAlive: (pid: number) => pid === 1 || pid === 40,
  startTimeOf: (pid: number) => ({ 1: '9000', 40: '500' })[pid],
};

describe('lockIsHeld', () => {
  it.each<[string, ProcessIdentity | undefined, boolean]>([
    ['a running process with the start time it recorded', { pid: 40, startTime: '500', bootId: 'boot-a' }, true],
    ['a running process from a version that recorded only its pid', { pid: 40 }, true],
    ['a pid nobody has now', { pid: 41, startTime: '500', bootId: 'boot-a' }, false],
    ['a pid now used by a process that started later', { pid: 40, startTime: '499', bootId: 'boot-a' }, false],
    ['our own pid: an earlier pid 1 in a restarted container', { pid: 1, startTime: '100', bootId: 'boot-a' }, false],
    ['our own pid from a version that recorded only the pid', { pid: 1 }, false],
    ['a process from before the machine restarted', { pid: 40, startTime: '500', bootId: 'boot-b' }, false],
    ['a file that names no process', undefined, false],
  ])('%s: held %s', (_case, owner, held) => {
    expect(lockIsHeld(owner, self, probe)).toBe(held);
  });
});

describe('parseLockOwner', () => {
  it.each<[string, ProcessIdentity | undefined]>([
    ['{"pid":12,"startTime":"77","bootId":"b","nonce":"n"}', { pid: 12, startTime: '77', bootId: 'b' }],
    ['{"pid":12}', { pid: 12, startTime: undefined, bootId: undefined }],
    ['4242\n', { pid: 4242 }],
    ['', undefined],
    ['{"pid":"12"}', undefined],
    ['{"pid":0}', undefined],
    ['not json', undefined],
  ])('%j', (text, owner) => {
    expect(parseLockOwner(text)).toEqual(owner);
  });
});
