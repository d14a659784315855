/** The simulation's clock helpers (cached and hand-formatted) agree with plain Date arithmetic. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toVietnamInstant } from '@motcua/core';
import { dayOf, instantOf, minuteOf, msAt } from '../src/clock';

// Whole and fractional milliseconds (the scenario's arithmetic makes both).
const ms = fc.oneof(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.double({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1), noNaN: true }));

describe('simulation clock', () => {
  it('instantOf is the engine’s canonical instant, dayOf its first ten characters', () => {
    fc.assert(
      fc.property(ms, (t) => {
        expect(instantOf(t)).toBe(toVietnamInstant(t));
        expect(dayOf(t)).toBe(toVietnamInstant(t).slice(0, 10));
      }),
      { numRuns: 5000 },
    );
  });

  it('msAt inverts dayOf and minuteOf', () => {
    fc.assert(
      fc.property(ms, (t) => {
        const whole = Math.trunc(t);
        const minuteStart = whole - (((whole % 60_000) + 60_000) % 60_000);
        expect(msAt(dayOf(t), minuteOf(t))).toBe(minuteStart);
        expect(Date.parse(`${dayOf(t)}T00:00:00+07:00`) + minuteOf(t) * 60_000).toBe(minuteStart);
      }),
      { numRuns: 5000 },
    );
  });
});
