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
 * selected or built. Each key read is the value the store's own read gives
 * (property-tested in `test/partition-read.test.ts`); without
 * `metadataKeys` a row goes through the store's decoder (`codec-rows.ts`).
 */
import { StoreError, type EventMetadata, type StoredEvent } from '@motcua/core';
import { freezeParsed, storedEvent } from '@motcua/core/store-kit';
import { base64ToUuid, formatInstant, type MetadataDictionary, type Shape } from './codec';
import { COMPACT_COLUMNS, createRowCodec, NAME_JOINS, type CompactRow } from './codec-rows';
import type { SqliteDatabase } from './driver';
import { toStoredEvent } from './rows';

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
  /** Decode only these metadata keys (default: every key, as the store reads). */
  metadataKeys?: readonly string[];
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

/** Where a wanted metadata key's value is in a `meta` array, and how it is written. */
interface Field {
  key: string;
  /** 'v' value, 'd' dictionary id, 'u' UUID, an instant code. */
  code: string;
  index: number;
}
/** The wanted keys of one shape; null: a key needs the event id or hash (decoded the store's way). */
type Plan = Field[] | null;

/** The plan of a shape: for each wanted key in the shape, where its value is (back references followed). */
function planOf(shape: Shape, wanted: ReadonlySet<string>): Plan {
  const fields: Field[] = [];
  const where: (Field | 'row')[] = [];
  let next = 1;
  for (let k = 0; k < shape.length; k++) {
    const [key, code] = shape[k]!;
    let found: Field | 'row';
    if (code === 'i' || code === 'h') found = 'row';
    else if (typeof code === 'number') {
      const target = where[code];
      if (target === undefined) return null;
      found = target === 'row' ? 'row' : { ...target, key };
    } else found = { key, code, index: next++ };
    where.push(found);
    if (!wanted.has(key)) continue;
    if (found === 'row') return null;
    fields.push(found);
  }
  return fields;
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
  const db = new Database(options.filename, { readonly: true, fileMustExist: true }) as unknown as SqliteDatabase & { pragma(text: string): unknown };
  try {
    const version = (db.prepare('SELECT version FROM motcua_schema WHERE id = 1').raw(true).get() as [number] | undefined)?.[0];
    if (version !== 4) throw new StoreError('STORE_SCHEMA_OUTDATED', `Partition reads know schema version 4; ${options.filename} is at version ${version ?? 'none'}`);
    yield* options.metadataKeys ? leanBatches(db, options, new Set(options.metadataKeys)) : fullBatches(db, options);
  } finally {
    db.close();
  }
}

const whereOf = (options: SqlitePartitionOptions): string =>
  `e.position > ? AND e.position <= ? AND e.stream_id % ? = ?${options.streamPrefix !== undefined ? ' AND substr(s.name, 1, length(?)) = ?' : ''}`;

const paramsOf = (options: SqlitePartitionOptions, after: number): unknown[] => [
  after,
  options.to ?? Number.MAX_SAFE_INTEGER,
  options.partitions,
  options.partition,
  ...(options.streamPrefix !== undefined ? [options.streamPrefix, options.streamPrefix] : []),
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
function* leanBatches(db: SqliteDatabase, options: SqlitePartitionOptions, wanted: ReadonlySet<string>): Generator<StoredEvent[]> {
  const select = db
    .prepare(
      `SELECT e.position, s.name, e.version, e.type, e.data, e.meta FROM motcua_events e CROSS JOIN motcua_streams s ON s.id = e.stream_id WHERE ${whereOf(options)} ORDER BY e.position LIMIT ?`,
    )
    .raw(true);
  const selectTypes = db.prepare('SELECT id, name FROM motcua_types').raw(true);
  const oneRow = db.prepare(`SELECT ${COMPACT_COLUMNS} FROM ${NAME_JOINS} WHERE e.position = ?`).raw(true);
  const codec = createRowCodec(db);
  const dictionary: MetadataDictionary = codec.dictionary;
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
  const plans = new Map<number, Plan>();
  // Consecutive rows mostly share a shape, an actor and an instant (a command's events): remember the last of each.
  let lastShape = -1;
  let lastPlan: Plan = null;
  const planFor = (shapeId: number): Plan => {
    if (shapeId === lastShape) return lastPlan;
    let plan = plans.get(shapeId);
    if (plan === undefined) {
      plan = planOf(dictionary.shape!(shapeId), wanted);
      if (plans.size >= 10_000) plans.clear();
      plans.set(shapeId, plan);
    }
    lastShape = shapeId;
    lastPlan = plan;
    return plan;
  };
  let lastEntry = -1;
  let lastValue: unknown;
  const entry = (id: number): unknown => {
    if (id !== lastEntry) {
      lastValue = dictionary.value!(id);
      lastEntry = id;
    }
    return lastValue;
  };
  let lastCode = '';
  let lastMs = Number.NaN;
  let lastText: string | undefined;
  const instant = (code: string, ms: number): string | undefined => {
    if (ms !== lastMs || code !== lastCode) {
      lastText = formatInstant(code, ms);
      lastCode = code;
      lastMs = ms;
    }
    return lastText;
  };
  const pick = (source: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(source)) if (wanted.has(key)) setKey(out, key, source[key]);
    return Object.freeze(out);
  };
  const metadataOf = (position: number, meta: string): Record<string, unknown> => {
    const parsed = parseRow<unknown>(meta, position, 'metadata');
    if (!Array.isArray(parsed)) return pick(freezeParsed(parsed as Record<string, unknown>)); // written inline (a dictionary collision)
    const plan = typeof parsed[0] === 'number' ? planFor(parsed[0]) : null;
    if (plan === null) return pick(codec.decode(oneRow.get(position) as CompactRow)[5] as Record<string, unknown>);
    const out: Record<string, unknown> = {};
    for (let f = 0; f < plan.length; f++) {
      const { key, code, index } = plan[f]!;
      const raw = parsed[index];
      const value = code === 'v' ? freezeParsed(raw) : code === 'd' ? entry(raw as number) : code === 'u' ? base64ToUuid(raw as string) : instant(code, raw as number);
      setKey(out, key, value);
    }
    return Object.freeze(out);
  };

  const size = options.batchSize ?? 5000;
  let after = Math.max(0, options.after ?? 0);
  for (;;) {
    const rows = select.all(...paramsOf(options, after)) as [number, string, number, number, string, string][];
    if (rows.length === 0) return;
    const batch = new Array<StoredEvent>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const [position, stream, version, type, data, meta] = rows[i]!;
      const metadata = metadataOf(position, meta) as unknown as EventMetadata;
      batch[i] = storedEvent(stream, version, position, typeName(type), freezeParsed(parseRow(data, position, 'JSON')), metadata);
    }
    after = rows[rows.length - 1]![0];
    yield batch;
    if (rows.length < size) return;
  }
}

function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) return;
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
