import { EventEmitter } from 'eventemitter3';
import { StoreError } from '../errors';
import { batchDigests, chainHashes, storedHash } from '../integrity/chain';
import { assertDistinctIds, checkExpectedVersion, retryResult, versionClash } from './append-checks';
import { storedEvent } from './frozen';
import { frozenJsonCopy } from './json-copy';
import { flattenBatches, matchesFilter, pollUntilReadable } from './read-helpers';
import type {
  AppendOptions,
  AppendResult,
  EventMetadata,
  EventStore,
  NewEvent,
  ProjectionSnapshot,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamResult,
  StoreNotificationEvents,
  StoredEvent,
  WaitOptions,
} from './types';

/**
 * Event store kept in process memory: for tests, examples and benchmarks.
 * The global log is one array of events; a stream is the list of its events'
 * indexes in the log (small integers: pushing one costs the garbage collector
 * nothing, where a pointer from an old array to a new event would). Event
 * data and metadata are stored as frozen deep copies equal to their JSON
 * round trip — the values the SQL adapters store, failing on the same values
 * — so callers cannot change history by mutating objects, before or after.
 *
 * @example
 * ```ts
 * const store = new InMemoryEventStore();
 * const engine = createEngine({ store, catalog });
 * ```
 */
export class InMemoryEventStore implements EventStore {
  readonly notifications = new EventEmitter<StoreNotificationEvents>();
  /** Stream id → log indexes of its events, in version order. */
  private readonly streams = new Map<string, number[]>();
  private readonly log: StoredEvent[] = [];
  /** Event id → the stored event. */
  private readonly eventIds = new Map<string, StoredEvent>();
  private readonly sequences = new Map<string, number>();
  private readonly projections = new Map<string, string>();
  private closed = false;

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    const stream = this.streams.get(streamId);
    const actual = stream === undefined ? 0 : stream.length;
    const ids = events.map((e) => e.metadata.eventId);
    assertDistinctIds(ids);
    const seen = ids.length > 0 ? this.eventIds.get(ids[0]!) : undefined;
    if (seen) {
      return retryResult(streamId, ids, seen, this.range(seen.streamId, seen.version, seen.version + ids.length - 1), actual);
    }
    const expected = options.expectedVersion ?? 'any';
    if (!checkExpectedVersion(expected, actual)) throw versionClash(streamId, expected, actual);
    for (const id of ids) if (this.eventIds.has(id)) throw new StoreError('DUPLICATE_EVENT', `Event id ${id} is already stored`);
    if (events.length === 0) return { streamId, nextExpectedVersion: actual, lastPosition: this.log.length, events: [], duplicate: false };
    // Copy everything first: a value JSON cannot hold fails before anything is stored.
    // Each event carries its link in the stream's hash chain (integrity/chain.ts).
    const copied = events.map((event, i) => ({ type: event.type, data: frozenJsonCopy(event.data, i), metadata: frozenJsonCopy(event.metadata, i) as EventMetadata }));
    const last = stream === undefined ? undefined : this.log[stream[stream.length - 1]!];
    const hashes = chainHashes(batchDigests(streamId, copied), actual, last && storedHash(last.metadata));
    const copies = copied.map((c, i) => [c.data, Object.freeze({ ...c.metadata, hash: hashes[i]! })] as const);
    const stored = events.map((event, i) => storedEvent(streamId, actual + i + 1, this.log.length + i + 1, event.type, copies[i]![0], copies[i]![1]));
    // A new stream's list is created at its exact size (most streams stay short; a grown list has spare room).
    if (stream === undefined)
      this.streams.set(
        streamId,
        stored.map((s) => s.position - 1),
      );
    else for (const event of stored) stream.push(event.position - 1);
    for (const event of stored) {
      this.log.push(event);
      this.eventIds.set(event.metadata.eventId, event);
    }
    const lastPosition = this.log.length;
    this.notifications.emit('appended', { streamId, firstPosition: stored[0]!.position, lastPosition });
    return { streamId, nextExpectedVersion: actual + stored.length, lastPosition, events: stored, duplicate: false };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    this.assertOpen();
    const version = this.streams.get(streamId)?.length ?? 0;
    return { version, events: this.range(streamId, options.fromVersion ?? 1, options.toVersion ?? version) };
  }

  /** A stream's events with versions `from..to` (clamped to what exists). */
  private range(streamId: string, from: number, to: number): StoredEvent[] {
    const indexes = this.streams.get(streamId) ?? [];
    const out: StoredEvent[] = [];
    for (let version = Math.max(1, from); version <= Math.min(indexes.length, to); version++) out.push(this.log[indexes[version - 1]!]!);
    return out;
  }

  async *readBatches(options: ReadAllOptions = {}): AsyncIterable<StoredEvent[]> {
    this.assertOpen();
    const size = options.batchSize ?? 1000;
    const typeSet = options.types ? new Set(options.types) : undefined;
    const filtered = typeSet !== undefined || options.streamPrefix !== undefined;
    let next = Math.max(0, options.after ?? 0); // index into log = position - 1
    for (;;) {
      const end = Math.min(this.log.length, options.to ?? Infinity);
      if (next >= end) return;
      const stop = Math.min(end, next + size);
      const slice = this.log.slice(next, stop);
      next = stop;
      const batch = filtered ? slice.filter((e) => matchesFilter(e, options, typeSet)) : slice;
      if (batch.length > 0) yield batch;
    }
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    return flattenBatches(this.readBatches(options));
  }

  /** Synchronous view of the whole log, for benchmarks and tests. */
  allEvents(): readonly StoredEvent[] {
    return this.log;
  }

  async headPosition(): Promise<number> {
    return this.log.length;
  }

  /** The horizon is the last committed position: an acknowledged append is readable at once. */
  waitUntilReadable(position?: number, options?: WaitOptions): Promise<number> {
    return pollUntilReadable(this, position ?? this.log.length, options);
  }

  /** Every event this store holds was hashed by its `append`: hashing begins at position 1 (see `EventStore.hashedFrom`). */
  async hashedFrom(): Promise<number> {
    return 1;
  }

  async nextSequence(key: string): Promise<number> {
    this.assertOpen();
    const next = (this.sequences.get(key) ?? 0) + 1;
    this.sequences.set(key, next);
    return next;
  }

  async loadProjection<State = unknown>(name: string): Promise<ProjectionSnapshot<State> | undefined> {
    const raw = this.projections.get(name);
    return raw === undefined ? undefined : (JSON.parse(raw) as ProjectionSnapshot<State>);
  }

  async saveProjection<State = unknown>(name: string, snapshot: ProjectionSnapshot<State>): Promise<void> {
    this.assertOpen();
    this.projections.set(name, JSON.stringify(snapshot));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.notifications.removeAllListeners();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('STORE_CLOSED', 'The event store is closed');
  }
}
