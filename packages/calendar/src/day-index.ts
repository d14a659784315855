/**
 * The day index of a calendar: the weekly pattern, holidays, compensatory
 * days, official swaps and user overrides, resolved into arrays over a range
 * of years (day → cumulative working-day count, and the list of working
 * days), so that `addWorkingDays` and `workingDaysBetween` are O(1). The
 * index grows lazily (by rebuilding) when a day outside it is asked for.
 */
import { CalendarError, show } from './errors';
import { WEEKDAY_VI, civilFromDays, daysFromCivil, formatDay, formatVi, parseLocalDate, weekdayOf } from './dates';
import { formatLocal } from './instant';
import { invalidOption, type NormalizedOptions } from './options';
import type { DayOps } from './working-time';
import type { DayExplanation, DayLayer, Due, HolidayInput, Instant, LocalDate, SourceRef } from './types';

const EMPTY: readonly number[] = [];

function sourceTitle(source: string | SourceRef | undefined): string {
  if (!source) return '';
  return typeof source === 'string' ? source : source.title;
}

function compBasis(year: number): string {
  return year >= 2021 ? 'BLLĐ 2019 Điều 111.3' : 'BLLĐ 2012 Điều 115.3';
}

/** The resolved index over years [lo, hi] of one calendar. */
export class DayIndex implements DayOps {
  /** Brand checked by the fast paths (cheaper than `instanceof`). */
  readonly isDayIndex = true;
  readonly id: string;
  private readonly options: NormalizedOptions;
  private lo = 0;
  private hi = -1;
  private base = 0;
  private end = 0;
  private flags: Uint8Array = new Uint8Array(0);
  private workingCount: Int32Array = new Int32Array(0);
  private workingDays: Int32Array = new Int32Array(0);
  /** Cumulative count of estimated days (index i counts days base..base+i). */
  private estimatedCount: Int32Array = new Int32Array(0);
  private dateStrings: (string | undefined)[] = [];
  private endInstants: (string | undefined)[] = [];
  private layers = new Map<number, DayLayer[]>();

  constructor(options: NormalizedOptions) {
    this.options = options;
    this.id = options.id;
    const lo = Math.min(Math.max(2000, options.from), options.to);
    const hi = Math.max(Math.min(2040, options.to), lo);
    this.build(lo, hi);
  }

  private outOfRange(what: string): CalendarError {
    return new CalendarError('CALENDAR_OUT_OF_RANGE', `${what} is outside the years this calendar covers (${this.options.from}–${this.options.to})`);
  }

