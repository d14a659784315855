/**
 * Due dates (ngày hẹn trả kết quả) from a receipt instant and a time limit.
 *
 * - `workingDays`: the receipt day is not counted (NĐ 61; fixture Fri
 *   27/10/2023 09:32 + 5 → Fri 03/11/2023). A receipt on a non-working day is
 *   treated as a receipt on the next working day (which is then not counted):
 *   `nonWorkingReceipt: 'nextDayIsStart'` (default), or `'nextDayCounts'` to
 *   count that next working day as day 1.
 * - `workingHours`: counted inside the calendar's sessions; a receipt outside
 *   working time starts at the next session; `at` is the exact instant.
 * - `calendarDays`: plain days, receipt day not counted; a due day that is not a
 *   working day rolls forward to the next working day (BLDS 2015 Điều 148.5),
 *   unless `rollForward: false`.
 * - `sameDay`: due the receipt day; received after the cut-off (default 15:00,
 *   inclusive of 15:00:00 itself) or on a non-working day → the next working day.
 *
 * `at` is the end of working time of `date` (e.g. `…T17:00:00+07:00`) for
 * day-based limits. An optional `cutoff` (a procedure's `sameDayCutoff`, e.g.
 * the 15:00 rule of NĐ 61 Đ18.2–3) applies to every limit unit: a receipt on
 * a working day strictly after it counts as received at 00:00 of the next
 * working day (working days: that day is the receipt day, not counted; 0 days
 * and same day: due that day; hours: from its first session; calendar days:
 * counted from it). See docs/calendar.md, "The receipt cut-off".
 */
import { dayIndexOf, dayOpsOf } from './calendar';
import { estimatedMark } from './day-index';
import { DEFAULT_SESSIONS, parseSessions } from './options';
import { addWorkingMs } from './working-time';
import type { DayOps } from './working-time';
import { CalendarError, show } from './errors';
import { formatDay, formatVi, parseClock, parseLocalDate, WEEKDAY_VI, weekdayOf } from './dates';
import { formatInstant, formatLocal, localDayOfMs, localMsOfDay, midnightMs, toDayNumber, toMs } from './instant';
import type { DateInput, Due, Instant, LocalDate, TimeLimit, WorkingCalendar } from './types';

/**
 * Options of {@link computeDue}.
 *
 * @example
 * ```ts
 * computeDue('2023-10-27T15:20:00.000+07:00', { unit: 'workingDays', value: 5 }, cal, { cutoff: '15:00' }); // due 06/11/2023
 * // (counted from Mon 30/10: Fri 27/10 15:20 is after the cut-off; without it: 03/11/2023)
 * ```
 */
export interface DueOptions {
  /**
   * A receipt cut-off `HH:MM` (a procedure's `sameDayCutoff`) for every limit
   * unit: a receipt on a working day strictly after it counts as received at
   * 00:00 of the next working day. Absent: no cut-off, except that `sameDay`
   * limits always have one (their own `cutoff`, else this, else 15:00).
   */
  cutoff?: string;
  /** How a receipt on a non-working day counts (default `nextDayIsStart`). */
  nonWorkingReceipt?: 'nextDayIsStart' | 'nextDayCounts';
  /** `calendarDays`: move a due day that is not a working day to the next working day (default `true`). */
  rollForward?: boolean;
}

/**
 * One day (or session) in a due-date trace.
 *
 * @example
 * ```ts
 * explainDue('2025-04-29T10:00:00.000+07:00', { unit: 'workingDays', value: 2 }, cal).steps[0];
 * // { date: '2025-04-30', counted: false, reason: 'Thứ Tư 30/04/2025: không phải ngày làm việc — Ngày Chiến thắng (30/4) …' }
 * ```
 */
export interface DueStep {
  date: LocalDate;
  /** True if the day (or session) counts toward the limit. */
  counted: boolean;
  /** 1-based count of this day among counted days. */
  ordinal?: number;
  /** For hour limits: the working time used, `HH:MM:SS–HH:MM:SS`. */
  span?: string;
  reason: string;
}

