/**
 * Inputs shared by the legal due date and the KPI clock: supplement
 * intervals (yêu cầu bổ sung → bổ sung) and the apology's new date (Form 04).
 */
import { CalendarError, show } from './errors';
import { parseLocalDate } from './dates';
import { localDayOfMs, parseInstant, toMs } from './instant';
import { opsOf } from './due';
import type { DateInput, Due, LocalDate, WorkingCalendar } from './types';

/**
 * A post-acceptance supplement request (yêu cầu bổ sung, hoàn thiện) and, once answered, when the citizen provided it.
 *
 * @example
 * ```ts
 * const s: SupplementInterval = { requestedAt: '2025-03-05T10:00:00.000+07:00', providedAt: '2025-03-07T10:00:00.000+07:00' };
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
 * const r: Reschedule = { issuedAt: '2025-03-07T10:00:00.000+07:00', newDue: '2025-03-14', reason: 'Chờ ý kiến cơ quan phối hợp' };
 * ```
 */
export interface Reschedule {
  issuedAt: DateInput;
  /** The new due date: a full `Due` or a local date (then due at the end of its working time). */
  newDue: Due | LocalDate;
  reason?: string;
}

export interface Interval {
  req: number;
  prov: number | null;
}

export function bad(code: 'CALENDAR_INVALID_SUPPLEMENTS' | 'CALENDAR_INVALID_RESCHEDULE', msg: string, value?: unknown): CalendarError {
  return new CalendarError(code, msg, value);
}

export function readSupplements(list: readonly SupplementInterval[] | undefined, acceptedMs: number, limitMs: number): Interval[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw bad('CALENDAR_INVALID_SUPPLEMENTS', `supplements must be an array, got ${show(list)}`, list);
  const out: Interval[] = [];
  let prevEnd = acceptedMs;
  list.forEach((sup, index) => {
    if (!sup || typeof sup !== 'object') throw bad('CALENDAR_INVALID_SUPPLEMENTS', `supplement #${index + 1} must be {requestedAt, providedAt?}`, sup);
    const req = toMs(sup.requestedAt);
    if (req < prevEnd) {
      throw bad('CALENDAR_INVALID_SUPPLEMENTS', `supplement #${index + 1} is requested before ${index === 0 ? 'acceptance' : 'the previous one was provided'}`, sup);
    }
    const prov = sup.providedAt === undefined || sup.providedAt === null ? null : toMs(sup.providedAt);
    if (prov !== null && prov < req) throw bad('CALENDAR_INVALID_SUPPLEMENTS', `supplement #${index + 1} is provided before it was requested`, sup);
    if (prov === null && index !== list.length - 1) throw bad('CALENDAR_INVALID_SUPPLEMENTS', `supplement #${index + 1} has no providedAt but a later request exists`, sup);
    if (req > limitMs || (prov !== null && prov > limitMs))
      throw bad('CALENDAR_INVALID_SUPPLEMENTS', `supplement #${index + 1} lies after the clock reading (asOf / endedAt)`, sup);
    out.push({ req, prov });
    prevEnd = prov ?? req;
  });
  return out;
}

export function toDue(due: Due | LocalDate, cal: WorkingCalendar): Due {
  if (typeof due === 'string') {
    const dn = parseLocalDate(due);
    return { date: due, at: opsOf(cal).atEnd(dn) };
  }
  if (!due || typeof due !== 'object') throw bad('CALENDAR_INVALID_RESCHEDULE', `newDue must be a Due or a local date, got ${show(due)}`, due);
  const dn = parseLocalDate(due.date);
  if (localDayOfMs(parseInstant(due.at)) !== dn) throw bad('CALENDAR_INVALID_RESCHEDULE', `newDue.at ${due.at} is not on ${due.date}`, due);
  return { date: due.date, at: due.at };
}
