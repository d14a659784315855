/**
 * The legal due date (thời hạn giải quyết theo pháp luật): after a supplement,
 * the clock restarts from the day the citizen answers (NĐ 61/2018, NĐ 107/2021),
 * unless the supplement was requested past the appointment in force (or after
 * such a request): then the dossier is already late and nothing restarts —
 * the engine's rule (`SupplementRequested.afterDue`, docs/metrics.md §2).
 */
import { CalendarError, show } from './errors';
import { parseLocalDate } from './dates';
import { formatInstant, localDayOfMs, toMs } from './instant';
import { classifyResolved } from './classify';
import { checkLimit, computeDue, opsOf } from './due';
import { exceededFromMs } from './exceeded';
import { apologyDeadline as apologyDeadlineOf } from './apology';
import type { DueOptions } from './due';
import type { DateInput, Due, Instant, LocalDate, TimeLimit, WorkingCalendar } from './types';
import { bad, readSupplements, toDue, type Reschedule, type SupplementInterval } from './supplements';

/**
 * Input of {@link legalDue}.
 *
 * @example
 * ```ts
 * legalDue({ acceptedAt: '2025-03-03T09:00:00.000+07:00', limit: { unit: 'workingDays', value: 5 } }, cal).originalDue.date; // '2025-03-10'
 * ```
 */
export interface LegalDueInput {
  acceptedAt: DateInput;
  limit: TimeLimit;
  /** Post-acceptance supplement requests, in order. */
  supplements?: readonly SupplementInterval[];
  /** Apologies with a new date: at most one (a second throws `CALENDAR_SECOND_RESCHEDULE`). */
  reschedules?: readonly Reschedule[];
  /**
   * The apology is due at the latest this many working days before the date it replaces (default 1: Đ19.9 says
   * "01 ngày", read as a working day [U]; the engine's rule pack `apologyMinWorkingDaysBefore`).
   */
  apologyWorkingDaysBefore?: number;
}

/**
 * The legal due dates of a dossier.
 *
 * @example
 * ```ts
 * const r: LegalDue = legalDue({ acceptedAt: '2025-03-03T09:00:00.000+07:00', limit: { unit: 'workingDays', value: 5 } }, cal);
 * r.effectiveDue?.date; // '2025-03-10'
 * ```
 */
