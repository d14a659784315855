/**
 * The working-day calendar engine: a weekly pattern, holidays, compensatory
 * days, official swaps and user overrides, resolved into an index
 * (day → cumulative working-day count, and the list of working days) so that
 * `addWorkingDays` and `workingDaysBetween` are O(1). The index covers a
 * range of years and grows lazily (by rebuilding) when a day outside it is
 * asked for.
 */
import { CalendarError, show } from './errors';
import {
  WEEKDAY_VI,
  civilFromDays,
  daysFromCivil,
  formatDay,
  formatLocal,
  formatVi,
  localDayOfMs,
  localMsOfDay,
  midnightMs,
  parseClock,
  parseLocalDate,
  formatClock,
  toDayNumber,
  toMs,
  weekdayOf,
  formatInstant,
} from './dates';
import type {
  Calendar,
  CalendarOptions,
  DateInput,
  DayExplanation,
  DayLayer,
  DayOverride,
  Due,
  HolidayInput,
  Instant,
  LocalDate,
  Session,
  SourceRef,
  Weekday,
} from './types';

/** Symbol under which a calendar exposes its numeric engine to the deadline functions. */
export const ENGINE: unique symbol = Symbol.for('@motcua/calendar.engine');

/**
 * Default working sessions (THA: 07:00–11:30, 13:30–17:00).
 *
 * @example
 * ```ts
 * import { DEFAULT_SESSIONS } from '@motcua/calendar';
 * DEFAULT_SESSIONS; // [['07:00', '11:30'], ['13:30', '17:00']]
 * ```
 */
export const DEFAULT_SESSIONS: readonly Session[] = [
  ['07:00', '11:30'],
  ['13:30', '17:00'],
];

const DOMAIN_MIN = 1600;
const DOMAIN_MAX = 2600;
const MAX_STEPS = 1_000_000;
const EMPTY: readonly number[] = [];

/** Numeric operations on day numbers (days since 1970-01-01) used by the deadline functions. */
export interface DayOps {
  readonly id: string;
  isWorking(dn: number): boolean;
  /** `n` working days after `dn` (the day itself not counted); `n = 0` → `dn` or the next working day; `n < 0` → before. */
  add(dn: number, n: number): number;
  /** Working days `d` with `a < d <= b` (negative if `b < a`). */
  between(a: number, b: number): number;
  fmt(dn: number): LocalDate;
  /** Flat `[start, end, start, end…]` session bounds in ms since local midnight; empty on a non-working day. */
  sessions(dn: number): readonly number[];
  /** ms since local midnight at which work ends on `dn` (default sessions if it is not a working day). */
  endMs(dn: number): number;
  /** `fmt(dn)` + end of working time, as an Instant string. */
  atEnd(dn: number): Instant;
  /** Explanation label of a day, when the calendar can explain. */
  explainDay?(dn: number): DayExplanation;
  /** True if any day `d` with `a <= d <= b` is estimated (no official schedule for its year). */
  estimatedIn?(a: number, b: number): boolean;
}

function invalidOption(message: string, value?: unknown): CalendarError {
  return new CalendarError('CALENDAR_INVALID_OPTION', message, value);
}

export function checkInteger(n: unknown, what: string, min = -MAX_STEPS, max = MAX_STEPS): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new CalendarError('CALENDAR_INVALID_NUMBER', `${what} must be an integer between ${min} and ${max}, got ${show(n)}`, n);
  }
  return n;
}

/** Parse sessions into a flat ms array, validating order and overlap. */
export function parseSessions(sessions: readonly Session[], what: string): number[] {
  if (!Array.isArray(sessions) || sessions.length === 0) throw invalidOption(`${what}: expected a non-empty list of [start, end] sessions`, sessions);
  const flat: number[] = [];
  let prev = -1;
  for (const s of sessions) {
    if (!Array.isArray(s) || s.length !== 2) throw invalidOption(`${what}: each session must be [start, end], got ${show(s)}`, s);
    const a = parseClock(s[0], `${what} start`);
    const b = parseClock(s[1], `${what} end`);
    if (a >= b) throw invalidOption(`${what}: session ${s[0]}–${s[1]} ends before it starts`, s);
    if (a < prev) throw invalidOption(`${what}: sessions must be in order and must not overlap (${s[0]})`, sessions);
    prev = b;
    flat.push(a * 60_000, b * 60_000);
  }
  return flat;
}

