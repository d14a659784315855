import EventEmitter from 'eventemitter3';
import { StoreError } from '../errors';
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
 * A stream is an array of its events; the global log is one array. Event
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
  private readonly streams = new Map<string, StoredEvent[]>();
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
      const stored = this.streams.get(seen.streamId)!.slice(seen.version - 1, seen.version - 1 + ids.length);
      return retryResult(streamId, ids, seen, stored, actual);
    }
    const expected = options.expectedVersion ?? 'any';
    if (!checkExpectedVersion(expected, actual)) throw versionClash(streamId, expected, actual);
    for (const id of ids) if (this.eventIds.has(id)) throw new StoreError('DUPLICATE_EVENT', `Event id ${id} is already stored`);
    if (events.length === 0) return { streamId, nextExpectedVersion: actual, lastPosition: this.log.length, events: [], duplicate: false };
    // Copy everything first: a value JSON cannot hold fails before anything is stored.
    const copies = events.map((e, i) => [frozenJsonCopy(e.data, i), frozenJsonCopy(e.metadata, i) as EventMetadata] as const);
    const list = stream ?? [];
    if (stream === undefined) this.streams.set(streamId, list);
    const stored = events.map((e, i) => storedEvent(streamId, actual + i + 1, this.log.length + i + 1, e.type, copies[i]![0], copies[i]![1]));
    for (const s of stored) {
      list.push(s);
      this.log.push(s);
      this.eventIds.set(s.metadata.eventId, s);
    }
    const lastPosition = this.log.length;
    this.notifications.emit('appended', { streamId, firstPosition: stored[0]!.position, lastPosition });
    return { streamId, nextExpectedVersion: list.length, lastPosition, events: stored, duplicate: false };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    this.assertOpen();
    const stream = this.streams.get(streamId);
    if (stream === undefined) return { version: 0, events: [] };
    const from = Math.max(1, options.fromVersion ?? 1);
    const to = Math.min(stream.length, options.toVersion ?? stream.length);
    return { version: stream.length, events: from > to ? [] : stream.slice(from - 1, to) };
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

  async nextSequence(key: string): Promise<number> {
    this.assertOpen();
    const n = (this.sequences.get(key) ?? 0) + 1;
    this.sequences.set(key, n);
    return n;
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
