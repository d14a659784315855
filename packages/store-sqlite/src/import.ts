import { StoreError } from '@motcua/core';
import type { ExpectedVersion, NewEvent } from '@motcua/core';
import { canonicalJson, checkEventId, checkExpectedVersion, checkType, versionClash } from '@motcua/core/store-kit';
import { uuidHex } from './codec';
import { memoDictionary } from './codec-rows';
import { insertError } from './errors';
import type { EncodedEvent } from './import-encode';
import { chunkEncoder, inlineEncoder, workerEncoder, type ChunkEncoder, type PreviousLink } from './import-pipeline';
import { ImportRowError } from './import-rows';
import { importRowsOf, rowCodecOf, streamVersionOf } from './statements';
import type { Statements } from './statements';

/**
 * One stream of a bulk import.
 *
 * @example
 * ```ts
 * const item: ImportStream = { streamId: 'dossier-H21.65-220914-0011', events, expectedVersion: 'no_stream' };
 * ```
 */
export interface ImportStream {
  streamId: string;
  events: readonly NewEvent[];
  /** Checked against the stream's version at import time; default `'any'`. */
  expectedVersion?: ExpectedVersion;
}

/**
 * Options of `SqliteEventStore.importStreams`.
 *
 * @example
 * ```ts
 * await store.importStreams(source, { transactionSize: 100_000 } satisfies ImportOptions);
 * ```
 */
export interface ImportOptions {
  /** Events per transaction (default 50,000). Each transaction is atomic; the import as a whole is not. */
  transactionSize?: number;
  /**
   * Encode events (canonical JSON, hash chain, compact metadata) on a worker
   * thread, one block ahead of the inserts (default: for a transaction of at
   * least 8,192 events on a machine with more than one core). `false` keeps
   * everything on the calling thread, `true` uses the worker for any size.
   * The rows written are the same either way.
   */
  worker?: boolean;
}

/**
 * What an import wrote.
 *
 * @example
 * ```ts
 * const { streams, events, lastPosition }: ImportResult = await store.importStreams(source);
 * ```
 */
export interface ImportResult {
  streams: number;
  events: number;
  /** Global position of the last imported event (0 if none). */
  lastPosition: number;
}

/** Events prepared ahead of the inserts: one block is encoded (on a worker, if any) while the block before it is written. */
const BLOCK = 1_024;

/**
 * Write one chunk of an import inside the caller's transaction; returns a
 * notice `[streamId, first, last]` per stream written. The versions of the
 * streams this chunk wrote are kept for the chunk only (the write lock is
 * held throughout, so nobody else can move them).
 *
 * Each event is serialised once: the canonical JSON of its data and of its
 * metadata (without `hash`) is both the stored text and the input of its
 * one-hash link (`motcua-event/2`, `@motcua/core` integrity/chain-v2.ts),
 * which `verifyHistory` accepts beside the appends' `motcua-event/1`.
 *
 * Two steps, one block apart: *prepare* (checks, stream versions and ids,
 * the event handed to `encoder` with the link to its predecessor) and
 * *write* (the encoded event queued for the multi-row insert of
 * `import-rows.ts`). The encoder (`import-pipeline.ts`) works on this thread
 * or, for a big chunk on a machine with a spare core, on a worker thread
 * one block ahead. A check that fails while preparing is thrown once the
 * events before it are written, so the error is the one the first bad event
 * gives, as if they were written one by one.
 */
