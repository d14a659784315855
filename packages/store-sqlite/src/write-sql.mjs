// The SQL of writing compact rows (schema version 4), shared by the row codec (`codec-rows.ts`, the calling
// thread) and the bulk import's writer thread (`import-writer-core.mjs`, plain JavaScript): one text each.

/** Find a stream's id by name / add a stream (inside a write transaction), returning its id. */
export const FIND_STREAM = 'SELECT id FROM motcua_streams WHERE name = ?';
export const ADD_STREAM = 'INSERT INTO motcua_streams (name) VALUES (?) RETURNING id';
/** Find / add an event type by name. */
export const FIND_TYPE = 'SELECT id FROM motcua_types WHERE name = ?';
export const ADD_TYPE = 'INSERT INTO motcua_types (name) VALUES (?) RETURNING id';
/** Store a dictionary entry under its content id (kept if there) / read one. */
export const ADD_ENTRY = 'INSERT INTO motcua_dictionary (id, value) VALUES (?, ?) ON CONFLICT (id) DO NOTHING';
export const READ_ENTRY = 'SELECT value FROM motcua_dictionary WHERE id = ?';
/**
 * The values of one event row: stream id, version, type id, event id as 32 hex digits (a BLOB of 16 bytes)
 * or else as text, data, meta, hash as hex (a BLOB). Ids and hashes go in as hex text and become BLOBs in
 * SQLite (`unhex`): no Buffer per event on the JavaScript side.
 */
export const EVENT_ROW = '(?, ?, ?, coalesce(unhex(?), ?), ?, ?, unhex(?))';
/** Insert `count` event rows in one statement. */
export const insertEvents = (count) => `INSERT INTO motcua_events (stream_id, version, type, event_id, data, meta, hash) VALUES ${Array(count).fill(EVENT_ROW).join(', ')}`;

/**
 * The statements both writers prepare on their connection: stream and type ids (find, add), dictionary entries
 * (add, read). Rows come back as arrays (`raw`), except from `addEntry` (a run).
 */
export function prepareNameStatements(db) {
  const prepare = (sql) => db.prepare(sql);
  return {
    findStream: prepare(FIND_STREAM).raw(true),
    addStream: prepare(ADD_STREAM).raw(true),
    findType: prepare(FIND_TYPE).raw(true),
    addType: prepare(ADD_TYPE).raw(true),
    addEntry: prepare(ADD_ENTRY),
    readEntry: prepare(READ_ENTRY).raw(true),
  };
}
