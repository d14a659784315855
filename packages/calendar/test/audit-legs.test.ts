/**
 * Audit (session 19): per-leg deadlines of an inter-agency route (domain §3.6; NĐ 118/2025 Đ20.2), against an
 * independent day-by-day oracle that reads only `isWorkingDay`: the start day is not counted, a start on a
 * non-working day counts from the next working day (not counted either), a start after the cut-off on a working day
 * counts from the next working day; a sequential leg starts at the previous leg's completion, else at its planned due
 * (17:00 of its due day); a parallel leg at the route's start.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { routeDeadlines, vietnamCalendar, type Leg } from '@motcua/calendar';

const cal = vietnamCalendar();
const DAY = 86_400_000;
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + DAY).toISOString().slice(0, 10);

/** The oracle: due day of `n` working days from local day `day` at minute `minute` of the day (cut-off in minutes, or none). */
function oracleDue(day: string, minute: number, n: number, cutoff?: number): string {
  let start = day;
  if (!cal.isWorkingDay(start) || (cutoff !== undefined && minute > cutoff)) {
    start = nextDay(start);
    while (!cal.isWorkingDay(start)) start = nextDay(start);
  }
  let d = start;
  for (let counted = 0; counted < n; ) {
    d = nextDay(d);
    if (cal.isWorkingDay(d)) counted++;
  }
  return d;
}

const instant = (day: string, minute: number) => `${day}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00.000+07:00`;

describe('hand-worked legs around the 30/04–01/05/2025 break (Fri 02/05 off, Sat 26/04 worked in exchange)', () => {
  it('sequential from Fri 25/04/2025 10:00: leg 2 wd → Sat 26/04 (1), Mon 28/04 (2); leg 3 wd → Tue 29/04 (1), Mon 05/05 (2), Tue 06/05 (3)', () => {
    const r = routeDeadlines(
      {
        mode: 'sequential',
        startAt: '2025-04-25T10:00:00.000+07:00',
        legs: [
          { agency: 'UBND xã', role: 'participant', limit: { unit: 'workingDays', value: 2 } },
          { agency: 'Sở TN&MT', role: 'lead', limit: { unit: 'workingDays', value: 3 } },
        ],
      },
      cal,
    );
    expect(r.legs.map((l) => [l.startAt, l.due.date, l.startBasis])).toEqual([
      ['2025-04-25T10:00:00.000+07:00', '2025-04-28', 'route'],
      ['2025-04-28T17:00:00.000+07:00', '2025-05-06', 'previousDue'],
    ]);
  });

  it('with the 15:00 cut-off, a leg completed Tue 29/04 15:30 hands over on the next working day (Mon 05/05, not counted): 1 wd → Tue 06/05', () => {
    const r = routeDeadlines(
      {
        mode: 'sequential',
        startAt: '2025-04-28T09:00:00.000+07:00',
        legs: [
          { agency: 'UBND xã', role: 'participant', limit: { unit: 'workingDays', value: 1 }, completedAt: '2025-04-29T15:30:00.000+07:00' },
          { agency: 'Sở TN&MT', role: 'lead', limit: { unit: 'workingDays', value: 1 } },
        ],
      },
      cal,
      { cutoff: '15:00' },
    );
    expect(r.legs.map((l) => l.due.date)).toEqual(['2025-04-29', '2025-05-06']);
  });
});