function sourceTitle(source: string | SourceRef | undefined): string {
  if (!source) return '';
  return typeof source === 'string' ? source : source.title;
}

function validateOverride(o: DayOverride, what: string): number {
  if (!o || typeof o !== 'object') throw invalidOption(`${what}: expected {date, kind, reason}, got ${show(o)}`, o);
  let dn: number;
  try {
    dn = parseLocalDate(o.date);
  } catch (e) {
    throw invalidOption(`${what}: ${(e as Error).message}`, o);
  }
  if (o.kind !== 'off' && o.kind !== 'work') throw invalidOption(`${what} ${o.date}: kind must be 'off' or 'work', got ${show(o.kind)}`, o);
  if (typeof o.reason !== 'string' || o.reason.trim() === '') throw invalidOption(`${what} ${o.date}: a reason is required`, o);
  return dn;
}

function compBasis(year: number): string {
  return year >= 2021 ? 'BLLĐ 2019 Điều 111.3' : 'BLLĐ 2012 Điều 115.3';
}

interface Normalized {
  id: string;
  weekMask: boolean[];
  workingWeek: Weekday[];
  holidays: ((year: number) => readonly HolidayInput[]) | undefined;
  compensatory: boolean;
  official: Map<number, DayOverride>;
  /** Days inside published official windows, with the window label. */
  windowDays: Map<number, string>;
  user: Map<number, DayOverride>;
  defaultSessions: number[];
  byWeekday: (number[] | undefined)[];
  extraOpen: boolean[];
  from: number;
  to: number;
  estimatedYear: ((year: number) => boolean) | undefined;
}

function normalize(opts: CalendarOptions): Normalized {
  if (opts === null || typeof opts !== 'object') throw invalidOption(`calendar options must be an object, got ${show(opts)}`, opts);
  const id = opts.id ?? 'custom';
  if (typeof id !== 'string' || id === '') throw invalidOption('id must be a non-empty string', id);
  const ww = opts.workingWeek ?? [1, 2, 3, 4, 5];
  if (!Array.isArray(ww) || ww.length === 0) throw invalidOption(`workingWeek must be a non-empty list of weekdays 0–6, got ${show(ww)}`, ww);
  const weekMask = [false, false, false, false, false, false, false];
  for (const d of ww) {
    if (!Number.isInteger(d) || d < 0 || d > 6) throw invalidOption(`workingWeek: ${show(d)} is not a weekday 0 (Sunday) – 6 (Saturday)`, ww);
    if (weekMask[d]) throw invalidOption(`workingWeek: weekday ${d} is listed twice`, ww);
    weekMask[d] = true;
  }
  const extraOpen = [false, false, false, false, false, false, false];
  for (const d of opts.extraOpenWeekdays ?? []) {
    if (!Number.isInteger(d) || d < 0 || d > 6) throw invalidOption(`extraOpenWeekdays: ${show(d)} is not a weekday 0–6`, d);
    extraOpen[d] = !weekMask[d];
  }
  const years = opts.years ?? { from: 1900, to: 2199 };
  if (!years || !Number.isInteger(years.from) || !Number.isInteger(years.to) || years.from > years.to || years.from < DOMAIN_MIN || years.to > DOMAIN_MAX) {
    throw invalidOption(`years must be {from, to} with ${DOMAIN_MIN} ≤ from ≤ to ≤ ${DOMAIN_MAX}, got ${show(years)}`, years);
  }
  if (opts.estimatedYear !== undefined && typeof opts.estimatedYear !== 'function') throw invalidOption('estimatedYear must be a function (year) => boolean', opts.estimatedYear);
  if (opts.holidays !== undefined && typeof opts.holidays !== 'function') throw invalidOption('holidays must be a function (year) => HolidayInput[]', opts.holidays);
  const official = new Map<number, DayOverride>();
  const windowDays = new Map<number, string>();
  for (const s of opts.schedules ?? []) {
    for (const w of s.windows ?? []) {
      const a = parseLocalDate(w.from);
      const b = parseLocalDate(w.to);
      if (b < a) throw invalidOption(`schedule ${s.year}: window ${w.from}–${w.to} ends before it starts`, w);
      for (let dn = a; dn <= b; dn++) windowDays.set(dn, w.label);
    }
    for (const o of s.overrides) {
      const dn = validateOverride(o, `schedule ${s.year} override`);
      if (official.has(dn)) throw invalidOption(`schedules: ${o.date} is listed twice`, o);
      official.set(dn, o);
    }
  }
  const user = new Map<number, DayOverride>();
  for (const o of opts.overrides ?? []) {
    const dn = validateOverride(o, 'override');
    if (user.has(dn)) throw invalidOption(`overrides: ${o.date} is listed twice`, o);
    const y = civilFromDays(dn)[0];
    if (y < years.from || y > years.to) throw new CalendarError('CALENDAR_OUT_OF_RANGE', `override ${o.date} is outside the calendar years ${years.from}–${years.to}`, o);
    user.set(dn, o);
  }
  const defaultSessions = parseSessions(opts.sessions ?? DEFAULT_SESSIONS, 'sessions');
  const byWeekday: (number[] | undefined)[] = [];
  for (const [k, v] of Object.entries(opts.sessionsByWeekday ?? {})) {
    const d = Number(k);
    if (!Number.isInteger(d) || d < 0 || d > 6) throw invalidOption(`sessionsByWeekday: ${show(k)} is not a weekday 0–6`, k);
    if (v !== undefined) byWeekday[d] = parseSessions(v, `sessionsByWeekday[${d}]`);
  }
  return {
    id,
    weekMask,
    workingWeek: [0, 1, 2, 3, 4, 5, 6].filter((d) => weekMask[d]) as Weekday[],
    holidays: opts.holidays,
    compensatory: opts.compensatory ?? true,
    official,
    windowDays,
    user,
    defaultSessions,
    byWeekday,
    extraOpen,
    from: years.from,
    to: years.to,
    estimatedYear: opts.estimatedYear,
  };
}

