/**
 * Two clocks after supplement requests (domain brief §4.3, keep both):
 *
 * - **Legal due date** (NĐ 61 Đ19.4): when a post-acceptance supplement is
 *   completed, the time limit restarts from zero: `due = computeDue(providedAt, limit)`.
 *   Plus the apology-and-reschedule (Đ19.9): at most one, giving
 *   `originalDue` and `rescheduledDue`.
 * - **KPI clock** (QĐ 766 indicator 2.1, F766): supplement time is subtracted
 *   (a pause), a dossier still waiting for the citizen is judged at the request
 *   time, and more than one supplement request makes the dossier late
 *   (configurable).
 */
import { addWorkingMs, checkInteger, workingMsBetween } from './calendar';
import { classifyPending, classifyResolved } from './classify';
import type { ComparePolicy, PendingTimeliness, Timeliness } from './classify';
import { CalendarError, show } from './errors';
import { formatInstant, localDayOfMs, parseInstant, parseLocalDate, toMs } from './dates';
import { checkLimit, computeDue, opsOf } from './due';
import { apologyDeadline as apologyDeadlineOf } from './apology';
import type { DueOptions } from './due';
import type { DateInput, Due, Instant, LocalDate, TimeLimit, WorkingCalendar } from './types';

/**
 * A post-acceptance supplement request (yêu cầu bổ sung, hoàn thiện) and, once answered, when the citizen provided it.
 *
 * @example
 * ```ts
 * const s: SupplementInterval = { requestedAt: '2025-03-05T10:00:00+07:00', providedAt: '2025-03-07T10:00:00+07:00' };
 * ```
 */
export interface SupplementInterval {
  requestedAt: DateInput;
  providedAt?: DateInput | null;
}

/**
 * An apology with a new return date (thư xin lỗi và hẹn lại, Đ19.9).
 *
 * @example
 * ```ts
 * const r: Reschedule = { issuedAt: '2025-03-07T10:00:00+07:00', newDue: '2025-03-14', reason: 'Chờ ý kiến cơ quan phối hợp' };
 * ```
 */
export interface Reschedule {
  issuedAt: DateInput;
  /** The new due date: a full `Due` or a local date (then due at the end of its working time). */
  newDue: Due | LocalDate;
  reason?: string;
}

interface Interval {
  req: number;
  prov: number | null;
}

function bad(code: 'CALENDAR_INVALID_SUPPLEMENTS' | 'CALENDAR_INVALID_RESCHEDULE', msg: string, v?: unknown): CalendarError {
  return new CalendarError(code, msg, v);
}

function readSupplements(list: readonly SupplementInterval[] | undefined, acceptedMs: number, limitMs: number): Interval[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw bad('CALENDAR_INVALID_SUPPLEMENTS', `supplements must be an array, got ${show(list)}`, list);
  const out: Interval[] = [];
  let prevEnd = acceptedMs;
  list.forEach((s, i) => {
    if (!s || typeof s !== 'object') throw bad('CALENDAR_INVALID_SUPPLEMENTS', `supplement #${i + 1} must be {requestedAt, providedAt?}`, s);
    const req = toMs(s.requestedAt);
    if (req < prevEnd) {
      throw bad('CALENDAR_INVALID_SUPPLEMENTS', `supplement #${i + 1} is requested before ${i === 0 ? 'acceptance' : 'the previous one was provided'}`, s);
    }
    const prov = s.providedAt === undefined || s.providedAt === null ? null : toMs(s.providedAt);
    if (prov !== null && prov < req) throw bad('CALENDAR_INVALID_SUPPLEMENTS', `supplement #${i + 1} is provided before it was requested`, s);
    if (prov === null && i !== list.length - 1) throw bad('CALENDAR_INVALID_SUPPLEMENTS', `supplement #${i + 1} has no providedAt but a later request exists`, s);
    if (req > limitMs || (prov !== null && prov > limitMs)) throw bad('CALENDAR_INVALID_SUPPLEMENTS', `supplement #${i + 1} lies after the clock reading (asOf / endedAt)`, s);
    out.push({ req, prov });
    prevEnd = prov ?? req;
  });
  return out;
}

