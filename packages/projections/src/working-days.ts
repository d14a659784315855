/**
 * Cached working-day counts over the calendar: `between(a, b)` equals
 * `cal.workingDaysBetween(dateOfDay(a), dateOfDay(b))` (working days d with
 * a < d ≤ b), computed from a prefix count filled once per day with
 * `cal.isWorkingDay`. Not part of any projection state.
 */
import type { WorkingCalendar } from '@motcua/calendar';
import { dateOfDay } from './time';

export interface WorkingDayIndex {
  between(a: number, b: number): number;
  /** `cal.addWorkingDays(dateOfDay(day), n)` as a day number, for n ≥ 1. */
  add(day: number, n: number): number;
}

/** @example workingDayIndex(vietnamCalendar()).between(dayOfDate('2024-03-04'), dayOfDate('2024-03-11')) // 5 */
export function workingDayIndex(cal: WorkingCalendar): WorkingDayIndex {
  let base = 0;
  let prefix = new Int32Array(0); // prefix[i] = working days d with base <= d <= base + i
  const ensure = (day: number) => {
    if (prefix.length === 0) base = day - 400;
    if (day >= base && day < base + prefix.length) return;
    const from = Math.min(base, day - 400);
    const to = Math.max(base + prefix.length, day + 400);
    const next = new Int32Array(to - from);
    let n = 0;
    for (let d = from; d < to; d++) {
      if (cal.isWorkingDay(dateOfDay(d))) n++;
      next[d - from] = n;
    }
    base = from;
    prefix = next;
  };
  return {
    between(a, b) {
      ensure(a);
      ensure(b);
      return prefix[b - base]! - prefix[a - base]!;
    },
    add(day, n) {
      ensure(day);
      const target = prefix[day - base]! + n;
      let d = day + 1;
      for (;;) {
        ensure(d);
        if (prefix[d - base]! >= target) return d;
        d++;
      }
    },
  };
}
