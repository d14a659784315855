/**
 * Business-time helpers for the simulation: instants as milliseconds, local
 * dates in Asia/Ho_Chi_Minh (UTC+07:00), and officers' working minutes.
 */
const OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** Milliseconds of a local date at a minute of the day. */
export function msAt(day: string, minute: number): number {
  return Date.parse(`${day}T00:00:00.000Z`) - OFFSET_MS + minute * 60_000;
}

/** Local date of an instant in ms. */
export function dayOf(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

/** Minute of the local day of an instant in ms. */
export function minuteOf(ms: number): number {
  return Math.floor((((ms + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS / 60_000);
}

/** Canonical `…+07:00` instant string of ms (the engine's own format). */
export function instantOf(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 23) + '+07:00';
}

/** 07:30 — first minute officers act in the morning. */
export const OPEN = 7 * 60 + 30;
/** 16:45 — last minute officers act in the afternoon. */
export const CLOSE = 16 * 60 + 45;
/** 15:00 cut-off (NĐ 61 Đ18, Luật Hộ tịch Đ5.3). */
export const CUTOFF = 15 * 60;