/** The resolved index over years [lo, hi]. */
export class Engine implements DayOps {
  /** Brand checked by the fast paths (cheaper than `instanceof`). */
  readonly isEngine = true;
  readonly id: string;
  private readonly o: Normalized;
  private lo = 0;
  private hi = -1;
  private base = 0;
  private end = 0;
  private flags: Uint8Array = new Uint8Array(0);
  private cum: Int32Array = new Int32Array(0);
  private work: Int32Array = new Int32Array(0);
  /** Cumulative count of estimated days (index i counts days base..base+i). */
  private ecum: Int32Array = new Int32Array(0);
  private strs: (string | undefined)[] = [];
  private ats: (string | undefined)[] = [];
  private layers = new Map<number, DayLayer[]>();

  constructor(o: Normalized) {
    this.o = o;
    this.id = o.id;
    const lo = Math.min(Math.max(2000, o.from), o.to);
    const hi = Math.max(Math.min(2040, o.to), lo);
    this.build(lo, hi);
  }

  private outOfRange(what: string): CalendarError {
    return new CalendarError('CALENDAR_OUT_OF_RANGE', `${what} is outside the years this calendar covers (${this.o.from}–${this.o.to})`);
  }

  private build(lo: number, hi: number): void {
    const o = this.o;
    const base = daysFromCivil(lo, 1, 1);
    const end = daysFromCivil(hi + 1, 1, 1);
    const L = end - base;
    const flags = new Uint8Array(L);
    for (let i = 0; i < L; i++) flags[i] = o.weekMask[weekdayOf(base + i)] ? 1 : 0;
    const layers = new Map<number, DayLayer[]>();
    const add = (dn: number, layer: DayLayer): void => {
      if (dn < base || dn >= end) return;
      const list = layers.get(dn);
      if (list) list.push(layer);
      else layers.set(dn, [layer]);
    };

    // Holidays (collect one year either side so compensatory days can spill over).
    const holidays = new Map<number, HolidayInput[]>();
    if (o.holidays) {
      for (let y = Math.max(lo - 1, o.from); y <= Math.min(hi + 1, o.to); y++) {
        const list = o.holidays(y);
        if (!Array.isArray(list)) throw invalidOption(`holidays(${y}) must return an array`, list);
        for (const h of list) {
          if (!h || typeof h.name !== 'string' || h.name === '') throw invalidOption(`holidays(${y}): every holiday needs a name, got ${show(h)}`, h);
          let dn: number;
          try {
            dn = parseLocalDate(h.date);
          } catch (e) {
            throw invalidOption(`holidays(${y}) ${h.name}: ${(e as Error).message}`, h);
          }
          const l = holidays.get(dn);
          if (l) l.push(h);
          else holidays.set(dn, [h]);
        }
      }
    }
    const holidayDays = [...holidays.keys()].sort((a, b) => a - b);
    for (const dn of holidayDays) {
      for (const h of holidays.get(dn)!) {
        const layer: DayLayer = { rule: 'holiday', working: false, label: h.name };
        if (h.basis) layer.basis = h.basis;
        if (h.source) layer.source = h.source;
        if (h.confidence) layer.confidence = h.confidence;
        add(dn, layer);
      }
    }

    // Compensatory days (nghỉ bù): a holiday on a weekly rest day moves to the
    // next day that is a weekly working day and not a holiday, not already a
    // compensatory day and not an official day off.
    const comp = new Set<number>();
    if (o.compensatory) {
      for (const dn of holidayDays) {
        if (o.weekMask[weekdayOf(dn)]) continue;
        let c = dn + 1;
        while (!o.weekMask[weekdayOf(c)] || holidays.has(c) || comp.has(c) || o.official.get(c)?.kind === 'off') {
          c++;
          if (c - dn > 60) throw new CalendarError('CALENDAR_INVARIANT', `no day found for the compensatory day of ${formatDay(dn)}`);
        }
        comp.add(c);
        const h = holidays.get(dn)![0]!;
        add(c, {
          rule: 'compensatory',
          working: false,
          label: `Nghỉ bù cho ${h.name} (${WEEKDAY_VI[weekdayOf(dn)]} ${formatVi(dn)})`,
          basis: compBasis(civilFromDays(dn)[0]),
        });
      }
    }
    for (const dn of holidayDays) if (dn >= base && dn < end) flags[dn - base] = 0;
    for (const dn of comp) if (dn >= base && dn < end) flags[dn - base] = 0;

    // Official swaps.
    for (const [dn, ov] of o.official) {
      if (dn < base || dn >= end) continue;
      const layer: DayLayer = { rule: 'official', working: ov.kind === 'work', label: ov.reason };
      if (ov.source) layer.source = ov.source;
      if (ov.confidence) layer.confidence = ov.confidence;
      add(dn, layer);
      flags[dn - base] = ov.kind === 'work' ? 1 : 0;
    }

    // Reception opening on extra weekdays (e.g. Saturday morning).
    if (o.extraOpen.some(Boolean)) {
      for (let dn = base; dn < end; dn++) {
        if (!o.extraOpen[weekdayOf(dn)] || holidays.has(dn) || comp.has(dn) || o.official.has(dn) || o.windowDays.has(dn)) continue;
        add(dn, { rule: 'reception', working: true, label: `Bộ phận Một cửa mở cửa ${WEEKDAY_VI[weekdayOf(dn)]}` });
        flags[dn - base] = 1;
      }
    }

    // User overrides beat everything.
    for (const [dn, ov] of o.user) {
      if (dn < base || dn >= end) continue;
      const layer: DayLayer = { rule: 'override', working: ov.kind === 'work', label: ov.reason };
      if (ov.source) layer.source = ov.source;
      if (ov.confidence) layer.confidence = ov.confidence;
      add(dn, layer);
      flags[dn - base] = ov.kind === 'work' ? 1 : 0;
    }

    const cum = new Int32Array(L);
    let count = 0;
    for (let i = 0; i < L; i++) {
      count += flags[i]!;
      cum[i] = count;
    }
    const work = new Int32Array(count);
    for (let i = 0, k = 0; i < L; i++) if (flags[i]) work[k++] = base + i;

    // Estimated days: every day of a year without an official schedule, except days fixed by an
    // official override (e.g. 31/12/2018, swapped by the 2019 notice) or by the user's own overrides.
    const ecum = new Int32Array(L);
    if (o.estimatedYear) {
      let e = 0;
      for (let y = lo; y <= hi; y++) {
        const a = daysFromCivil(y, 1, 1) - base;
        const b = daysFromCivil(y + 1, 1, 1) - base;
        const est = o.estimatedYear(y) === true;
        for (let i = a; i < b; i++) {
          if (est && !o.user.has(base + i) && !o.official.has(base + i)) e++;
          ecum[i] = e;
        }
      }
    }

    this.lo = lo;
    this.hi = hi;
    this.base = base;
    this.end = end;
    this.flags = flags;
    this.cum = cum;
    this.work = work;
    this.ecum = ecum;
    this.layers = layers;
    this.strs = new Array<string | undefined>(L);
    this.ats = new Array<string | undefined>(L);
  }

