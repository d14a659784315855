/**
 * Business-time helpers for the simulation: instants as milliseconds, local
 * dates in Asia/Ho_Chi_Minh (UTC+07:00), and officers' working minutes.
 */
const OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

const dayStart = new Map<string, number>();
const dayNames = new Map<number, string>();
const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** Milliseconds of a local date at a minute of the day. */
export function msAt(day: string, minute: number): number {
  let start = dayStart.get(day);
  if (start === undefined) dayStart.set(day, (start = Date.parse(`${day}T00:00:00.000Z`) - OFFSET_MS));
  return start + minute * 60_000;
}

/** Local date of an instant in ms (the few hundred days a run spans are formatted once each). */
export function dayOf(ms: number): string {
  // As `new Date(ms)` does: a fractional millisecond is cut off (toward zero).
  const dayNumber = Math.floor(Math.trunc(ms + OFFSET_MS) / DAY_MS);
  let name = dayNames.get(dayNumber);
  if (name === undefined) dayNames.set(dayNumber, (name = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10)));
  return name;
}

/** Minute of the local day of an instant in ms. */
export function minuteOf(ms: number): number {
  return Math.floor(((((ms + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
}

/** Canonical `…+07:00` instant string of ms (the engine's own format). */
export function instantOf(ms: number): string {
  const local = Math.trunc(ms + OFFSET_MS);
  const msOfDay = ((local % DAY_MS) + DAY_MS) % DAY_MS;
  const milli = msOfDay % 1000;
  const sec = (msOfDay - milli) / 1000;
  return `${dayOf(ms)}T${pad2(Math.floor(sec / 3600))}:${pad2(Math.floor(sec / 60) % 60)}:${pad2(sec % 60)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}+07:00`;
}

/** 07:30 — first minute officers act in the morning. */
export const OPEN = 7 * 60 + 30;
/** 16:45 — last minute officers act in the afternoon. */
export const CLOSE = 16 * 60 + 45;
/** 15:00 cut-off (NĐ 61 Đ18, Luật Hộ tịch Đ5.3). */
export const CUTOFF = 15 * 60;
