/**
 * Public types of @motcua/calendar. This file is the contract that
 * @motcua/core and @motcua/projections build against: extend it, but do not
 * change the meaning of what is here.
 */

/**
 * A local calendar date in Asia/Ho_Chi_Minh, `YYYY-MM-DD` (ngày theo giờ Việt Nam).
 *
 * @example
 * ```ts
 * const d: LocalDate = '2025-04-26';
 * ```
 */
export type LocalDate = string;

/**
 * Anything that names a day: a `YYYY-MM-DD` local date, a `Date`, or an ISO
 * instant string with an offset (its local date in Asia/Ho_Chi_Minh is used).
 *
 * @example
 * ```ts
 * cal.isWorkingDay('2025-04-26'); cal.isWorkingDay(new Date()); cal.isWorkingDay('2025-04-26T08:00:00.000+07:00');
 * ```
 */
export type DateInput = LocalDate | Date | string;

/**
 * An instant as an ISO-8601 string with offset, e.g. `2023-10-27T09:32:00.000+07:00`.
 *
 * @example
 * ```ts
 * const at: Instant = '2023-11-03T17:00:00.000+07:00';
 * ```
 */
export type Instant = string;

/**
 * A procedure's time limit (thời hạn giải quyết).
 * - `workingDays`: the receipt day is not counted (NĐ 61; fixture Fri 27/10/2023 + 5 → Fri 03/11/2023).
 * - `workingHours`: counted in the calendar's working sessions.
 * - `calendarDays`: plain days.
 * - `sameDay`: due the day of receipt; received after `cutoff` (default 15:00) → next working day.
 *
 * @example
 * ```ts
 * const limit: TimeLimit = { unit: 'workingDays', value: 5 };
 * const sameDay: TimeLimit = { unit: 'sameDay', cutoff: '15:00' };
 * ```
 */
export type TimeLimit =
  | { unit: 'workingDays'; value: number }
  | { unit: 'workingHours'; value: number }
  | { unit: 'calendarDays'; value: number }
  | { unit: 'sameDay'; cutoff?: string };

/**
 * A due date (ngày hẹn trả): the local day, and the instant that day's work ends.
 *
 * @example
 * ```ts
 * const due: Due = { date: '2023-11-03', at: '2023-11-03T17:00:00.000+07:00' };
 * ```
 */
export interface Due {
  /** The appointment day; "on time" means resolved on or before this local day. */
  date: LocalDate;
  /** End of working time on `date` (or the exact instant for hour-based limits). */
  at: Instant;
  /**
   * Present (`true`) when a day the result depends on (the receipt day up to
   * the due day) is {@link Calendar.isEstimated | estimated}: its status comes
   * from the fallback rules because no official schedule covers its year
   * (2027 onward for the bundled Vietnam calendar). The date may move when the
   * government publishes that year's schedule.
   */
  estimated?: true;
}

/**
 * The state bodies' deadline calendar, or a unit's reception calendar.
 *
 * @example
 * ```ts
 * const cal: WorkingCalendar = vietnamCalendar();
 * cal.workingDaysBetween('2023-10-27', '2023-11-03'); // 5
 * ```
 */
export interface WorkingCalendar {
  readonly id: string;
  /** True if the local day is a working day (weekly pattern, holidays, compensatory days, make-up days). */
  isWorkingDay(day: DateInput): boolean;
  /** Add `days` working days; the start day itself is not counted. `days = 0` gives the start day if it is a working day, else the next working day. */
  addWorkingDays(start: DateInput, days: number): LocalDate;
  /** Number of working days `d` with `from < d <= to` (negative if `to < from`). Inverse of `addWorkingDays`. */
  workingDaysBetween(from: DateInput, to: DateInput): number;
  /** The first working day strictly after `day`. */
  nextWorkingDay(day: DateInput): LocalDate;
}

// ---------------------------------------------------------------------------
// Additions (not used by the original contract; safe to extend further).
// ---------------------------------------------------------------------------

/**
 * Day of the week: 0 = Sunday (Chủ nhật), 1 = Monday (Thứ Hai) … 6 = Saturday (Thứ Bảy).
 *
 * @example
 * ```ts
 * vietnamCalendar({ workingWeek: [1, 2, 3, 4, 5, 6] as Weekday[] });
 * ```
 */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/**
 * How sure we are of a bundled datum:
 * - `official`: read in the notice itself or in a government site reproducing it;
 * - `secondary`: reported by the press or a portal quoting the notice;
 * - `unconfirmed`: inferred (heuristic) because no notice could be found.
 *
 * @example
 * ```ts
 * OFFICIAL_SCHEDULES.flatMap((s) => s.overrides).filter((o) => o.confidence !== 'official');
 * ```
 */
export type Confidence = 'official' | 'secondary' | 'unconfirmed';