  private build(lo: number, hi: number): void {
    const rules = this.options;
    const base = daysFromCivil(lo, 1, 1);
    const end = daysFromCivil(hi + 1, 1, 1);
    const length = end - base;
    const flags = new Uint8Array(length);
    for (let i = 0; i < length; i++) flags[i] = rules.weekMask[weekdayOf(base + i)] ? 1 : 0;
    const layers = new Map<number, DayLayer[]>();
    const add = (dn: number, layer: DayLayer): void => {
      if (dn < base || dn >= end) return;
      const list = layers.get(dn);
      if (list) list.push(layer);
      else layers.set(dn, [layer]);
    };

    // Holidays (collect one year either side so compensatory days can spill over).
    const holidays = new Map<number, HolidayInput[]>();
    if (rules.holidays) {
      for (let year = Math.max(lo - 1, rules.from); year <= Math.min(hi + 1, rules.to); year++) {
        const list = rules.holidays(year);
        if (!Array.isArray(list)) throw invalidOption(`holidays(${year}) must return an array`, list);
        for (const holiday of list) {
          if (!holiday || typeof holiday.name !== 'string' || holiday.name === '')
            throw invalidOption(`holidays(${year}): every holiday needs a name, got ${show(holiday)}`, holiday);
          let dn: number;
          try {
            dn = parseLocalDate(holiday.date);
          } catch (error) {
            throw invalidOption(`holidays(${year}) ${holiday.name}: ${(error as Error).message}`, holiday);
          }
          const sameDay = holidays.get(dn);
          if (sameDay) sameDay.push(holiday);
          else holidays.set(dn, [holiday]);
        }
      }
    }
    const holidayDays = [...holidays.keys()].sort((a, b) => a - b);
    for (const dn of holidayDays) {
      for (const holiday of holidays.get(dn)!) {
        const layer: DayLayer = { rule: 'holiday', working: false, label: holiday.name };
        if (holiday.basis) layer.basis = holiday.basis;
        if (holiday.source) layer.source = holiday.source;
        if (holiday.confidence) layer.confidence = holiday.confidence;
        add(dn, layer);
      }
    }

    // Compensatory days (nghỉ bù): a holiday on a weekly rest day moves to the
    // next day that is a weekly working day and not a holiday, not already a
    // compensatory day and not an official day off.
    const comp = new Set<number>();
    if (rules.compensatory) {
      for (const dn of holidayDays) {
        if (rules.weekMask[weekdayOf(dn)]) continue;
        let day = dn + 1;
        while (!rules.weekMask[weekdayOf(day)] || holidays.has(day) || comp.has(day) || rules.official.get(day)?.kind === 'off') {
          day++;
          if (day - dn > 60) throw new CalendarError('CALENDAR_INVARIANT', `no day found for the compensatory day of ${formatDay(dn)}`);
        }
        comp.add(day);
        const holiday = holidays.get(dn)![0]!;
        add(day, {
          rule: 'compensatory',
          working: false,
          label: `Nghỉ bù cho ${holiday.name} (${WEEKDAY_VI[weekdayOf(dn)]} ${formatVi(dn)})`,
          basis: compBasis(civilFromDays(dn)[0]),
        });
      }
    }
    for (const dn of holidayDays) if (dn >= base && dn < end) flags[dn - base] = 0;
    for (const dn of comp) if (dn >= base && dn < end) flags[dn - base] = 0;

    // Official swaps.
    for (const [dn, ov] of rules.official) {
      if (dn < base || dn >= end) continue;
      const layer: DayLayer = { rule: 'official', working: ov.kind === 'work', label: ov.reason };
      if (ov.source) layer.source = ov.source;
      if (ov.confidence) layer.confidence = ov.confidence;
      add(dn, layer);
      flags[dn - base] = ov.kind === 'work' ? 1 : 0;
    }

    // Reception opening on extra weekdays (e.g. Saturday morning).
    if (rules.extraOpen.some(Boolean)) {
      for (let dn = base; dn < end; dn++) {
        if (!rules.extraOpen[weekdayOf(dn)] || holidays.has(dn) || comp.has(dn) || rules.official.has(dn) || rules.windowDays.has(dn)) continue;
        add(dn, { rule: 'reception', working: true, label: `Bộ phận Một cửa mở cửa ${WEEKDAY_VI[weekdayOf(dn)]}` });
        flags[dn - base] = 1;
      }
    }

    // User overrides beat everything.
    for (const [dn, ov] of rules.user) {
      if (dn < base || dn >= end) continue;
      const layer: DayLayer = { rule: 'override', working: ov.kind === 'work', label: ov.reason };
      if (ov.source) layer.source = ov.source;
      if (ov.confidence) layer.confidence = ov.confidence;
      add(dn, layer);
      flags[dn - base] = ov.kind === 'work' ? 1 : 0;
    }

    const workingCount = new Int32Array(length);
    let count = 0;
    for (let i = 0; i < length; i++) {
      count += flags[i]!;
      workingCount[i] = count;
    }
    const workingDays = new Int32Array(count);
    for (let i = 0, next = 0; i < length; i++) if (flags[i]) workingDays[next++] = base + i;

    // Estimated days: every day of a year without an official schedule, except days fixed by an
    // official override (e.g. 31/12/2018, swapped by the 2019 notice) or by the user's own overrides.
    const estimatedCount = new Int32Array(length);
    if (rules.estimatedYear) {
      let estimated = 0;
      for (let year = lo; year <= hi; year++) {
        const first = daysFromCivil(year, 1, 1) - base;
        const next = daysFromCivil(year + 1, 1, 1) - base;
        const yearEstimated = rules.estimatedYear(year) === true;
        for (let i = first; i < next; i++) {
          if (yearEstimated && !rules.user.has(base + i) && !rules.official.has(base + i)) estimated++;
          estimatedCount[i] = estimated;
        }
      }
    }

    this.lo = lo;
    this.hi = hi;
    this.base = base;
    this.end = end;
    this.flags = flags;
    this.workingCount = workingCount;
    this.workingDays = workingDays;
    this.estimatedCount = estimatedCount;
    this.layers = layers;
    this.dateStrings = new Array<string | undefined>(length);
    this.endInstants = new Array<string | undefined>(length);
  }

