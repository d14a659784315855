/**
 * An independent, brute-force model of the 2024 deadline calendar and of the
 * deadline rules, written by hand from the law and the official notices
 * (TB 5015/TB-LĐTBXH, CV 2450/VPCP-KGVX) — it shares no code with the packages:
 * Mon–Fri, minus 01/01, Tết 08–14/02 (Thu–Wed), Giỗ Tổ 18/04, the 30/4 swap
 * (Mon 29/04 off, Sat 04/05 worked), 30/04, 01/05, Quốc khánh 02–03/09.
 * Day numbers are days since 1970-01-01 (Vietnamese local days).
 */
const OFF_2024 = new Set([
  '2024-01-01',
  '2024-02-08',
  '2024-02-09',
  '2024-02-12',
  '2024-02-13',
  '2024-02-14',
  '2024-04-18',
  '2024-04-29',
  '2024-04-30',
  '2024-05-01',
  '2024-09-02',
  '2024-09-03',
]);
const WORK_2024 = new Set(['2024-05-04']);
const DAY = 86_400_000;
const H = 3_600_000;
const VN = 7 * H;

export const dayNo = (d: string): number => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / DAY;
export const dateOf = (n: number): string => new Date(n * DAY).toISOString().slice(0, 10);

export function working(n: number): boolean {
  const d = dateOf(n);
  if (WORK_2024.has(d)) return true;
  if (OFF_2024.has(d)) return false;
  const wd = new Date(n * DAY).getUTCDay();
  return wd !== 0 && wd !== 6;
}
export const firstWorkingFrom = (n: number): number => {
  while (!working(n)) n++;
  return n;
};
export const nextWorking = (n: number): number => firstWorkingFrom(n + 1);
/** k working days after day n (n not counted); k = 0 → n if working, else the next working day. */
export function addWorking(n: number, k: number): number {
  if (k === 0) return firstWorkingFrom(n);
  let d = n;
  while (k > 0) if (working(++d)) k--;
  return d;
}
/** The k-th working day strictly before day n. */
export function workingBefore(n: number, k: number): number {
  let d = n;
  while (k > 0) if (working(--d)) k--;
  return d;
}

/** A local receipt: day number and minute of the day (0–1439). */
export interface Receipt {
  day: number;
  minute: number;
}
export const instantOf = (r: Receipt): string => `${dateOf(r.day)}T${String(Math.floor(r.minute / 60)).padStart(2, '0')}:${String(r.minute % 60).padStart(2, '0')}:00.000+07:00`;
/** Epoch ms of a local day + minute. */
export const msOf = (day: number, minute: number): number => day * DAY + minute * 60_000 - VN;

export type OracleLimit = { unit: 'workingDays' | 'calendarDays'; value: number } | { unit: 'workingHours'; value: number } | { unit: 'sameDay' };

const SESSIONS: [number, number][] = [
  [7 * 60, 11 * 60 + 30],
  [13 * 60 + 30, 17 * 60],
];

/**
 * The due date by the rules as written in docs/calendar.md §3 and domain §4:
 * - cut-off `c` (minutes): a receipt on a working day strictly after c:00
 *   counts as received at 00:00 of the next working day (every unit);
 * - a receipt on a non-working day: the next working day is the receipt day
 *   (`nextDayIsStart`, not counted) or day 1 (`nextDayCounts`), working days only;
 * - working days: the receipt day is not counted; 0 → the receipt day if working;
 * - same day: due the (effective) receipt day if working, else the next working day;
 * - calendar days: plain days after the (effective) receipt day, rolled forward to a working day;
 * - working hours: minutes inside 07:00–11:30, 13:30–17:00 on working days.
 * Returns the due day and, for hours, the exact epoch ms.
 */
export function oracleDue(
  r: Receipt,
  limit: OracleLimit,
  cutoffMin: number | undefined,
  nonWorking: 'nextDayIsStart' | 'nextDayCounts' = 'nextDayIsStart',
): { day: number; ms?: number } {
  // A receipt strictly after c:00 — with whole-minute receipts, minute > c.
  const after = cutoffMin !== undefined && working(r.day) && r.minute > cutoffMin;
  const eff: Receipt = after ? { day: nextWorking(r.day), minute: 0 } : r;
  switch (limit.unit) {
    case 'workingDays': {
      if (working(eff.day)) return { day: addWorking(eff.day, limit.value) };
      if (nonWorking === 'nextDayIsStart') return { day: addWorking(nextWorking(eff.day), limit.value) };
      return { day: limit.value === 0 ? nextWorking(eff.day) : addWorking(eff.day, limit.value) };
    }
    case 'sameDay':
      return { day: firstWorkingFrom(eff.day) };
    case 'calendarDays':
      return { day: firstWorkingFrom(eff.day + limit.value) };
    case 'workingHours': {
      let left = limit.value * 60;
      let day = eff.day;
      let minute = eff.minute;
      for (;;) {
        if (working(day) && SESSIONS.some(([a, b]) => minute >= a && minute < b)) {
          left--;
          if (left === 0) return { day, ms: msOf(day, minute + 1) };
        }
        if (++minute === 1440) {
          minute = 0;
          day++;
        }
      }
    }
  }
}
