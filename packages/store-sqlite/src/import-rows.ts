/**
 * The insert side of a bulk import (nhập hàng loạt): compact event rows
 * written {@link IMPORT_ROWS_PER_STATEMENT} at a time by one multi-row
 * `INSERT`, and the stream lookups an import needs (id, version and last hash
 * of a stream in one statement). Only used inside an import chunk's write
 * transaction, which holds the write lock: nobody else inserts meanwhile, so
 * the rows of a chunk get consecutive positions (SQLite gives a row without an
 * explicit rowid the largest rowid + 1; checked after every statement).
 */
import { StoreError } from '@motcua/core';
import type { SqliteDatabase, SqliteStatement } from './driver';

/** Rows per multi-row `INSERT` (7 parameters each: far below SQLite's 32,766 limit). */
export const IMPORT_ROWS_PER_STATEMENT = 32;

const COLUMNS = 'INSERT INTO motcua_events (stream_id, version, type, event_id, data, meta, hash) VALUES ';
/** A row whose event id is a UUID: its 32 hex digits and the hash's 64 go in as text, `unhex` makes them BLOBs. */
const UUID_ROW = '(?, ?, ?, unhex(?), ?, ?, unhex(?))';
const WIDTH = 7;

/** A failed insert and the row it failed on (`tag`: the caller's reference, e.g. the stream item; `eventId`). */
export class ImportRowError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly tag: number,
    readonly eventId: string,
  ) {
    super('import row failed');
  }
}

/** The state of a stream before an import chunk writes to it. */
export interface StreamHead {
  /** Dictionary id of the stream name (undefined: no such stream yet). */
  id: number | undefined;
  /** Its last version (0 if none). */
  version: number;
  /** The hash of its last event as hex, or null (no events, or an event written before hashing). */
  hash: string | null;
}

/**
 * Rows of one import chunk, queued and written in multi-row statements.
 *
 * @example
 * ```ts
 * declare const db: SqliteDatabase;
 * const rows = importRows(db);
 * rows.begin();
 * const head = rows.head('dossier-1'); // { id: undefined, version: 0, hash: null }
 * const stream = rows.addStream('dossier-1');
 * rows.add(0, stream, 1, 7, '01a22d87-13fe-7188-9acf-daf8c2188b55', '01a22d8713fe71889acfdaf8c2188b55', '{}', '[1]', 'ab'.repeat(32));
 * rows.flush(); // every queued row written; rows.written === 1
 * const position = rows.position(0);
 * ```
 */
export interface ImportRows {
  /** Start a chunk (reads the log's head: the chunk's rows follow it). */
  begin(): void;
  /** A stream's id, version and last hash (one statement). */
  head(name: string): StreamHead;
  /** Add a stream name to the dictionary; returns its id. */
  addStream(name: string): number;
  /** Queue one row; `hex` is the UUID's 32 hex digits (undefined: the id is stored as text), `hash` 64 hex digits or null. */
  add(tag: number, stream: number, version: number, type: number, eventId: string, hex: string | undefined, data: string, meta: string, hash: string | null): void;
  /** Write every queued row (throws {@link ImportRowError} naming the failing row). */
  flush(): void;
  /** Rows queued or written since {@link ImportRows.begin}. */
  readonly written: number;
  /** Position of the n-th row (from 0) of the chunk, once flushed. */
  position(n: number): number;
}

/**
 * The import row writer of a connection to a version-4 file (statements prepared on first use).
 *
 * @example
 * ```ts
 * declare const db: SqliteDatabase;
 * const rows = importRows(db);
 * ```
 */
