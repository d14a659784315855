/**
 * Day arithmetic for projections, on the calendar's one instant module
 * (`@motcua/calendar`, `instant.ts`). A "day number" is the number of days
 * since 1970-01-01 of a local date in Asia/Ho_Chi_Minh (UTC+07:00, no DST).
 * Instants produced by the engine are canonical `…+07:00` strings, so the
 * local date is their first 10 characters and is read without allocating.
 */
import { DAY_MS, VN_OFFSET_MS, dayOfDatePrefix, dayOfInstant, formatDay, formatInstant, localDayOfMs, midnightMs, parseLocalDate } from '@motcua/calendar';

export { dayOfInstant };

let lastInstant: unknown = '';
let lastDay = 0;

/**
 * {@link dayOfInstant} of an event's `occurredAt`, remembering the last
 * answer: the report folds each read the day of the same event's instant (one
 * string object, so the check is one comparison), and a rebuild folding them
 * together computes it once per event. An invalid instant throws as before
 * (and is not remembered).
 */
export function dayOfEventInstant(text: string): number {
  if (text === lastInstant) return lastDay;
  const day = dayOfInstant(text);
  lastInstant = text;
  lastDay = day;
  return day;
}

/** Day number of a trusted `YYYY-MM-DD` string (event data), without validation. */
export const dayOfTrustedDate = dayOfDatePrefix;

/**
 * Day number of a local date `YYYY-MM-DD` (validated: a `CalendarError` for anything else).
 * @example dayOfDate('1970-01-02') // 1
 */
export const dayOfDate = parseLocalDate;

/**
 * Local date of a day number.
 * @example dateOfDay(19786) // '2024-03-04'
 */
export const dateOfDay = formatDay;

/** First millisecond of a local day. */
export const startOfDayMs = midnightMs;

/** Last millisecond of a local day. */
export function endOfDayMs(day: number): number {
  return (day + 1) * DAY_MS - VN_OFFSET_MS - 1;
}

/** Local day of an epoch millisecond. */
export const dayOfMs = localDayOfMs;

/** Canonical `+07:00` instant of an epoch millisecond. */
export const instantOfMs = formatInstant;

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
export function splitPeriod(period: Period, unit: PeriodUnit): { label: string; from: string; to: string }[] {
  const out: { label: string; from: string; to: string }[] = [];
  let year = Number(period.from.slice(0, 4));
  let month = Number(period.from.slice(5, 7));
  const step = unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12;
  if (unit === 'quarter') month = Math.floor((month - 1) / 3) * 3 + 1;
  if (unit === 'year') month = 1;
  for (;;) {
    const start = `${year}-${String(month).padStart(2, '0')}-01`;
    if (start > period.to) break;
    let ny = year;
    let nm = month + step;
    if (nm > 12) {
      ny += Math.floor((nm - 1) / 12);
      nm = ((nm - 1) % 12) + 1;
    }
    const next = `${ny}-${String(nm).padStart(2, '0')}-01`;
    const end = dateOfDay(dayOfDate(next) - 1);
    const label = unit === 'month' ? start.slice(0, 7) : unit === 'quarter' ? `${year}-Q${(month + 2) / 3}` : String(year);
    out.push({ label, from: start < period.from ? period.from : start, to: end > period.to ? period.to : end });
    year = ny;
    month = nm;
  }
  return out;
}