function toDue(d: Due | LocalDate, cal: WorkingCalendar): Due {
  if (typeof d === 'string') {
    const dn = parseLocalDate(d);
    return { date: d, at: opsOf(cal).atEnd(dn) };
  }
  if (!d || typeof d !== 'object') throw bad('CALENDAR_INVALID_RESCHEDULE', `newDue must be a Due or a local date, got ${show(d)}`, d);
  const dn = parseLocalDate(d.date);
  if (localDayOfMs(parseInstant(d.at)) !== dn) throw bad('CALENDAR_INVALID_RESCHEDULE', `newDue.at ${d.at} is not on ${d.date}`, d);
  return { date: d.date, at: d.at };
}

/**
 * Input of {@link legalDue}.
 *
 * @example
 * ```ts
 * legalDue({ acceptedAt: '2025-03-03T09:00:00+07:00', limit: { unit: 'workingDays', value: 5 } }, cal).originalDue.date; // '2025-03-10'
 * ```
 */
export interface LegalDueInput {
  acceptedAt: DateInput;
  limit: TimeLimit;
  /** Post-acceptance supplement requests, in order. */
  supplements?: readonly SupplementInterval[];
  /** Apologies with a new date: at most one (a second throws `CALENDAR_SECOND_RESCHEDULE`). */
  reschedules?: readonly Reschedule[];
}

/**
 * The legal due dates of a dossier.
 *
 * @example
 * ```ts
 * const r: LegalDue = legalDue({ acceptedAt: '2025-03-03T09:00:00+07:00', limit: { unit: 'workingDays', value: 5 } }, cal);
 * r.effectiveDue?.date; // '2025-03-10'
 * ```
 */
export interface LegalDue {
  /** Due date from acceptance (ngày hẹn trả ban đầu). */
  originalDue: Due;
  /** Due date after the last completed supplement (restart), or `originalDue`; null while waiting for the citizen. */
  currentDue: Due | null;
  /** One entry per completed supplement: the clock restarted at `from`. */
  restarts: { from: Instant; due: Due }[];
  waitingForCitizen: boolean;
  waitingSince: Instant | null;
  /** The apology's new date, if any. */
  rescheduledDue: Due | null;
  /** The due date the apology replaced. */
  replacedDue: Due | null;
  /** Last day to issue the apology (1 working day before the replaced due date, §3.5). */
  apologyDeadline: LocalDate | null;
  /** True if the apology came later than `apologyDeadline` (accepted, but flagged). */
  lateApology: boolean | null;
  /** The date to show the citizen: the reschedule if issued after the last restart, else `currentDue`. */
  effectiveDue: Due | null;
}

/**
 * Legal due dates with restarts after supplements and at most one reschedule.
 *
 * @example
 * ```ts
 * import { legalDue, vietnamCalendar } from '@motcua/calendar';
 * const r = legalDue({
 *   acceptedAt: '2025-03-03T09:00:00+07:00',
 *   limit: { unit: 'workingDays', value: 5 },
 *   supplements: [{ requestedAt: '2025-03-05T10:00:00+07:00', providedAt: '2025-03-12T08:00:00+07:00' }],
 * }, vietnamCalendar());
 * r.originalDue.date; // '2025-03-10'
 * r.currentDue?.date; // '2025-03-19' (restarted from 12/03)
 * ```
 */
