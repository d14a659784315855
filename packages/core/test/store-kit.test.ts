import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConcurrencyError, MotcuaError, StoreError, ValidationError } from '../src/errors';
import {
  assertDistinctIds,
  checkExpectedVersion,
  eventFromJsonRow,
  freezeParsed,
  retryResult,
  serializeEvents,
  storedEvent,
  uniqueViolation,
  versionClash,
} from '../src/store-kit';
import type { ExpectedVersion, NewEvent } from '../src/store/types';

const meta = (eventId: string) => ({ eventId, schemaVersion: 1, occurredAt: '2024-10-27T08:30:00.000+07:00', recordedAt: '2024-10-27T01:30:00.000Z' });
const ev = (eventId: string, data: unknown = {}): NewEvent => ({ type: 'E', data, metadata: meta(eventId) });
const isDeeplyFrozen = (v: unknown): boolean => v === null || typeof v !== 'object' || (Object.isFrozen(v) && Object.values(v).every(isDeeplyFrozen));

describe('store-kit: expected versions and clashes', () => {
  it('checkExpectedVersion follows the port', () => {
    const cases: [ExpectedVersion, number, boolean][] = [
      ['any', 0, true],
      ['any', 5, true],
      ['no_stream', 0, true],
      ['no_stream', 1, false],
      ['stream_exists', 0, false],
      ['stream_exists', 2, true],
      [3, 3, true],
      [3, 2, false],
      [0, 0, true],
    ];
    for (const [expected, actual, ok] of cases) expect(checkExpectedVersion(expected, actual), `${expected} vs ${actual}`).toBe(ok);
  });

  it('versionClash carries the real version and refuses a placeholder', () => {
    const e = versionClash('s', 2, 3);
    expect(e).toBeInstanceOf(ConcurrencyError);
    expect(e).toMatchObject({ code: 'CONCURRENCY_CONFLICT', streamId: 's', expected: 2, actual: 3 });
    expect(() => versionClash('s', 2, -1)).toThrow(StoreError);
  });

  it('uniqueViolation maps both indexes to typed errors', () => {
    expect(uniqueViolation('stream_version', { streamId: 's', expected: 'any', actual: 4 })).toMatchObject({ code: 'CONCURRENCY_CONFLICT', actual: 4 });
    expect(uniqueViolation('event_id', { streamId: 's', expected: 'any', actual: 0, eventId: 'x' })).toMatchObject({ code: 'DUPLICATE_EVENT' });
  });

  it('assertDistinctIds refuses an id repeated in one batch', () => {
    expect(() => assertDistinctIds(['a', 'b'])).not.toThrow();
    expect(() => assertDistinctIds([])).not.toThrow();
    const error = (() => {
      try {
        assertDistinctIds(['a', 'b', 'a']);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(MotcuaError);
    expect((error as MotcuaError).code).toBe('DUPLICATE_EVENT');
  });
});

describe('store-kit: retries', () => {
  const stored = [storedEvent('s', 1, 10, 'E', {}, meta('a')), storedEvent('s', 2, 11, 'E', {}, meta('b'))];
  it('the same batch on the same stream is a duplicate result', () => {
    expect(retryResult('s', ['a', 'b'], { streamId: 's', version: 1 }, stored, 2)).toEqual({
      streamId: 's',
      nextExpectedVersion: 2,
      lastPosition: 11,
      events: stored,
      duplicate: true,
    });
  });
  it('another stream, a partial overlap or a longer batch is DUPLICATE_EVENT', () => {
    expect(() => retryResult('t', ['a', 'b'], { streamId: 's', version: 1 }, stored, 0)).toThrow(/already stored/);
    expect(() => retryResult('s', ['a', 'c'], { streamId: 's', version: 1 }, stored, 2)).toThrow(StoreError);
    expect(() => retryResult('s', ['a', 'b', 'c'], { streamId: 's', version: 1 }, stored, 2)).toThrow(StoreError);
  });
});

describe('store-kit: serialisation', () => {
  it('produces JSON text per event, validated before any write', () => {
    expect(serializeEvents([ev('a', { x: 1, y: undefined })])).toEqual([{ type: 'E', eventId: 'a', data: '{"x":1}', metadata: JSON.stringify(meta('a')) }]);
    expect(serializeEvents([{ type: 'E', data: undefined, metadata: meta('a') }])[0]!.data).toBe('null');
  });
  it('names the event that cannot be stored', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const bad of [
      [ev('a'), ev('b', { n: 1n })],
      [ev('a'), ev('b', cyclic)],
    ]) {
      try {
        serializeEvents(bad);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        expect((e as ValidationError).issues[0]!.path).toEqual(['events', 1, 'data']);
      }
    }
    expect(() => serializeEvents([{ ...ev('a'), type: '' }])).toThrow(ValidationError);
    expect(() => serializeEvents([{ type: 'E', data: {}, metadata: { ...meta(''), eventId: '' } }])).toThrow(ValidationError);
    expect(() => serializeEvents([ev('a', { s: '\u0000' })], (json) => (json.includes('\\u0000') ? 'no NUL' : undefined))).toThrow(/no NUL/);
  });
});

describe('store-kit: decoding rows', () => {
  it('decodes a row into a deeply frozen event equal to the JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const text = JSON.stringify(value);
        const e = eventFromJsonRow(7, 's', 2, 'E', text, JSON.stringify(meta('a')));
        expect(e).toEqual({ streamId: 's', version: 2, position: 7, type: 'E', data: JSON.parse(text), metadata: meta('a') });
        expect(isDeeplyFrozen(e)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
  it('freezeParsed freezes in place and returns the same value', () => {
    const v = JSON.parse('{"a":[{"b":1}],"c":{"d":null}}') as unknown;
    expect(freezeParsed(v)).toBe(v);
    expect(isDeeplyFrozen(v)).toBe(true);
  });
  it('a row that does not parse, or has no event id, is STORE_CORRUPTED naming its position', () => {
    expect(() => eventFromJsonRow(42, 's', 1, 'E', '{', '{}')).toThrow(/position 42/);
    expect(() => eventFromJsonRow(43, 's', 1, 'E', '{}', '{"schemaVersion":1}')).toThrow(/position 43/);
    try {
      eventFromJsonRow(42, 's', 1, 'E', '{', '{}');
    } catch (e) {
      expect((e as StoreError).code).toBe('STORE_CORRUPTED');
    }
  });
});