  /** Make sure `dn` is inside the index, growing it if needed. */
  ensure(dn: number): void {
    if (dn >= this.base && dn < this.end) return;
    if (!Number.isFinite(dn)) throw this.outOfRange(`day ${dn}`);
    const year = civilFromDays(dn)[0];
    if (year < this.options.from || year > this.options.to) throw this.outOfRange(formatDay(dn));
    if (year < this.lo) this.build(Math.max(this.options.from, year - 10), this.hi);
    else this.build(this.lo, Math.min(this.options.to, year + 10));
  }

  private grow(up: boolean): void {
    if (up) {
      if (this.hi >= this.options.to) throw this.outOfRange('the result');
      this.build(this.lo, Math.min(this.options.to, this.hi + Math.max(10, this.hi - this.lo)));
    } else {
      if (this.lo <= this.options.from) throw this.outOfRange('the result');
      this.build(Math.max(this.options.from, this.lo - Math.max(10, this.hi - this.lo)), this.hi);
    }
  }

  isWorking(dn: number): boolean {
    this.ensure(dn);
    return this.flags[dn - this.base] === 1;
  }

  add(dn: number, count: number): number {
    for (;;) {
      this.ensure(dn);
      const offset = dn - this.base;
      const isWorking = this.flags[offset]!;
      // Rank (0-based) of the result among the indexed working days.
      let rank: number;
      if (count > 0) rank = this.workingCount[offset]! + count - 1;
      else if (count === 0) {
        if (isWorking) return dn;
        rank = this.workingCount[offset]!;
      } else rank = this.workingCount[offset]! - isWorking + count;
      if (rank >= 0 && rank < this.workingDays.length) return this.workingDays[rank]!;
      this.grow(rank >= 0);
    }
  }

  /**
   * Due day of a working-day limit received on `dn`: `count` working days after
   * `dn`, or after the next working day if `dn` is not one (count ≥ 0).
   */
  addFromReceipt(dn: number, count: number): number {
    for (;;) {
      this.ensure(dn);
      const offset = dn - this.base;
      const rank = this.workingCount[offset]! + count - this.flags[offset]!;
      if (rank < this.workingDays.length) return this.workingDays[rank]!;
      this.grow(true);
    }
  }

  /** `{date, at}` of a day inside the index (caller ensured it). */
  due(dn: number): Due {
    const offset = dn - this.base;
    if (offset < 0 || offset >= this.endInstants.length) return { date: this.fmt(dn), at: this.atEnd(dn) };
    return { date: (this.dateStrings[offset] ??= formatDay(dn)), at: (this.endInstants[offset] ??= formatLocal(this.fmt(dn), this.endMs(dn))) };
  }

  between(from: number, to: number): number {
    this.ensure(from);
    this.ensure(to);
    return this.workingCount[to - this.base]! - this.workingCount[from - this.base]!;
  }