export function legalDue(input: LegalDueInput, cal: WorkingCalendar, opts?: DueOptions): LegalDue {
  if (!input || typeof input !== 'object') throw new CalendarError('CALENDAR_INVALID_OPTION', `legalDue input must be an object, got ${show(input)}`, input);
  checkLimit(input.limit);
  const acceptedMs = toMs(input.acceptedAt);
  const originalDue = computeDue(input.acceptedAt, input.limit, cal, opts);
  const sups = readSupplements(input.supplements, acceptedMs, Infinity);
  const restarts: { from: Instant; due: Due; ms: number }[] = [];
  for (const s of sups) {
    if (s.prov !== null) restarts.push({ from: formatInstant(s.prov), due: computeDue(formatInstant(s.prov), input.limit, cal, opts), ms: s.prov });
  }
  const last = sups[sups.length - 1];
  const waiting = last !== undefined && last.prov === null;
  const currentDue = waiting ? null : (restarts[restarts.length - 1]?.due ?? originalDue);

  const res = input.reschedules ?? [];
  if (!Array.isArray(res)) throw bad('CALENDAR_INVALID_RESCHEDULE', `reschedules must be an array, got ${show(res)}`, res);
  if (res.length > 1) {
    throw new CalendarError('CALENDAR_SECOND_RESCHEDULE', 'the return date may be rescheduled at most once (NĐ 61/2018 Điều 19.9)', res);
  }
  let rescheduledDue: Due | null = null;
  let replacedDue: Due | null = null;
  let apologyDeadline: LocalDate | null = null;
  let lateApology: boolean | null = null;
  let effectiveDue = currentDue;
  const r = res[0];
  if (r) {
    const issued = toMs(r.issuedAt);
    if (issued < acceptedMs) throw bad('CALENDAR_INVALID_RESCHEDULE', 'the apology is issued before acceptance', r);
    const before = restarts.filter((x) => x.ms <= issued);
    replacedDue = before[before.length - 1]?.due ?? originalDue;
    rescheduledDue = toDue(r.newDue, cal);
    if (rescheduledDue.date <= replacedDue.date) {
      throw bad('CALENDAR_INVALID_RESCHEDULE', `the new date ${rescheduledDue.date} must be later than the due date it replaces (${replacedDue.date})`, r);
    }
    const ops = opsOf(cal);
    const deadlineDn = parseLocalDate(apologyDeadlineOf(cal, replacedDue.date, 1));
    apologyDeadline = ops.fmt(deadlineDn);
    lateApology = localDayOfMs(issued) > deadlineDn;
    if (before.length === restarts.length && !waiting) effectiveDue = rescheduledDue;
  }
  return {
    originalDue,
    currentDue,
    restarts: restarts.map(({ from, due }) => ({ from, due })),
    waitingForCitizen: waiting,
    waitingSince: waiting && last ? formatInstant(last.req) : null,
    rescheduledDue,
    replacedDue,
    apologyDeadline,
    lateApology,
    effectiveDue,
  };
}

/**
 * Input of {@link kpiClock}.
 *
 * @example
 * ```ts
 * kpiClock({ acceptedAt: '2025-03-03T09:00:00+07:00', limit: { unit: 'workingDays', value: 5 }, asOf: '2025-03-31T00:00:00+07:00' }, cal).timeliness; // 'overdue'
 * ```
 */
export interface KpiInput {
  acceptedAt: DateInput;
  limit: TimeLimit;
  /** Post-acceptance supplement requests, in order (intake requests excluded: brief §11). */
  supplements?: readonly SupplementInterval[];
  /**
   * Intake supplement requests (Form 02 before acceptance) to count towards
   * "more than `maxSupplementRequests` → late" (default 0: post-acceptance only,
   * brief §11; set it when the rule pack's `kpiCountIntakeSupplements` is true).
   * They never pause the clock (it had not started).
   */
  intakeSupplementRequests?: number;
  /** When processing ended (resolved > returned > stopped/refused), if it has. */
  endedAt?: DateInput | null;
  /** The reading instant (e.g. the end of the reporting period). */
  asOf: DateInput;
  /** An apology's new date, to report both ways (brief §11). */
  rescheduledDue?: Due | null;
}

/**
 * Options of {@link kpiClock}.
 *
 * @example
 * ```ts
 * kpiClock(input, cal, { maxSupplementRequests: 2, policy: 'minute', warnDays: 1 });
 * ```
 */
