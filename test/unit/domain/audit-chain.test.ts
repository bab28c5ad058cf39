import { describe, expect, it } from 'vitest';
import { auditEventHash, canonicalJson, CHAIN_START, checkEnd, checkLink, GENESIS_HASH, type ChainedEvent } from '../../../src/domain/audit-chain.js';

const event: ChainedEvent = {
  id: 41,
  laId: '019acce8-cc00-7000-8000-000000000001',
  chainSeq: 1,
  occurredAt: '2026-11-30T10:15:00.123456Z',
  actorUserId: '019acce8-cc00-7000-8000-0000000000aa',
  actorRole: 'sen_caseworker',
  action: 'VIEW_CHILD',
  subjectType: 'child',
  subjectId: '019acce8-cc00-7000-8000-0000000000cc',
  childId: '019acce8-cc00-7000-8000-0000000000cc',
  requestId: 'req-1',
  change: { tab: 'plan', shown: 3 },
  prevHash: GENESIS_HASH,
};

describe('canonicalJson', () => {
  it.each<[string, unknown, string]>([
    ['sorts keys at every level', { b: 1, a: { d: [{ z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}'],
    ['drops undefined properties, as jsonb storage does', { a: undefined, b: 2 }, '{"b":2}'],
    ['writes dates as the text jsonb stores', { at: new Date('2026-01-15T00:00:00Z') }, '{"at":"2026-01-15T00:00:00.000Z"}'],
    ['keeps array order', [3, 1, 2], '[3,1,2]'],
    ['null', null, 'null'],
    ['nothing at all', undefined, 'null'],
  ])('%s', (_case, value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });
});

describe('auditEventHash', () => {
  it('is sha256 over a fixed serialisation (pinned: changing it breaks every stored chain)', () => {
    expect(auditEventHash(event)).toMatch(/^[0-9a-f]{64}$/);
    expect(auditEventHash(event)).toBe('fbd92711de46ce463133a4631dafae9e2533a5ba8d589dcf83a877de8f4b5516');
  });

  it.each<[string, Partial<ChainedEvent>]>([
    ['id', { id: 42 }],
    ['LA', { laId: '019acce8-cc00-7000-8000-000000000002' }],
    ['place in the chain', { chainSeq: 2 }],
    ['time, to the microsecond', { occurredAt: '2026-11-30T10:15:00.123457Z' }],
    ['actor', { actorUserId: null }],
    ['role', { actorRole: 'parent' }],
    ['action', { action: 'VIEW_PLAN' }],
    ['subject type', { subjectType: 'plan' }],
    ['subject', { subjectId: 'other' }],
    ['child', { childId: null }],
    ['request', { requestId: 'req-2' }],
    ['change', { change: { tab: 'plan', shown: 4 } }],
    ['link to the event before', { prevHash: 'f'.repeat(64) }],
  ])('changes when the %s changes', (_field, edit) => {
    expect(auditEventHash({ ...event, ...edit })).not.toBe(auditEventHash(event));
  });

  it.each<[string, Partial<ChainedEvent>]>([
    ['uuids in upper case (stored in lower case)', { laId: event.laId?.toUpperCase() ?? null, childId: event.childId?.toUpperCase() ?? null }],
    ['the change with its keys in another order (jsonb reorders them)', { change: { shown: 3, tab: 'plan' } }],
  ])('does not change for %s', (_case, edit) => {
    expect(auditEventHash({ ...event, ...edit })).toBe(auditEventHash(event));
  });
});

describe('checkLink', () => {
  const first = { ...event, hash: auditEventHash(event) };
  const second = { ...event, id: 42, chainSeq: 2, prevHash: first.hash };
  const secondStored = { ...second, hash: auditEventHash(second) };
  const afterFirst = { seq: 1, hash: first.hash };

  it.each<[string, Parameters<typeof checkLink>[0], Parameters<typeof checkLink>[1], ReturnType<typeof checkLink>]>([
    ['the first event of a chain', CHAIN_START, first, undefined],
    ['the next event', afterFirst, secondStored, undefined],
    ['an event edited after it was written', CHAIN_START, { ...first, action: 'VIEW_PLAN' }, { kind: 'changed' }],
    ['an event whose hash was blanked', CHAIN_START, { ...first, hash: null }, { kind: 'changed' }],
    ['an event after one that was deleted', CHAIN_START, secondStored, { kind: 'missing-before', missing: 1 }],
    ['an event after one that was edited and rehashed', { seq: 1, hash: 'e'.repeat(64) }, secondStored, { kind: 'relinked' }],
  ])('%s', (_case, previous, current, problem) => {
    expect(checkLink(previous, current)).toEqual(problem);
  });
});

describe('checkEnd', () => {
  it.each<[string, Parameters<typeof checkEnd>[0], Parameters<typeof checkEnd>[1], ReturnType<typeof checkEnd>]>([
    ['an empty chain with no head yet', CHAIN_START, undefined, undefined],
    ['a chain that ends where its head says', { seq: 5, hash: 'a'.repeat(64) }, { seq: 5, hash: 'a'.repeat(64) }, undefined],
    ['a chain whose last two events were deleted', { seq: 3, hash: 'a'.repeat(64) }, { seq: 5, hash: 'b'.repeat(64) }, { kind: 'missing-at-end', missing: 2 }],
    ['a chain whose last event was replaced', { seq: 5, hash: 'a'.repeat(64) }, { seq: 5, hash: 'b'.repeat(64) }, { kind: 'end-replaced' }],
    ['events appended around the application', { seq: 6, hash: 'a'.repeat(64) }, { seq: 5, hash: 'b'.repeat(64) }, { kind: 'end-replaced' }],
    ['events whose head was deleted', { seq: 5, hash: 'a'.repeat(64) }, undefined, { kind: 'no-head' }],
  ])('%s', (_case, last, head, problem) => {
    expect(checkEnd(last, head)).toEqual(problem);
  });
});
