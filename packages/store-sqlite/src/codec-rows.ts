/**
 * The compact rows of schema version 4 on one connection: writing an event
 * (stream and type names to their dictionary tables, metadata through
 * `codec.ts`) and decoding a selected row back into the adapter's
 * {@link EventRow}.
 *
 * Caches are safe across rolled-back transactions by construction: the
 * metadata dictionary is content-addressed (an id is the first 24 or 48 bits
 * of SHA-256 of its text, `dictionaryId`, so a cached id → text pair is true
 * wherever the id exists — unless two texts share an id and the first one's
 * insert was rolled back before another connection committed the second: with
 * a few dozen shapes in 2^24 ids and actors in 2^48, not a practical case) and
 * its rows are (re)inserted by every write that uses them; stream
 * and type ids are looked up in SQL on each write (a per-transaction memo only
 * during an import chunk).
 */
import { createHash } from 'node:crypto';
import { StoreError } from '@motcua/core';
import { freezeParsed } from '@motcua/core/store-kit';
import { encodeMetadata, shapeMemo, uuidHex, type MetadataDictionary, type Shape } from './codec';
import type { SqliteDatabase, SqliteStatement } from './driver';
import type { EventRow } from './rows';
import { shapeDecoder } from './shape-decoder';
import { insertEvents, prepareNameStatements } from './write-sql.mjs';

/** A selected compact row: position, stream name, version, type name, event id column ({@link eventIdOfColumn}), data, meta, hash (hex, '' for none). */
export type CompactRow = [position: number, streamId: string, version: number, type: string, eventId: string, data: string, meta: string, hash: string];

/**
 * The event id column as text, in SQL: a 16-byte id as its 32 lowercase hex
 * digits (one `hex()` call; the dashes are put back in JavaScript by
 * {@link eventIdOfColumn}), a text id behind a `~` (never a hex digit). No
 * Buffer per row for the reader to collect.
 */
const EVENT_ID_TEXT = `CASE WHEN typeof(e.event_id) = 'blob' THEN lower(hex(e.event_id)) ELSE '~' || e.event_id END`;

/**
 * The event id of the column selected by {@link COMPACT_COLUMNS}: `~` + a text id, or the 32 hex digits of a UUID.
 *
 * @example
 * ```ts
 * eventIdOfColumn('01a22d8713fe71889acfdaf8c2188b55'); // '01a22d87-13fe-7188-9acf-daf8c2188b55'
 * eventIdOfColumn('~e-1'); // 'e-1'
 * ```
 */
export function eventIdOfColumn(column: string): string {
  if (column.charCodeAt(0) === 126) return column.slice(1);
  return `${column.slice(0, 8)}-${column.slice(8, 12)}-${column.slice(12, 16)}-${column.slice(16, 20)}-${column.slice(20)}`;
}

/** Columns of {@link CompactRow}, for `FROM motcua_events e JOIN motcua_streams s … JOIN motcua_types t …`. */
export const COMPACT_COLUMNS = `e.position, s.name, e.version, t.name, ${EVENT_ID_TEXT}, e.data, e.meta, lower(hex(e.hash))`;

/** The joins that give stream and type names to events aliased `e` (events first: CROSS JOIN keeps SQLite scanning them in position order). */
export const NAME_JOINS = 'motcua_events e CROSS JOIN motcua_streams s ON s.id = e.stream_id CROSS JOIN motcua_types t ON t.id = e.type';

/**
 * Content id of a dictionary text: the first 24 bits of its SHA-256 for a
 * metadata shape (its text starts with `[`), the first 48 bits for any other
 * entry (an actor). A shape id is written in every event's `meta`: 8 decimal
 * digits at most instead of 15 (7 bytes per event); a file holds a few dozen
 * shapes, so two sharing an id is rare (≈ 3 × 10⁻⁵ for 30) and harmless (the
 * later one's events are written inline, `codec.ts`). Actors are a province's
 * citizens and officers (~1M): they keep 48 bits. Files written before keep
 * their 48-bit shape ids; both decode the same (any integer id is looked up).
 *
 * @example
 * ```ts
 * dictionaryId('[["eventId","i"]]') < 2 ** 24; // true
 * ```
 */