export function importRows(db: SqliteDatabase): ImportRows {
  const bySize = new Map<number, SqliteStatement>();
  const statement = (rows: number): SqliteStatement => {
    let found = bySize.get(rows);
    if (found === undefined) bySize.set(rows, (found = db.prepare(COLUMNS + new Array<string>(rows).fill(UUID_ROW).join(', '))));
    return found;
  };
  const textRow = db.prepare(`${COLUMNS}(?, ?, ?, ?, ?, ?, unhex(?))`);
  const logHead = db.prepare('SELECT coalesce(max(position), 0) FROM motcua_events').raw(true);
  const findStream = db.prepare('SELECT id FROM motcua_streams WHERE name = ?').raw(true);
  const addStream = db.prepare('INSERT INTO motcua_streams (name) VALUES (?) RETURNING id').raw(true);
  const lastEvent = db.prepare('SELECT version, hash FROM motcua_events WHERE stream_id = ? ORDER BY version DESC LIMIT 1').raw(true);

  const params: unknown[] = new Array(IMPORT_ROWS_PER_STATEMENT * WIDTH);
  const tags: number[] = new Array(IMPORT_ROWS_PER_STATEMENT);
  const ids: string[] = new Array(IMPORT_ROWS_PER_STATEMENT);
  let queued = 0;
  let start = 0; // the log's head when the chunk began
  let written = 0; // rows written or queued
  let last = 0; // position of the last written row

  /** Check that a statement's rows landed right after the previous ones. */
  const landed = (rows: number, lastInsertRowid: number | bigint): void => {
    const position = Number(lastInsertRowid);
    if (position !== last + rows) {
      throw new StoreError('STORE_CORRUPTED', `Import rows landed at position ${position}, expected ${last + rows}: positions are not consecutive`);
    }
    last = position;
  };
  /** Write queued rows one statement each (after a multi-row statement failed: find the row, keep the order). */
  const oneByOne = (): void => {
    const single = statement(1);
    for (let r = 0; r < queued; r++) {
      try {
        landed(1, single.run(params.slice(r * WIDTH, r * WIDTH + WIDTH)).lastInsertRowid);
      } catch (error) {
        if (error instanceof StoreError) throw error;
        throw new ImportRowError(error, tags[r]!, ids[r]!);
      }
    }
  };

  return {
    begin() {
      queued = 0;
      written = 0;
      start = last = (logHead.get() as [number])[0];
    },
    head(name) {
      const found = findStream.get(name) as [number] | undefined;
      if (found === undefined) return { id: undefined, version: 0, hash: null };
      const row = lastEvent.get(found[0]) as [number, unknown] | undefined;
      if (row === undefined) return { id: found[0], version: 0, hash: null };
      const hash = row[1];
      return {
        id: found[0],
        version: row[0],
        hash: hash instanceof Uint8Array && hash.byteLength === 32 ? Buffer.from(hash.buffer, hash.byteOffset, 32).toString('hex') : null,
      };
    },
    addStream: (name) => (addStream.get(name) as [number])[0],
    add(tag, stream, version, type, eventId, hex, data, meta, hash) {
      if (hex === undefined) {
        // An id that is not a UUID stays text: written on its own, in order.
        this.flush();
        try {
          landed(1, textRow.run(stream, version, type, eventId, data, meta, hash).lastInsertRowid);
        } catch (error) {
          if (error instanceof StoreError) throw error;
          throw new ImportRowError(error, tag, eventId);
        }
        written++;
        return;
      }
      const o = queued * WIDTH;
      params[o] = stream;
      params[o + 1] = version;
      params[o + 2] = type;
      params[o + 3] = hex;
      params[o + 4] = data;
      params[o + 5] = meta;
      params[o + 6] = hash;
      tags[queued] = tag;
      ids[queued] = eventId;
      written++;
      if (++queued === IMPORT_ROWS_PER_STATEMENT) this.flush();
    },
    flush() {
      if (queued === 0) return;
      const rows = queued;
      try {
        landed(rows, statement(rows).run(rows === IMPORT_ROWS_PER_STATEMENT ? params : params.slice(0, rows * WIDTH)).lastInsertRowid);
      } catch (error) {
        // One statement is atomic: none of its rows stayed. Write them one by one to name the failing row.
        if (error instanceof StoreError || rows === 1) {
          queued = 0;
          if (error instanceof StoreError) throw error;
          throw new ImportRowError(error, tags[0]!, ids[0]!);
        }
        oneByOne();
      }
      queued = 0;
    },
    get written() {
      return written;
    },
    position: (n) => start + 1 + n,
  };
}