  /** True if the day's status is an estimate (no official schedule for its year). */
  isEstimated(dn: number): boolean {
    this.ensure(dn);
    const offset = dn - this.base;
    return this.estimatedCount[offset]! - (offset > 0 ? this.estimatedCount[offset - 1]! : 0) === 1;
  }

  /** True if any day from `first` to `last` (both included) is estimated (false if `last < first`). */
  estimatedIn(first: number, last: number): boolean {
    if (last < first) return false;
    this.ensure(first);
    this.ensure(last);
    const offset = first - this.base;
    return this.estimatedCount[last - this.base]! - (offset > 0 ? this.estimatedCount[offset - 1]! : 0) > 0;
  }

  fmt(dn: number): LocalDate {
    const offset = dn - this.base;
    if (offset < 0 || offset >= this.dateStrings.length) return formatDay(dn);
    return (this.dateStrings[offset] ??= formatDay(dn));
  }

  sessions(dn: number): readonly number[] {
    this.ensure(dn);
    if (this.flags[dn - this.base] !== 1) return EMPTY;
    const wd = weekdayOf(dn);
    const byWd = this.options.byWeekday[wd];
    if (byWd) {
      if (this.options.weekMask[wd]) return byWd;
      const layers = this.layers.get(dn);
      if (layers && layers[layers.length - 1]!.rule === 'reception') return byWd;
    }
    return this.options.defaultSessions;
  }

  endMs(dn: number): number {
    const bounds = this.sessions(dn);
    const list = bounds.length > 0 ? bounds : this.options.defaultSessions;
    return list[list.length - 1]!;
  }

  atEnd(dn: number): Instant {
    this.ensure(dn);
    const offset = dn - this.base;
    return (this.endInstants[offset] ??= formatLocal(this.fmt(dn), this.endMs(dn)));
  }

  explainDay(dn: number): DayExplanation {
    this.ensure(dn);
    const wd = weekdayOf(dn);
    const weekly: DayLayer = {
      rule: 'weekly',
      working: this.options.weekMask[wd]!,
      label: this.options.weekMask[wd] ? `${WEEKDAY_VI[wd]}: ngày làm việc trong tuần` : `${WEEKDAY_VI[wd]}: ngày nghỉ hằng tuần`,
    };
    const layers = [weekly, ...(this.layers.get(dn) ?? [])];
    const last = layers[layers.length - 1]!;
    const isWorkingDay = this.flags[dn - this.base] === 1;
    if (last.working !== isWorkingDay) {
      throw new CalendarError('CALENDAR_INVARIANT', `explanation of ${formatDay(dn)} disagrees with the index`);
    }
    const src = sourceTitle(last.source);
    const extra = [last.basis, src].filter(Boolean).join('; ');
    const estimated = this.isEstimated(dn);
    const mark = estimated ? ` ${estimatedMark(civilFromDays(dn)[0])}` : '';
    const out: DayExplanation = {
      date: formatDay(dn),
      weekday: WEEKDAY_VI[wd]!,
      isWorkingDay,
      decidedBy: last.rule,
      summary: `${WEEKDAY_VI[wd]} ${formatVi(dn)}: ${isWorkingDay ? 'ngày làm việc' : 'không phải ngày làm việc'} — ${last.label}${extra ? ` (${extra})` : ''}${mark}`,
      layers: layers.map((l) => ({ ...l })),
    };
    if (estimated) out.estimated = true;
    return out;
  }

  specialDays(year: number): number[] {
    const first = daysFromCivil(year, 1, 1);
    const last = daysFromCivil(year + 1, 1, 1) - 1;
    this.ensure(first);
    this.ensure(last);
    return [...this.layers.keys()].filter((dn) => dn >= first && dn <= last).sort((a, b) => a - b);
  }
}

/** The marker appended to the summary of an estimated day. */
export function estimatedMark(year: number): string {
  return `[ước tính — chưa có lịch nghỉ chính thức năm ${year}]`;
}
