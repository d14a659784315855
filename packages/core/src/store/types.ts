/**
 * The event store port (cổng lưu sự kiện). Adapters: {@link InMemoryEventStore}
 * here, `@motcua/store-sqlite` (embedded default) and `@motcua/store-postgres`.
 * Every adapter must pass the contract suite in `@motcua/core/testkit`.
 */
import type { EventEmitter } from 'eventemitter3';

/** Who did it: an officer, a citizen, or the system. */
export interface Actor {
  id: string;
  role: string;
  /** Unit or agency code the actor works for (đơn vị / cơ quan). */
  unit?: string;
  name?: string;
}

/** Metadata carried by every event. */
export interface EventMetadata {
  /** uuid v7, unique across the store. */
  eventId: string;
  /** Schema version of `data` for this event type. */
  schemaVersion: number;
  /** Business time (Asia/Ho_Chi_Minh semantics), ISO-8601 with offset. */
  occurredAt: string;
  /** When the engine recorded it, ISO-8601 UTC. */
  recordedAt: string;
  actor?: Actor;
  commandId?: string;
  correlationId?: string;
  causationId?: string;
  /**
   * Fingerprint of the validated command that produced the event (ids and
   * `expectedVersion` left out): the engine tells a true retry of a command
   * id from a different command reusing it (`IDEMPOTENCY_CONFLICT`).
   */
  commandHash?: number;
  /**
   * The event's link in its stream's hash chain (SHA-256, hex), set by the
   * store on append (`integrity/chain.ts`); absent on events written before
   * hashing. Checked by `verifyHistory`.
   */
  hash?: string;
  /**
   * Which personal fields of the event are stored encrypted and under whose
   * key (crypto-shredding, `privacy/protect.ts`); set by
   * `protectPersonalData` on append, absent on events without personal data
   * or written without protection.
   */
  personalData?: PersonalDataEnvelope;
}

/**
 * The envelope of an event's encrypted personal fields: the data subject
 * (whose key), the key's version, the `data` paths whose values are stored
 * encrypted and, for the applicant's own acts, the `metadata.actor` fields;
 * in the stored form those fields read `[mã hoá]` and `ct` holds their
 * values (AES-256-GCM). `erased`: the subject's key is destroyed and those
 * fields read redacted.
 */
export interface PersonalDataEnvelope {
  subject: string;
  keyVersion: number;
  fields: readonly string[];
  actor?: readonly string[];
  /** The values of `fields` then `actor`, as a JSON array, encrypted (`pd1.<iv>.<ciphertext>.<tag>`); stored, not handed out. */
  ct?: string;
  erased?: boolean;
}

/** An event to append. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

/**
 * `T` with every property at every depth read-only (functions left as they
 * are). Stored events are typed through it: they are history, and every
 * adapter freezes them deeply at run time. Arrays become `readonly` arrays
 * (no `push`, no index assignment), so the compiler refuses what the frozen
 * object would refuse at run time.
 *
 * @example
 * ```ts
 * const e: DeepReadonly<{ due: { date: string } }> = { due: { date: '2024-10-28' } };
 * // e.due.date = '2024-10-29'; // type error (and a TypeError on a stored event)
 * const legs: DeepReadonly<{ agency: string }[]> = [{ agency: 'STC' }];
 * // legs.push({ agency: 'SXD' }); // type error: a read-only array
 * ```
 */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

/**
 * An event as stored: with its stream, stream version (1-based) and global
 * position (1-based, strictly increasing). Immutable by contract: every
 * adapter returns it deeply frozen (checked by the contract suite), so the
 * engine can fold it into cached state and hand it to callers safely.
 */
export interface StoredEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: DeepReadonly<Data>;
  readonly metadata: DeepReadonly<EventMetadata>;
  readonly streamId: string;
  readonly version: number;
  readonly position: number;
}

/**
 * Optimistic concurrency: `'any'`; `'no_stream'` (the stream must not exist);
 * `'stream_exists'`; or the exact current version (number of events, 0 = none).
 */
export type ExpectedVersion = number | 'any' | 'no_stream' | 'stream_exists';

/** Options of `append`: the optimistic concurrency check. */
export interface AppendOptions {
  expectedVersion?: ExpectedVersion;
}

/** What `append` returns: the stream's new version, the last global position and the events as stored. */
export interface AppendResult {
  streamId: string;
  /** Version after the append (= number of events in the stream). */
  nextExpectedVersion: number;
  /** Global position of the last event appended. */
  lastPosition: number;
  /** The events as stored (deeply frozen). */
  readonly events: readonly StoredEvent[];
  /** True when the batch was already stored (same event ids) and nothing new was written. */
  duplicate: boolean;
}

