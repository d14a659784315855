import { EventEmitter } from 'eventemitter3';
import { GroupCommitter, type MotcuaError, StoreError } from '@motcua/core';
import type {
  AppendManyOutcome,
  AppendOptions,
  AppendRequest,
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ProjectionSnapshot,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamResult,
  StoreNotificationEvents,
  StoredEvent,
  WaitOptions,
} from '@motcua/core';
import {
  assertDistinctIds,
  batchDigests,
  chainHashes,
  checkExpectedVersion,
  flattenBatches,
  frozenJsonCopy,
  pollUntilReadable,
  retryResult,
  serializeEvents,
  storedEvent,
  versionClash,
} from '@motcua/core/store-kit';
import type { SerializedEvent } from '@motcua/core/store-kit';
import { appendEach, commitGroup, prepareAppend } from './append-batch';
import { retryBusy } from './busy';
import type { SqliteDatabase } from './driver';
import { insertError, isBusy, isFileFault, isUniqueViolation, wrapDriverError } from './errors';
import { readHashedFrom } from './hashed-from';
import { availableParallelism } from 'node:os';
import { importChunk, inChunks } from './import';
import { ImportWriter, type ChunkOutcome, type ImportWriterOptions } from './import-thread';
import type { ImportOptions, ImportResult, ImportStream } from './import';
import { LogPoller } from './poller';
import { PACK_THRESHOLD } from './checkpoint-codec';
import { projectionArgs, projectionFromRow, projectionTextArgs } from './projection-rows';
import type { ProjectionRow, SqliteTransaction } from './projection-rows';
import { toStoredEvent } from './rows';
import type { EventRow } from './rows';
import { headOf, prepareStatements, streamHeadOf, streamVersionOf } from './statements';
import type { Statements } from './statements';

export type { ImportOptions, ImportResult, ImportStream } from './import';

/**
 * An open group commit (`batch`, `appendMany`): its notices (sent after the COMMIT), the stream versions and chain
 * heads it read or wrote, and `lost` once SQLite rolled its transaction back on its own (a full disk, an I/O error):
 * from then on every write of the batch and its COMMIT are refused, so nothing is written outside the transaction.
 */
interface Batch {
  notices: [string, number, number][];
  versions: Map<string, number>;
  hashes: Map<string, string | null>;
  lost?: MotcuaError;
}

/** An error thrown by the caller's own function inside `transaction(fn)`: given back as it is, never mapped. */
class CallerError {
  constructor(readonly error: unknown) {}
}

/** Chunks of at least this many events are written by a worker thread (smaller ones do not repay its start). */
const IMPORT_WRITER_FROM = 4096;

const eventsIn = (part: readonly ImportStream[]): number => part.reduce((n, item) => n + item.events.length, 0);
export type { SqliteTransaction } from './projection-rows';

/**
 * Tuning knobs of an open store, resolved from `SqliteStoreOptions` by `createSqliteEventStore`.
 *
 * @example
 * ```ts
 * const settings: SqliteStoreSettings = { lockTimeoutMs: 30_000, readBatchSize: 1000, pollIntervalMs: 0, ownsDatabase: true };
 * ```
 */
export interface SqliteStoreSettings {
  /** Total time to keep retrying while another process holds the write lock. */
  lockTimeoutMs: number;
  /** Default `batchSize` of `readBatches`. */
  readBatchSize: number;
  /** Poll the file for other processes' appends every N ms and announce them (0 = off). */
  pollIntervalMs: number;
  /** Close the database on `close()` (only when the adapter opened it). */
  ownsDatabase: boolean;
  /** The file and connection settings for a second connection on a worker thread (bulk imports); absent for a database passed in or in memory. */
  importWriter?: ImportWriterOptions;
}

/**
 * The SQLite event store (the embedded default). Create it with
 * `createSqliteEventStore`. Writes run in `BEGIN IMMEDIATE` transactions and
 * wait for other processes' locks, so several processes can append to one file.
 *
 * @example
 * ```ts
 * const store = await createSqliteEventStore({ filename: 'motcua.db' });
 * await store.append('dossier-1', [event], { expectedVersion: 'no_stream' });
 * await store.close();
 * ```
 */