  /** Make sure `dn` is inside the index, growing it if needed. */
  ensure(dn: number): void {
    if (dn >= this.base && dn < this.end) return;
    if (!Number.isFinite(dn)) throw this.outOfRange(`day ${dn}`);
    const y = civilFromDays(dn)[0];
    if (y < this.o.from || y > this.o.to) throw this.outOfRange(formatDay(dn));
    if (y < this.lo) this.build(Math.max(this.o.from, y - 10), this.hi);
    else this.build(this.lo, Math.min(this.o.to, y + 10));
  }

  private grow(up: boolean): void {
    if (up) {
      if (this.hi >= this.o.to) throw this.outOfRange('the result');
      this.build(this.lo, Math.min(this.o.to, this.hi + Math.max(10, this.hi - this.lo)));
    } else {
      if (this.lo <= this.o.from) throw this.outOfRange('the result');
      this.build(Math.max(this.o.from, this.lo - Math.max(10, this.hi - this.lo)), this.hi);
    }
  }

  isWorking(dn: number): boolean {
    this.ensure(dn);
    return this.flags[dn - this.base] === 1;
  }

  add(dn: number, n: number): number {
    for (;;) {
      this.ensure(dn);
      const i = dn - this.base;
      const f = this.flags[i]!;
      let k: number;
      if (n > 0) k = this.cum[i]! + n - 1;
      else if (n === 0) {
        if (f) return dn;
        k = this.cum[i]!;
      } else k = this.cum[i]! - f + n;
      if (k >= 0 && k < this.work.length) return this.work[k]!;
      this.grow(k >= 0);
    }
  }