/**
 * Where a datum comes from: an official notice (Thông báo / Công văn) and a public URL.
 *
 * @example
 * ```ts
 * const src: SourceRef = { title: 'Công văn 2450/VPCP-KGVX ngày 12/04/2024', issuer: 'Văn phòng Chính phủ', url: 'https://baotintuc.vn/…', confidence: 'secondary' };
 * ```
 */
export interface SourceRef {
  /** E.g. `Thông báo 5015/TB-LĐTBXH ngày 22/11/2023`. */
  title: string;
  /** E.g. `Bộ Lao động - Thương binh và Xã hội`, `Văn phòng Chính phủ`, `Bộ Nội vụ`. */
  issuer: string;
  /** A public page where the content can be read. */
  url: string;
  confidence: Confidence;
  note?: string;
}

/**
 * A dated exception to the weekly pattern: `off` closes a day that would be a
 * working day, `work` opens a day that would not be (a make-up working
 * Saturday, ngày làm bù).
 *
 * @example
 * ```ts
 * const makeUp: DayOverride = { date: '2025-04-26', kind: 'work', reason: 'Làm bù cho thứ Sáu 02/05/2025' };
 * ```
 */
export interface DayOverride {
  date: LocalDate;
  kind: 'off' | 'work';
  /** Why, in words a clerk understands (e.g. "Làm bù cho thứ Sáu 02/05/2025"). */
  reason: string;
  /** The notice or decision (free text or a structured reference). */
  source?: string | SourceRef;
  confidence?: Confidence;
}

/**
 * A holiday as given to {@link CalendarOptions.holidays}.
 *
 * @example
 * ```ts
 * createCalendar({ holidays: (y) => [{ date: `${y}-09-02`, name: 'Quốc khánh', basis: 'BLLĐ 2019 Điều 112' }] });
 * ```
 */
export interface HolidayInput {
  date: LocalDate;
  name: string;
  /** Legal basis, e.g. `BLLĐ 2019 Điều 112`. */
  basis?: string;
  source?: string | SourceRef;
  confidence?: Confidence;
  /** How the date was placed (`fixed` solar date, `lunar`, `official` notice, `heuristic`). */
  placement?: 'fixed' | 'lunar' | 'official' | 'heuristic';
}

/**
 * The kind of rule that contributed to a day's status, in precedence order.
 *
 * @example
 * ```ts
 * vietnamCalendar().explain('2026-04-27').decidedBy; // 'compensatory'
 * ```
 */
export type DayRule = 'weekly' | 'holiday' | 'compensatory' | 'official' | 'reception' | 'override';

/**
 * One rule's say about a day. Later layers beat earlier ones.
 *
 * @example
 * ```ts
 * vietnamCalendar().explain('2025-04-26').layers.map((l) => l.rule); // ['weekly', 'official']
 * ```
 */
export interface DayLayer {
  rule: DayRule;
  /** What this layer makes of the day. */
  working: boolean;
  label: string;
  basis?: string;
  source?: string | SourceRef;
  confidence?: Confidence;
}

/**
 * Why a day is (not) a working day: `cal.explain('2025-04-26')`.
 *
 * @example
 * ```ts
 * const e: DayExplanation = vietnamCalendar().explain('2025-04-26');
 * e.isWorkingDay; // true (làm bù)
 * ```
 */
export interface DayExplanation {
  date: LocalDate;
  /** Vietnamese weekday name, e.g. `Thứ Bảy`. */
  weekday: string;
  isWorkingDay: boolean;
  /** The layer that decided (the last one). */
  decidedBy: DayRule;
  /** One line, in Vietnamese, e.g. `Thứ Bảy 26/04/2025: ngày làm việc — Làm bù …`. */
  summary: string;
  /** Every rule that applies to the day, in precedence order. */
  layers: DayLayer[];
  /**
   * Present (`true`) when the day's status is estimated (see
   * {@link Calendar.isEstimated}); `summary` then ends with
   * `[ước tính — chưa có lịch nghỉ chính thức năm YYYY]`.
   */
  estimated?: true;
}

/**
 * A working session as local clock times, e.g. `['07:00', '11:30']`.
 *
 * @example
 * ```ts
 * const morning: Session = ['07:00', '11:30'];
 * ```
 */
export type Session = readonly [start: string, end: string];

/**
 * Options of {@link createCalendar}.
 *
 * @example
 * ```ts
 * createCalendar({ id: 'my-unit', workingWeek: [1, 2, 3, 4, 5], sessions: [['08:00', '12:00'], ['13:00', '17:00']] });
 * ```
 */