export function importChunk(
  statements: Statements,
  items: readonly ImportStream[],
  encoder: ChunkEncoder = chunkEncoder(countEvents(items)),
  block: number = BLOCK,
): [string, number, number][] {
  const rows = importRowsOf(statements);
  const codec = rowCodecOf(statements);
  /** Per stream written in this chunk: its id, version and the number (in the chunk) of its last event. */
  const streams = new Map<string, { id: number; version: number; last: number }>();
  const typeJson = new Map<string, string>();
  const typeIds = new Map<string, number>();
  // Prepared events, by number in the chunk.
  const tags: number[] = [];
  const streamIds: number[] = [];
  const versions: number[] = [];
  const typeOf: number[] = [];
  const eventIds: string[] = [];
  const ranges: [item: number, first: number, last: number][] = [];
  let prepared = 0;
  let written = 0;
  let deferred: unknown;

  const write = (upTo: number): void => {
    for (; written < upTo; written++) {
      const n = written;
      let encoded: EncodedEvent;
      try {
        encoded = encoder.get(n);
      } catch (error) {
        rows.flush(); // the rows before it first: their error, if any, is the one a write one by one meets first
        throw error;
      }
      rows.add(tags[n]!, streamIds[n]!, versions[n]!, typeOf[n]!, eventIds[n]!, uuidHex(eventIds[n]!), encoded.data, encoded.meta, encoded.column);
    }
  };
  const prepare = (): void => {
    for (let t = 0; t < items.length; t++) {
      const item = items[t]!;
      const { streamId, events } = item;
      let stream = streams.get(streamId);
      let previous: PreviousLink;
      let version: number;
      if (stream === undefined) {
        const head = rows.head(streamId);
        version = head.version;
        previous = head.hash;
        if (events.length > 0) streams.set(streamId, (stream = { id: head.id ?? rows.addStream(streamId), version, last: -1 }));
      } else {
        version = stream.version;
        previous = stream.last;
      }
      const expected = item.expectedVersion ?? 'any';
      if (!checkExpectedVersion(expected, version)) throw versionClash(streamId, expected, version);
      if (events.length === 0) continue;
      const streamJson = canonicalJson(streamId);
      const first = prepared;
      for (let i = 0; i < events.length; i++) {
        const event = events[i]!;
        const eventId = checkEventId(event, i);
        const type = checkType(event, i);
        let typeText = typeJson.get(type);
        if (typeText === undefined) typeJson.set(type, (typeText = canonicalJson(type)));
        let typeId = typeIds.get(type);
        if (typeId === undefined) typeIds.set(type, (typeId = codec.typeId(type)));
        encoder.add(previous, ++version, streamJson, typeText, event.data, event.metadata as unknown as Record<string, unknown>, i);
        previous = prepared;
        tags.push(t);
        streamIds.push(stream!.id);
        versions.push(version);
        typeOf.push(typeId);
        eventIds.push(eventId);
        if (++prepared % block === 0) {
          encoder.submit();
          write(prepared - block);
        }
      }
      stream!.version = version;
      stream!.last = prepared - 1;
      ranges.push([t, first, prepared - 1]);
    }
  };

  rows.begin();
  // Dictionary ids looked up once per chunk: the chunk is one transaction, the memo dies with it.
  encoder.begin(memoDictionary(codec.dictionary));
  try {
    try {
      prepare();
    } catch (error) {
      // A write inside prepare() failing is thrown as it is; a check failing is thrown after the events prepared before it are written.
      if (error instanceof ImportRowError || error instanceof StoreError) throw error;
      deferred = error;
    }
    encoder.submit();
    write(prepared);
    rows.flush();
  } catch (error) {
    if (!(error instanceof ImportRowError)) throw error;
    const item = items[error.tag]!;
    throw insertError(error.cause, item.streamId, item.expectedVersion ?? 'any', () => streamVersionOf(statements, item.streamId), error.eventId);
  } finally {
    encoder.end();
  }
  if (deferred !== undefined) throw deferred;
  return ranges.map(([t, first, last]) => [items[t]!.streamId, rows.position(first), rows.position(last)]);
}

const countEvents = (items: readonly ImportStream[]): number => items.reduce((n, item) => n + item.events.length, 0);

/**
 * The encoder of a chunk under `options` (`worker: true` or `false` forces the choice; unset: {@link chunkEncoder}'s).
 *
 * @example
 * ```ts
 * declare const statements: Parameters<typeof importChunk>[0], part: ImportStream[];
 * importChunk(statements, part, encoderFor(part, { worker: false }));
 * ```
 */
export function encoderFor(items: readonly ImportStream[], options: ImportOptions): ChunkEncoder {
  if (options.worker === undefined) return chunkEncoder(countEvents(items));
  return options.worker ? workerEncoder() : inlineEncoder();
}

/**
 * Feed `source` to `flush` in chunks of about `size` events (sync or async iterable).
 */
export async function inChunks(source: Iterable<ImportStream> | AsyncIterable<ImportStream>, size: number, flush: (chunk: ImportStream[]) => Promise<void>): Promise<void> {
  let chunk: ImportStream[] = [];
  let pending = 0;
  const add = async (item: ImportStream) => {
    chunk.push(item);
    pending += item.events.length;
    if (pending >= size) {
      const part = chunk;
      chunk = [];
      pending = 0;
      await flush(part);
    }
  };
  if (Symbol.iterator in source) for (const item of source) await add(item);
  else for await (const item of source) await add(item);
  if (chunk.length > 0) await flush(chunk);
}