/**
 * Why a due date is what it is: `explainDue(...)`.
 *
 * @example
 * ```ts
 * const trace: DueTrace = explainDue('2023-10-27T09:32:00.000+07:00', { unit: 'workingDays', value: 5 }, cal);
 * trace.due.date; // '2023-11-03'
 * ```
 */
export interface DueTrace {
  receivedAt: Instant;
  limit: TimeLimit;
  /** The day the count starts after (it is itself not counted). */
  start: { date: LocalDate; reason: string };
  steps: DueStep[];
  notes: string[];
  due: Due;
  /** Present (`true`) when a day of the trace is estimated (as `due.estimated`); a note then says which year. */
  estimated?: true;
}

const DEFAULT_FLAT = parseSessions(DEFAULT_SESSIONS, 'sessions');
const NO_SESSIONS: readonly number[] = [];
const foreign = new WeakMap<object, DayOps>();

/** Numeric operations for any {@link WorkingCalendar} (fast path for this package's calendars). */
export function opsOf(cal: WorkingCalendar): DayOps {
  const own = dayOpsOf(cal);
  if (own) return own;
  if (!cal || typeof cal !== 'object' || typeof cal.isWorkingDay !== 'function' || typeof cal.addWorkingDays !== 'function' || typeof cal.workingDaysBetween !== 'function') {
    throw new CalendarError('CALENDAR_INVALID_OPTION', `expected a WorkingCalendar, got ${show(cal)}`, cal);
  }
  let ops = foreign.get(cal);
  if (!ops) {
    const end = DEFAULT_FLAT[DEFAULT_FLAT.length - 1]!;
    ops = {
      id: cal.id,
      isWorking: (dn) => cal.isWorkingDay(formatDay(dn)),
      add: (dn, count) => parseLocalDate(cal.addWorkingDays(formatDay(dn), count)),
      between: (from, to) => cal.workingDaysBetween(formatDay(from), formatDay(to)),
      fmt: formatDay,
      sessions: (dn) => (cal.isWorkingDay(formatDay(dn)) ? DEFAULT_FLAT : NO_SESSIONS),
      endMs: () => end,
      atEnd: (dn) => formatLocal(formatDay(dn), end),
    };
    foreign.set(cal, ops);
  }
  return ops;
}

function badLimit(limit: unknown, why: string): CalendarError {
  return new CalendarError('CALENDAR_INVALID_LIMIT', `Invalid time limit ${show(limit)}: ${why}`, limit);
}

/** Validate a {@link TimeLimit}; returns it. */
export function checkLimit(limit: TimeLimit): TimeLimit {
  if (!limit || typeof limit !== 'object') throw badLimit(limit, 'expected {unit, value}');
  switch (limit.unit) {
    case 'workingDays':
    case 'calendarDays':
      if (typeof limit.value !== 'number' || !Number.isInteger(limit.value) || limit.value < 0 || limit.value > 100_000) {
        throw badLimit(limit, `${limit.unit} value must be an integer between 0 and 100000`);
      }
      return limit;
    case 'workingHours':
      if (typeof limit.value !== 'number' || !Number.isFinite(limit.value) || limit.value < 0 || limit.value > 1_000_000) {
        throw badLimit(limit, 'workingHours value must be a finite number ≥ 0');
      }
      return limit;
    case 'sameDay':
      if (limit.cutoff !== undefined) parseClock(limit.cutoff, 'sameDay cutoff');
      return limit;
    default:
      throw badLimit(limit, "unit must be 'workingDays', 'workingHours', 'calendarDays' or 'sameDay'");
  }
}

interface Resolved {
  dueDn: number;
  /** Exact instant for hour limits. */
  atMs: number;
  startDn: number;
  startReason: string;
}

