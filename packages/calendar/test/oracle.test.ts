/**
 * Oracle: a brute-force, day-by-day implementation written here (using only
 * the hand-typed reference table and Date.UTC, never the package's index)
 * must agree with addWorkingDays / workingDaysBetween on random inputs
 * across 2019–2027.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { vietnamCalendar } from '@motcua/calendar';
import { refIsWorkingDay, refNextDay } from './fixtures/vn-days';

const cal = vietnamCalendar();

function bruteAdd(start: string, n: number): string {
  let d = start;
  if (n === 0) {
    while (!refIsWorkingDay(d)) d = refNextDay(d);
    return d;
  }
  const step = n > 0 ? 1 : -1;
  let left = Math.abs(n);
  while (left > 0) {
    d = refNextDay(d, step);
    if (refIsWorkingDay(d)) left--;
  }
  return d;
}

function bruteBetween(from: string, to: string): number {
  if (to < from) return -bruteBetween(to, from) || 0; // never -0 (toBe uses Object.is)
  let c = 0;
  for (let d = refNextDay(from); d <= to; d = refNextDay(d)) if (refIsWorkingDay(d)) c++;
  return c;
}

// Dates whose results stay inside 2019–2027 (the reference table's range).
const day = fc.integer({ min: Date.UTC(2019, 4, 1), max: Date.UTC(2027, 7, 1) }).map((t) => new Date(t - (t % 86_400_000)).toISOString().slice(0, 10));

describe('oracle: brute force vs the O(1) index (2019–2027)', () => {
  it('addWorkingDays agrees for n in [-60, 60]', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -60, max: 60 }), (d, n) => {
        expect(cal.addWorkingDays(d, n)).toBe(bruteAdd(d, n));
      }),
      { numRuns: 1500 },
    );
  });

  it('workingDaysBetween agrees', () => {
    fc.assert(
      fc.property(day, day, (a, b) => {
        expect(cal.workingDaysBetween(a, b)).toBe(bruteBetween(a, b));
      }),
      { numRuns: 400 },
    );
  });

  it('nextWorkingDay and isWorkingDay agree', () => {
    fc.assert(
      fc.property(day, (d) => {
        expect(cal.nextWorkingDay(d)).toBe(bruteAdd(d, 1));
        expect(cal.isWorkingDay(d)).toBe(refIsWorkingDay(d));
      }),
      { numRuns: 1000 },
    );
  });

  it('the oracle itself is not vacuous: it sees Tết and the make-up Saturday', () => {
    expect(bruteAdd('2025-01-24', 1)).toBe('2025-02-03');
    expect(bruteAdd('2025-04-25', 1)).toBe('2025-04-26');
    expect(bruteBetween('2025-01-01', '2025-12-31')).toBe(250);
  });
});
