/**
 * Calendar options: validation and normalisation of {@link CalendarOptions}
 * into the plain data a day index is built from.
 */
import { CalendarError, show } from './errors';
import { civilFromDays, parseClock, parseLocalDate } from './dates';
import type { CalendarOptions, DayOverride, HolidayInput, Session, Weekday } from './types';

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
export const MAX_STEPS = 1_000_000;

export function invalidOption(message: string, value?: unknown): CalendarError {
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

export function validateOverride(o: DayOverride, what: string): number {
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

/** Calendar options, validated: what a day index is built from. */
export interface NormalizedOptions {
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

export function normalizeOptions(opts: CalendarOptions): NormalizedOptions {
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