const CUTOFF_CACHE = new Map<string, number>();
function cutoffMs(text: string): number {
  let ms = CUTOFF_CACHE.get(text);
  if (ms === undefined) {
    ms = parseClock(text, 'cutoff') * 60_000;
    CUTOFF_CACHE.set(text, ms);
  }
  return ms;
}

function resolve(ops: DayOps, ms: number, limit: TimeLimit, opts: DueOptions | undefined, why: boolean): Resolved {
  const dn = localDayOfMs(ms);
  const tod = localMsOfDay(ms);
  const working = ops.isWorking(dn);
  let startReason = '';
  switch (limit.unit) {
    case 'workingDays': {
      let startDn = dn;
      if (!working) {
        if ((opts?.nonWorkingReceipt ?? 'nextDayIsStart') === 'nextDayIsStart') {
          startDn = ops.add(dn, 0);
          if (why) startReason = `received on a non-working day: counted as received on the next working day ${formatVi(startDn)}, which is not counted`;
        } else if (why) startReason = 'received on a non-working day: the next working day counts as day 1';
      } else if (opts?.cutoff !== undefined && tod > cutoffMs(opts.cutoff)) {
        startDn = ops.add(dn, 1);
        if (why) startReason = `received after the ${opts.cutoff} cut-off: counted as received on the next working day ${formatVi(startDn)}, which is not counted`;
      } else if (why) startReason = 'the receipt day is not counted (NĐ 61/2018)';
      return { dueDn: ops.add(startDn, limit.value), atMs: NaN, startDn, startReason };
    }
    case 'calendarDays': {
      let startDn = dn;
      if (opts?.cutoff !== undefined && working && tod > cutoffMs(opts.cutoff)) {
        startDn = ops.add(dn, 1);
        if (why) startReason = `received after the ${opts.cutoff} cut-off: counted from the next working day ${formatVi(startDn)}`;
      } else if (why) startReason = 'the receipt day is not counted (BLDS 2015 Điều 147)';
      let dueDn = startDn + limit.value;
      if ((opts?.rollForward ?? true) && !ops.isWorking(dueDn)) dueDn = ops.add(dueDn, 0);
      return { dueDn, atMs: NaN, startDn, startReason };
    }
    case 'sameDay': {
      const cutoff = limit.cutoff ?? opts?.cutoff ?? '15:00';
      if (working && tod <= cutoffMs(cutoff)) {
        if (why) startReason = `received on a working day at or before the ${cutoff} cut-off: due the same day`;
        return { dueDn: dn, atMs: NaN, startDn: dn, startReason };
      }
      const next = ops.add(dn, 1);
      if (why) startReason = working ? `received after the ${cutoff} cut-off: due the next working day` : 'received on a non-working day: due the next working day';
      return { dueDn: next, atMs: NaN, startDn: dn, startReason };
    }
    case 'workingHours': {
      let startMs = ms;
      if (opts?.cutoff !== undefined && working && tod > cutoffMs(opts.cutoff)) {
        startMs = midnightMs(ops.add(dn, 1));
        if (why) startReason = `received after the ${opts.cutoff} cut-off: hours count from the next working day`;
      } else if (why) startReason = 'hours count inside working sessions from the receipt instant (or the next session)';
      const atMs = addWorkingMs(ops, startMs, Math.round(limit.value * 3_600_000));
      return { dueDn: localDayOfMs(atMs), atMs, startDn: localDayOfMs(startMs), startReason };
    }
  }
}

/**
 * The due date (ngày hẹn trả) of a dossier received at `receivedAt` with time
 * limit `limit`, on calendar `cal`. A plain `YYYY-MM-DD` receipt means 00:00
 * of that day. Throws a `CalendarError` on any bad input.
 *
 * @example
 * ```ts
 * import { computeDue, vietnamCalendar } from '@motcua/calendar';
 * const cal = vietnamCalendar();
 * computeDue('2023-10-27T09:32:00.000+07:00', { unit: 'workingDays', value: 5 }, cal);
 * // { date: '2023-11-03', at: '2023-11-03T17:00:00.000+07:00' }
 * computeDue('2025-03-05T15:20:00.000+07:00', { unit: 'sameDay' }, cal);
 * // { date: '2025-03-06', at: '2025-03-06T17:00:00.000+07:00' } (after the 15:00 cut-off)
 * ```
 */
