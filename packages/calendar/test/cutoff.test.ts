/**
 * The receipt cut-off (`DueOptions.cutoff`, a procedure's `sameDayCutoff`):
 * a receipt on a working day strictly after HH:MM counts as received at 00:00
 * of the next working day, for every limit unit. Expected dates by hand from
 * the 2024 calendar, or from the brute-force oracle in ./support/oracle-2024.ts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeDue, explainDue, vietnamCalendar, type TimeLimit } from '@motcua/calendar';
import { dateOf, dayNo, instantOf, oracleDue, type OracleLimit } from './support/oracle-2024';

const cal = vietnamCalendar();
const at = (ms: string) => Date.parse(ms);

describe('DueOptions.cutoff', () => {
  it('the DueOptions example: Fri 27/10/2023 15:20 + 5 working days with cut-off 15:00 → Mon 06/11/2023 (without: Fri 03/11)', () => {
    expect(computeDue('2023-10-27T15:20:00.000+07:00', { unit: 'workingDays', value: 5 }, cal, { cutoff: '15:00' }).date).toBe('2023-11-06');
    expect(computeDue('2023-10-27T15:20:00.000+07:00', { unit: 'workingDays', value: 5 }, cal).date).toBe('2023-11-03');
    expect(explainDue('2023-10-27T15:20:00.000+07:00', { unit: 'workingDays', value: 5 }, cal, { cutoff: '15:00' }).start.date).toBe('2023-10-30');
  });

  const cases: [string, TimeLimit, string, string, string][] = [
    // limit, receipt, due with cut-off 15:00, due without
    ['working days 3', { unit: 'workingDays', value: 3 }, '2024-03-08T15:30:00.000+07:00', '2024-03-14', '2024-03-13'],
    ['working days 3 at 15:00:00', { unit: 'workingDays', value: 3 }, '2024-03-08T15:00:00.000+07:00', '2024-03-13', '2024-03-13'],
    ['working days 3 at 15:00:01', { unit: 'workingDays', value: 3 }, '2024-03-08T15:00:01.000+07:00', '2024-03-14', '2024-03-13'],
    ['working days 3 before Tết', { unit: 'workingDays', value: 3 }, '2024-02-07T16:00:00.000+07:00', '2024-02-20', '2024-02-19'],
    ['working days 3 on a Saturday', { unit: 'workingDays', value: 3 }, '2024-03-09T16:00:00.000+07:00', '2024-03-14', '2024-03-14'],
    ['0 working days', { unit: 'workingDays', value: 0 }, '2024-03-08T15:30:00.000+07:00', '2024-03-11', '2024-03-08'],
    ['0 working days before Tết', { unit: 'workingDays', value: 0 }, '2024-02-07T16:00:00.000+07:00', '2024-02-15', '2024-02-07'],
    ['calendar days 10', { unit: 'calendarDays', value: 10 }, '2024-03-08T15:30:00.000+07:00', '2024-03-21', '2024-03-18'],
    ['calendar days 10 onto the 30/4 swap', { unit: 'calendarDays', value: 10 }, '2024-04-19T16:00:00.000+07:00', '2024-05-02', '2024-05-02'],
    ['working hours 8', { unit: 'workingHours', value: 8 }, '2024-03-08T15:30:00.000+07:00', '2024-03-11', '2024-03-11'],
  ];
  it.each(cases)('%s: received %s → with the cut-off %s, without %s', (_n, limit, receivedAt, withDue, withoutDue) => {
    expect(computeDue(receivedAt, limit, cal, { cutoff: '15:00' }).date).toBe(withDue);
    expect(computeDue(receivedAt, limit, cal).date).toBe(withoutDue);
    expect(explainDue(receivedAt, limit, cal, { cutoff: '15:00' }).due.date).toBe(withDue);
  });

  it('working hours: Fri 08/03/2024 15:30 + 8 h → Mon 17:00 with the cut-off, Mon 15:30 without', () => {
    expect(at(computeDue('2024-03-08T15:30:00.000+07:00', { unit: 'workingHours', value: 8 }, cal, { cutoff: '15:00' }).at)).toBe(at('2024-03-11T17:00:00.000+07:00'));
    expect(at(computeDue('2024-03-08T15:30:00.000+07:00', { unit: 'workingHours', value: 8 }, cal).at)).toBe(at('2024-03-11T15:30:00.000+07:00'));
  });

  it('same day: the limit carries the cut-off (its own, else opts.cutoff, else 15:00)', () => {
    expect(computeDue('2024-03-08T15:00:00.000+07:00', { unit: 'sameDay' }, cal).date).toBe('2024-03-08');
    expect(computeDue('2024-03-08T15:00:01.000+07:00', { unit: 'sameDay' }, cal).date).toBe('2024-03-11');
    expect(computeDue('2024-03-08T11:30:00.000+07:00', { unit: 'sameDay' }, cal, { cutoff: '11:00' }).date).toBe('2024-03-11');
    expect(computeDue('2024-03-08T11:30:00.000+07:00', { unit: 'sameDay', cutoff: '12:00' }, cal, { cutoff: '11:00' }).date).toBe('2024-03-08');
    expect(computeDue('2024-02-10T09:00:00.000+07:00', { unit: 'sameDay' }, cal).date).toBe('2024-02-15');
  });

  const LIMITS: [TimeLimit, OracleLimit][] = [
    [
      { unit: 'workingDays', value: 0 },
      { unit: 'workingDays', value: 0 },
    ],
    [
      { unit: 'workingDays', value: 1 },
      { unit: 'workingDays', value: 1 },
    ],
    [
      { unit: 'workingDays', value: 7 },
      { unit: 'workingDays', value: 7 },
    ],
    [{ unit: 'sameDay' }, { unit: 'sameDay' }],
    [
      { unit: 'calendarDays', value: 0 },
      { unit: 'calendarDays', value: 0 },
    ],
    [
      { unit: 'calendarDays', value: 15 },
      { unit: 'calendarDays', value: 15 },
    ],
    [
      { unit: 'workingHours', value: 4 },
      { unit: 'workingHours', value: 4 },
    ],
    [
      { unit: 'workingHours', value: 20 },
      { unit: 'workingHours', value: 20 },
    ],
  ];
  it('property: every unit, cut-off 15:00 / 11:00 / none, any 2024 receipt minute, both non-working-receipt rules → the oracle', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: LIMITS.length - 1 }),
        fc.constantFrom(undefined, 11 * 60, 15 * 60),
        fc.constantFrom('nextDayIsStart' as const, 'nextDayCounts' as const),
        fc.integer({ min: dayNo('2024-01-02'), max: dayNo('2024-12-10') }),
        fc.integer({ min: 0, max: 1439 }),
        (i, c, nwr, day, minute) => {
          const [limit, ol] = LIMITS[i]!;
          const opts = { ...(c !== undefined ? { cutoff: `${String(c / 60).padStart(2, '0')}:00` } : {}), nonWorkingReceipt: nwr };
          const due = computeDue(instantOf({ day, minute }), limit, cal, opts);
          // A same-day limit without a cut-off option keeps its own default, 15:00.
          const want = oracleDue({ day, minute }, ol, c ?? (limit.unit === 'sameDay' ? 15 * 60 : undefined), nwr);
          expect(due.date).toBe(dateOf(want.day));
          if (want.ms !== undefined) expect(at(due.at)).toBe(want.ms);
        },
      ),
      { numRuns: 1500 },
    );
  });
});
