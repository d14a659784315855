/**
 * Per-dossier records kept while a dossier is open and for a window of days
 * after it ends (so late annotations — ratings, petitions, sync — are still
 * attributed), then evicted. Memory grows with open and recently ended
 * dossiers, not with events. Eviction is driven by the business days seen in
 * the log, so it is the same whether the log is applied at once or in chunks.
 */
export interface Tracked<R extends { closedDay: number }, E extends { closedDay: number } = R> {
  open: Map<string, R>;
  /** Ended records in the order they ended (`E`: a projection may keep a smaller record once a dossier ends). */
  tail: Map<string, E>;
  maxDay: number;
  /** Events for dossiers no longer (or never) tracked. */
  unattributed: number;
}

/** @example const tracker = emptyTracked<{ closedDay: number; dossierId: string }>(); */
export function emptyTracked<R extends { closedDay: number }, E extends { closedDay: number } = R>(): Tracked<R, E> {
  return { open: new Map(), tail: new Map(), maxDay: 0, unattributed: 0 };
}

/** The record of an open or recently ended dossier. */
export function tracked<R extends { closedDay: number }, E extends { closedDay: number } = R>(tracker: Tracked<R, E>, id: string): R | E | undefined {
  return tracker.open.get(id) ?? tracker.tail.get(id);
}

/** Move an open record to the tail (ended on `day`). */
export function closeTracked<R extends { closedDay: number }>(tracker: Tracked<R>, id: string, record: R, day: number): void {
  record.closedDay = day;
  tracker.open.delete(id);
  tracker.tail.set(id, record);
}

/** End an open dossier: its record leaves `open`, and `ended` (what late events still read, its `closedDay` set) joins the tail. */
export function endTracked<R extends { closedDay: number }, E extends { closedDay: number }>(tracker: Tracked<R, E>, id: string, ended: E): void {
  tracker.open.delete(id);
  tracker.tail.set(id, ended);
}

/**
 * Advance the business day; evict ended records older than `windowDays`.
 * Returns true if the day advanced (eviction ran), so a caller keeping other
 * day-windowed data (e.g. timeliness' intake counts) can evict it on the same
 * tick, with the same limit `day - windowDays`.
 */
export function tickTracked<R extends { closedDay: number }, E extends { closedDay: number } = R>(tracker: Tracked<R, E>, day: number, windowDays: number): boolean {
  if (day <= tracker.maxDay) return false;
  tracker.maxDay = day;
  const limit = day - windowDays;
  for (const [id, record] of tracker.tail) {
    if (record.closedDay >= limit) break;
    tracker.tail.delete(id);
  }
  return true;
}

/** JSON form. */
export interface TrackedSnapshot<R, E = R> {
  open: [string, R][];
  tail: [string, E][];
  maxDay: number;
  unattributed: number;
}

export function trackedToJson<R extends { closedDay: number }, E extends { closedDay: number } = R>(tracker: Tracked<R, E>): TrackedSnapshot<R, E> {
  return { open: [...tracker.open], tail: [...tracker.tail], maxDay: tracker.maxDay, unattributed: tracker.unattributed };
}

export function trackedFromJson<R extends { closedDay: number }, E extends { closedDay: number } = R>(snapshot: TrackedSnapshot<R, E>): Tracked<R, E> {
  return { open: new Map(snapshot.open), tail: new Map(snapshot.tail), maxDay: snapshot.maxDay, unattributed: snapshot.unattributed };
}

/** Counters by string key, as plain JSON. */
export type Counters = Map<string, number[]>;

/** Add `values` into the counters at `key` (creating zeros of length `size`). */
export function bump(counters: Counters, key: string, size: number, index: number, by = 1): void {
  let row = counters.get(key);
  if (!row) counters.set(key, (row = new Array<number>(size).fill(0)));
  row[index]! += by;
}