export interface KpiOptions extends DueOptions {
  /** More supplement requests than this → late (default 1; `null` disables the rule). */
  maxSupplementRequests?: number | null;
  policy?: ComparePolicy;
  /** Warning window for pending dossiers (default 2 working days). */
  warnDays?: number;
}

/**
 * A KPI reading against one due date.
 *
 * @example
 * ```ts
 * kpiClock(input, cal).vsRescheduled; // { kpiDue, timeliness, onTime } or null
 * ```
 */
export interface KpiVerdict {
  /** The due date shifted by the paused time. */
  kpiDue: Due;
  timeliness: Timeliness | PendingTimeliness;
  /** Counts toward the numerator of indicator 2.1 (on time, early, or still within time). */
  onTime: boolean;
}

/**
 * The KPI clock of a dossier.
 *
 * @example
 * ```ts
 * const k: KpiClock = kpiClock(input, cal);
 * if (!k.onTime) console.log(k.reasons);
 * ```
 */
export interface KpiClock extends KpiVerdict {
  originalDue: Due;
  /** Paused time in the limit's unit (working days, working hours or calendar days). */
  paused: number;
  pausedUnit: 'workingDays' | 'workingHours' | 'calendarDays';
  state: 'ended' | 'waitingForCitizen' | 'running';
  /** The instant the clock is read at: `endedAt`, the pending request time, or `asOf`. */
  end: Instant;
  /** Post-acceptance requests plus counted intake requests. */
  supplementRequests: number;
  tooManySupplements: boolean;
  /** The same reading against the rescheduled due date, if one was given. */
  vsRescheduled: KpiVerdict | null;
  reasons: string[];
}

function pausedAmount(limit: TimeLimit, cal: WorkingCalendar, sups: Interval[], endMs: number): number {
  const ops = opsOf(cal);
  let total = 0;
  for (const s of sups) {
    const b = s.prov ?? endMs;
    if (limit.unit === 'workingHours') total += workingMsBetween(ops, s.req, b);
    else if (limit.unit === 'calendarDays') total += localDayOfMs(b) - localDayOfMs(s.req);
    else total += ops.between(localDayOfMs(s.req), localDayOfMs(b));
  }
  return total;
}

function shift(due: Due, limit: TimeLimit, cal: WorkingCalendar, paused: number, opts: KpiOptions | undefined): Due {
  if (paused === 0) return due;
  const ops = opsOf(cal);
  if (limit.unit === 'workingHours') {
    const at = addWorkingMs(ops, parseInstant(due.at), paused);
    return { date: ops.fmt(localDayOfMs(at)), at: formatInstant(at) };
  }
  let dn = parseLocalDate(due.date);
  if (limit.unit === 'calendarDays') {
    dn += paused;
    if ((opts?.rollForward ?? true) && !ops.isWorking(dn)) dn = ops.add(dn, 0);
  } else dn = ops.add(dn, paused);
  return { date: ops.fmt(dn), at: ops.atEnd(dn) };
}

/**
 * The KPI clock (QĐ 766 indicator 2.1): pause semantics, request-time end for
 * dossiers waiting for the citizen, and "more than one supplement request →
 * late". Pauses are measured in the limit's unit: working days paused =
 * working days `d` with request day < d ≤ provided day; the KPI due date is
 * the original one shifted by that many working days.
 *
 * @example
 * ```ts
 * import { kpiClock, vietnamCalendar } from '@motcua/calendar';
 * const k = kpiClock({
 *   acceptedAt: '2025-03-03T09:00:00+07:00',
 *   limit: { unit: 'workingDays', value: 5 },
 *   supplements: [{ requestedAt: '2025-03-05T10:00:00+07:00', providedAt: '2025-03-07T10:00:00+07:00' }],
 *   endedAt: '2025-03-11T16:00:00+07:00',
 *   asOf: '2025-03-31T00:00:00+07:00',
 * }, vietnamCalendar());
 * k.kpiDue.date; // '2025-03-12' (10/03 + 2 paused working days)
 * k.timeliness;  // 'early'
 * ```
 */