  /**
   * Due day of a working-day limit received on `dn`: `n` working days after
   * `dn`, or after the next working day if `dn` is not one (n ≥ 0).
   */
  addFromReceipt(dn: number, n: number): number {
    for (;;) {
      this.ensure(dn);
      const i = dn - this.base;
      const k = this.cum[i]! + n - this.flags[i]!;
      if (k < this.work.length) return this.work[k]!;
      this.grow(true);
    }
  }

  /** `{date, at}` of a day inside the index (caller ensured it). */
  due(dn: number): Due {
    const i = dn - this.base;
    if (i < 0 || i >= this.ats.length) return { date: this.fmt(dn), at: this.atEnd(dn) };
    return { date: (this.strs[i] ??= formatDay(dn)), at: (this.ats[i] ??= formatLocal(this.fmt(dn), this.endMs(dn))) };
  }

  between(a: number, b: number): number {
    this.ensure(a);
    this.ensure(b);
    return this.cum[b - this.base]! - this.cum[a - this.base]!;
  }

  /** True if the day's status is an estimate (no official schedule for its year). */
  isEstimated(dn: number): boolean {
    this.ensure(dn);
    const i = dn - this.base;
    return this.ecum[i]! - (i > 0 ? this.ecum[i - 1]! : 0) === 1;
  }

  /** True if any day `d` with `a <= d <= b` is estimated (false if `b < a`). */
  estimatedIn(a: number, b: number): boolean {
    if (b < a) return false;
    this.ensure(a);
    this.ensure(b);
    const i = a - this.base;
    return this.ecum[b - this.base]! - (i > 0 ? this.ecum[i - 1]! : 0) > 0;
  }

