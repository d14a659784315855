import { createRowCodec, COMPACT_COLUMNS, NAME_JOINS, type CompactRow, type RowCodec } from './codec-rows';
import { encodeEventId } from './codec';
import type { SqliteDatabase, SqliteRunResult, SqliteStatement } from './driver';
import type { EventRow } from './rows';
import { StoreError } from '@motcua/core';

/** The part of a statement the store calls on the event queries (their rows come back decoded). */
export interface EventQuery {
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
}

/** The stream id of a name, for `WHERE e.stream_id = …`. */
const STREAM = '(SELECT id FROM motcua_streams WHERE name = ?)';

/**
 * The store's prepared statements (prepared once per connection, cached by
 * better-sqlite3). Every value is a bind parameter. The event queries read
 * the compact rows of schema version 4 (`codec.ts`, `codec-rows.ts`) and hand
 * back {@link EventRow}s; `insert` takes the metadata JSON text as before and
 * stores it compactly.
 *
 * @example
 * ```ts
 * const s = prepareStatements(db);
 * s.streamVersion.get('dossier-1'); // [3]
 * ```
 */
export function prepareStatements(db: SqliteDatabase) {
  const prepare = (sql: string) => db.prepare(sql);
  const codec = createRowCodec(db);
  const decoding = (statement: SqliteStatement): EventQuery => ({
    all: (...params) => {
      // Decoded in place: one array per batch, not two.
      const rows = statement.all(...params) as unknown[];
      for (let i = 0; i < rows.length; i++) rows[i] = codec.decode(rows[i] as CompactRow);
      return rows;
    },
    get: (...params) => {
      const row = statement.get(...params) as CompactRow | undefined;
      return row && codec.decode(row);
    },
  });
  const readAll = new Map<string, EventQuery>();
  const byEventId = prepare(`SELECT s.name, e.version FROM motcua_events e JOIN motcua_streams s ON s.id = e.stream_id WHERE e.event_id = ?`).raw(true);
  // The transaction statements tell the codec where the write transaction is (its dictionary cache, `codec-rows.ts`).
  const step = (sql: string, name: Parameters<RowCodec['transaction']>[0]) => {
    const statement = prepare(sql);
    return {
      run(): SqliteRunResult {
        const result = statement.run();
        codec.transaction(name);
        return result;
      },
    };
  };
  const beginImmediate = step('BEGIN IMMEDIATE', 'begin');
  return {
    codec,
    /**
     * `BEGIN IMMEDIATE`, refused as `STORE_CONNECTION` while a transaction the caller opened on their own `Database`
     * is open (better-sqlite3 would throw its own "cannot start a transaction within a transaction", and a write path's
     * clean-up would roll the caller's transaction back): nothing is written and the caller's transaction is left as it is.
     */
    begin: {
      run(): SqliteRunResult {
        if (db.inTransaction)
          throw new StoreError('STORE_CONNECTION', 'The SQLite database is inside a transaction the store did not open: commit or roll it back before writing through the store');
        return beginImmediate.run();
      },
    },
    commit: step('COMMIT', 'commit'),
    rollback: step('ROLLBACK', 'rollback'),
    savepoint: prepare('SAVEPOINT motcua_write'),
    release: prepare('RELEASE motcua_write'),
    rollbackTo: step('ROLLBACK TO motcua_write', 'rollback-to'),
    /**
     * `run(streamId, version, type, eventId, dataJson, metadata, hash?)`: one event, its metadata stored compactly,
     * with `hash` (if given) as its `hash` key. `metadata` is a JSON value (a JSON round trip's result, e.g. `frozenJsonCopy`).
     */
    insert: {
      run(streamId: string, version: number, type: string, eventId: string, data: string, metadata: Record<string, unknown>, hash?: string): SqliteRunResult {
        const position = codec.insert(codec.streamId(streamId), version, codec.typeId(type), eventId, data, metadata, undefined, hash);
        return { changes: 1, lastInsertRowid: position };
      },
    },
    streamVersion: prepare(`SELECT max(version) FROM motcua_events WHERE stream_id = ${STREAM}`).raw(true),
    /** The stream's version and last stored hash (a 32-byte BLOB; null if none): the link for the next append. No row: an empty stream. */
    lastHash: prepare(`SELECT version, hash FROM motcua_events WHERE stream_id = ${STREAM} ORDER BY version DESC LIMIT 1`).raw(true),
    byEventId: { get: (eventId: string) => byEventId.get(encodeEventId(eventId)) },
    readStream: decoding(prepare(`SELECT ${COMPACT_COLUMNS} FROM ${NAME_JOINS} WHERE e.stream_id = ${STREAM} AND e.version >= ? AND e.version <= ? ORDER BY e.version`).raw(true)),
    head: prepare('SELECT coalesce(max(position), 0) FROM motcua_events').raw(true),
    nextSequence: prepare('INSERT INTO motcua_sequences (key, value) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET value = value + 1 RETURNING value').raw(true),
    /** `run(name, state, position, tag, updatedAt, packed)`: `packed` is null for a text checkpoint (`state` '' when packed). */
    saveProjection: prepare(
      'INSERT INTO motcua_projections (name, state, position, tag, updated_at, packed) VALUES (?, ?, ?, ?, ?, ?) ' +
        'ON CONFLICT (name) DO UPDATE SET state = excluded.state, position = excluded.position, tag = excluded.tag, updated_at = excluded.updated_at, packed = excluded.packed',
    ),
    /** `[state, position, tag, packed]` (`ProjectionRow`). */
    loadProjection: prepare('SELECT state, position, tag, packed FROM motcua_projections WHERE name = ?').raw(true),
    dataVersion: prepare('PRAGMA data_version').raw(true),
    positionsSince: prepare(
      'SELECT e.position, s.name FROM motcua_events e CROSS JOIN motcua_streams s ON s.id = e.stream_id WHERE e.position > ? AND e.position <= ? ORDER BY e.position',
    ).raw(true),
    /** The global-log read for a filter shape: `(after, to, [types JSON], [prefix, prefix], limit)`. */
    readAll(types: boolean, prefix: boolean): EventQuery {
      const key = `${types}:${prefix}`;
      let query = readAll.get(key);
      if (!query) {
        const where = ['e.position > ?', 'e.position <= ?'];
        if (types) where.push('t.name IN (SELECT value FROM json_each(?))');
        if (prefix) where.push('substr(s.name, 1, length(?)) = ?');
        query = decoding(db.prepare(`SELECT ${COMPACT_COLUMNS} FROM ${NAME_JOINS} WHERE ${where.join(' AND ')} ORDER BY e.position LIMIT ?`).raw(true));
        readAll.set(key, query);
      }
      return query;
    },
  };
}

