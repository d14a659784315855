/**
 * Schema version 4: the compact event rows (`codec.ts`). Stream ids and event
 * types move to dictionary tables (integer ids), event ids become 16-byte
 * BLOBs, hashes 32-byte BLOBs, and the metadata a shape id plus the values
 * that cannot be derived. An existing file is rewritten row by row in
 * position order (positions, versions and every byte a read returns are
 * kept), inside the migration's transaction.
 */
import { createRowCodec } from './codec-rows';
import type { SqliteDatabase } from './driver';

const APPEND_ONLY = (table: string) => `
  CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
  BEGIN SELECT RAISE(ABORT, '${table} is append-only: UPDATE is not allowed'); END;
  CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
  BEGIN SELECT RAISE(ABORT, '${table} is append-only: DELETE is not allowed'); END;`;

/** The version-4 tables, created beside the old events table (renamed away first). */
const CREATE = `
  CREATE TABLE motcua_streams (
    id   INTEGER PRIMARY KEY,
    name TEXT    NOT NULL UNIQUE
  ) STRICT;
  CREATE TABLE motcua_types (
    id   INTEGER PRIMARY KEY,
    name TEXT    NOT NULL UNIQUE
  ) STRICT;
  CREATE TABLE motcua_dictionary (
    id    INTEGER PRIMARY KEY,
    value TEXT    NOT NULL
  ) STRICT;
  CREATE TABLE motcua_events (
    position  INTEGER PRIMARY KEY,
    stream_id INTEGER NOT NULL,
    version   INTEGER NOT NULL,
    type      INTEGER NOT NULL,
    event_id  ANY     NOT NULL,
    data      TEXT    NOT NULL,
    meta      TEXT    NOT NULL,
    hash      BLOB
  ) STRICT;`;

const INDEXES = `
  CREATE UNIQUE INDEX motcua_events_stream_version ON motcua_events (stream_id, version);
  CREATE UNIQUE INDEX motcua_events_event_id ON motcua_events (event_id);
  ${APPEND_ONLY('motcua_events')}
  ${APPEND_ONLY('motcua_streams')}
  ${APPEND_ONLY('motcua_types')}
  ${APPEND_ONLY('motcua_dictionary')}`;

/**
 * Migrate to version 4 inside the caller's transaction: rename the version-3
 * events table, create the compact tables, copy every row through the codec,
 * drop the old table, then index.
 *
 * @example
 * ```ts
 * db.exec('BEGIN IMMEDIATE'); migrateToCompactRows(db); db.exec('COMMIT');
 * ```
 */
export function migrateToCompactRows(db: SqliteDatabase): void {
  db.exec(`
    DROP TRIGGER IF EXISTS motcua_events_no_update;
    DROP TRIGGER IF EXISTS motcua_events_no_delete;
    DROP INDEX IF EXISTS motcua_events_stream_version;
    DROP INDEX IF EXISTS motcua_events_event_id;
    ALTER TABLE motcua_events RENAME TO motcua_events_v3;
    ${CREATE}`);
  const codec = createRowCodec(db);
  const streams = new Map<string, number>();
  const types = new Map<string, number>();
  const select = db.prepare('SELECT position, stream_id, version, type, event_id, data, metadata FROM motcua_events_v3 WHERE position > ? ORDER BY position LIMIT 10000').raw(true);
  const keepPosition = db.prepare('UPDATE motcua_events SET position = ? WHERE position = ?');
  let after = 0;
  for (;;) {
    const rows = select.all(after) as [number, string, number, string, string, string, string][];
    if (rows.length === 0) break;
    for (const [position, streamId, version, type, eventId, data, metadata] of rows) {
      let stream = streams.get(streamId);
      if (stream === undefined) {
        stream = codec.streamId(streamId);
        if (streams.size > 100_000) streams.clear();
        streams.set(streamId, stream);
      }
      let typeId = types.get(type);
      if (typeId === undefined) types.set(type, (typeId = codec.typeId(type)));
      const written = codec.insert(stream, version, typeId, eventId, data, JSON.parse(metadata) as Record<string, unknown>);
      // Positions may have gaps (rolled-back rowids are reused, deleted rows are not): keep each one.
      if (written !== position) keepPosition.run(position, written);
    }
    after = rows[rows.length - 1]![0];
  }
  db.exec(`DROP TABLE motcua_events_v3; ${INDEXES}`);
}
