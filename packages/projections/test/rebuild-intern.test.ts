/**
 * The field-keyed interning of due dates and time limits (src/intern.ts,
 * used by the timeliness fold instead of a `JSON.stringify` per accepted
 * dossier) against the JSON-keyed `internValue` as the oracle: for random
 * values of every shape (and odd ones), the shared copy is deep-equal to the
 * value, and two values get the same shared copy exactly when their JSON
 * (with sorted keys) is equal.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { internDue, internLimit } from '../src/intern';

const sortedJson = (value: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))));
const date = fc.constantFrom('2024-10-28', '2024-10-29', '2025-01-02');
const instant = fc.constantFrom('2024-10-28T17:00:00.000+07:00', '2024-10-28T11:30:00.000+07:00', '2024-10-29T17:00:00.000+07:00');
const due = fc.oneof(
  fc.record({ date, at: instant }),
  fc.record({ date, at: instant, estimated: fc.constant(true as const) }),
  fc.record({ at: instant, date }),
  // Odd shapes: another key, a wrong type (interned by their JSON instead).
  fc.record({ date, at: instant, note: fc.constantFrom('x', 'y') }),
  fc.record({ date, at: instant, estimated: fc.constant(false) }),
) as fc.Arbitrary<{ date: string; at: string; estimated?: true }>;
const limit = fc.oneof(
  fc.record({ unit: fc.constantFrom('workingDays', 'workingHours', 'calendarDays'), value: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ unit: fc.constant('sameDay'), cutoff: fc.constantFrom('12:00', '15:00') }),
  fc.record({ unit: fc.constant('sameDay') }),
  fc.record({ value: fc.integer({ min: 0, max: 3 }), unit: fc.constant('workingDays') }),
  fc.record({ unit: fc.constant('workingDays'), value: fc.constantFrom('1', '2') }),
  fc.record({ unit: fc.constant('sameDay'), cutoff: fc.constant('12:00'), value: fc.constant(1) }),
) as fc.Arbitrary<{ unit: string; value?: number; cutoff?: string }>;

describe('internDue / internLimit (the timeliness fold shares one object per distinct value)', () => {
  it('the shared copy equals the value; equal values (by sorted-key JSON) share one copy, different ones never', () => {
    fc.assert(
      fc.property(fc.array(due, { maxLength: 30 }), fc.array(limit, { maxLength: 30 }), (dues, limits) => {
        for (const [values, intern] of [
          [dues, internDue],
          [limits, internLimit],
        ] as [Record<string, unknown>[], (value: never) => unknown][]) {
          const shared = values.map((value) => structuredClone(value)).map((value) => intern(value as never));
          values.forEach((value, i) => {
            expect(shared[i]).toEqual(value);
            values.forEach((other, j) => {
              // Key order aside, same JSON ⇔ same object (the JSON-keyed fallback keeps key order apart: only one direction there).
              if (shared[i] === shared[j]) expect(sortedJson(value)).toBe(sortedJson(other));
              else if (JSON.stringify(value) === JSON.stringify(other)) expect.fail(`${JSON.stringify(value)} interned twice`);
            });
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});