export function kpiClock(input: KpiInput, cal: WorkingCalendar, opts?: KpiOptions): KpiClock {
  if (!input || typeof input !== 'object') throw new CalendarError('CALENDAR_INVALID_OPTION', `kpiClock input must be an object, got ${show(input)}`, input);
  const limit = checkLimit(input.limit);
  const acceptedMs = toMs(input.acceptedAt);
  const asOfMs = toMs(input.asOf);
  if (asOfMs < acceptedMs) throw new CalendarError('CALENDAR_INVALID_DATE', 'asOf is before acceptedAt', input.asOf);
  const endedMs = input.endedAt === undefined || input.endedAt === null ? null : toMs(input.endedAt);
  if (endedMs !== null && (endedMs < acceptedMs || endedMs > asOfMs)) {
    throw new CalendarError('CALENDAR_INVALID_DATE', 'endedAt must lie between acceptedAt and asOf', input.endedAt);
  }
  const max = opts?.maxSupplementRequests === undefined ? 1 : opts.maxSupplementRequests;
  if (max !== null) checkInteger(max, 'maxSupplementRequests', 0, 1000);
  const sups = readSupplements(input.supplements, acceptedMs, endedMs ?? asOfMs);
  const last = sups[sups.length - 1];
  const open = last !== undefined && last.prov === null;
  const reasons: string[] = [];

  let state: KpiClock['state'];
  let endMs: number;
  if (endedMs !== null) {
    state = 'ended';
    endMs = endedMs;
    if (open) reasons.push('ended while waiting for the citizen: the open supplement pauses the clock until the end');
  } else if (open && last) {
    state = 'waitingForCitizen';
    endMs = last.req;
    reasons.push('waiting for the citizen: the clock is read at the request time (F766)');
  } else {
    state = 'running';
    endMs = asOfMs;
  }
  // Pauses: closed intervals, plus an open one up to the end when the dossier ended while waiting.
  const closed = state === 'waitingForCitizen' ? sups.slice(0, -1) : sups;
  const paused = pausedAmount(limit, cal, closed, endMs);
  const originalDue = computeDue(input.acceptedAt, limit, cal, opts);
  const intake = input.intakeSupplementRequests ?? 0;
  checkInteger(intake, 'intakeSupplementRequests', 0, 1000);
  const requests = sups.length + intake;
  const tooMany = max !== null && requests > max;
  if (tooMany) reasons.push(`${requests} supplement requests${intake > 0 ? ` (${intake} at intake)` : ''} (more than ${max}): counted as late (F766)`);
  if (paused > 0) reasons.push(`paused ${limit.unit === 'workingHours' ? `${paused / 3_600_000} working hours` : `${paused} ${limit.unit === 'calendarDays' ? 'calendar' : 'working'} days`} for supplements`);

  const policy = opts?.policy ?? 'day';
  const verdict = (base: Due): KpiVerdict => {
    const kpiDue = shift(base, limit, cal, paused, opts);
    if (state === 'ended') {
      const t: Timeliness = tooMany ? 'late' : classifyResolved(formatInstant(endMs), kpiDue, { policy });
      return { kpiDue, timeliness: t, onTime: t !== 'late' };
    }
    const p: PendingTimeliness = tooMany ? 'overdue' : classifyPending(formatInstant(endMs), kpiDue, cal, { policy, warnDays: opts?.warnDays ?? 2 });
    return { kpiDue, timeliness: p, onTime: p !== 'overdue' };
  };
  const main = verdict(originalDue);
  const resched = input.rescheduledDue ? toDue(input.rescheduledDue, cal) : null;
  return {
    ...main,
    originalDue,
    paused: limit.unit === 'workingHours' ? paused / 3_600_000 : paused,
    pausedUnit: limit.unit === 'workingHours' ? 'workingHours' : limit.unit === 'calendarDays' ? 'calendarDays' : 'workingDays',
    state,
    end: formatInstant(endMs),
    supplementRequests: requests,
    tooManySupplements: tooMany,
    vsRescheduled: resched ? verdict(resched) : null,
    reasons,
  };
}
