/**
 * Schema version 6: where hashing began (`motcua_integrity`). One row, written
 * once by the migration and never changed (append-only triggers): the position
 * from which every event of the file carries its hash. `verifyHistory` reads it
 * through `SqliteEventStore.hashedFrom()` and reports an event at or after it
 * without a hash as `missing-hash`, so the log cannot pass as "written before
 * hashing" because of how a reader decodes its metadata (a byte of a shape in
 * `motcua_dictionary` renaming the `hash` key; docs/security.md).
 */
import { StoreError } from '@motcua/core';
import type { SqliteDatabase } from './driver';

/** The table (STRICT, one row) and its append-only triggers; idempotent, like the row written into it (a record already there is kept). */
export const HASHED_FROM_SQL = `
  CREATE TABLE IF NOT EXISTS motcua_integrity (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    hashed_from INTEGER NOT NULL CHECK (hashed_from >= 1),
    recorded_at TEXT    NOT NULL
  ) STRICT;
  CREATE TRIGGER IF NOT EXISTS motcua_integrity_no_update BEFORE UPDATE ON motcua_integrity
  BEGIN SELECT RAISE(ABORT, 'motcua_integrity is append-only: UPDATE is not allowed'); END;
  CREATE TRIGGER IF NOT EXISTS motcua_integrity_no_delete BEFORE DELETE ON motcua_integrity
  BEGIN SELECT RAISE(ABORT, 'motcua_integrity is append-only: DELETE is not allowed'); END;`;

/**
 * Record where hashing began, inside the migration's transaction (`BEGIN IMMEDIATE`: no append runs meanwhile).
 * Every build that writes schema version 4 or later hashes every event it appends or imports, so the unhashed
 * events of a file are those written before hashing, all in front. The value is the first position that holds a
 * hash — read from the rows themselves (the `hash` column, or the `hash` key of a metadata object stored inline
 * after a shape-id collision), not decoded through the dictionary, so an edit of a shape made before the upgrade
 * cannot move it: 1 for a new or empty file or one written by a hashing version from the start; for a file that
 * holds no hash at all (migrated from before hashing and not appended to since), the position after its last
 * event. On an honest file it adds no finding: an unhashed event after the first hashed one was already one.
 *
 * @example
 * ```ts
 * db.exec('BEGIN IMMEDIATE'); db.exec(HASHED_FROM_SQL); recordHashedFrom(db); db.exec('COMMIT');
 * ```
 */
export function recordHashedFrom(db: SqliteDatabase): void {
  // Walks positions in order and stops at the first hashed row: instant on a file hashed from its start.
  const first = db
    .prepare(
      `SELECT position FROM motcua_events
       WHERE hash IS NOT NULL OR (substr(meta, 1, 1) = '{' AND CASE WHEN json_valid(meta) THEN json_type(meta, '$.hash') = 'text' ELSE 0 END)
       ORDER BY position LIMIT 1`,
    )
    .raw(true)
    .get() as [number] | undefined;
  const after = (db.prepare('SELECT coalesce(max(position), 0) + 1 FROM motcua_events').raw(true).get() as [number])[0];
  db.prepare('INSERT INTO motcua_integrity (id, hashed_from, recorded_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING').run(first?.[0] ?? after, new Date().toISOString());
}

/**
 * The recorded position from which every event is hashed. A file at schema version 6 without the row (or the
 * table) was damaged or edited: `STORE_CORRUPTED` — never read as "no requirement".
 *
 * @example
 * ```ts
 * readHashedFrom(db); // 1 for a file created by this version
 * ```
 */
export function readHashedFrom(db: SqliteDatabase): number {
  let row: [unknown] | undefined;
  try {
    row = db.prepare('SELECT hashed_from FROM motcua_integrity WHERE id = 1').raw(true).get() as [unknown] | undefined;
  } catch (error) {
    if (!/no such table/i.test((error as Error).message)) throw error;
  }
  const value = row?.[0];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
    throw new StoreError(
      'STORE_CORRUPTED',
      'motcua_integrity does not say from which position events are hashed (its row or table is gone): the file was edited or damaged, so its hash chain cannot be verified',
    );
  return value;
}