export interface CalendarOptions {
  /** Identifier stored with computed dates (default `'custom'`). */
  id?: string;
  /** Weekdays that are working days (default Monday–Friday `[1, 2, 3, 4, 5]`). */
  workingWeek?: readonly Weekday[];
  /** Public holidays of a Gregorian year (ngày nghỉ lễ, Tết). Default: none. */
  holidays?: (year: number) => readonly HolidayInput[];
  /**
   * Art. 111.3 (BLLĐ 2019): a holiday on a weekly rest day moves to the next
   * working day (nghỉ bù). Default `true`.
   */
  compensatory?: boolean;
  /** Dated swaps from official schedules (layer `official`). */
  schedules?: readonly {
    year: number;
    overrides: readonly DayOverride[];
    /** Published periods off; a reception calendar's extra opening days inside them stay closed. */
    windows?: readonly { from: LocalDate; to: LocalDate; label: string }[];
  }[];
  /** The user's own off/work days (layer `override`): they beat everything else. */
  overrides?: readonly DayOverride[];
  /** Working sessions of a working day (default `[['07:00','11:30'], ['13:30','17:00']]`). */
  sessions?: readonly Session[];
  /** Sessions per weekday, for days that are working by the weekly pattern or by reception opening. */
  sessionsByWeekday?: Partial<Record<Weekday, readonly Session[]>>;
  /**
   * Reception calendars only: weekdays on which the counter also opens
   * (e.g. `[6]`, Saturday), unless that day is a holiday, a compensatory day
   * or an official day off.
   */
  extraOpenWeekdays?: readonly Weekday[];
  /** Years the calendar covers (default 1900–2199); days outside throw `CALENDAR_OUT_OF_RANGE`. */
  years?: { from: number; to: number };
  /**
   * Years whose day statuses are estimates (no official schedule published
   * yet): every day of such a year answers `isEstimated(day) === true`,
   * except days fixed by the user's `overrides`. Default: no year is
   * estimated. {@link vietnamCalendar} sets it to "no official schedule for
   * that year".
   */
  estimatedYear?: (year: number) => boolean;
}

/**
 * A full calendar: the {@link WorkingCalendar} contract plus explanations and working hours.
 *
 * @example
 * ```ts
 * const cal: Calendar = vietnamCalendar();
 * cal.explain('2025-01-27').summary; cal.addWorkingHours('2025-03-07T16:00:00.000+07:00', 2); // '2025-03-10T08:00:00.000+07:00'
 * ```
 */
export interface Calendar extends WorkingCalendar {
  /** Weekdays of the weekly working pattern. */
  readonly workingWeek: readonly Weekday[];
  /** Years covered. */
  readonly years: { readonly from: number; readonly to: number };
  /** Why the day is (not) a working day. */
  explain(day: DateInput): DayExplanation;
  /** `days` working days before `day` (the day itself not counted). Same as `addWorkingDays(day, -days)`. */
  subtractWorkingDays(day: DateInput, days: number): LocalDate;
  /** The last working day strictly before `day`. */
  previousWorkingDay(day: DateInput): LocalDate;
  /** Working sessions of the day (empty if it is not a working day). */
  sessionsOn(day: DateInput): readonly Session[];
  /** The instant work ends on `day` (end of its last session; default sessions on a non-working day). */
  endOfWorkingDay(day: DateInput): Instant;
  /** Add working hours to an instant (time outside sessions is skipped). */
  addWorkingHours(start: DateInput, hours: number): Instant;
  /** Working hours between two instants (negative if `to < from`). */
  workingHoursBetween(from: DateInput, to: DateInput): number;
  /** Every day of a Gregorian year that differs from the plain weekly pattern or carries a holiday, explained. */
  specialDays(year: number): DayExplanation[];
  /**
   * True when the day's status (working or not) is an estimate: it comes from
   * the fallback rules because no official schedule covers its year. For
   * {@link vietnamCalendar} with the bundled schedules that is every day of
   * 2027 onward (and of years before 2018), except days fixed by your own
   * `overrides`. A custom calendar is never estimated unless its options say
   * so (`estimatedYear`).
   *
   * @example
   * ```ts
   * const cal = vietnamCalendar();
   * cal.isEstimated('2026-09-01'); // false (Thông báo 9441/TB-BNV)
   * cal.isEstimated('2027-02-08'); // true (Tết 2027 placed by the fallback rule)
   * ```
   */
  isEstimated(day: DateInput): boolean;
  /**
   * The estimated days `d` with `from <= d <= to` (both ends included), in
   * order; empty when none is (or when `to < from`). Use it to say that a
   * report period contains estimated days.
   *
   * @example
   * ```ts
   * const cal = vietnamCalendar();
   * cal.estimatedDays('2026-12-30', '2027-01-02'); // ['2027-01-01', '2027-01-02']
   * cal.estimatedDays('2025-01-01', '2025-12-31').length; // 0
   * ```
   */
  estimatedDays(from: DateInput, to: DateInput): LocalDate[];
}
