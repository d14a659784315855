/**
 * The stream names (mã hồ sơ) of a partition read, by stream number, without
 * joining `motcua_streams` on every row: a join builds a new name string for
 * each event (13.6M of them for a province's history), and each projection
 * then hashes that new string again in its per-dossier maps. Here a stream's
 * name is read once and the same string is handed out for all its events.
 *
 * Streams are numbered in the order they were first written, and a log read
 * in position order meets new streams in (roughly) increasing number, so a
 * number past the highest read so far fetches the next `generation` numbers
 * of the partition at once; an older number (a late event of a dossier that
 * has left the cache) is read alone. Two generations bound the memory: when
 * the young one is full it becomes the old one and the former old one is
 * dropped; a name found in the old one moves back to the young one.
 */
import { StoreError } from '@motcua/core';
import type { SqliteDatabase, SqliteStatement } from './driver';

/** Names by stream number; `null`: the stream's name lacks the read's prefix (its events are left out). */
export interface StreamNames {
  /** The stream's name, the same string on every call while it is cached; `null` if outside the prefix. */
  name(id: number): string | null;
}

/**
 * Names of the streams of one partition (`id % partitions = partition`), optionally only those starting with `prefix`.
 * @example
 * ```ts
 * import { streamNames } from './stream-names';
 * import type { SqliteDatabase } from './driver';
 * declare const db: SqliteDatabase;
 * const names = streamNames(db, { partition: 0, partitions: 2, prefix: 'dossier-' });
 * names.name(42); // 'dossier-…' or null
 * ```
 */
export function streamNames(db: SqliteDatabase, options: { partition: number; partitions: number; prefix?: string; generation?: number }): StreamNames {
  const { partition, partitions, prefix } = options;
  const generation = Math.max(1, Math.floor(options.generation ?? 65_536));
  const range = db.prepare('SELECT id, name FROM motcua_streams WHERE id >= ? AND id < ? AND id % ? = ?').raw(true) as SqliteStatement;
  const one = db.prepare('SELECT name FROM motcua_streams WHERE id = ?').raw(true) as SqliteStatement;
  let young = new Map<number, string | null>();
  let old = new Map<number, string | null>();
  // Every number below `fetchedTo` of the partition has been read by a range read.
  let fetchedTo = 0;
  const keep = (id: number, name: string): string | null => {
    const value = prefix === undefined || name.startsWith(prefix) ? name : null;
    if (young.size >= generation) {
      old = young;
      young = new Map();
    }
    young.set(id, value);
    return value;
  };
  const missing = (id: number): never => {
    throw new StoreError('STORE_CORRUPTED', `An event names stream number ${id}, which the stream table does not hold: the file is damaged`);
  };
  return {
    name(id) {
      const cached = young.get(id);
      if (cached !== undefined) return cached;
      const aged = old.get(id);
      if (aged !== undefined) {
        young.set(id, aged);
        return aged;
      }
      if (id >= fetchedTo) {
        // New ground: this number and the partition's next ones, in one read (a quarter of a generation: the names read
        // before stay cached while these are used).
        const to = id + Math.max(1, generation >> 2) * partitions;
        let found: string | null | undefined;
        for (const [sid, name] of range.all(id, to, partitions, partition) as [number, string][]) {
          const value = keep(sid, name);
          if (sid === id) found = value;
        }
        fetchedTo = to;
        return found === undefined ? missing(id) : found;
      }
      const row = one.get(id) as [string] | undefined;
      return row === undefined ? missing(id) : keep(id, row[0]);
    },
  };
}
