/**
 * Working-day arithmetic on day numbers (days since 1970-01-01, local dates in
 * Asia/Ho_Chi_Minh), for code that counts many days — projections, reports.
 * A calendar built by this package answers from its own day index (O(1),
 * nothing copied); any other {@link WorkingCalendar} gets a prefix count
 * filled once per day from `cal.isWorkingDay`.
 */
import { dayIndexOf } from './calendar';
import { formatDay } from './dates';
import type { WorkingCalendar } from './types';

/** Working-day counts on day numbers. */
export interface WorkingDayIndex {
  /** `cal.workingDaysBetween(formatDay(from), formatDay(to))`: working days after `from` up to and including `to`. */
  between(from: number, to: number): number;
  /** `cal.addWorkingDays(formatDay(day), count)` as a day number, for count ≥ 1. */
  add(day: number, count: number): number;
}

/**
 * The working-day index of a calendar.
 * @example workingDayIndex(vietnamCalendar()).between(parseLocalDate('2024-03-04'), parseLocalDate('2024-03-11')) // 5
 */
export function workingDayIndex(cal: WorkingCalendar): WorkingDayIndex {
  const index = dayIndexOf(cal);
  if (index !== undefined) return { between: (from, to) => index.between(from, to), add: (day, count) => index.add(day, count) };
  return prefixIndex(cal);
}

/** A prefix count over `cal.isWorkingDay`, grown by 400 days around each day asked for. */
function prefixIndex(cal: WorkingCalendar): WorkingDayIndex {
  let base = 0;
  let prefix = new Int32Array(0); // prefix[i] = working days d with base <= d <= base + i
  const ensure = (day: number): void => {
    if (prefix.length === 0) base = day - 400;
    if (day >= base && day < base + prefix.length) return;
    const from = Math.min(base, day - 400);
    const to = Math.max(base + prefix.length, day + 400);
    const next = new Int32Array(to - from);
    let count = 0;
    for (let dn = from; dn < to; dn++) {
      if (cal.isWorkingDay(formatDay(dn))) count++;
      next[dn - from] = count;
    }
    base = from;
    prefix = next;
  };
  return {
    between(from, to) {
      ensure(from);
      ensure(to);
      return prefix[to - base]! - prefix[from - base]!;
    },
    add(day, count) {
      ensure(day);
      const target = prefix[day - base]! + count;
      for (let dn = day + 1; ; dn++) {
        ensure(dn);
        if (prefix[dn - base]! >= target) return dn;
      }
    },
  };
}