export interface LegalDue {
  /** Due date from acceptance (ngày hẹn trả ban đầu). */
  originalDue: Due;
  /** Due date after the last restart, or `originalDue`; null while waiting for the citizen's answer to a request made within time. */
  currentDue: Due | null;
  /** One entry per completed supplement that restarted the clock (requested within time): restarted at `from`. */
  restarts: { from: Instant; due: Due }[];
  /**
   * Per supplement, in order: requested past the appointment in force (by the day; for a limit in working hours once
   * working time has elapsed after it), or after such a request. Its answer restarts nothing and its wait stops
   * nothing: the dossier is already late (the engine's `SupplementRequested.afterDue`).
   */
  afterDue: boolean[];
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
 *   acceptedAt: '2025-03-03T09:00:00.000+07:00',
 *   limit: { unit: 'workingDays', value: 5 },
 *   supplements: [{ requestedAt: '2025-03-05T10:00:00.000+07:00', providedAt: '2025-03-12T08:00:00.000+07:00' }],
 * }, vietnamCalendar());
 * r.originalDue.date; // '2025-03-10'
 * r.currentDue?.date; // '2025-03-19' (restarted from 12/03)
 * ```
 */
export function legalDue(input: LegalDueInput, cal: WorkingCalendar, opts?: DueOptions): LegalDue {
  if (!input || typeof input !== 'object') throw new CalendarError('CALENDAR_INVALID_OPTION', `legalDue input must be an object, got ${show(input)}`, input);
  checkLimit(input.limit);
  const noticeDays = input.apologyWorkingDaysBefore ?? 1;
  if (!Number.isInteger(noticeDays) || noticeDays < 0)
    throw new CalendarError('CALENDAR_INVALID_OPTION', `apologyWorkingDaysBefore must be a whole number ≥ 0, got ${show(noticeDays)}`, noticeDays);
  const acceptedMs = toMs(input.acceptedAt);
  const originalDue = computeDue(input.acceptedAt, input.limit, cal, opts);
  const sups = readSupplements(input.supplements, acceptedMs, Infinity);

  const res = input.reschedules ?? [];
  if (!Array.isArray(res)) throw bad('CALENDAR_INVALID_RESCHEDULE', `reschedules must be an array, got ${show(res)}`, res);
  if (res.length > 1) {
    throw new CalendarError('CALENDAR_SECOND_RESCHEDULE', 'the return date may be rescheduled at most once (NĐ 61/2018 Điều 19.9)', res);
  }
  const apology = res[0];
  const issued = apology ? toMs(apology.issuedAt) : Number.POSITIVE_INFINITY;
  if (apology && issued < acceptedMs) throw bad('CALENDAR_INVALID_RESCHEDULE', 'the apology is issued before acceptance', apology);

  // The dossier's history in time order: the legal due (restarted by an answer to a request made within time) and the
  // appointment in force (the legal due, or the apology's date until a later restart replaces it).
  let legal = originalDue;
  let appointment = originalDue;
  let late = false;
  let rescheduledDue: Due | null = null;
  let replacedDue: Due | null = null;
  const restarts: { from: Instant; due: Due }[] = [];
  const afterDue: boolean[] = [];
  const applyApology = (at: number) => {
    if (!apology || rescheduledDue !== null || issued > at) return;
    replacedDue = legal;
    rescheduledDue = toDue(apology.newDue, cal);
    if (rescheduledDue.date <= replacedDue.date) {
      throw bad('CALENDAR_INVALID_RESCHEDULE', `the new date ${rescheduledDue.date} must be later than the due date it replaces (${replacedDue.date})`, apology);
    }
    appointment = rescheduledDue;
  };
  for (const sup of sups) {
    applyApology(sup.req);
    late = late || isLateAt(sup.req, appointment, input.limit, cal);
    afterDue.push(late);
    if (sup.prov === null) continue;
    applyApology(sup.prov - 1);
    if (late) continue;
    const from = formatInstant(sup.prov);
    legal = computeDue(from, input.limit, cal, opts);
    appointment = legal;
    restarts.push({ from, due: legal });
  }
  applyApology(Number.POSITIVE_INFINITY);

  const last = sups[sups.length - 1];
  const waiting = last !== undefined && last.prov === null;
  const paused = waiting && afterDue[afterDue.length - 1] === false;
  let apologyDeadline: LocalDate | null = null;
  let lateApology: boolean | null = null;
  if (replacedDue !== null) {
    const deadlineDn = parseLocalDate(apologyDeadlineOf(cal, (replacedDue as Due).date, noticeDays));
    apologyDeadline = opsOf(cal).fmt(deadlineDn);
    lateApology = localDayOfMs(issued) > deadlineDn;
  }
  return {
    originalDue,
    currentDue: paused ? null : legal,
    restarts,
    afterDue,
    waitingForCitizen: waiting,
    waitingSince: waiting && last ? formatInstant(last.req) : null,
    rescheduledDue,
    replacedDue,
    apologyDeadline,
    lateApology,
    effectiveDue: paused ? null : appointment,
  };
}

/** Past `due` at `atMs` as the engine and the reports read it: for a limit in working hours once working time has elapsed after it, else by the day. */
function isLateAt(atMs: number, due: Due, limit: TimeLimit, cal: WorkingCalendar): boolean {
  if (limit.unit === 'workingHours') return atMs >= exceededFromMs(toMs(due.at), cal);
  return classifyResolved(formatInstant(atMs), due, { policy: 'day' }) === 'late';
}