export class SqliteEventStore implements EventStore {
  readonly notifications = new EventEmitter<StoreNotificationEvents>();
  private closed = false;
  private readonly statements: Statements;
  private readonly poller: LogPoller | undefined;
  /**
   * Open group commit: notices wait for the commit. `versions` holds the
   * stream versions this batch wrote or read: the write lock is held for the
   * whole batch, so nobody else can move them (a rolled-back write clears it).
   */
  private batching: Batch | undefined;
  /**
   * `append` calls made in one synchronous burst (e.g. `Promise.all` over a
   * list) share one transaction (one fsync), each acknowledged after that
   * commit and refused alone — as the engine's group commit does for commands.
   * The batch is flushed once the current microtasks have run (`active` 0),
   * not at the end of the turn: a loop of microtasks only (awaiting this
   * store's synchronous reads) must not starve it.
   */
  private readonly committer = new GroupCommitter({ appendMany: (requests) => this.appendGroup(requests) }, {}, () => 0);

  /** @internal Use `createSqliteEventStore`. */
  constructor(
    /** The driver object (yours if you passed `database`). */
    readonly db: SqliteDatabase,
    private readonly settings: SqliteStoreSettings,
  ) {
    this.statements = prepareStatements(db);
    if (settings.pollIntervalMs > 0)
      this.poller = new LogPoller(this.statements, this.notifications, settings.pollIntervalMs, (error) => wrapDriverError(error, 'Polling the SQLite file', db));
  }