export function computeDue(receivedAt: DateInput, limit: TimeLimit, cal: WorkingCalendar, opts?: DueOptions): Due {
  const unit = limit?.unit;
  if (unit === 'workingDays' && opts === undefined) {
    // Fast path: no options, the commonest case; only the local day matters.
    const value = limit.value;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 100_000) checkLimit(limit);
    const fast = dayIndexOf(cal);
    if (fast) {
      const rdn = toDayNumber(receivedAt);
      const ddn = fast.addFromReceipt(rdn, value);
      return markEstimated(fast.due(ddn), fast, rdn, ddn);
    }
  }
  const ops = dayOpsOf(cal) ?? opsOf(cal);
  checkLimit(limit);
  const ms = toMs(receivedAt);
  const resolved = resolve(ops, ms, limit, opts, false);
  const rdn = localDayOfMs(ms);
  if (unit === 'workingHours') return markEstimated({ date: ops.fmt(resolved.dueDn), at: formatInstant(resolved.atMs) }, ops, rdn, resolved.dueDn);
  return markEstimated({ date: ops.fmt(resolved.dueDn), at: ops.atEnd(resolved.dueDn) }, ops, rdn, resolved.dueDn);
}

/** Adds `estimated: true` when a day from the receipt day to the due day is estimated. */
function markEstimated(due: Due, ops: DayOps, fromDn: number, toDn: number): Due {
  if (ops.estimatedIn?.(Math.min(fromDn, toDn), Math.max(fromDn, toDn))) due.estimated = true;
  return due;
}

function dayReason(ops: DayOps, dn: number): string {
  if (ops.explainDay) return ops.explainDay(dn).summary;
  return `${WEEKDAY_VI[weekdayOf(dn)]} ${formatVi(dn)}: ${ops.isWorking(dn) ? 'ngày làm việc' : 'không phải ngày làm việc'}`;
}

function clockOf(ms: number): string {
  return formatInstant(ms).slice(11, 19);
}

/**
 * Compute a due date and explain it: the start day and every day (or working
 * session) after it, counted or skipped, with the reason from `cal.explain`.
 * Throws `CALENDAR_INVARIANT` if the trace does not add up to the limit.
 *
 * @example
 * ```ts
 * import { explainDue, vietnamCalendar } from '@motcua/calendar';
 * const t = explainDue('2025-04-29T10:00:00.000+07:00', { unit: 'workingDays', value: 2 }, vietnamCalendar());
 * t.due.date;                                           // '2025-05-06'
 * t.steps.filter((s) => !s.counted).map((s) => s.date); // ['2025-04-30', '2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04']
 * ```
 */
