import EventEmitter from 'eventemitter3';
import { ConcurrencyError, StoreError } from '../errors';
import { frozenJsonCopy } from './json-copy';
import { checkExpectedVersion, flattenBatches, matchesFilter, pollUntilReadable } from './read-helpers';
import type {
  AppendOptions,
  AppendResult,
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
 * Appends are O(1) whatever the number of streams. Event data is copied on
 * append through JSON, as the SQL adapters store it (so the same values
 * survive and the same values fail), and stored events are frozen, so
 * callers cannot change history by mutating objects.
 *
 * @example
 * ```ts
 * const store = new InMemoryEventStore();
 * const engine = createEngine({ store, catalog });
 * ```
 */
export class InMemoryEventStore implements EventStore {
  readonly notifications = new EventEmitter<StoreNotificationEvents>();
  /**
   * Stream id → stream number; per stream number its version and the log
   * index of its newest event. A stream's events are chained backwards
   * through {@link prev} instead of kept in an array per stream, so an append
   * touches two numbers in compact arrays, whatever the number of streams
   * (no per-stream array to grow and copy, no object per stream).
   */
  private readonly streams = new Map<string, number>();
  /** Per stream number: version and log index of the newest event (compact arrays, grown by doubling). */
  private versions = new Int32Array(1024);
  private lasts = new Int32Array(1024);
  private readonly log: StoredEvent[] = [];
  /** Log index → log index of the same stream's previous event (-1 for its first). */
  private readonly prev: number[] = [];
  /** Event id → log index. */
  private readonly eventIds = new Map<string, number>();
  private readonly sequences = new Map<string, number>();
  private readonly projections = new Map<string, string>();
  private closed = false;

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    const known = this.streams.get(streamId);
    const actual = known === undefined ? 0 : this.versions[known]!;
    const first = events[0];
    if (first) {
      const seen = this.eventIds.get(first.metadata.eventId);
      if (seen !== undefined) return this.duplicateOf(streamId, events, seen);
    }
    const expected = options.expectedVersion ?? 'any';
    if (!checkExpectedVersion(expected, actual)) throw new ConcurrencyError(streamId, expected, actual);
    if (events.length > 1) {
      // The first id was checked above; every id must be new to the store and to this batch.
      const batchIds = new Set<string>();
      for (const e of events) {
        const id = e.metadata.eventId;
        if (batchIds.has(id) || (batchIds.size > 0 && this.eventIds.has(id))) throw new StoreError('DUPLICATE_EVENT', `Event id ${id} is already stored`);
        batchIds.add(id);
      }
    }
    if (events.length === 0) return { streamId, nextExpectedVersion: actual, lastPosition: this.log.length, events: [], duplicate: false };
    const data = events.map((e, i) => frozenJsonCopy(e.data, i));
    const n = known ?? this.newStream(streamId);
    let version = actual;
    let last = known === undefined ? -1 : this.lasts[n]!;
    const stored: StoredEvent[] = [];
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      const index = this.log.length;
      const s: StoredEvent = Object.freeze({
        streamId,
        version: ++version,
        position: index + 1,
        type: e.type,
        data: data[i],
        metadata: Object.freeze({ ...e.metadata }),
      });
      this.log.push(s);
      this.prev.push(last);
      last = index;
      this.eventIds.set(e.metadata.eventId, index);
      stored.push(s);
    }
    this.versions[n] = version;
    this.lasts[n] = last;
    const firstPosition = stored[0]!.position;
    const lastPosition = stored[stored.length - 1]!.position;
    this.notifications.emit('appended', { streamId, firstPosition, lastPosition });
    return { streamId, nextExpectedVersion: version, lastPosition, events: stored, duplicate: false };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    this.assertOpen();
    const n = this.streams.get(streamId);
    if (n === undefined) return { version: 0, events: [] };
    const version = this.versions[n]!;
    return { version, events: this.range(n, Math.max(1, options.fromVersion ?? 1), Math.min(version, options.toVersion ?? version)) };
  }

  private newStream(streamId: string): number {
    const n = this.streams.size;
    if (n === this.versions.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.versions = grow(this.versions);
      this.lasts = grow(this.lasts);
    }
    this.streams.set(streamId, n);
    return n;
  }

  /** Stream `n`'s events `from..to` (versions), walking back from its newest event. */
  private range(n: number, from: number, to: number): StoredEvent[] {
    if (from > to) return [];
    let index = this.lasts[n]!;
    for (let v = this.versions[n]!; v > to; v--) index = this.prev[index]!;
    const out = new Array<StoredEvent>(to - from + 1);
    for (let k = to - from; k >= 0; k--) {
      out[k] = this.log[index]!;
      index = this.prev[index]!;
    }
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

  private duplicateOf(streamId: string, events: readonly NewEvent[], seenIndex: number): AppendResult {
    const seen = this.log[seenIndex]!;
    const n = this.streams.get(seen.streamId)!;
    const stored = this.range(n, seen.version, Math.min(this.versions[n]!, seen.version + events.length - 1));
    const same =
      seen.streamId === streamId &&
      stored.length === events.length &&
      stored.every((s, i) => s.metadata.eventId === events[i]!.metadata.eventId);
    if (!same) throw new StoreError('DUPLICATE_EVENT', `Event id ${events[0]!.metadata.eventId} is already stored in ${seen.streamId} at version ${seen.version}`);
    return { streamId, nextExpectedVersion: this.versions[n]!, lastPosition: stored[stored.length - 1]!.position, events: stored, duplicate: true };
  }
}
