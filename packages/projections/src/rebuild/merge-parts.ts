/**
 * Merging the pieces every report snapshot is made of: counters by key,
 * per-dossier records (the tracker), per-dossier maps. The partial
 * snapshots come from folds over disjoint sets of streams (`partition.ts`),
 * so per-dossier entries never collide and counters add up.
 */
import type { TrackedSnapshot } from '../tracker';

/**
 * Sum counter rows by key (element-wise); keys in first-seen order. The parts are never changed. `reuse`: the
 * parts are spent, so a key's row is taken over as is until another part adds to it (then a new sum array: rows of
 * a part may share one array, e.g. TT 01's equal rows), and each entry is dropped from its part once read.
 * @example mergeCounterEntries([[['a', [1, 2]]], [['a', [3, 4]], ['b', [1]]]]); // [['a', [4, 6]], ['b', [1]]]
 */
export function mergeCounterEntries(parts: readonly (readonly [string, number[]])[][], reuse = false): [string, number[]][] {
  const merged = new Map<string, number[]>();
  for (const part of parts) {
    for (let e = 0; e < part.length; e++) {
      const [key, values] = part[e]!;
      if (reuse) (part as unknown[])[e] = undefined;
      const row = merged.get(key);
      if (row === undefined) {
        merged.set(key, reuse ? values : [...values]);
        continue;
      }
      const width = Math.max(row.length, values.length);
      const sum = new Array<number>(width);
      for (let i = 0; i < width; i++) sum[i] = (row[i] ?? 0) + (values[i] ?? 0);
      merged.set(key, sum);
    }
  }
  return [...merged];
}

/**
 * Join per-stream entries of disjoint partitions; with `orderBy`, a stable sort on it
 * (entries evicted front-first by a day, e.g. the tracker's tail by `closedDay`).
 * @example joinEntries([[['s1', { day: 3 }]], [['s2', { day: 1 }]]], (v) => v.day); // s2, s1
 */
export function joinEntries<V>(parts: readonly (readonly [string, V][])[], orderBy?: (value: V) => number): [string, V][] {
  // One native concatenation (a flatMap of spread copies cost ~¼ s a projection on the 5M-event file).
  const joined = ([] as [string, V][]).concat(...(parts as [string, V][][]));
  if (orderBy) joined.sort((a, b) => orderBy(a[1]) - orderBy(b[1]));
  return joined;
}

/**
 * Merge tracker snapshots of disjoint partitions: open and ended records joined
 * (the tail ordered by end day, so eviction stays front-first), the latest business
 * day, the unattributed counts added. `mapRecord` rewrites a record (e.g. a renumbered dimension);
 * `reuse`: the parts are spent, so their entries take the rewritten records in place (no copies).
 * @example
 * ```ts
 * import { mergeTracked } from './merge-parts';
 * const tracker = mergeTracked([{ open: [], tail: [], maxDay: 3, unattributed: 1 }, { open: [], tail: [], maxDay: 5, unattributed: 2 }]); // maxDay 5, unattributed 3
 * ```
 */
export function mergeTracked<R extends { closedDay: number }, E extends { closedDay: number } = R>(
  parts: readonly TrackedSnapshot<R, E>[],
  mapRecord?: <T extends R | E>(record: T, part: number) => T,
  reuse = false,
): TrackedSnapshot<R, E> {
  const mapped = <T extends R | E>(list: (p: TrackedSnapshot<R, E>) => [string, T][]) =>
    parts.map((part, index) => {
      const entries = list(part);
      if (!mapRecord) return entries;
      if (!reuse) return entries.map(([id, record]) => [id, mapRecord(record, index)] as [string, T]);
      for (const entry of entries) entry[1] = mapRecord(entry[1], index);
      return entries;
    });
  return {
    open: joinEntries(mapped((p) => p.open)),
    tail: joinEntries(
      mapped((p) => p.tail),
      (record) => record.closedDay,
    ),
    maxDay: parts.reduce((max, part) => Math.max(max, part.maxDay), 0),
    unattributed: parts.reduce((sum, part) => sum + part.unattributed, 0),
  };
}
