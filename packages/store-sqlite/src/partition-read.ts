/**
 * Reading one partition of a SQLite file's log on a connection of its own
 * (đọc song song theo phân vùng), for a rebuild that folds each partition in
 * its own worker thread: the events whose stream falls in the partition
 * (`stream id mod partitions`, so all of a stream's events are in one
 * partition), in position order, read directly from the file — no event is
 * decoded by one thread and copied to another.
 *
 * With `metadataKeys`, only those metadata keys are decoded (a lean read: the
 * report projections read `occurredAt`, `actor` and, for upcasting,
 * `schemaVersion`); the event id, the hash and every other key are not
 * selected or built (`lean-metadata.ts`; `metadataKeysByType` narrows or
 * widens the keys per event type). Each key read is the value the store's own
 * read gives (property-tested in `test/partition-read.test.ts`); without
 * `metadataKeys` a row goes through the store's decoder (`codec-rows.ts`).
 * A lean read does not join the stream table on every row: the names come
 * from `stream-names.ts`, one string per stream.
 */
import { StoreError, type EventMetadata, type StoredEvent } from '@motcua/core';
import { freezeParsed, storedEvent } from '@motcua/core/store-kit';
import { COMPACT_COLUMNS, createRowCodec, NAME_JOINS, type CompactRow } from './codec-rows';
import type { SqliteDatabase } from './driver';
import { wrapDriverError } from './errors';
import { leanMetadata } from './lean-metadata';
import { toStoredEvent } from './rows';
import { SCHEMA_VERSION } from './schema';
import { streamNames } from './stream-names';

/** Options of {@link readSqlitePartition}. */
export interface SqlitePartitionOptions {
  /** The SQLite file (opened read-only). */
  filename: string;
  /** This partition, 0 ≤ partition < partitions. */
  partition: number;
  /** How many partitions the streams are split into. */
  partitions: number;
  /** Read after this position (default 0). */
  after?: number;
  /** Read up to this position, included (default: no limit). */
  to?: number;
  /** Rows per query (default 5,000). */
  batchSize?: number;
  /** Only streams whose id starts with this. */
  streamPrefix?: string;
  /**
   * Only events of these types (by name); the others are never read out of the file. A rebuild passes the types its
   * projections apply: on a province's history 6.5 % of the events (`FeeRequested`, `EarlyReturnNotified`) are of
   * types no report reads. When the file has never recorded any of them, nothing is scanned.
   */
  types?: readonly string[];
  /** Decode only these metadata keys (default: every key, as the store reads). */
  metadataKeys?: readonly string[];
  /**
   * With `metadataKeys`: for an event of a type named here, these keys instead (e.g. `actor` only where a report
   * reads it: a citizen's actor is a dictionary read when not cached, and a province has millions of them).
   */
  metadataKeysByType?: Readonly<Record<string, readonly string[]>>;
  /** Lean reads: stream names remembered per generation (two generations; default 65,536), see `stream-names.ts`. */
  streamCache?: number;
}

/**
 * Where a worker finds {@link readSqlitePartition} and how to call it on a
 * file: plain data, so it can be posted to a worker thread (the `source` of
 * `rebuildProjections` in `@motcua/projections`).
 */
export interface SqlitePartitionSource {
  /** URL of a module exporting `export` (this package's module). */
  module: string;
  export: 'readSqlitePartition';
  options: { filename: string };
}

/**
 * The partitioned source of a SQLite file, for `rebuildProjections({ source })`.
 *
 * @example
 * ```ts
 * const source = sqlitePartitionSource('./data/motcua.db');
 * ```
 */
export function sqlitePartitionSource(filename: string): SqlitePartitionSource {
  return { module: import.meta.url, export: 'readSqlitePartition', options: { filename } };
}

const parseRow = <T>(text: string, position: number, what: string): T => {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new StoreError('STORE_CORRUPTED', `Event at position ${position} has invalid ${what}: ${(error as Error).message}`, { cause: error });
  }
};

/**
 * Read one partition of the log of a SQLite file (schema version 4), in
 * batches, in position order.
 *
 * @example
 * ```ts
 * for await (const batch of readSqlitePartition({ filename: './data/motcua.db', partition: 0, partitions: 2, metadataKeys: ['occurredAt'] })) {
 *   console.log(batch.length, batch[0]?.metadata.occurredAt);
 * }
 * ```
 */
export async function* readSqlitePartition(options: SqlitePartitionOptions): AsyncGenerator<StoredEvent[]> {
  const { partition, partitions } = options;
  if (!Number.isInteger(partitions) || partitions < 1 || !Number.isInteger(partition) || partition < 0 || partition >= partitions)
    throw new RangeError(`partition ${partition} of ${partitions}: want integers, 0 ≤ partition < partitions`);
  const { default: Database } = await import('better-sqlite3');
  const what = `Reading partition ${partition} of ${partitions} of ${options.filename}`;
  let db: SqliteDatabase & { pragma(text: string): unknown };
  try {
    db = new Database(options.filename, { readonly: true, fileMustExist: true }) as unknown as SqliteDatabase & { pragma(text: string): unknown };
  } catch (error) {
    // A missing or unreadable file: typed, as the store's own open (`STORE_CONNECTION`).
    const typed = wrapDriverError(error, what);
    throw typed instanceof StoreError ? typed : new StoreError('STORE_CONNECTION', `${what}: cannot open the file: ${(error as Error).message}`, { cause: error });
  }
  try {
    let version: number | undefined;
    try {
      version = (db.prepare('SELECT version FROM motcua_schema WHERE id = 1').raw(true).get() as [number] | undefined)?.[0];
    } catch (error) {
      if (!/^no such table/.test((error as Error).message)) throw error;
    }
    // Version 4 laid out the event rows partition reads know; later versions keep them.
    if (version === undefined || version < 4 || version > SCHEMA_VERSION)
      throw new StoreError('STORE_SCHEMA_OUTDATED', `Partition reads know schema versions 4 to ${SCHEMA_VERSION}; ${options.filename} is at version ${version ?? 'none'}`);
    if (options.types !== undefined && !anyTypeKnown(db, options.types)) return;
    yield* options.metadataKeys ? leanBatches(db, options) : fullBatches(db, options);
  } catch (error) {
    // A damaged file, an I/O error: typed (the read's own errors, already typed, unchanged).
    throw wrapDriverError(error, what, db);
  } finally {
    if (db.open) db.close();
  }
}

