/**
 * Day arithmetic for projections. A "day number" is the number of days since
 * 1970-01-01 of a local date in Asia/Ho_Chi_Minh (UTC+07:00, no DST). Instants
 * produced by the engine are canonical `…+07:00` strings, so the local date is
 * their first 10 characters and is read without allocating.
 */
import { daysFromCivil, toLocalDate } from '@motcua/calendar';

const DAY_MS = 86_400_000;
const OFFSET_MS = 7 * 3_600_000;

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;

/** Day number of a `YYYY-MM-DD…` prefix (no validation). */
function dayOfPrefix(s: string): number {
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const m = digit(s, 5) * 10 + digit(s, 6);
  const d = digit(s, 8) * 10 + digit(s, 9);
  return daysFromCivil(y, m, d);
}

/**
 * Local day number of an instant string (fast path for `+07:00` instants).
 * @example dayOfInstant('2024-03-04T09:00:00.000+07:00') // 19786
 */
export function dayOfInstant(instant: string): number {
  return instant.endsWith('+07:00') ? dayOfPrefix(instant) : dayOfPrefix(toLocalDate(instant));
}

/** Day number of a trusted `YYYY-MM-DD` string (event data), without validation. */
export function dayOfTrustedDate(date: string): number {
  return dayOfPrefix(date);
}

/**
 * Day number of a local date `YYYY-MM-DD`.
 * @example dayOfDate('1970-01-02') // 1
 */
export function dayOfDate(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`Not a local date YYYY-MM-DD: ${date}`);
  return dayOfPrefix(date);
}

/**
 * Local date of a day number.
 * @example dateOfDay(19786) // '2024-03-04'
 */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** First millisecond of a local day. */
export function startOfDayMs(day: number): number {
  return day * DAY_MS - OFFSET_MS;
}

/** Last millisecond of a local day. */
export function endOfDayMs(day: number): number {
  return (day + 1) * DAY_MS - OFFSET_MS - 1;
}

/** Local day of an epoch millisecond. */
export function dayOfMs(ms: number): number {
  return Math.floor((ms + OFFSET_MS) / DAY_MS);
}

/** Canonical `+07:00` instant of an epoch millisecond. */
export function instantOfMs(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 23) + '+07:00';
}

/** A reporting period: whole local days `from`..`to` inclusive. */
export interface Period {
  from: string;
  to: string;
}

/** Calendar bucket used to split a period into rows. */
export type PeriodUnit = 'month' | 'quarter' | 'year';

/**
 * Split a period into calendar months, quarters or years (clipped to the period).
 * @example splitPeriod({ from: '2024-01-15', to: '2024-03-10' }, 'month').length // 3
 */
export function splitPeriod(p: Period, unit: PeriodUnit): { label: string; from: string; to: string }[] {
  const out: { label: string; from: string; to: string }[] = [];
  let y = Number(p.from.slice(0, 4));
  let m = Number(p.from.slice(5, 7));
  const step = unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12;
  if (unit === 'quarter') m = Math.floor((m - 1) / 3) * 3 + 1;
  if (unit === 'year') m = 1;
  for (;;) {
    const start = `${y}-${String(m).padStart(2, '0')}-01`;
    if (start > p.to) break;
    let ny = y;
    let nm = m + step;
    if (nm > 12) { ny += Math.floor((nm - 1) / 12); nm = ((nm - 1) % 12) + 1; }
    const next = `${ny}-${String(nm).padStart(2, '0')}-01`;
    const end = dateOfDay(dayOfDate(next) - 1);
    const label = unit === 'month' ? start.slice(0, 7) : unit === 'quarter' ? `${y}-Q${(m + 2) / 3}` : String(y);
    out.push({ label, from: start < p.from ? p.from : start, to: end > p.to ? p.to : end });
    y = ny;
    m = nm;
  }
  return out;
}
