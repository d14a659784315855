/**
 * Per-dossier records kept while a dossier is open and for a window of days
 * after it ends (so late annotations — ratings, petitions, sync — are still
 * attributed), then evicted. Memory grows with open and recently ended
 * dossiers, not with events.
 *
 * Attribution is a function of two days only ({@link lateRecord}): a late
 * event is counted for its dossier when its business day is at most
 * `windowDays` after the day the dossier ended (or after a later lifecycle
 * event that itself came within the window, {@link restartWindow}), so the
 * figures are the same whatever the order in which streams are folded — at
 * once, in chunks, or partitioned across worker threads and merged. Eviction only frees memory:
 * it is driven by the latest business day seen, and keeps records
 * {@link LAG_DAYS} days longer than the window, so an event appended up to
 * that many days behind the latest day still finds its record.
 */

/**
 * Days an ended record is kept beyond the attribution window (see the module
 * comment): a late event whose business day is more than this many days behind
 * the latest day already seen may miss its record, and then counts in
 * `unattributed`, in a fold that saw that later day first.
 */
export const LAG_DAYS = 7;
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

/**
 * The record a late event of business day `day` is attributed to: the open record, or the ended one when `day` is at
 * most `windowDays` after its end day (a function of the two days: the same in any fold order); else undefined.
 * @example
 * ```ts
 * const tracker = emptyTracked<{ closedDay: number }>();
 * tracker.tail.set('s1', { closedDay: 100 });
 * lateRecord(tracker, 's1', 190, 90); // { closedDay: 100 }
 * lateRecord(tracker, 's1', 191, 90); // undefined
 * ```
 */
export function lateRecord<R extends { closedDay: number }, E extends { closedDay: number } = R>(
  tracker: Tracked<R, E>,
  id: string,
  day: number,
  windowDays: number,
): R | E | undefined {
  const open = tracker.open.get(id);
  if (open !== undefined) return open;
  const ended = tracker.tail.get(id);
  return ended !== undefined && day - ended.closedDay <= windowDays ? ended : undefined;
}

/**
 * A later lifecycle event of an ended dossier — the return of its result, the stop after a withdrawal — on business
 * day `day`: when the tail record is still attributable on that day ({@link lateRecord}'s rule), its window restarts
 * there (`closedDay` becomes `day`, and the record moves to the end of the tail, which stays ordered by that day for
 * eviction). A function of the two days, like the attribution, so the same in any fold order. Returns the record if moved.
 * @example
 * ```ts
 * const tracker = emptyTracked<{ closedDay: number }>();
 * tracker.tail.set('s1', { closedDay: 100 });
 * restartWindow(tracker, 's1', 180, 90); // { closedDay: 180 }: a rating on day 270 still counts
 * restartWindow(tracker, 's1', 271, 90); // undefined (more than 90 days after 180)
 * ```
 */
export function restartWindow<R extends { closedDay: number }, E extends { closedDay: number } = R>(
  tracker: Tracked<R, E>,
  id: string,
  day: number,
  windowDays: number,
): E | undefined {
  const ended = tracker.tail.get(id);
  if (ended === undefined || day <= ended.closedDay || day - ended.closedDay > windowDays) return undefined;
  ended.closedDay = day;
  tracker.tail.delete(id);
  tracker.tail.set(id, ended);
  return ended;
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
 * Advance the business day; evict ended records that ended more than `windowDays` + {@link LAG_DAYS} days before it.
 * Returns true if the day advanced (eviction ran), so a caller keeping other
 * day-windowed data (e.g. timeliness' intake counts) can evict it on the same
 * tick, with the same limit {@link evictionLimit}.
 */
export function tickTracked<R extends { closedDay: number }, E extends { closedDay: number } = R>(tracker: Tracked<R, E>, day: number, windowDays: number): boolean {
  if (day <= tracker.maxDay) return false;
  tracker.maxDay = day;
  const limit = evictionLimit(day, windowDays);
  for (const [id, record] of tracker.tail) {
    if (record.closedDay >= limit) break;
    tracker.tail.delete(id);
  }
  return true;
}

/** The first day whose records a tick on `day` keeps: `day - windowDays - LAG_DAYS`. @example evictionLimit(200, 90); // 103 */
export const evictionLimit = (day: number, windowDays: number): number => day - windowDays - LAG_DAYS;

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
