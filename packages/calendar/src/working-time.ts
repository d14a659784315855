/**
 * Day operations (the numeric interface the deadline functions work on) and
 * working time: adding and measuring working hours by walking the sessions.
 */
import { CalendarError } from './errors';
import { localDayOfMs, localMsOfDay, midnightMs } from './instant';
import type { DayExplanation, Instant, LocalDate } from './types';

/** Numeric operations on day numbers (days since 1970-01-01) used by the deadline functions. */
export interface DayOps {
  readonly id: string;
  isWorking(dn: number): boolean;
  /** `count` working days after `dn` (the day itself not counted); 0 → `dn` or the next working day; negative → before. */
  add(dn: number, count: number): number;
  /** Working days after `from` up to and including `to` (negative if `to < from`). */
  between(from: number, to: number): number;
  fmt(dn: number): LocalDate;
  /** Flat `[start, end, start, end…]` session bounds in ms since local midnight; empty on a non-working day. */
  sessions(dn: number): readonly number[];
  /** ms since local midnight at which work ends on `dn` (default sessions if it is not a working day). */
  endMs(dn: number): number;
  /** `fmt(dn)` + end of working time, as an Instant string. */
  atEnd(dn: number): Instant;
  /** Explanation label of a day, when the calendar can explain. */
  explainDay?(dn: number): DayExplanation;
  /** True if any day from `first` to `last` (both included) is estimated (no official schedule for its year). */
  estimatedIn?(first: number, last: number): boolean;
}

/** Add working time (ms) to an instant, walking the sessions. */
export function addWorkingMs(ops: DayOps, startMs: number, amount: number): number {
  let remaining = amount;
  let dn = localDayOfMs(startMs);
  let timeOfDay = localMsOfDay(startMs);
  for (let guard = 0; guard < 200_000; guard++) {
    const bounds = ops.sessions(dn);
    for (let j = 0; j < bounds.length; j += 2) {
      const sessionStart = bounds[j]!;
      const sessionEnd = bounds[j + 1]!;
      if (timeOfDay >= sessionEnd) continue;
      const from = timeOfDay > sessionStart ? timeOfDay : sessionStart;
      const available = sessionEnd - from;
      if (remaining <= available) return midnightMs(dn) + from + remaining;
      remaining -= available;
      timeOfDay = sessionEnd;
    }
    dn = ops.add(dn, 1);
    timeOfDay = 0;
  }
  throw new CalendarError('CALENDAR_INVARIANT', 'working-hours addition did not terminate');
}

/** Working time (ms) between two instants (negative if `toMs < fromMs`). */
export function workingMsBetween(ops: DayOps, fromMs: number, toMs: number): number {
  if (toMs < fromMs) return -workingMsBetween(ops, toMs, fromMs);
  let total = 0;
  const lastDay = localDayOfMs(toMs);
  for (let dn = localDayOfMs(fromMs); dn <= lastDay; dn++) {
    const bounds = ops.sessions(dn);
    const midnight = midnightMs(dn);
    for (let j = 0; j < bounds.length; j += 2) {
      const start = Math.max(midnight + bounds[j]!, fromMs);
      const end = Math.min(midnight + bounds[j + 1]!, toMs);
      if (end > start) total += end - start;
    }
  }
  return total;
}
