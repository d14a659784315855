/**
 * A snapshot written in pieces (lô, khối nhỏ) instead of as one JSON text or
 * one structured clone: a skeleton (the snapshot with its long arrays
 * emptied), then slices of each long array, in order; the reader rebuilds the
 * same snapshot ({@link snapshotAssembler}) or adds each piece into a state as
 * it comes (`absorbPieces`, `absorb.ts`). Long arrays are looked for at the
 * top level and one level down (a tracker's `t.open`, `t.tail`), where every
 * report snapshot keeps its per-dossier entries; a snapshot streamed from a
 * state gives them as {@link StreamedEntries}, sliced as they come.
 */

/** Entries per piece (default). */
export const CHUNK_ENTRIES = 8192;

/** One piece: the skeleton first, then slices of the arrays it emptied, in order. */
export type SnapshotPiece = { skeleton: unknown } | { path: string[]; items: unknown[] };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);

/**
 * A long array of a snapshot given by its entries, one at a time, instead of as an array (lời gọi lần lượt): what a
 * rebuild's streamed snapshot of a compact state holds in place of its per-dossier records and counter rows
 * (`streamed-states.ts`), so the entries are written as they are read from the state and the snapshot is never
 * held whole. `JSON.stringify` of it gives the array ({@link StreamedEntries.toJSON}).
 * @example
 * ```ts
 * const open = new Map([['s1', 1], ['s2', 2]]);
 * const entries = new StreamedEntries((push) => { for (const entry of open) push(entry); });
 * JSON.stringify({ open: entries }); // '{"open":[["s1",1],["s2",2]]}'
 * ```
 */
export class StreamedEntries {
  constructor(private readonly each: (push: (entry: unknown) => void) => void) {}

  /** Each entry, in order. */
  forEach(push: (entry: unknown) => void): void {
    this.each(push);
  }

  /** The entries as an array (what `JSON.stringify` writes). */
  toJSON(): unknown[] {
    const all: unknown[] = [];
    this.each((entry) => all.push(entry));
    return all;
  }
}

/** A snapshot's skeleton (its long arrays, and its streamed entries, emptied) and the long arrays it cut, with their paths. */
function stripSkeleton(snapshot: Record<string, unknown>, size: number): { skeleton: Record<string, unknown>; long: { path: string[]; array: unknown[] | StreamedEntries }[] } {
  const long: { path: string[]; array: unknown[] | StreamedEntries }[] = [];
  const strip = (object: Record<string, unknown>, path: string[], depth: number): Record<string, unknown> => {
    const copy: Record<string, unknown> = {};
    // An own `__proto__` key (JSON.parse makes one) stays a key: `copy[key] =` would set the prototype instead.
    const set = (key: string, value: unknown) => Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
    for (const [key, value] of Object.entries(object)) {
      if (value instanceof StreamedEntries || (Array.isArray(value) && value.length > size)) {
        long.push({ path: [...path, key], array: value });
        set(key, []);
      } else if (depth < 1 && isObject(value)) set(key, strip(value, [...path, key], depth + 1));
      else set(key, value);
    }
    return copy;
  };
  return { skeleton: strip(snapshot, [], 0), long };
}

/**
 * Split a snapshot into pieces of at most `size` array entries, each handed to `fn` as it is made: the skeleton,
 * then slices of each array longer than `size` and of each streamed entries ({@link StreamedEntries}, cut as they
 * come, so a snapshot streamed from a state is never held whole). The snapshot is left as it is (a streamed
 * snapshot's plain arrays are the state's own, e.g. timeliness' `dims`); a non-object snapshot is its own skeleton.
 * @example
 * ```ts
 * const open = new Map([['s1', 1], ['s2', 2], ['s3', 3]]);
 * const pieces: SnapshotPiece[] = [];
 * forEachSnapshotPiece({ t: { open: new StreamedEntries((push) => open.forEach((v, k) => push([k, v]))), maxDay: 3 } }, 2, (piece) => pieces.push(piece));
 * // pieces: the skeleton { t: { open: [], maxDay: 3 } }, then ['s1', 1], ['s2', 2], then ['s3', 3]
 * ```
 */