  /**
   * Append to one stream. Appends made concurrently (in one synchronous
   * burst) are committed together in one transaction, each checked on its own (a
   * conflict or a duplicate refuses that append only); inside `batch(fn)` the
   * append joins the batch at once.
   *
   * @example
   * ```ts
   * declare const store: SqliteEventStore, event1: NewEvent, event2: NewEvent;
   * const [a, b] = await Promise.all([
   *   store.append('dossier-1', [event1], { expectedVersion: 'no_stream' }),
   *   store.append('dossier-2', [event2], { expectedVersion: 'no_stream' }),
   * ]); // one commit
   * ```
   */
  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    if (this.batching) return this.appendNow(streamId, events, options);
    return this.committer.append(streamId, events, options);
  }

  /** One append in its own transaction, or in the open batch. */
  private async appendNow(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const expected = options.expectedVersion ?? 'any';
    const rows = serializeEvents(events);
    assertDistinctIds(rows.map((r) => r.eventId));
    // The hash chain's costly part (canonical JSON, SHA-256) before the lock; the links inside it.
    const digests = batchDigests(streamId, events);
    // A one-event append writes one row (statement-atomic); larger ones need a savepoint inside a batch.
    const result = await this.write('append', () => this.appendInTransaction(streamId, rows, events, expected, digests), rows.length <= 1);
    if (!result.duplicate && result.events.length > 0) {
      if (this.batching) this.batching.notices.push([streamId, result.events[0]!.position, result.lastPosition]);
      else this.announce(streamId, result.events[0]!.position, result.lastPosition);
    }
    return result;
  }

  /**
   * Automatic group commit (`EventStore.appendMany`, used by the engine):
   * every request in one `BEGIN IMMEDIATE … COMMIT` (one fsync), each in its
   * own savepoint, so a refused request (conflict, duplicate) fails alone.
   * Resolves after the commit; notifications follow it. Inside `batch(fn)`
   * the requests join that batch.
   *
   * @example
   * ```ts
   * declare const event1: NewEvent, event2: NewEvent;
   * const [first, second] = await store.appendMany([
   *   { streamId: 'dossier-1', events: [event1], options: { expectedVersion: 'no_stream' } },
   *   { streamId: 'dossier-2', events: [event2], options: { expectedVersion: 'no_stream' } },
   * ]);
   * if (!second!.ok) console.log(second!.error);
   * ```
   */
  async appendMany(requests: readonly AppendRequest[]): Promise<AppendManyOutcome[]> {
    this.assertOpen();
    return this.appendGroup(requests);
  }

  /** `appendMany` without the open check: the committer's flush, also while `close` drains it. */
  private async appendGroup(requests: readonly AppendRequest[]): Promise<AppendManyOutcome[]> {
    if (this.batching) return appendEach(requests, (r) => this.appendNow(r.streamId, r.events, r.options ?? {}));
    const prepared = requests.map(prepareAppend);
    const group = { notices: [] as [string, number, number][], versions: new Map<string, number>(), hashes: new Map<string, string | null>() };
    const forget = () => (group.versions.clear(), group.hashes.clear());
    const outcomes = await this.run('append', () => {
      forget();
      this.batching = group; // the write lock is held throughout: versions and chain heads of this group are cached (one stream twice stays right)
      try {
        return commitGroup(this.statements, this.db, prepared, (r) => this.appendInTransaction(r.streamId, r.rows, r.events, r.expected, r.digests), forget);
      } finally {
        this.batching = undefined;
      }
    });
    for (const o of outcomes) if (o.ok && !o.result.duplicate && o.result.events.length > 0) this.announce(o.result.streamId, o.result.events[0]!.position, o.result.lastPosition);
    return outcomes;
  }

  /**
   * Group commit: run `fn`, and put every write it makes through this store
   * (appends, dossier-code sequences, projection saves) into one
   * `BEGIN IMMEDIATE … COMMIT`. Each write runs in its own savepoint, so a
   * refused append (concurrency conflict, duplicate) leaves nothing behind and
   * the batch goes on; notifications are sent after the commit; if `fn`
   * throws, the whole batch rolls back.
   *
   * Durability trade-off: what `fn` appended is durable only when the batch
   * commits. Use it for imports and simulations, not for an interactive desk.
   * While a batch runs, other work on this store object joins it; other
   * processes wait for the lock. Use `engine.batch(fn)` with an engine, so
   * its cache is dropped if the batch rolls back.
   *
   * @example
   * ```ts
   * await store.batch(async () => {
   *   for (const c of commands) await engine.execute(c);
   * });
   * ```
   */
  async batch<T>(fn: () => Promise<T>): Promise<T> {
    this.assertOpen();
    if (this.batching) return fn();
    await this.run('batch', () => this.statements.begin.run());
    const batch: Batch = { notices: [], versions: new Map(), hashes: new Map() };
    this.batching = batch;
    try {
      const result = await fn();
      this.assertOpen();
      // SQLite rolled the transaction back on its own (an error inside `fn` that `fn` caught): nothing of it is stored.
      if (!batch.lost && !this.db.inTransaction) batch.lost = lostBatch(new StoreError('STORE_CONNECTION', 'the transaction is no longer open'));
      if (batch.lost) throw batch.lost;
      try {
        this.statements.commit.run();
      } catch (error) {
        throw wrapDriverError(error, 'Committing the batch', this.db);
      }
      this.batching = undefined;
      for (const [streamId, first, last] of batch.notices) this.announce(streamId, first, last);
      return result;
    } catch (error) {
      this.batching = undefined;
      this.rollback();
      throw error;
    }
  }

  /**
   * Bulk historical import: many streams in large transactions (no per-event
   * round trips). Events are appended after each stream's current version;
   * `expectedVersion` (default `'any'`) is checked per stream. A failure rolls
   * back the current transaction only; earlier ones stay committed.
   *
   * @example
   * ```ts
   * await store.importStreams(legacyDossiers.map((d) => ({ streamId: d.id, events: d.events })));
   * ```
   */
  async importStreams(source: Iterable<ImportStream> | AsyncIterable<ImportStream>, options: ImportOptions = {}): Promise<ImportResult> {
    this.assertOpen();
    const total: ImportResult = { streams: 0, events: 0, lastPosition: 0, threads: 1 };
    let writer: ImportWriter | undefined;
    // Asked for two threads: every chunk; by default: on a multi-core machine, chunks that repay the writer's start.
    let threads = options.threads ?? (availableParallelism() > 1 ? 2 : 1);
    const from = options.threads === 2 ? 1 : IMPORT_WRITER_FROM;
    try {
      await inChunks(source, options.transactionSize ?? 50_000, async (part) => {
        let notices: ChunkOutcome | undefined;
        // A chunk worth a thread, outside a group-commit batch (whose open transaction this connection holds).
        if (threads === 2 && !this.batching && this.settings.importWriter && eventsIn(part) >= from) {
          writer ??= ImportWriter.start(this.settings.importWriter);
          if (!writer) threads = 1;
          else notices = await writer.chunk(part);
          if (typeof notices === 'object') total.threads = 2;
          if (notices === 'collision' || notices === 'unavailable') threads = 1; // the rest on this thread (its dictionary writes such values inline)
        }
        // On this thread: a small chunk, no writer, or the writer sent the chunk back (nothing of it was written).
        if (typeof notices !== 'object') notices = await this.write('importStreams', () => importChunk(this.statements, part));
        for (const [streamId, first, last] of notices) this.announce(streamId, first, last);
        total.streams += part.length;
        total.events += notices.reduce((n, [, first, last]) => n + last - first + 1, 0);
        if (notices.length > 0) total.lastPosition = notices[notices.length - 1]![2];
        await new Promise((resolve) => setImmediate(resolve));
      });
    } finally {
      await writer?.close();
    }
    return total;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    this.assertOpen();
    const from = Math.max(1, options.fromVersion ?? 1);
    const to = options.toVersion ?? Number.MAX_SAFE_INTEGER;
    const read = await this.run('readStream', () => {
      // Single statements, no explicit read transaction: first the version; the
      // rows only if there can be any. Rows appended by another process in
      // between only raise the version reported, never break its consistency with the rows.
      const version = this.versionOf(streamId);
      if (from > to || from > version) return { version, rows: [] as EventRow[] };
      const found = this.statements.readStream.all(streamId, from, to) as EventRow[];
      const last = found.length ? found[found.length - 1]![2] : 0;
      return { version: Math.max(version, last), rows: found };
    });
    return { version: read.version, events: read.rows.map(toStoredEvent) };
  }

  async *readBatches(options: ReadAllOptions = {}): AsyncIterable<StoredEvent[]> {
    this.assertOpen();
    if (options.types && options.types.length === 0) return;
    const size = options.batchSize ?? this.settings.readBatchSize;
    const to = options.to ?? Number.MAX_SAFE_INTEGER;
    const stmt = await this.run('readBatches', () => this.statements.readAll(options.types !== undefined, options.streamPrefix !== undefined));
    const extra: unknown[] = [];
    if (options.types) extra.push(JSON.stringify(options.types));
    if (options.streamPrefix !== undefined) extra.push(options.streamPrefix, options.streamPrefix);
    let after = Math.max(0, options.after ?? 0);
    for (;;) {
      this.assertOpen();
      const rows = await this.run('readBatches', () => stmt.all(after, to, ...extra, size) as EventRow[]);
      if (rows.length === 0) return;
      const batch = new Array<StoredEvent>(rows.length);
      for (let i = 0; i < rows.length; i++) batch[i] = toStoredEvent(rows[i]!);
      after = rows[rows.length - 1]![0];
      yield batch;
      if (rows.length < size) return;
    }
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    return flattenBatches(this.readBatches(options));
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.run('headPosition', () => headOf(this.statements));
  }

  /** Resolve once `position` is readable (see {@link EventStore.waitUntilReadable}); re-checks on each notice and on a 2 … 100 ms backoff. */
  async waitUntilReadable(position?: number, options: WaitOptions = {}): Promise<number> {
    this.assertOpen();
    return pollUntilReadable(this, position ?? (await this.headPosition()), options);
  }

  /**
   * The position from which every event of this file carries its hash, recorded once when hashing began
   * (`motcua_integrity`, schema version 6): 1 for a file created by a hashing version; for a file migrated from
   * before hashing, its first hashed position then (or the next position if it held none). `verifyHistory` reads
   * it and reports an event at or after it without a hash as `missing-hash`. A file without the record is
   * `STORE_CORRUPTED`.
   *
   * @example
   * ```ts
   * await store.hashedFrom(); // 1
   * ```
   */
  async hashedFrom(): Promise<number> {
    this.assertOpen();
    return this.run('hashedFrom', () => readHashedFrom(this.db));
  }

  async nextSequence(key: string): Promise<number> {
    this.assertOpen();
    return this.run('nextSequence', () => (this.statements.nextSequence.get(key) as [number])[0], true);
  }

  async loadProjection<State = unknown>(name: string): Promise<ProjectionSnapshot<State> | undefined> {
    this.assertOpen();
    const row = await this.run('loadProjection', () => this.statements.loadProjection.get(name) as ProjectionRow | undefined);
    return row ? projectionFromRow<State>(name, row) : undefined;
  }

  /** Save a checkpoint; JSON text longer than 64 KiB is stored deflated (docs/storage.md, "Projection checkpoints"). */
  async saveProjection<State = unknown>(name: string, snapshot: ProjectionSnapshot<State>): Promise<void> {
    this.assertOpen();
    const args = projectionArgs(name, snapshot, PACK_THRESHOLD);
    await this.run('saveProjection', () => this.statements.saveProjection.run(...args), true);
  }

  /**
   * Save a checkpoint whose state is already JSON text, stored as given (a rebuild's merged snapshot, too large to
   * parse and serialise again; deflated above 64 KiB like `saveProjection`). `loadProjection` parses it.
   * @example
   * ```ts
   * await store.saveProjectionText('tt01', { state: '{"t":{"open":[],"tail":[],"maxDay":0,"unattributed":0},"officials":[],"agencies":[]}', position: 42 });
   * ```
   */
  async saveProjectionText(name: string, snapshot: { state: string; position: number; tag?: string }): Promise<void> {
    this.assertOpen();
    const args = projectionTextArgs(name, snapshot, PACK_THRESHOLD);
    await this.run('saveProjection', () => this.statements.saveProjection.run(...args), true);
  }

  /**
   * Run `fn` synchronously inside one `BEGIN IMMEDIATE` transaction: update
   * your own read tables and save the projection checkpoint atomically.
   * `fn` may run again if the commit meets a lock, so keep it free of other side effects.
   *
   * @example
   * ```ts
   * await store.transaction((tx) => {
   *   tx.db.prepare('INSERT INTO dossier_list (id, status) VALUES (?, ?)').run(id, 'received');
   *   tx.saveProjection('dossier-list', { state: null, position: event.position });
   * });
   * ```
   */
  async transaction<T>(fn: (tx: SqliteTransaction) => T): Promise<T> {
    this.assertOpen();
    const tx: SqliteTransaction = {
      db: this.db,
      saveProjection: (name, snapshot) => {
        try {
          this.statements.saveProjection.run(...projectionArgs(name, snapshot));
        } catch (error) {
          throw isBusy(error) ? error : wrapDriverError(error, 'saveProjection', this.db);
        }
      },
    };
    try {
      return await this.write('transaction', () => {
        try {
          return fn(tx);
        } catch (error) {
          // The caller's own error (their SQL, their checks) reaches them as it is; a busy file retries the whole
          // transaction; a fault of the file (full, read-only, damaged, closed) is typed whoever's statement met it.
          throw isBusy(error) || isFileFault(error, this.db) ? error : new CallerError(error);
        }
      });
    } catch (error) {
      throw error instanceof CallerError ? error.error : error;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true; // new appends are refused; those queued before commit first
    await this.committer.drain();
    this.poller?.stop();
    this.notifications.removeAllListeners();
    if (this.settings.ownsDatabase && this.db.open) this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('STORE_CLOSED', 'The event store is closed');
    if (this.db.open === false) throw new StoreError('STORE_CONNECTION', 'The SQLite database was closed under the store (the Database passed in was closed)');
  }

  /**
   * `fn` on this connection, retried while another connection holds the lock (`lockTimeoutMs`), a driver error
   * turned into its typed store error (`wrapDriverError`). `write`: a write statement — inside a batch whose
   * transaction SQLite rolled back it is refused, and a failure that ends the batch's transaction marks it lost.
   */
  private async run<T>(what: string, fn: () => T, write = false): Promise<T> {
    const batch = this.batching;
    if (write && batch) {
      if (!batch.lost && !this.db.inTransaction) batch.lost = lostBatch(new StoreError('STORE_CONNECTION', 'the transaction is no longer open'));
      if (batch.lost) throw batch.lost;
    }
    try {
      return await retryBusy(fn, this.settings.lockTimeoutMs);
    } catch (error) {
      const mapped = wrapDriverError(error, what, this.db);
      if (write && batch && !batch.lost && !this.db.inTransaction) batch.lost = lostBatch(mapped);
      throw mapped;
    }
  }

  /** Roll back the open transaction, if any (after a failure: a failing ROLLBACK must not hide the error that led to it). */
  private rollback(): void {
    try {
      if (this.db.open && this.db.inTransaction) this.statements.rollback.run();
    } catch {
      // SQLite ends the transaction itself when it cannot roll it back.
    }
  }

  /**
   * Run `fn` in `BEGIN IMMEDIATE … COMMIT`, retrying the whole transaction on SQLITE_BUSY; inside a batch, in a
   * savepoint. Driver errors reach the caller typed (`run`); a batch whose transaction SQLite rolled back refuses
   * every later write (nothing may be written outside it) and its COMMIT.
   */
  private write<T>(what: string, fn: () => T, singleStatement = false): Promise<T> {
    const batch = this.batching;
    if (batch) {
      if (!batch.lost && !this.db.inTransaction) batch.lost = lostBatch(new StoreError('STORE_CONNECTION', 'the transaction is no longer open'));
      if (batch.lost) return Promise.reject(batch.lost);
      try {
        // One statement is atomic on its own: no savepoint needed inside the batch.
        if (!singleStatement) this.statements.savepoint.run();
        const result = fn();
        if (!singleStatement) this.statements.release.run();
        return Promise.resolve(result);
      } catch (error) {
        const mapped = wrapDriverError(error, what, this.db);
        batch.versions.clear();
        batch.hashes.clear();
        try {
          if (this.db.inTransaction && !singleStatement) {
            this.statements.rollbackTo.run();
            this.statements.release.run();
          }
        } catch {
          // A savepoint that cannot be rolled back: the transaction is checked below.
        }
        if (!this.db.inTransaction) batch.lost ??= lostBatch(mapped);
        return Promise.reject(mapped);
      }
    }
    return this.run(what, () => {
      this.statements.begin.run();
      try {
        const result = fn();
        this.statements.commit.run();
        return result;
      } catch (error) {
        this.rollback();
        throw error;
      }
    });
  }

  /** The stream's version: inside a batch from the versions it knows (the lock is held), else read. */
  private versionOf(streamId: string): number {
    const versions = this.batching?.versions;
    const cached = versions?.get(streamId);
    if (cached !== undefined) return cached;
    const read = streamVersionOf(this.statements, streamId);
    versions?.set(streamId, read);
    return read;
  }

  private appendInTransaction(streamId: string, rows: SerializedEvent[], events: readonly NewEvent[], expected: ExpectedVersion, digests: string[]): AppendResult {
    // The happy path: one version read, one insert per event. A retried batch
    // (same event ids) is recognised where it fails: on a version mismatch or
    // on the event-id unique index.
    const [current, head] = this.streamHead(streamId);
    if (!checkExpectedVersion(expected, current)) return this.refused(streamId, rows, expected);
    if (rows.length === 0) return { streamId, nextExpectedVersion: current, lastPosition: headOf(this.statements), events: [], duplicate: false };
    const hashes = chainHashes(digests, current, head);
    const stored: StoredEvent[] = [];
    let version = current;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      version++;
      // What a read would return (the JSON of what was written), frozen, without parsing the text back; stored from it.
      const event = events[i]!;
      const copied = frozenJsonCopy(event.metadata, i) as Record<string, unknown>;
      let position: number;
      try {
        position = Number(this.statements.insert.run(streamId, version, row.type, row.eventId, row.data, copied, hashes[i]!).lastInsertRowid);
      } catch (error) {
        if (i === 0 && isUniqueViolation(error, 'event_id')) {
          const retried = this.retriedBatch(streamId, rows);
          if (retried) return retried;
        }
        throw insertError(error, streamId, expected, () => streamVersionOf(this.statements, streamId), row.eventId);
      }
      const metadata = Object.freeze({ ...copied, hash: hashes[i]! }) as EventMetadata;
      stored.push(storedEvent(streamId, version, position, row.type, frozenJsonCopy(event.data, i), metadata));
    }
    this.batching?.versions.set(streamId, version);
    this.batching?.hashes.set(streamId, hashes[hashes.length - 1]!);
    return { streamId, nextExpectedVersion: version, lastPosition: stored[stored.length - 1]!.position, events: stored, duplicate: false };
  }

  /** The stream's version and last stored hash: inside a batch from what it knows (the lock is held), else read in one statement. */
  private streamHead(streamId: string): [version: number, hash: string | null] {
    const batching = this.batching;
    const version = batching?.versions.get(streamId);
    const hash = batching?.hashes.get(streamId);
    if (version !== undefined && hash !== undefined) return [version, version === 0 ? null : hash];
    const head = streamHeadOf(this.statements, streamId);
    batching?.versions.set(streamId, head[0]);
    batching?.hashes.set(streamId, head[1]);
    return head;
  }

  /** An append whose expected version does not hold: an idempotent retry of a stored batch, or a conflict. */
  private refused(streamId: string, rows: SerializedEvent[], expected: ExpectedVersion): AppendResult {
    const retried = this.retriedBatch(streamId, rows);
    if (retried) return retried;
    throw versionClash(streamId, expected, streamVersionOf(this.statements, streamId));
  }

  /** The stored batch if these rows were appended before (an idempotent retry), else undefined. */
  private retriedBatch(streamId: string, rows: SerializedEvent[]): AppendResult | undefined {
    const first = rows[0];
    if (!first) return undefined;
    const seen = this.statements.byEventId.get(first.eventId) as [string, number] | undefined;
    if (!seen) return undefined;
    const [seenStream, seenVersion] = seen;
    const stored = (this.statements.readStream.all(seenStream, seenVersion, seenVersion + rows.length - 1) as EventRow[]).map(toStoredEvent);
    return retryResult(
      streamId,
      rows.map((r) => r.eventId),
      { streamId: seenStream, version: seenVersion },
      stored,
      streamVersionOf(this.statements, streamId),
    );
  }

  private announce(streamId: string, firstPosition: number, lastPosition: number): void {
    this.poller?.own(firstPosition, lastPosition);
    this.notifications.emit('appended', { streamId, firstPosition, lastPosition });
  }
}

/** The error every later write of a batch gets once SQLite rolled its transaction back after `error` (the first failure). */
function lostBatch(error: unknown): MotcuaError {
  const cause = error instanceof CallerError ? error.error : error;
  const code = cause instanceof StoreError && cause.code !== 'DUPLICATE_EVENT' ? cause.code : 'STORE_CONNECTION';
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new StoreError(code as 'STORE_CONNECTION', `The batch's transaction was rolled back after an error (${reason}): nothing of the batch is written`, { cause });
}