/** One append of a group commit (`EventStore.appendMany`): a stream, its events, the expected version. */
export interface AppendRequest {
  streamId: string;
  events: readonly NewEvent[];
  options?: AppendOptions;
}

/**
 * How one request of `appendMany` ended: appended (or recognised as a
 * retry), or refused on its own (a `ConcurrencyError`, `DUPLICATE_EVENT`, a
 * value that cannot be stored) while the others went on.
 */
export type AppendManyOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

/** Options of `readStream`: a version range. */
export interface ReadStreamOptions {
  /** First version to return (inclusive), default 1. */
  fromVersion?: number;
  /** Last version to return (inclusive). */
  toVersion?: number;
}

/** What `readStream` returns: the stream's version and its events. */
export interface ReadStreamResult {
  /** Current version of the stream (0 if it does not exist). */
  version: number;
  /** Deeply frozen. */
  readonly events: readonly StoredEvent[];
}

/** Options of `readAll`: a checkpoint to read after, an upper position, event types. */
export interface ReadAllOptions {
  /** Return events with `position > after` (a checkpoint). Default 0. */
  after?: number;
  /** Stop after this position (inclusive). */
  to?: number;
  /** Only these event types. */
  types?: readonly string[];
  /** Only streams whose id starts with this. */
  streamPrefix?: string;
  /** Events per batch (adapter default if omitted). */
  batchSize?: number;
}

/** Notice sent on the live channel after each successful append. */
export interface AppendNotice {
  streamId: string;
  firstPosition: number;
  lastPosition: number;
}

/** Events of the live notification channel (eventemitter3). */
export interface StoreNotificationEvents {
  appended: (notice: AppendNotice) => void;
  error: (error: Error) => void;
}

/** Options of `EventStore.waitUntilReadable`. */
export interface WaitOptions {
  /** Give up after this many ms (default 30,000). */
  timeoutMs?: number;
}

/** A projection's state and checkpoint, saved together atomically. */
export interface ProjectionSnapshot<State = unknown> {
  /** JSON-serialisable state. */
  state: State;
  /** Global position of the last event applied. */
  position: number;
  /** Optional version tag (projection definition version); a mismatch means rebuild. */
  tag?: string;
}

/**
 * The event log role: streams with optimistic concurrency, and the global log
 * in position order. Streams are append-only: no adapter updates or deletes
 * events, and every event it returns is deeply frozen.
 *
 * @example
 * ```ts
 * const log: EventLog = store;
 * await log.append('dossier-1', [event], { expectedVersion: 'no_stream' });
 * ```
 */
export interface EventLog {
  /**
   * Append events to a stream atomically, checking `expectedVersion`.
   * Throws `ConcurrencyError` on a mismatch (with the stream's real version
   * as `actual`); nothing is written then. If the first event's id is already
   * stored in this stream, the append is a retry: the stored events are
   * returned with `duplicate: true` (a partial overlap, or an id repeated in
   * the batch, throws `DUPLICATE_EVENT`).
   */
  append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /** Read a stream in version order. A missing stream reads as version 0 with no events. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<ReadStreamResult>;
  /** The global log in position order, in batches. Never skips a committed event. */
  readBatches(options?: ReadAllOptions): AsyncIterable<StoredEvent[]>;
  /** The global log in position order, one event at a time. */
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent>;
}

/**
 * The subscription role: how far the log may be read, and the live channel
 * that says it moved.
 *
 * @example
 * ```ts
 * const sub: LogSubscription = store;
 * sub.notifications.on('appended', async () => console.log('readable up to', await sub.headPosition()));
 * ```
 */