export function explainDue(receivedAt: DateInput, limit: TimeLimit, cal: WorkingCalendar, opts?: DueOptions): DueTrace {
  const ops = opsOf(cal);
  checkLimit(limit);
  const ms = toMs(receivedAt);
  const resolved = resolve(ops, ms, limit, opts, true);
  const due = computeDue(receivedAt, limit, cal, opts);
  const steps: DueStep[] = [];
  const notes: string[] = [];
  if (limit.unit === 'workingDays') {
    let ordinal = 0;
    for (let day = resolved.startDn + 1; day <= resolved.dueDn; day++) {
      const counted = ops.isWorking(day);
      if (counted) ordinal++;
      steps.push(counted ? { date: ops.fmt(day), counted, ordinal: ordinal, reason: dayReason(ops, day) } : { date: ops.fmt(day), counted, reason: dayReason(ops, day) });
    }
    const expected = limit.value > 0 ? limit.value : ops.isWorking(resolved.startDn) ? 0 : 1;
    if (ordinal !== expected) throw new CalendarError('CALENDAR_INVARIANT', `due-date trace counts ${ordinal} working days, expected ${expected}`);
    if (limit.value === 0) notes.push('0 working days: due the start day if it is a working day, else the next working day');
  } else if (limit.unit === 'calendarDays') {
    const nominal = resolved.startDn + limit.value;
    for (let day = resolved.startDn + 1; day <= resolved.dueDn; day++) {
      const counted = day <= nominal;
      steps.push({
        date: ops.fmt(day),
        counted,
        ...(counted ? { ordinal: day - resolved.startDn } : {}),
        reason: counted ? `calendar day ${day - resolved.startDn}` : `rolled forward: ${dayReason(ops, nominal)} (BLDS 2015 Điều 148.5)`,
      });
    }
    if (resolved.dueDn !== nominal) notes.push(`the nominal due day ${formatVi(nominal)} is not a working day: moved to ${formatVi(resolved.dueDn)}`);
  } else if (limit.unit === 'workingHours') {
    let remaining = Math.round(limit.value * 3_600_000);
    let at = resolved.startDn === localDayOfMs(ms) ? ms : midnightMs(resolved.startDn);
    let ordinal = 0;
    while (remaining > 0) {
      const dn = localDayOfMs(at);
      const tod = at - midnightMs(dn);
      const bounds = ops.sessions(dn);
      let moved = false;
      for (let j = 0; j < bounds.length && remaining > 0; j += 2) {
        const sessionEnd = bounds[j + 1]!;
        if (tod >= sessionEnd) continue;
        const from = Math.max(tod, bounds[j]!);
        const used = Math.min(sessionEnd - from, remaining);
        if (used <= 0) continue;
        remaining -= used;
        ordinal++;
        steps.push({
          date: ops.fmt(dn),
          counted: true,
          ordinal: ordinal,
          span: `${clockOf(midnightMs(dn) + from)}–${clockOf(midnightMs(dn) + from + used)}`,
          reason: `${(used / 3_600_000).toFixed(2)} working hours`,
        });
        at = midnightMs(dn) + from + used;
        moved = true;
        break;
      }
      if (!moved) {
        const next = ops.add(dn, 1);
        for (let day = dn + 1; day < next; day++) steps.push({ date: ops.fmt(day), counted: false, reason: dayReason(ops, day) });
        at = midnightMs(next);
      }
    }
    if (formatInstant(at) !== due.at && limit.value > 0) throw new CalendarError('CALENDAR_INVARIANT', `hour trace ends at ${formatInstant(at)}, expected ${due.at}`);
  } else {
    for (let day = resolved.startDn + 1; day <= resolved.dueDn; day++) steps.push({ date: ops.fmt(day), counted: day === resolved.dueDn, reason: dayReason(ops, day) });
  }
  const trace: DueTrace = {
    receivedAt: formatInstant(ms),
    limit,
    start: { date: ops.fmt(resolved.startDn), reason: resolved.startReason },
    steps,
    notes,
    due,
  };
  if (due.estimated) {
    trace.estimated = true;
    const sessionStart = Math.min(localDayOfMs(ms), resolved.dueDn);
    const sessionEnd = Math.max(localDayOfMs(ms), resolved.dueDn);
    const years = new Set<number>();
    for (let day = sessionStart; day <= sessionEnd; day++) if (ops.estimatedIn?.(day, day)) years.add(Number(ops.fmt(day).slice(0, 4)));
    for (const st of steps) {
      const dn = parseLocalDate(st.date);
      if (!st.reason.includes('[ước tính') && ops.estimatedIn?.(dn, dn)) st.reason += ` ${estimatedMark(Number(st.date.slice(0, 4)))}`;
    }
    notes.push(`ước tính (estimated): chưa có lịch nghỉ chính thức năm ${[...years].join(', ')}; ngày hẹn có thể thay đổi khi Chính phủ công bố lịch nghỉ`);
  }
  return trace;
}
