import { ValidationError } from '@motcua/core';
import type { ExpectedVersion, NewEvent } from '@motcua/core';
import { canonicalJson, canonicalPart, checkEventId, checkExpectedVersion, checkType, contentText, linkHash2, metadataWithoutHash, versionClash } from '@motcua/core/store-kit';
import { memoDictionary } from './codec-rows';
import { insertError } from './errors';
import { lastHashOf, rowCodecOf, streamVersionOf } from './statements';
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
   * 2: a worker thread with its own connection writes while this thread
   * serialises (a store opened by file name; others always use one thread);
   * 1: everything on this thread. Default: 2 for chunks of at least 4,096
   * events when the machine has more than one core. The file written is the
   * same either way.
   */
  threads?: 1 | 2;
}

/**
 * What an import wrote.
 *
 * @example
 * ```ts
 * const { streams, events, lastPosition, threads }: ImportResult = await store.importStreams(source);
 * ```
 */
export interface ImportResult {
  streams: number;
  events: number;
  /** Global position of the last imported event (0 if none). */
  lastPosition: number;
  /** Threads that wrote the chunks: 2 if a worker thread wrote any of them (see `ImportOptions.threads`). */
  threads: 1 | 2;
}

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
 */
export function importChunk(statements: Statements, items: readonly ImportStream[]): [string, number, number][] {
  const versions = new Map<string, number>();
  const heads = new Map<string, string | null>();
  const typeJson = new Map<string, string>();
  // Stream, type and dictionary ids looked up once per chunk: the chunk is one transaction, the memos die with it.
  const codec = rowCodecOf(statements);
  const dictionary = memoDictionary(codec.dictionary);
  const typeIds = new Map<string, number>();
  const notices: [string, number, number][] = [];
  for (const item of items) {
    const { streamId, events } = item;
    let version = versions.get(streamId) ?? streamVersionOf(statements, streamId);
    const expected = item.expectedVersion ?? 'any';
    if (!checkExpectedVersion(expected, version)) throw versionClash(streamId, expected, version);
    if (events.length === 0) continue;
    let head = heads.has(streamId) ? heads.get(streamId)! : version === 0 ? null : lastHashOf(statements, streamId);
    const streamJson = canonicalJson(streamId);
    const stream = codec.streamId(streamId);
    let first = 0;
    let last = 0;
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      const [eventId, type, data, metadata] = eventParts(event, i);
      let typeText = typeJson.get(type);
      if (typeText === undefined) typeJson.set(type, (typeText = canonicalJson(type)));
      let typeId = typeIds.get(type);
      if (typeId === undefined) typeIds.set(type, (typeId = codec.typeId(type)));
      head = linkHash2(head, version + 1, contentText(streamJson, typeText, data, metadata));
      try {
        // The metadata is encoded from the caller's object (JSON's omissions applied), its hash replaced or added last.
        last = codec.insert(stream, ++version, typeId, eventId, data, event.metadata as unknown as Record<string, unknown>, dictionary, head);
      } catch (error) {
        throw insertError(error, streamId, expected, () => streamVersionOf(statements, streamId), eventId);
      }
      if (i === 0) first = last;
    }
    versions.set(streamId, version);
    heads.set(streamId, head);
    notices.push([streamId, first, last]);
  }
  return notices;
}

/**
 * An event's id and type (checked) and the canonical JSON of its data and of
 * its metadata without `hash`: the stored data text and the hashed content.
 * Both import paths (this one and `import-thread.ts`) serialise through it.
 */
export function eventParts(event: NewEvent, index: number): [eventId: string, type: string, data: string, metadata: string] {
  const eventId = checkEventId(event, index);
  const type = checkType(event, index);
  const data = canonicalPart(event.data, (message) => invalid(index, 'data', message));
  const metadata = canonicalPart(metadataWithoutHash(event.metadata), (message) => invalid(index, 'metadata', message));
  return [eventId, type, data, metadata];
}

function invalid(index: number, field: string, message: string): never {
  throw new ValidationError('Event is not storable', [{ code: 'not_serialisable', path: ['events', index, field], message }]);
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
