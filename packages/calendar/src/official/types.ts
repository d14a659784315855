/**
 * Shapes of the bundled yearly official schedules for state bodies
 * (cán bộ, công chức, viên chức): the Prime Minister's choice of Tết days and
 * the adjacent National Day day (BLLĐ 2019 Điều 112.3), plus swaps that create
 * make-up working Saturdays (ngày làm bù).
 */
import type { Confidence, DayOverride, LocalDate, SourceRef } from '../types';

/**
 * Where the Prime Minister placed a movable statutory holiday in a given year.
 *
 * @example
 * ```ts
 * OFFICIAL_SCHEDULES.find((s) => s.year === 2024)!.placements[0]!.dates; // ['2024-02-08', …, '2024-02-12']
 * ```
 */
export interface OfficialPlacement {
  holiday: 'tet' | 'nationalDay';
  /** The legal holiday days (5 for Tết, 2 for Quốc khánh), weekly rest days included. */
  dates: readonly LocalDate[];
  source: SourceRef;
  confidence: Confidence;
  note?: string;
}

/**
 * A swap or extra day from an official notice.
 *
 * @example
 * ```ts
 * OFFICIAL_SCHEDULES.find((s) => s.year === 2025)!.overrides.find((o) => o.kind === 'work')!.date; // '2025-04-26'
 * ```
 */
export interface OfficialOverride extends DayOverride {
  source: SourceRef;
  confidence: Confidence;
}

/**
 * A published continuous period off (e.g. "nghỉ 9 ngày từ 25/01 đến hết 02/02/2025"); used to check the data.
 *
 * @example
 * ```ts
 * OFFICIAL_SCHEDULES.find((s) => s.year === 2025)!.windows[0]; // { from: '2025-01-25', to: '2025-02-02', label: 'Tết Ất Tỵ (9 ngày)', … }
 * ```
 */
export interface OfficialWindow {
  from: LocalDate;
  to: LocalDate;
  label: string;
  source: SourceRef;
  confidence: Confidence;
}

/**
 * One year's official schedule for state bodies.
 *
 * @example
 * ```ts
 * const mine: OfficialYear = { year: 2027, placements: [], overrides: [], windows: [] };
 * vietnamCalendar({ official: [...OFFICIAL_SCHEDULES, mine] });
 * ```
 */
export interface OfficialYear {
  year: number;
  placements: readonly OfficialPlacement[];
  overrides: readonly OfficialOverride[];
  /** Published periods off: every day inside is off, the day before and after is a working day. */
  windows: readonly OfficialWindow[];
  notes?: readonly string[];
}
