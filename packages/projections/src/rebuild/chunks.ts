/**
 * A snapshot handed from a worker thread to the calling thread in pieces
 * (lot, khối nhỏ), instead of one structured clone of the whole object: the
 * worker sends a skeleton (the snapshot with its long arrays emptied), then
 * slices of each long array on request, forgetting each slice once sent; the
 * calling thread rebuilds the same snapshot. So neither thread holds a
 * serialised copy of a whole projection, and the worker's memory drains as
 * the caller's fills. Long arrays are looked for at the top level and one
 * level down (a tracker's `t.open`, `t.tail`), where every report snapshot
 * keeps its per-dossier entries.
 */

/** Entries per piece (default). */
export const CHUNK_ENTRIES = 8192;

/** One piece: the skeleton first, then slices of the arrays it emptied, in order. */
export type SnapshotPiece = { skeleton: unknown } | { path: string[]; items: unknown[] };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);

/**
 * Split a snapshot into pieces of at most `size` array entries. The snapshot
 * must not be used afterwards: each slice's entries are cleared from it once
 * yielded (so they can be garbage collected while later pieces are sent).
 * @example
 * ```ts
 * const assembler = snapshotAssembler();
 * for (const piece of snapshotPieces({ t: { open: [['s1', 1], ['s2', 2]], maxDay: 3 } }, 1)) assembler.add(structuredClone(piece));
 * assembler.result(); // { t: { open: [['s1', 1], ['s2', 2]], maxDay: 3 } }
 * ```
 */
export function* snapshotPieces(snapshot: unknown, size = CHUNK_ENTRIES): Generator<SnapshotPiece> {
  if (!isObject(snapshot)) {
    yield { skeleton: snapshot };
    return;
  }
  const long: { path: string[]; array: unknown[] }[] = [];
  const strip = (object: Record<string, unknown>, path: string[], depth: number): Record<string, unknown> => {
    const copy: Record<string, unknown> = {};
    // An own `__proto__` key (JSON.parse makes one) stays a key: `copy[key] =` would set the prototype instead.
    const set = (key: string, value: unknown) => Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
    for (const [key, value] of Object.entries(object)) {
      if (Array.isArray(value) && value.length > size) {
        long.push({ path: [...path, key], array: value });
        set(key, []);
      } else if (depth < 1 && isObject(value)) set(key, strip(value, [...path, key], depth + 1));
      else set(key, value);
    }
    return copy;
  };
  yield { skeleton: strip(snapshot, [], 0) };
  for (const { path, array } of long) {
    for (let start = 0; start < array.length; start += size) {
      const end = Math.min(array.length, start + size);
      const items = array.slice(start, end);
      array.fill(undefined, start, end);
      yield { path, items };
    }
    array.length = 0;
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
 * Rebuilds a snapshot from its pieces, in the order {@link snapshotPieces} gave them;
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
 * `RangeError`. Used by {@link snapshotAssembler} and by `snapshotTextBuilder` (`snapshot-text.ts`).
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