describe('bad routes are CALENDAR_INVALID_ROUTE', () => {
  const base = { agency: 'A', role: 'participant' as const, limit: { unit: 'workingDays' as const, value: 2 } };
  it('sequential: a leg completed while an earlier leg is not (legs complete in order)', () => {
    expect(() =>
      routeDeadlines(
        {
          mode: 'sequential',
          startAt: '2025-07-01T09:00:00.000+07:00',
          legs: [base, { ...base, agency: 'B', role: 'lead', completedAt: '2025-07-10T09:00:00.000+07:00' }],
        },
        cal,
      ),
    ).toThrow(expect.objectContaining({ code: 'CALENDAR_INVALID_ROUTE' }));
  });
  it('a leg completed before the route started, a leg without agency, two leads', () => {
    const start = '2025-07-01T09:00:00.000+07:00';
    expect(() => routeDeadlines({ mode: 'parallel', startAt: start, legs: [{ ...base, role: 'lead', completedAt: '2025-06-30T09:00:00.000+07:00' }] }, cal)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_INVALID_ROUTE' }),
    );
    expect(() => routeDeadlines({ mode: 'parallel', startAt: start, legs: [{ ...base, agency: '', role: 'lead' }] }, cal)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_INVALID_ROUTE' }),
    );
    expect(() =>
      routeDeadlines(
        {
          mode: 'parallel',
          startAt: start,
          legs: [
            { ...base, role: 'lead' },
            { ...base, role: 'lead' },
          ],
        },
        cal,
      ),
    ).toThrow(expect.objectContaining({ code: 'CALENDAR_INVALID_ROUTE' }));
  });
});

describe('property: every leg due equals the day-by-day oracle (2024–2026, holidays and make-up days included)', () => {
  const day = fc.integer({ min: 0, max: 3 * 365 }).map((n) => new Date(Date.parse('2024-01-01T00:00:00Z') + n * DAY).toISOString().slice(0, 10));
  const legArb = fc.record({
    value: fc.integer({ min: 0, max: 12 }),
    doneAfterDays: fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined }),
    doneMinute: fc.integer({ min: 420, max: 1020 }),
  });

  it('sequential and parallel, with and without the 15:00 cut-off', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('sequential' as const, 'parallel' as const),
        day,
        fc.integer({ min: 0, max: 1439 }),
        fc.array(legArb, { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        (mode, startDay, startMinute, specs, withCutoff) => {
          const cutoff = withCutoff ? 15 * 60 : undefined;
          // Completions: only a prefix (sequential legs complete in order), each on or after its leg's start.
          const legs: Leg[] = [];
          const expected: { due: string; startDay: string; startMinute: number }[] = [];
          let [sDay, sMinute] = [startDay, startMinute];
          let prefix = true;
          specs.forEach((spec, i) => {
            const [legDay, legMinute] = mode === 'parallel' ? [startDay, startMinute] : [sDay, sMinute];
            const due = oracleDue(legDay, legMinute, spec.value, cutoff);
            expected.push({ due, startDay: legDay, startMinute: legMinute });
            const leg: Leg = { agency: `A${i}`, role: i === 0 ? 'lead' : 'participant', limit: { unit: 'workingDays', value: spec.value } };
            let done: [string, number] | undefined;
            if (spec.doneAfterDays !== undefined && (mode === 'parallel' || prefix)) {
              let d = legDay;
              for (let k = 0; k < spec.doneAfterDays; k++) d = nextDay(d);
              const m = spec.doneAfterDays === 0 ? Math.max(legMinute, spec.doneMinute) : spec.doneMinute;
              done = [d, m];
              leg.completedAt = instant(d, m);
            } else prefix = false;
            legs.push(leg);
            [sDay, sMinute] = done ?? [due, 17 * 60];
          });
          const r = routeDeadlines({ mode, startAt: instant(startDay, startMinute), legs }, cal, cutoff === undefined ? undefined : { cutoff: '15:00' });
          expect(r.legs.map((l) => l.due.date)).toEqual(expected.map((e) => e.due));
          expect(r.legs.map((l) => l.startAt)).toEqual(expected.map((e) => instant(e.startDay, e.startMinute)));
          expect(r.due.date).toBe(
            expected
              .map((e) => e.due)
              .sort()
              .at(-1),
          );
        },
      ),
      {
        numRuns: 400,
        examples: [
          // Fri 25/04/2025 10:00 sequential 2 + 3 (the hand-worked case above).
          [
            'sequential',
            '2025-04-25',
            600,
            [
              { value: 2, doneAfterDays: undefined, doneMinute: 600 },
              { value: 3, doneAfterDays: undefined, doneMinute: 600 },
            ],
            false,
          ],
          // A start on Sunday 27/04/2025 after 15:00 with the cut-off.
          ['parallel', '2025-04-27', 960, [{ value: 1, doneAfterDays: 2, doneMinute: 900 }], true],
        ],
      },
    );
  });
});