export const dictionaryId = (text: string): number => {
  const digest = createHash('sha256').update(text).digest();
  return text.charCodeAt(0) === 0x5b /* [ */ ? digest.readUIntBE(0, 3) : digest.readUIntBE(0, 6);
};

/** Encoding and decoding of compact rows on one connection. */
export interface RowCodec {
  readonly dictionary: MetadataDictionary;
  /** The id of a stream name, added if new (inside the caller's write transaction). */
  streamId(name: string): number;
  /** The id of an event type name, added if new. */
  typeId(name: string): number;
  /** Insert one event; returns its position. `metadata` is the parsed JSON object, with its `hash`. */
  insert(stream: number, version: number, type: number, eventId: string, data: string, metadata: Record<string, unknown>, dictionary?: MetadataDictionary, hash?: string): number;
  /** A selected row as the adapter's {@link EventRow} (metadata already an object, deeply frozen). */
  decode(row: CompactRow): EventRow;
  /**
   * Tell the codec where the connection's write transaction is (after the statement succeeded): `'begin'`,
   * `'commit'`, `'rollback'`, or `'rollback-to'` a savepoint. The dictionary entries a transaction stored are
   * remembered as committed only at its `'commit'`, so an entry of a rolled-back write is stored again, never
   * assumed; outside a transaction begun this way nothing is remembered. `prepareStatements` calls it.
   */
  transaction(step: 'begin' | 'commit' | 'rollback' | 'rollback-to'): void;
  /** Entries held by the dictionary caches (each at most the codec's `cacheLimit`): for tests. */
  cacheSizes(): { texts: number; values: number; shapes: number };
}

/**
 * Most entries each dictionary cache of a connection holds before it is emptied
 * (an entry of an actor ≈ 150–200 bytes of heap: ≈ 20 MB per cache when full).
 */
export const DICTIONARY_CACHE_LIMIT = 100_000;

/** `cache.set(key, value)`, emptying the cache first when it holds `limit` entries (a cache, not a record: anything dropped is read again). */
function remember<K, V>(cache: Map<K, V>, key: K, value: V, limit: number): void {
  if (cache.size >= limit && !cache.has(key)) cache.clear();
  cache.set(key, value);
}

/**
 * The ids of texts (dictionary entries, stream or type names) known to be in
 * the file on one connection: those committed, and those the open write
 * transaction stored or found. The transaction's are kept as committed only at
 * its COMMIT and forgotten at a ROLLBACK (to a savepoint, too: what it undid is
 * not known, so all of them), so a rolled-back entry is written again, never
 * assumed. Outside a transaction begun through {@link RowCodec.transaction}
 * nothing is remembered. Every table behind them is append-only.
 */
class KnownIds {
  private readonly committed = new Map<string, number>();
  private readonly pending = new Map<string, number>();
  private writing = false;
  constructor(private readonly limit: number) {}
  get(text: string): number | undefined {
    return this.committed.get(text) ?? (this.writing ? this.pending.get(text) : undefined);
  }
  add(text: string, id: number): number {
    if (this.writing) this.pending.set(text, id);
    return id;
  }
  step(step: 'begin' | 'commit' | 'rollback' | 'rollback-to'): void {
    if (step === 'commit' && this.writing) for (const [text, id] of this.pending) remember(this.committed, text, id, this.limit);
    if (step === 'begin') this.writing = true;
    else if (step !== 'rollback-to') this.writing = false;
    this.pending.clear();
  }
}

/**
 * Prepare the row codec of a connection to a version-4 file.
 *
 * @example
 * ```ts
 * const codec = createRowCodec(db);
 * const eventId = '01a22d87-13fe-7188-9acf-daf8c2188b55';
 * const position = codec.insert(codec.streamId('dossier-1'), 1, codec.typeId('DossierAccepted'), eventId, '{}', { eventId });
 * ```
 */
