/**
 * The hot paths that replace a general computation must agree with it:
 * the JSON copy of event data with `JSON.parse(JSON.stringify(x))`, the
 * canonical-instant shortcuts with `Date.parse` + formatting.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareInstants, isInstantString, toVietnamInstant } from '@motcua/core';
import { frozenJsonCopy } from '../src/store/json-copy';

const viaJson = (x: unknown): unknown => {
  const t = JSON.stringify(x);
  return t === undefined ? null : JSON.parse(t);
};

function isDeepFrozen(x: unknown): boolean {
  if (x === null || typeof x !== 'object') return true;
  return Object.isFrozen(x) && Object.values(x).every(isDeepFrozen);
}

describe('frozenJsonCopy', () => {
  const odd = fc.oneof(
    fc.constant(undefined),
    fc.constant(Number.NaN),
    fc.constant(-0),
    fc.constant(Infinity),
    fc.date({ noInvalidDate: true }),
    fc.constant(() => 1),
    fc.constant(Symbol('s')),
    fc.constant(Object.create(null) as object),
    fc.constant({ toJSON: () => 'custom' }),
    fc.constant(JSON.parse('{"__proto__": {"x": 1}}') as object),
    fc.constant(new Map([[1, 2]])),
    fc.constant([1, undefined, 3]), // a hole
  );
  const value = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small' }, fc.jsonValue(), odd, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.string(), tie('v'), { maxKeys: 4 })),
  })).v;

  it('equals the JSON round trip, deeply frozen, for any value JSON can write', () => {
    fc.assert(
      fc.property(value, (x) => {
        const copy = frozenJsonCopy(x, 0);
        expect(copy).toStrictEqual(viaJson(x));
        expect(Object.is(copy, -0)).toBe(false);
        expect(isDeepFrozen(copy)).toBe(true);
        if (x !== null && typeof x === 'object') expect(copy).not.toBe(x);
      }),
      { numRuns: 2000 },
    );
  });

  it('fails with a validation error where JSON fails (cycles, BigInt), naming the event', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    for (const bad of [cyclic, { n: 10n }, [1, [2, 3n]]]) {
      try {
        frozenJsonCopy(bad, 3);
        expect.unreachable();
      } catch (e) {
        expect((e as { code: string }).code).toBe('VALIDATION_FAILED');
        expect((e as { issues: { path: unknown[] }[] }).issues[0]!.path).toEqual(['events', 3, 'data']);
      }
    }
  });

  it('copies deep nesting (past the recursive fast path) like JSON', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 500; i++) deep = { d: [deep] };
    expect(frozenJsonCopy(deep, 0)).toStrictEqual(viaJson(deep));
  });
});

describe('canonical instants', () => {
  const slowVietnam = (s: string): string => {
    const ms = Date.parse(s);
    if (Number.isNaN(ms)) throw new RangeError('invalid');
    return `${new Date(ms + 7 * 3600_000).toISOString().slice(0, 23)}+07:00`;
  };
  const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  // Canonical-shaped strings, including impossible days (31 April, 29 February of common years) and times.
  const shaped = fc
    .tuple(
      fc.integer({ min: 1900, max: 2200 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 24 }),
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 999 }),
    )
    .map(([y, mo, d, h, mi, s, ms]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}+07:00`);

  it('a canonical string is returned as is only when it names a real day and time', () => {
    fc.assert(
      fc.property(shaped, (s) => {
        let slow: string | Error;
        try {
          slow = slowVietnam(s);
        } catch (e) {
          slow = e as Error;
        }
        const valid = typeof slow === 'string' && slow === s;
        // Date.parse rolls 30 February over into March: a string it re-formats differently is not canonical,
        // and not an instant either — it is refused, not rolled over.
        if (valid) expect(toVietnamInstant(s)).toBe(s);
        else expect(() => toVietnamInstant(s)).toThrow(RangeError);
        // An instant is valid only when it names a real day and time (issue #10: 30 February is refused, not rolled over).
        expect(isInstantString(s)).toBe(valid);
        if (valid) expect(ISO.test(s)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('any epoch millisecond round-trips through the canonical form', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), (ms) => {
        const s = toVietnamInstant(ms);
        expect(toVietnamInstant(s)).toBe(s);
        expect(Date.parse(s)).toBe(ms);
        expect(isInstantString(s)).toBe(true);
      }),
    );
  });

  it('compareInstants orders like the epoch milliseconds, canonical or not', () => {
    const ms = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) });
    const written = fc
      .tuple(ms, fc.constantFrom('canonical', 'utc', 'offset'))
      .map(([t, how]) => (how === 'canonical' ? toVietnamInstant(t) : how === 'utc' ? new Date(t).toISOString() : `${toVietnamInstant(t).slice(0, 19)}+07:00`));
    fc.assert(
      fc.property(written, written, (a, b) => {
        expect(Math.sign(compareInstants(a, b))).toBe(Math.sign(Date.parse(a) - Date.parse(b)));
      }),
      { numRuns: 3000 },
    );
  });
});
