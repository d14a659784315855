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

export function checkInteger(value: unknown, what: string, min = -MAX_STEPS, max = MAX_STEPS): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new CalendarError('CALENDAR_INVALID_NUMBER', `${what} must be an integer between ${min} and ${max}, got ${show(value)}`, value);
  }
  return value;
}

/** Parse sessions into a flat ms array, validating order and overlap. */
export function parseSessions(sessions: readonly Session[], what: string): number[] {
  if (!Array.isArray(sessions) || sessions.length === 0) throw invalidOption(`${what}: expected a non-empty list of [start, end] sessions`, sessions);
  const flat: number[] = [];
  let prev = -1;
  for (const session of sessions) {
    if (!Array.isArray(session) || session.length !== 2) throw invalidOption(`${what}: each session must be [start, end], got ${show(session)}`, session);
    const start = parseClock(session[0], `${what} start`);
    const end = parseClock(session[1], `${what} end`);
    if (start >= end) throw invalidOption(`${what}: session ${session[0]}–${session[1]} ends before it starts`, session);
    if (start < prev) throw invalidOption(`${what}: sessions must be in order and must not overlap (${session[0]})`, sessions);
    prev = end;
    flat.push(start * 60_000, end * 60_000);
  }
  return flat;
}

export function validateOverride(override: DayOverride, what: string): number {
  if (!override || typeof override !== 'object') throw invalidOption(`${what}: expected {date, kind, reason}, got ${show(override)}`, override);
  let dn: number;
  try {
    dn = parseLocalDate(override.date);
  } catch (error) {
    throw invalidOption(`${what}: ${(error as Error).message}`, override);
  }
  if (override.kind !== 'off' && override.kind !== 'work') throw invalidOption(`${what} ${override.date}: kind must be 'off' or 'work', got ${show(override.kind)}`, override);
  if (typeof override.reason !== 'string' || override.reason.trim() === '') throw invalidOption(`${what} ${override.date}: a reason is required`, override);
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
  for (const weekday of ww) {
    if (!Number.isInteger(weekday) || weekday < 0 || weekday > 6) throw invalidOption(`workingWeek: ${show(weekday)} is not a weekday 0 (Sunday) – 6 (Saturday)`, ww);
    if (weekMask[weekday]) throw invalidOption(`workingWeek: weekday ${weekday} is listed twice`, ww);
    weekMask[weekday] = true;
  }
  const extraOpen = [false, false, false, false, false, false, false];
  for (const weekday of opts.extraOpenWeekdays ?? []) {
    if (!Number.isInteger(weekday) || weekday < 0 || weekday > 6) throw invalidOption(`extraOpenWeekdays: ${show(weekday)} is not a weekday 0–6`, weekday);
    extraOpen[weekday] = !weekMask[weekday];
  }
  const years = opts.years ?? { from: 1900, to: 2199 };
  if (!years || !Number.isInteger(years.from) || !Number.isInteger(years.to) || years.from > years.to || years.from < DOMAIN_MIN || years.to > DOMAIN_MAX) {
    throw invalidOption(`years must be {from, to} with ${DOMAIN_MIN} ≤ from ≤ to ≤ ${DOMAIN_MAX}, got ${show(years)}`, years);
  }
  if (opts.estimatedYear !== undefined && typeof opts.estimatedYear !== 'function') throw invalidOption('estimatedYear must be a function (year) => boolean', opts.estimatedYear);
  if (opts.holidays !== undefined && typeof opts.holidays !== 'function') throw invalidOption('holidays must be a function (year) => HolidayInput[]', opts.holidays);
  const official = new Map<number, DayOverride>();
  const windowDays = new Map<number, string>();
  for (const schedule of opts.schedules ?? []) {
    for (const period of schedule.windows ?? []) {
      const first = parseLocalDate(period.from);
      const last = parseLocalDate(period.to);
      if (last < first) throw invalidOption(`schedule ${schedule.year}: window ${period.from}–${period.to} ends before it starts`, period);
      for (let dn = first; dn <= last; dn++) windowDays.set(dn, period.label);
    }
    for (const override of schedule.overrides) {
      const dn = validateOverride(override, `schedule ${schedule.year} override`);
      if (official.has(dn)) throw invalidOption(`schedules: ${override.date} is listed twice`, override);
      official.set(dn, override);
    }
  }
  const user = new Map<number, DayOverride>();
  for (const override of opts.overrides ?? []) {
    const dn = validateOverride(override, 'override');
    if (user.has(dn)) throw invalidOption(`overrides: ${override.date} is listed twice`, override);
    const year = civilFromDays(dn)[0];
    if (year < years.from || year > years.to)
      throw new CalendarError('CALENDAR_OUT_OF_RANGE', `override ${override.date} is outside the calendar years ${years.from}–${years.to}`, override);
    user.set(dn, override);
  }
  const defaultSessions = parseSessions(opts.sessions ?? DEFAULT_SESSIONS, 'sessions');
  const byWeekday: (number[] | undefined)[] = [];
  for (const [key, sessions] of Object.entries(opts.sessionsByWeekday ?? {})) {
    const weekday = Number(key);
    if (!Number.isInteger(weekday) || weekday < 0 || weekday > 6) throw invalidOption(`sessionsByWeekday: ${show(key)} is not a weekday 0–6`, key);
    if (sessions !== undefined) byWeekday[weekday] = parseSessions(sessions, `sessionsByWeekday[${weekday}]`);
  }
  return {
    id,
    weekMask,
    workingWeek: [0, 1, 2, 3, 4, 5, 6].filter((weekday) => weekMask[weekday]) as Weekday[],
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
