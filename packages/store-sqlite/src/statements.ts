import type { SqliteDatabase, SqliteStatement } from './driver';
import { EVENT_COLUMNS } from './rows';

/**
 * The store's prepared statements (prepared once per connection, cached by
 * better-sqlite3). Every value is a bind parameter.
 *
 * @example
 * ```ts
 * const s = prepareStatements(db);
 * s.streamVersion.get('dossier-1'); // [3]
 * ```
 */
export function prepareStatements(db: SqliteDatabase) {
  const prepare = (sql: string) => db.prepare(sql);
  const readAll = new Map<string, SqliteStatement>();
  return {
    begin: prepare('BEGIN IMMEDIATE'),
    commit: prepare('COMMIT'),
    rollback: prepare('ROLLBACK'),
    savepoint: prepare('SAVEPOINT motcua_write'),
    release: prepare('RELEASE motcua_write'),
    rollbackTo: prepare('ROLLBACK TO motcua_write'),
    insert: prepare('INSERT INTO motcua_events (stream_id, version, type, event_id, data, metadata) VALUES (?, ?, ?, ?, ?, ?)'),
    streamVersion: prepare('SELECT max(version) FROM motcua_events WHERE stream_id = ?').raw(true),
    /** The stream's last stored hash (`metadata.hash`; null if none): the link for the next append. */
    lastHash: prepare("SELECT json_extract(metadata, '$.hash') FROM motcua_events WHERE stream_id = ? ORDER BY version DESC LIMIT 1").raw(true),
    byEventId: prepare('SELECT stream_id, version FROM motcua_events WHERE event_id = ?').raw(true),
    readStream: prepare(`SELECT ${EVENT_COLUMNS} FROM motcua_events WHERE stream_id = ? AND version >= ? AND version <= ? ORDER BY version`).raw(true),
    head: prepare('SELECT coalesce(max(position), 0) FROM motcua_events').raw(true),
    nextSequence: prepare('INSERT INTO motcua_sequences (key, value) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET value = value + 1 RETURNING value').raw(true),
    saveProjection: prepare(
      'INSERT INTO motcua_projections (name, state, position, tag, updated_at) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (name) DO UPDATE SET state = excluded.state, position = excluded.position, tag = excluded.tag, updated_at = excluded.updated_at',
    ),
    loadProjection: prepare('SELECT state, position, tag FROM motcua_projections WHERE name = ?').raw(true),
    dataVersion: prepare('PRAGMA data_version').raw(true),
    positionsSince: prepare('SELECT position, stream_id FROM motcua_events WHERE position > ? AND position <= ? ORDER BY position').raw(true),
    /** The global-log read for a filter shape: `(after, to, [types JSON], [prefix, prefix], limit)`. */
    readAll(types: boolean, prefix: boolean): SqliteStatement {
      const key = `${types}:${prefix}`;
      let stmt = readAll.get(key);
      if (!stmt) {
        const where = ['position > ?', 'position <= ?'];
        if (types) where.push('type IN (SELECT value FROM json_each(?))');
        if (prefix) where.push('substr(stream_id, 1, length(?)) = ?');
        stmt = db.prepare(`SELECT ${EVENT_COLUMNS} FROM motcua_events WHERE ${where.join(' AND ')} ORDER BY position LIMIT ?`).raw(true);
        readAll.set(key, stmt);
      }
      return stmt;
    },
  };
}

/** The prepared statements of one store. */
export type Statements = ReturnType<typeof prepareStatements>;

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

/** The stream's last stored hash, or null (an empty stream, or its last event was written before hashing). */
export function lastHashOf(statements: Statements, streamId: string): string | null {
  const row = statements.lastHash.get(streamId) as [unknown] | undefined;
  return typeof row?.[0] === 'string' ? row[0] : null;
}
