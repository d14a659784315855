/**
 * The one instant module, against `Date` as the oracle: one canonical form
 * (`YYYY-MM-DDTHH:MM:SS.sss+07:00`), parse ∘ format = id, text order = time order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareInstants,
  computeDue,
  dayOfInstant,
  formatInstant,
  isCanonicalInstant,
  isInstantString,
  localDateOf,
  MAX_INSTANT_MS,
  MIN_INSTANT_MS,
  nextAlertAt,
  parseInstant,
  toInstant,
  toVietnamInstant,
  vietnamCalendar,
  CalendarError,
} from '../src/index';

/** The oracle: `Date`'s own UTC formatting shifted by seven hours. */
const viaDate = (ms: number): string => {
  const iso = new Date(ms + 7 * 3_600_000).toISOString();
  return `${iso.slice(0, 23)}+07:00`;
};
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+07:00$/;

// Years 1000–9998 keep `toISOString` four-digit; the module's own range is 0000–9999 (checked separately).
const anyMs = fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9998, 11, 31) });
const engineMs = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) });
const offsets = fc.constantFrom('Z', '+07:00', '-05:30', '+00:00', '+14:00', '-11:00');
/** The same instant written with another offset (or Z), seconds and milliseconds kept. */
const rewritten = (ms: number, offset: string): string => {
  const min = offset === 'Z' ? 0 : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return new Date(ms + min * 60_000).toISOString().slice(0, 23) + offset;
};

describe('the canonical instant', () => {
  it('formatInstant writes what Date writes, in the one canonical form', () => {
    fc.assert(
      fc.property(anyMs, (ms) => {
        const s = formatInstant(ms);
        expect(s).toBe(viaDate(ms));
        expect(s).toMatch(CANONICAL);
        expect(isCanonicalInstant(s)).toBe(true);
        expect(isInstantString(s)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('parse ∘ format = id (and format ∘ parse = id on canonical strings)', () => {
    fc.assert(
      fc.property(anyMs, (ms) => {
        const s = formatInstant(ms);
        expect(parseInstant(s)).toBe(ms);
        expect(Date.parse(s)).toBe(ms);
        expect(formatInstant(parseInstant(s))).toBe(s);
        expect(toVietnamInstant(s)).toBe(s);
      }),
      { numRuns: 3000 },
    );
  });

  it('any ISO writing of an instant normalises to the same canonical string', () => {
    fc.assert(
      fc.property(engineMs, offsets, (ms, offset) => {
        const written = rewritten(ms, offset);
        expect(Date.parse(written)).toBe(ms);
        expect(parseInstant(written)).toBe(ms);
        expect(toVietnamInstant(written)).toBe(formatInstant(ms));
        expect(toVietnamInstant(new Date(ms))).toBe(formatInstant(ms));
        expect(localDateOf(written)).toBe(formatInstant(ms).slice(0, 10));
        expect(dayOfInstant(written)).toBe(dayOfInstant(formatInstant(ms)));
      }),
      { numRuns: 2000 },
    );
  });

  it('ordering of the text = ordering of time, for canonical instants', () => {
    // Close pairs too: the same second, the same day, across midnight.
    const pair = fc.oneof(
      fc.tuple(anyMs, anyMs),
      fc.tuple(engineMs, fc.integer({ min: -90_000_000, max: 90_000_000 })).map(([a, d]) => [a, a + d] as [number, number]),
      fc.tuple(engineMs, fc.integer({ min: -1000, max: 1000 })).map(([a, d]) => [a, a + d] as [number, number]),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const sa = formatInstant(a);
        const sb = formatInstant(b);
        const byText = sa < sb ? -1 : sa > sb ? 1 : 0;
        expect(byText).toBe(Math.sign(a - b));
        expect(Math.sign(compareInstants(sa, sb))).toBe(Math.sign(a - b));
        expect(sa === sb).toBe(a === b);
      }),
      { numRuns: 3000 },
    );
  });

  it('compareInstants orders mixed writings like Date.parse', () => {
    const written = fc.tuple(engineMs, fc.oneof(fc.constant('canonical'), offsets)).map(([ms, how]) => (how === 'canonical' ? formatInstant(ms) : rewritten(ms, how)));
    fc.assert(
      fc.property(written, written, (a, b) => {
        expect(Math.sign(compareInstants(a, b))).toBe(Math.sign(Date.parse(a) - Date.parse(b)));
      }),
      { numRuns: 2000 },
    );
  });

  it('covers exactly the local years 0000–9999', () => {
    expect(formatInstant(MIN_INSTANT_MS)).toBe('0000-01-01T00:00:00.000+07:00');
    expect(formatInstant(MAX_INSTANT_MS)).toBe('9999-12-31T23:59:59.999+07:00');
    expect(parseInstant('0000-01-01T00:00:00.000+07:00')).toBe(MIN_INSTANT_MS);
    expect(() => formatInstant(MIN_INSTANT_MS - 1)).toThrow(CalendarError);
    expect(() => formatInstant(MAX_INSTANT_MS + 1)).toThrow(CalendarError);
    expect(() => formatInstant(Number.NaN)).toThrow(CalendarError);
    expect(() => toVietnamInstant('2024-02-30T09:00:00+07:00')).toThrow(CalendarError);
  });

  it('every instant the calendar produces is canonical (Due.at, alerts, conversions)', () => {
    const cal = vietnamCalendar();
    const received = fc.tuple(fc.integer({ min: Date.UTC(2018, 0, 1), max: Date.UTC(2027, 11, 1) }), fc.integer({ min: 0, max: 59_999 })).map(([ms, extra]) => ms + extra);
    const limit = fc.oneof(
      fc.integer({ min: 0, max: 30 }).map((value) => ({ unit: 'workingDays' as const, value })),
      fc.integer({ min: 1, max: 40 }).map((value) => ({ unit: 'workingHours' as const, value })),
      fc.integer({ min: 0, max: 30 }).map((value) => ({ unit: 'calendarDays' as const, value })),
      fc.constant({ unit: 'sameDay' as const }),
    );
    fc.assert(
      fc.property(received, limit, (ms, l) => {
        const due = computeDue(new Date(ms), l, cal);
        expect(due.at).toMatch(CANONICAL);
        expect(due.at.slice(0, 10)).toBe(due.date);
        const next = nextAlertAt(due, cal, 2, formatInstant(ms));
        if (next !== null) expect(next).toMatch(CANONICAL);
        expect(toInstant(new Date(ms))).toBe(formatInstant(ms));
      }),
      { numRuns: 500 },
    );
  });
});