export function createRowCodec(db: SqliteDatabase, options: { cacheLimit?: number } = {}): RowCodec {
  const limit = options.cacheLimit ?? DICTIONARY_CACHE_LIMIT;
  const prepare = (sql: string): SqliteStatement => db.prepare(sql);
  const { findStream, addStream, findType, addType, addEntry, readEntry } = prepareNameStatements(db);
  const insertRow = prepare(insertEvents(1));
  const texts = new Map<number, string>();

  const text = (id: number): string => {
    let found = texts.get(id);
    if (found === undefined) {
      const row = readEntry.get(id) as [string] | undefined;
      if (!row) throw new StoreError('STORE_CORRUPTED', `The metadata dictionary has no entry ${id}: the file is damaged`);
      found = row[0];
      remember(texts, id, found, limit);
    }
    return found;
  };
  // Parsed entries, shared: deeply frozen, so every event using one may hold the same object.
  const values = new Map<number, unknown>();
  const shapes = new Map<number, Shape>();
  const parsed = <T>(cache: Map<number, T>, id: number): T => {
    let found = cache.get(id);
    if (found === undefined) {
      found = freezeParsed(JSON.parse(text(id)) as T);
      remember(cache, id, found, limit);
    }
    return found;
  };
  // Dictionary entries, stream names and type names known to be in the file. Without them every event paid a
  // SHA-256 and an INSERT per entry (its shape, its actor) and a look-up of its stream's and its type's ids.
  const entries = new KnownIds(limit);
  const streams = new KnownIds(limit);
  const types = new KnownIds(limit);
  const dictionary: MetadataDictionary = {
    store(value) {
      const known = entries.get(value);
      if (known !== undefined) return known;
      const id = dictionaryId(value);
      if (addEntry.run(id, value).changes === 0 && text(id) !== value) return undefined; // another text holds this id
      // Bounded here too: writes alone (each new citizen's actor is a new entry) once grew this map without end.
      remember(texts, id, value, limit);
      entries.add(value, id);
      return id;
    },
    text,
    value: (id) => parsed(values, id),
    shape: (id) => parsed(shapes, id),
  };
  const decodeMeta = shapeDecoder(dictionary);
  const idOf = (find: SqliteStatement, add: SqliteStatement, name: string): number => ((find.get(name) as [number] | undefined) ?? (add.get(name) as [number]))[0];

  return {
    dictionary,
    streamId: (name) => streams.get(name) ?? streams.add(name, idOf(findStream, addStream, name)),
    typeId: (name) => types.get(name) ?? types.add(name, idOf(findType, addType, name)),
    insert(stream, version, type, eventId, data, metadata, scoped = dictionary, newHash) {
      const { meta, hash } = encodeMetadata(metadata, eventId, scoped, newHash);
      const hex = uuidHex(eventId);
      return Number(insertRow.run(stream, version, type, hex ?? null, hex === undefined ? eventId : null, data, meta, hash).lastInsertRowid);
    },
    cacheSizes: () => ({ texts: texts.size, values: values.size, shapes: shapes.size }),
    transaction(step) {
      for (const known of [entries, streams, types]) known.step(step);
    },
    decode(row) {
      const eventId = eventIdOfColumn(row[4]);
      let metadata: Record<string, unknown>;
      try {
        metadata = decodeMeta(row[6], eventId, row[7] === '' ? null : row[7]);
      } catch (error) {
        if (error instanceof StoreError) throw error;
        throw new StoreError('STORE_CORRUPTED', `Event at position ${row[0]} (stream ${row[1]}, version ${row[2]}) has invalid metadata: ${(error as Error).message}`, {
          cause: error,
        });
      }
      return [row[0], row[1], row[2], row[3], row[5], metadata];
    },
  };
}

/**
 * A dictionary that inserts each text once per transaction (for an import
 * chunk, which is one transaction: the memo dies with it).
 *
 * @example
 * ```ts
 * const scoped = memoDictionary(createRowCodec(db).dictionary);
 * ```
 */
export function memoDictionary(dictionary: MetadataDictionary): MetadataDictionary {
  const memo = new Map<string, number | undefined>();
  return {
    shapes: shapeMemo(),
    store(value) {
      let id = memo.get(value);
      if (id !== undefined || memo.has(value)) return id;
      id = dictionary.store(value);
      memo.set(value, id);
      return id;
    },
    text: dictionary.text,
  };
}