/** The prepared statements of one store. */
export type Statements = ReturnType<typeof prepareStatements>;

/** The row codec of the statements' connection (for imports). */
export const rowCodecOf = (statements: Statements): RowCodec => statements.codec;

/** The stream's current version (0 if it has no events). */
export function streamVersionOf(statements: Statements, streamId: string): number {
  return (statements.streamVersion.get(streamId) as [number | null])[0] ?? 0;
}

/** The last committed position (0 if the log is empty). */
export function headOf(statements: Statements): number {
  return (statements.head.get() as [number])[0];
}

/** `PRAGMA data_version`: changes exactly when another connection commits. */
export function dataVersionOf(statements: Statements): number {
  return (statements.dataVersion.get() as [number])[0];
}

/** The stream's last stored hash (hex), or null (an empty stream, or its last event was written before hashing). */
export function lastHashOf(statements: Statements, streamId: string): string | null {
  return streamHeadOf(statements, streamId)[1];
}

/** The stream's version (0 if it has no events) and last stored hash as {@link lastHashOf} gives it, in one statement. */
export function streamHeadOf(statements: Statements, streamId: string): [version: number, hash: string | null] {
  const row = statements.lastHash.get(streamId) as [number, unknown] | undefined;
  if (row === undefined) return [0, null];
  const hash = row[1];
  return [row[0], hash instanceof Uint8Array && hash.byteLength === 32 ? Buffer.from(hash.buffer, hash.byteOffset, 32).toString('hex') : null];
}