/**
 * Whether the file has ever recorded an event of one of `types` (its type table names one): if not, a read of only
 * those types has nothing to find, and answers without scanning the events (a rebuild reads the corrections,
 * `EventCorrected`, before folding; a file where none was ever made has no such type, and a province's history
 * takes seconds to scan).
 */
function anyTypeKnown(db: SqliteDatabase, types: readonly string[]): boolean {
  if (types.length === 0) return false;
  const found = db
    .prepare(`SELECT 1 FROM motcua_types WHERE name IN (${types.map(() => '?').join(', ')}) LIMIT 1`)
    .raw(true)
    .get(...types);
  return found !== undefined;
}

// The type filter looks the names up in the same statement: a type a writer adds during the read is seen (once the
// read has begun: a read of types the file has never recorded ends before, `anyTypeKnown`).
const whereOf = (options: SqlitePartitionOptions): string =>
  `e.position > ? AND e.position <= ? AND e.stream_id % ? = ?${options.streamPrefix !== undefined ? ' AND substr(s.name, 1, length(?)) = ?' : ''}${
    options.types !== undefined ? ` AND e.type IN (SELECT id FROM motcua_types WHERE name IN (${options.types.map(() => '?').join(', ')}))` : ''
  }`;

const paramsOf = (options: SqlitePartitionOptions, after: number): unknown[] => [
  after,
  options.to ?? Number.MAX_SAFE_INTEGER,
  options.partitions,
  options.partition,
  ...(options.streamPrefix !== undefined ? [options.streamPrefix, options.streamPrefix] : []),
  ...(options.types ?? []),
  options.batchSize ?? 5000,
];

/** Every metadata key, through the store's own row decoder. */
function* fullBatches(db: SqliteDatabase, options: SqlitePartitionOptions): Generator<StoredEvent[]> {
  const codec = createRowCodec(db);
  const select = db.prepare(`SELECT ${COMPACT_COLUMNS} FROM ${NAME_JOINS} WHERE ${whereOf(options)} ORDER BY e.position LIMIT ?`).raw(true);
  const size = options.batchSize ?? 5000;
  let after = Math.max(0, options.after ?? 0);
  for (;;) {
    const rows = select.all(...paramsOf(options, after)) as CompactRow[];
    if (rows.length === 0) return;
    const batch = new Array<StoredEvent>(rows.length);
    for (let i = 0; i < rows.length; i++) batch[i] = toStoredEvent(codec.decode(rows[i]!));
    after = rows[rows.length - 1]![0];
    yield batch;
    if (rows.length < size) return;
  }
}

/** Only the wanted metadata keys: no event id, no hash, no other key built. */
function* leanBatches(db: SqliteDatabase, options: SqlitePartitionOptions): Generator<StoredEvent[]> {
  // No join with the stream table: names come from `streamNames` (one string per stream, read once); the prefix is applied there.
  const select = db
    .prepare(
      `SELECT e.position, e.stream_id, e.version, e.type, e.data, e.meta FROM motcua_events e WHERE ${whereOf({ ...options, streamPrefix: undefined })} ORDER BY e.position LIMIT ?`,
    )
    .raw(true);
  const names = streamNames(db, {
    partition: options.partition,
    partitions: options.partitions,
    ...(options.streamPrefix !== undefined ? { prefix: options.streamPrefix } : {}),
    ...(options.streamCache !== undefined ? { generation: options.streamCache } : {}),
  });
  const selectTypes = db.prepare('SELECT id, name FROM motcua_types').raw(true);
  const byType = new Map(Object.entries(options.metadataKeysByType ?? {}).map(([type, keys]) => [type, new Set(keys)]));
  const metadataOf = leanMetadata(db, new Set(options.metadataKeys), byType);
  const types: string[] = [];
  const typeName = (id: number): string => {
    let name = types[id];
    if (name === undefined) {
      for (const [tid, tname] of selectTypes.all() as [number, string][]) types[tid] = tname;
      name = types[id];
      if (name === undefined) throw new StoreError('STORE_CORRUPTED', `The type table has no entry ${id}: the file is damaged`);
    }
    return name;
  };

  const size = options.batchSize ?? 5000;
  let after = Math.max(0, options.after ?? 0);
  for (;;) {
    const rows = select.all(...paramsOf({ ...options, streamPrefix: undefined }, after)) as [number, number, number, number, string, string][];
    if (rows.length === 0) return;
    const batch: StoredEvent[] = [];
    for (let i = 0; i < rows.length; i++) {
      const [position, streamId, version, type, data, meta] = rows[i]!;
      const stream = names.name(streamId);
      if (stream === null) continue; // outside the prefix
      const name = typeName(type);
      const metadata = metadataOf(position, name, meta) as unknown as EventMetadata;
      batch.push(storedEvent(stream, version, position, name, freezeParsed(parseRow(data, position, 'JSON')), metadata));
    }
    after = rows[rows.length - 1]![0];
    if (batch.length > 0) yield batch;
    if (rows.length < size) return;
  }
}
