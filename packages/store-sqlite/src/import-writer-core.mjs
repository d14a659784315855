// The database half of a two-thread bulk import (`import-thread.ts`), plain JavaScript so that it starts
// in a few milliseconds both from the sources and from the built package (no TypeScript loader).
//
// The calling thread validates and serialises every event (canonical JSON of data and metadata, compact
// metadata) and sends blocks of them; this thread owns a second connection to the same file and does the
// database work of `importChunk` (`import.ts`) in the same order, one transaction per chunk: stream versions
// and expected-version checks, each stream's chain head, the one-hash link of every event (`motcua-event/2`),
// dictionary entries, stream and type ids, the rows (32 per INSERT). `import-thread.test.ts` proves the file it writes is row for row the file the
// one-thread path writes, and that `verifyHistory` accepts it.
//
// Messages in:  ['begin', chunk] · ['block', chunk, numbers, strings, types, entries] · ['commit', chunk] ·
//               ['rollback', chunk] · ['close']
// Messages out: ['ready'] · ['done', chunk, positions] · ['failed', chunk, failure] · ['rolledBack', chunk]
import crypto from 'node:crypto';
import { insertEvents, prepareNameStatements } from './write-sql.mjs';

const oneShot = crypto.hash;
const sha256 = oneShot ? (text) => oneShot('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text).digest('hex');
/** `linkHash2` of `@motcua/core` integrity/chain-v2.ts: SHA-256 of the tag, the previous link, the version and the content text. */
const link = (previous, version, content) => sha256(`motcua-event/2\n${previous ?? ''}\n${version}\n${content}`);

/**
 * The block writer on a connection `db` (opened by the caller, with its pragmas set): a function that takes
 * the messages above and returns the answer to each, if any. `import-writer.mjs` runs it on a worker thread.
 */
export function createBlockWriter(db) {
  const prepare = (sql) => db.prepare(sql);
  // The statements of codec-rows.ts (write-sql.mjs), and of statements.ts on stream ids instead of names.
  const { findStream, addStream, findType, addType, addEntry, readEntry } = prepareNameStatements(db);
  const streamVersion = prepare('SELECT max(version) FROM motcua_events WHERE stream_id = ?').raw(true);
  const lastHash = prepare('SELECT hash FROM motcua_events WHERE stream_id = ? ORDER BY version DESC LIMIT 1').raw(true);
  const insertRows = (count) => prepare(insertEvents(count));
  const insertRow = insertRows(1);
  /** Rows per INSERT: one statement for 32 rows costs ~0.8 µs less per row than 32 statements (docs/performance.md, "Session 7: the SQLite bulk import on two threads"). */
  const ROWS = 32;
  const insertMany = insertRows(ROWS);
  const head = prepare('SELECT coalesce(max(position), 0) FROM motcua_events').raw(true);
  const begin = prepare('BEGIN IMMEDIATE');
  const commit = prepare('COMMIT');
  const rollback = prepare('ROLLBACK');

  /** Type names of the import, by the index the calling thread gave them, their ids and JSON. */
  const typeNames = [];
  const typeIds = [];
  const typeJson = [];

  /** State of the open chunk (one transaction). */
  let chunk = -1;
  let failure;
  let versions; // stream id → version written in this chunk
  let heads; // stream id → chain head in this chunk
  let positions; // per stream of the chunk: first, last
  let streamOrdinal; // streams of the chunk so far (an item's index in the chunk)
  let base; // the last position before the chunk: its k-th row (from 0) gets base + 1 + k (the write lock is held, rowids are max + 1)
  let rows; // rows of the chunk so far (written or pending)
  /** Rows waiting for the next multi-row INSERT: 8 values each, and for an error, the item ordinal and event index of each. */
  const pending = new Array(ROWS * 8);
  const pendingAt = new Array(ROWS * 2);
  let waiting = 0;

  /** Insert the pending rows; on a failure, insert them one by one to name the failing row (the statement before was undone as a whole). */
  function flush() {
    if (waiting === 0) return;
    const count = waiting;
    waiting = 0;
    let last;
    try {
      last = Number((count === ROWS ? insertMany : insertRows(count)).run(count === ROWS ? pending : pending.slice(0, count * 8)).lastInsertRowid);
    } catch {
      for (let k = 0; k < count; k++) {
        try {
          insertRow.run(pending.slice(k * 8, k * 8 + 8));
        } catch (error) {
          const stream = pending[k * 8];
          throw {
            kind: 'insert',
            ordinal: pendingAt[2 * k],
            event: pendingAt[2 * k + 1],
            code: error?.code,
            message: String(error?.message ?? error),
            actual: streamVersion.get(stream)[0] ?? 0,
          };
        }
      }
      throw { kind: 'driver', message: 'a multi-row INSERT failed and its rows one by one did not' };
    }
    if (last !== base + rows) throw { kind: 'driver', message: `position ${last} where ${base + rows} was expected` };
  }

  function hexOf(value) {
    return value instanceof Uint8Array && value.byteLength === 32 ? Buffer.from(value.buffer, value.byteOffset, 32).toString('hex') : null;
  }

  function typeAt(index) {
    let id = typeIds[index];
    if (id === undefined) {
      const name = typeNames[index];
      id = typeIds[index] = (findType.get(name) ?? addType.get(name))[0];
    }
    return id;
  }

  /**
   * Write one block. numbers: per stream [expected kind, expected version, events] (kind 0 any · 1 no stream ·
   * 2 stream exists · 3 this version · 4 never holds), then per event [type index]; strings: per stream its
   * name, then per event [id column (32 hex digits, or '~' + a text id), data, meta, canonical metadata].
   */
  function writeBlock(numbers, strings, types, entries) {
    for (const name of types) {
      typeJson.push(JSON.stringify(name));
      typeNames.push(name);
    }
    for (let k = 0; k < entries.length; k += 2) {
      const id = entries[k];
      const value = entries[k + 1];
      if (addEntry.run(id, value).changes === 0 && readEntry.get(id)[0] !== value) throw { kind: 'collision' };
    }
    let n = 0;
    let at = 0;
    while (n < numbers.length) {
      const streamName = strings[at++];
      const kind = numbers[n];
      const expected = numbers[n + 1];
      const count = numbers[n + 2];
      const ordinal = streamOrdinal++;
      n += 3;
      const found = findStream.get(streamName);
      let stream = found ? found[0] : undefined;
      let version = stream === undefined ? 0 : (versions.get(stream) ?? streamVersion.get(stream)[0] ?? 0);
      // checkExpectedVersion
      if (kind === 1 ? version !== 0 : kind === 2 ? version === 0 : kind === 3 ? expected !== version : kind !== 0) throw { kind: 'clash', ordinal, actual: version };
      if (count === 0) continue;
      if (stream === undefined) stream = addStream.get(streamName)[0];
      let chain = heads.has(stream) ? heads.get(stream) : version === 0 ? null : hexOf(lastHash.get(stream)?.[0]);
      const streamJson = JSON.stringify(streamName);
      let first = 0;
      let last = 0;
      for (let i = 0; i < count; i++, n++, at += 4) {
        const typeIndex = numbers[n];
        const type = typeAt(typeIndex);
        const eventId = strings[at];
        const data = strings[at + 1];
        const textId = eventId.charCodeAt(0) === 126; // '~': a text id, not the 32 hex digits of a UUID
        ++version;
        chain = link(chain, version, `[${streamJson},${typeJson[typeIndex]},${data},${strings[at + 3]}]`);
        const o = waiting * 8;
        pending[o] = stream;
        pending[o + 1] = version;
        pending[o + 2] = type;
        pending[o + 3] = textId ? null : eventId;
        pending[o + 4] = textId ? eventId.slice(1) : null;
        pending[o + 5] = data;
        pending[o + 6] = strings[at + 2];
        pending[o + 7] = chain;
        pendingAt[2 * waiting] = ordinal;
        pendingAt[2 * waiting + 1] = i;
        last = base + ++rows;
        if (i === 0) first = last;
        if (++waiting === ROWS) flush();
      }
      versions.set(stream, version);
      heads.set(stream, chain);
      positions.push(first, last);
    }
  }

  function describe(error) {
    if (error && typeof error === 'object' && 'kind' in error) return error;
    return { kind: 'driver', code: error?.code, message: String(error?.message ?? error) };
  }

  function end(ok) {
    if (db.inTransaction) (ok ? commit : rollback).run();
  }

  /** Handle one message; returns the answer to post, if any. */
  return function handle(message) {
    const what = message[0];
    if (what === 'begin') {
      chunk = message[1];
      failure = undefined;
      versions = new Map();
      heads = new Map();
      positions = [];
      streamOrdinal = 0;
      rows = 0;
      waiting = 0;
      try {
        begin.run();
        base = head.get()[0];
      } catch (error) {
        failure = describe(error);
        if (error?.code?.startsWith?.('SQLITE_BUSY')) failure.kind = 'busy';
      }
    } else if (what === 'block') {
      if (message[1] !== chunk || failure !== undefined) return;
      try {
        writeBlock(message[2], message[3], message[4], message[5]);
      } catch (error) {
        failure = describe(error);
        try {
          end(false);
        } catch {}
      }
    } else if (what === 'commit') {
      if (failure === undefined) {
        try {
          flush();
          end(true);
        } catch (error) {
          failure = describe(error);
          try {
            end(false);
          } catch {}
        }
      }
      if (failure === undefined) return ['done', chunk, positions];
      return ['failed', chunk, failure];
    } else if (what === 'rollback') {
      try {
        end(false);
      } catch {}
      return ['rolledBack', message[1]];
    } else if (what === 'close') {
      try {
        end(false);
      } catch {}
      db.close();
      return ['closed'];
    }
    return undefined;
  };
}