  fmt(dn: number): LocalDate {
    const i = dn - this.base;
    if (i < 0 || i >= this.strs.length) return formatDay(dn);
    return (this.strs[i] ??= formatDay(dn));
  }

  sessions(dn: number): readonly number[] {
    this.ensure(dn);
    if (this.flags[dn - this.base] !== 1) return EMPTY;
    const wd = weekdayOf(dn);
    const byWd = this.o.byWeekday[wd];
    if (byWd) {
      if (this.o.weekMask[wd]) return byWd;
      const l = this.layers.get(dn);
      if (l && l[l.length - 1]!.rule === 'reception') return byWd;
    }
    return this.o.defaultSessions;
  }

  endMs(dn: number): number {
    const s = this.sessions(dn);
    const list = s.length > 0 ? s : this.o.defaultSessions;
    return list[list.length - 1]!;
  }

  atEnd(dn: number): Instant {
    this.ensure(dn);
    const i = dn - this.base;
    return (this.ats[i] ??= formatLocal(this.fmt(dn), this.endMs(dn)));
  }

  explainDay(dn: number): DayExplanation {
    this.ensure(dn);
    const wd = weekdayOf(dn);
    const weekly: DayLayer = {
      rule: 'weekly',
      working: this.o.weekMask[wd]!,
      label: this.o.weekMask[wd] ? `${WEEKDAY_VI[wd]}: ngày làm việc trong tuần` : `${WEEKDAY_VI[wd]}: ngày nghỉ hằng tuần`,
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

/** Add working time (ms) to an instant, walking the sessions. */
export function addWorkingMs(ops: DayOps, startMs: number, amount: number): number {
  let remaining = amount;
  let dn = localDayOfMs(startMs);
  let tod = localMsOfDay(startMs);
  for (let guard = 0; guard < 200_000; guard++) {
    const s = ops.sessions(dn);
    for (let j = 0; j < s.length; j += 2) {
      const a = s[j]!;
      const b = s[j + 1]!;
      if (tod >= b) continue;
      const from = tod > a ? tod : a;
      const avail = b - from;
      if (remaining <= avail) return midnightMs(dn) + from + remaining;
      remaining -= avail;
      tod = b;
    }
    dn = ops.add(dn, 1);
    tod = 0;
  }
  throw new CalendarError('CALENDAR_INVARIANT', 'working-hours addition did not terminate');
}

/** Working time (ms) between two instants (negative if `b < a`). */
export function workingMsBetween(ops: DayOps, a: number, b: number): number {
  if (b < a) return -workingMsBetween(ops, b, a);
  let total = 0;
  const d0 = localDayOfMs(a);
  const d1 = localDayOfMs(b);
  for (let dn = d0; dn <= d1; dn++) {
    const s = ops.sessions(dn);
    const m = midnightMs(dn);
    for (let j = 0; j < s.length; j += 2) {
      const lo = Math.max(m + s[j]!, a);
      const hi = Math.min(m + s[j + 1]!, b);
      if (hi > lo) total += hi - lo;
    }
  }
  return total;
}

class CalendarImpl implements Calendar {
  readonly [ENGINE]: Engine;
  readonly id: string;
  readonly workingWeek: readonly Weekday[];
  readonly years: { readonly from: number; readonly to: number };

  constructor(opts: CalendarOptions) {
    const o = normalize(opts);
    this[ENGINE] = new Engine(o);
    this.id = o.id;
    this.workingWeek = Object.freeze(o.workingWeek);
    this.years = Object.freeze({ from: o.from, to: o.to });
  }

  isWorkingDay(day: DateInput): boolean {
    return this[ENGINE].isWorking(toDayNumber(day));
  }

  addWorkingDays(start: DateInput, n: number): LocalDate {
    const e = this[ENGINE];
    const dn = toDayNumber(start);
    if (typeof n !== 'number' || !Number.isInteger(n) || n > MAX_STEPS || n < -MAX_STEPS) checkInteger(n, 'addWorkingDays: n');
    return e.fmt(e.add(dn, n));
  }

  subtractWorkingDays(day: DateInput, n: number): LocalDate {
    checkInteger(n, 'subtractWorkingDays: n');
    return this.addWorkingDays(day, -n);
  }

  workingDaysBetween(from: DateInput, to: DateInput): number {
    return this[ENGINE].between(toDayNumber(from), toDayNumber(to)) || 0; // never -0
  }

  nextWorkingDay(day: DateInput): LocalDate {
    const e = this[ENGINE];
    return e.fmt(e.add(toDayNumber(day), 1));
  }

  previousWorkingDay(day: DateInput): LocalDate {
    const e = this[ENGINE];
    return e.fmt(e.add(toDayNumber(day), -1));
  }

  explain(day: DateInput): DayExplanation {
    return this[ENGINE].explainDay(toDayNumber(day));
  }

  sessionsOn(day: DateInput): readonly Session[] {
    const s = this[ENGINE].sessions(toDayNumber(day));
    const out: Session[] = [];
    for (let j = 0; j < s.length; j += 2) out.push([formatClock(s[j]! / 60_000), formatClock(s[j + 1]! / 60_000)]);
    return out;
  }

  endOfWorkingDay(day: DateInput): Instant {
    return this[ENGINE].atEnd(toDayNumber(day));
  }

  addWorkingHours(start: DateInput, hours: number): Instant {
    if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0 || hours > 1_000_000) {
      throw new CalendarError('CALENDAR_INVALID_NUMBER', `addWorkingHours: hours must be a finite number ≥ 0, got ${show(hours)}`, hours);
    }
    return formatInstant(addWorkingMs(this[ENGINE], toMs(start), Math.round(hours * 3_600_000)));
  }

  workingHoursBetween(from: DateInput, to: DateInput): number {
    return workingMsBetween(this[ENGINE], toMs(from), toMs(to)) / 3_600_000;
  }

  specialDays(year: number): DayExplanation[] {
    checkInteger(year, 'specialDays: year', this.years.from, this.years.to);
    const e = this[ENGINE];
    return e.specialDays(year).map((dn) => e.explainDay(dn));
  }

  isEstimated(day: DateInput): boolean {
    return this[ENGINE].isEstimated(toDayNumber(day));
  }

  estimatedDays(from: DateInput, to: DateInput): LocalDate[] {
    const e = this[ENGINE];
    const a = toDayNumber(from);
    const b = toDayNumber(to);
    const out: LocalDate[] = [];
    if (b < a || !e.estimatedIn(a, b)) return out;
    for (let dn = a; dn <= b; dn++) if (e.isEstimated(dn)) out.push(e.fmt(dn));
    return out;
  }
}

/**
 * Build a fully custom calendar: your weekly pattern, holidays, swaps and
 * overrides. Use {@link vietnamCalendar} for the state bodies' calendar.
 *
 * @example
 * ```ts
 * import { createCalendar } from '@motcua/calendar';
 * const cal = createCalendar({
 *   id: 'new-year-only',
 *   workingWeek: [1, 2, 3, 4, 5],
 *   holidays: (y) => [{ date: `${y}-01-01`, name: 'New Year' }],
 * });
 * cal.isWorkingDay('2022-01-01'); // false (a Saturday holiday…)
 * cal.isWorkingDay('2022-01-03'); // false (…moved to Monday: nghỉ bù)
 * createCalendar({ workingWeek: [1, 2, 3, 4, 5, 6] }).isWorkingDay('2022-01-08'); // true (six-day week)
 * ```
 */
export function createCalendar(options: CalendarOptions = {}): Calendar {
  return new CalendarImpl(options);
}

/** The numeric engine of a calendar built by this package, or undefined for a foreign {@link WorkingCalendar}. */
export function engineOf(cal: unknown): DayOps | undefined {
  return cal !== null && typeof cal === 'object' ? (cal as { [ENGINE]?: DayOps })[ENGINE] : undefined;
}

/** The concrete engine of a calendar built by this package (fast paths), or undefined. */
export function fastEngineOf(cal: unknown): Engine | undefined {
  const e = cal !== null && typeof cal === 'object' ? (cal as { [ENGINE]?: Engine })[ENGINE] : undefined;
  return e !== undefined && e.isEngine === true ? e : undefined;
}