export interface LogSubscription {
  /**
   * The read horizon: the highest position a reader may read up to. Every
   * event at or below it is committed and readable, and no event at or below
   * it can still appear; it never decreases. It is NOT promised to be the
   * last committed position: on PostgreSQL an event becomes readable only
   * once every transaction of the cluster that was open when it committed
   * has ended, so right after `append` resolves the horizon may still be
   * below `lastPosition` for a moment. To read your own write through the
   * log, `await store.waitUntilReadable(result.lastPosition)` first.
   * (In memory and on SQLite the horizon is the last committed position.)
   */
  headPosition(): Promise<number>;
  /**
   * Resolve with the horizon once `position` is readable
   * (`headPosition() >= position`). Without a position: once every event
   * committed before the call is readable (e.g. before a report over the
   * whole log). Rejects with `StoreError` `STORE_CONNECTION` after
   * `timeoutMs` (default 30,000), e.g. when a transaction older than the
   * write stays open that long.
   */
  waitUntilReadable(position?: number, options?: WaitOptions): Promise<number>;
  /**
   * Live notification channel: `appended` after each commit (a hint: at least
   * once, possibly again). An adapter whose horizon can lag its commits
   * (PostgreSQL) announces again once the horizon has passed them, so a
   * follower that catches up to `headPosition()` on every notice reaches
   * every committed event without another commit happening.
   */
  readonly notifications: EventEmitter<StoreNotificationEvents>;
}

/**
 * The sequences role: dossier-code counters.
 *
 * @example
 * ```ts
 * const n = await (store as SequenceStore).nextSequence('H21.65/2024-10-27'); // 1, 2, 3, …
 * ```
 */
export interface SequenceStore {
  /** Atomic, gap-tolerant, never-reused counter per key (dossier codes: one per unit per day). Returns 1, 2, 3, … */
  nextSequence(key: string): Promise<number>;
}

/**
 * The checkpoints role: a projection's state and its position, saved together.
 *
 * @example
 * ```ts
 * await (store as CheckpointStore).saveProjection('dossier-list', { state, position: 42 });
 * ```
 */
export interface CheckpointStore {
  /** Load a projection's state and checkpoint. */
  loadProjection<State = unknown>(name: string): Promise<ProjectionSnapshot<State> | undefined>;
  /** Save a projection's state and checkpoint together, in one transaction. */
  saveProjection<State = unknown>(name: string, snapshot: ProjectionSnapshot<State>): Promise<void>;
  /**
   * Optional: save a checkpoint whose state is given as its JSON text (what `saveProjection` writes for the parsed
   * value; the text is stored as given, not parsed). For a state too large to hold parsed and serialised at once:
   * a rebuild's merged snapshot of a province. A store without it (or a wrapper that transforms states) is saved
   * through `saveProjection`.
   */
  saveProjectionText?(name: string, snapshot: { state: string; position: number; tag?: string }): Promise<void>;
}

/**
 * The event store port: the four roles ({@link EventLog},
 * {@link LogSubscription}, {@link SequenceStore}, {@link CheckpointStore})
 * that every adapter implements together, plus group commit and `close`.
 *
 * @example
 * ```ts
 * const store = new InMemoryEventStore();
 * await store.append('dossier-1', [event], { expectedVersion: 'no_stream' });
 * const { version, events } = await store.readStream('dossier-1');
 * for await (const e of store.readAll({ after: checkpoint })) apply(e);
 * store.notifications.on('appended', (n) => console.log(n.lastPosition));
 * ```
 */
export interface EventStore extends EventLog, LogSubscription, SequenceStore, CheckpointStore {
  /**
   * Optional capability: group commit. Run `fn` with every write it makes
   * through this store in one transaction; if `fn` throws, none of them
   * persist. Appends inside are durable only when the batch commits
   * (imports and simulations). The SQLite adapter implements it.
   */
  batch?<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Optional capability: automatic group commit. Append every request in ONE
   * transaction (one commit, one fsync), each request in its own savepoint:
   * a request refused (version conflict, duplicate) is rolled back alone and
   * reported in its outcome, the others commit. The promise resolves only
   * after the commit, with one outcome per request in order; it rejects (and
   * nothing of the batch is stored) when the transaction itself fails. The
   * engine uses it through its `GroupCommitter` (`EngineOptions.groupCommit`).
   * SQLite and PostgreSQL implement it.
   */
  appendMany?(requests: readonly AppendRequest[]): Promise<AppendManyOutcome[]>;
  /**
   * Optional capability: the position from which every event of this log
   * carries its hash (`metadata.hash`), as the store recorded it durably when
   * hashing began — 1 for a log created by a hashing version; for a log
   * migrated from an unhashed one, its first hashed position then (or the
   * next position, if none was hashed). `verifyHistory` reports an event at
   * or after it without a hash as `missing-hash`, so no edit of how metadata
   * is read can make the log pass as written before hashing. Undefined: the
   * store does not know. All three adapters implement it (docs/security.md).
   */
  hashedFrom?(): Promise<number | undefined>;
  /** Release resources (the adapter does not close a driver object the user passed in). */
  close(): Promise<void>;
}