export function forEachSnapshotPiece(snapshot: unknown, entries: number, fn: (piece: SnapshotPiece) => void): void {
  const size = Math.max(1, entries);
  if (!isObject(snapshot) || snapshot instanceof StreamedEntries) {
    fn({ skeleton: snapshot instanceof StreamedEntries ? snapshot.toJSON() : snapshot });
    return;
  }
  const { skeleton, long } = stripSkeleton(snapshot, size);
  fn({ skeleton });
  for (const { path, array } of long) {
    if (array instanceof StreamedEntries) {
      let items: unknown[] = [];
      array.forEach((entry) => {
        items.push(entry);
        if (items.length >= size) {
          fn({ path, items });
          items = [];
        }
      });
      if (items.length > 0) fn({ path, items });
      continue;
    }
    for (let start = 0; start < array.length; start += size) fn({ path, items: array.slice(start, start + size) });
  }
}

/**
 * A table of shared strings for {@link snapshotAssembler}: a structured clone
 * gives a fresh copy of every string (each record's stream id, unit,
 * procedure, official…), and the same few thousand codes and the same stream
 * ids come back in every projection's snapshot. One table for all the
 * snapshots of a rebuild keeps one copy of each; drop it afterwards.
 * @example const strings = sharedStrings(); strings.share('a') === strings.share('a'); // true
 */
export function sharedStrings(): { share(text: string): string } {
  const table = new Map<string, string>();
  return {
    share(text) {
      let shared = table.get(text);
      if (shared === undefined) table.set(text, (shared = text));
      return shared;
    },
  };
}

/** Replace the strings of a map entry (`[key, value]`) and of its value's own fields by their shared copies; equal values out. */
function shareEntry(item: unknown, strings: { share(text: string): string }): void {
  if (!Array.isArray(item) || item.length !== 2 || typeof item[0] !== 'string') return;
  item[0] = strings.share(item[0]);
  const value = item[1] as unknown;
  if (!isObject(value)) return;
  for (const key in value) {
    const field = value[key];
    if (typeof field === 'string') value[key] = strings.share(field);
  }
}

/**
 * Rebuilds a snapshot from its pieces, in the order {@link forEachSnapshotPiece} gave them;
 * with `strings`, the map entries' strings are replaced by shared copies (equal values).
 * @example const assembler = snapshotAssembler(); assembler.add({ skeleton: { a: [] } }); assembler.add({ path: ['a'], items: [1, 2] }); assembler.result(); // { a: [1, 2] }
 */
export function snapshotAssembler(strings?: { share(text: string): string }): { add(piece: SnapshotPiece): void; result(): unknown } {
  return pieceConsumer(
    (skeleton, path, items) => {
      let target = skeleton as Record<string, unknown>;
      for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
      const array = target[path[path.length - 1]!] as unknown[];
      for (const item of items) {
        if (strings) shareEntry(item, strings);
        array.push(item);
      }
    },
    (skeleton) => skeleton,
  );
}

/**
 * What every reader of a snapshot's pieces shares: the skeleton first, then `slice(skeleton, path, items)` for
 * each slice, and `finish(skeleton)` for the result; a slice before the skeleton, or a result without one, is a
 * `RangeError`. Used by {@link snapshotAssembler}.
 * @example const count = pieceConsumer((_, __, items) => void items.length, () => 'done'); count.add({ skeleton: {} }); count.result(); // 'done'
 */
export function pieceConsumer<T>(
  slice: (skeleton: unknown, path: string[], items: unknown[]) => void,
  finish: (skeleton: unknown) => T,
): { add(piece: SnapshotPiece): void; result(): T } {
  let skeleton: unknown;
  let started = false;
  return {
    add(piece) {
      if ('skeleton' in piece) {
        skeleton = piece.skeleton;
        started = true;
        return;
      }
      if (!started) throw new RangeError('snapshot piece before its skeleton');
      slice(skeleton, piece.path, piece.items);
    },
    result() {
      if (!started) throw new RangeError('no snapshot skeleton received');
      return finish(skeleton);
    },
  };
}
