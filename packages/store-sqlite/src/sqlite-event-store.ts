import EventEmitter from 'eventemitter3';
import { ConcurrencyError, StoreError, checkExpectedVersion, flattenBatches, frozenJsonCopy } from '@motcua/core';
import type {
  AppendOptions,
  AppendResult,
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
import { retryBusy } from './busy';
import type { SqliteDatabase, SqliteStatement } from './driver';
import { isUniqueViolation } from './errors';
import { EVENT_COLUMNS, toStoredEvent } from './rows';
import type { EventRow } from './rows';
import { checkEventId, checkType, serializeEvents, toJson } from './serialize';
import type { SerializedEvent } from './serialize';

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
}

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
 * Options of {@link SqliteEventStore.importStreams}.
 *
 * @example
 * ```ts
 * await store.importStreams(source, { transactionSize: 100_000 } satisfies ImportOptions);
 * ```
 */
export interface ImportOptions {
  /** Events per transaction (default 50,000). Each transaction is atomic; the import as a whole is not. */
  transactionSize?: number;
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

/**
 * Operations allowed inside {@link SqliteEventStore.transaction}.
 *
 * @example
 * ```ts
 * await store.transaction((tx: SqliteTransaction) => tx.saveProjection('list', { state: {}, position: 10 }));
 * ```
 */
export interface SqliteTransaction {
  /** The driver, for the caller's own tables (e.g. a SQL read model) in the same transaction. */
  readonly db: SqliteDatabase;
  /** Save a projection's state + checkpoint as part of the transaction. */
  saveProjection<State = unknown>(name: string, snapshot: ProjectionSnapshot<State>): void;
}

type Stmt = SqliteStatement;

/** Cached stream versions kept at most (then the cache starts over). */
const VERSION_CACHE_LIMIT = 100_000;

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
  private readonly s: {
    begin: Stmt;
    commit: Stmt;
    rollback: Stmt;
    savepoint: Stmt;
    release: Stmt;
    rollbackTo: Stmt;
    insert: Stmt;
    streamVersion: Stmt;
    byEventId: Stmt;
    readStream: Stmt;
    head: Stmt;
    nextSequence: Stmt;
    saveProjection: Stmt;
    loadProjection: Stmt;
    dataVersion: Stmt;
    positionsSince: Stmt;
    readAll: Map<string, Stmt>;
  };
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private polledUpTo = 0;
  private lastDataVersion = 0;
  private readonly ownRanges: [number, number][] = [];
  /** Open group commit: notices wait for the commit. */
  private batching: { notices: [string, number, number][] } | undefined;
  /**
   * Stream versions this connection knows (it wrote or read them), so an
   * append need not look the version up. Valid only while no other
   * connection has committed: `PRAGMA data_version` is checked each time the
   * write lock is taken, and the map is dropped when it moved, when a
   * transaction rolls back, or when it grows past {@link VERSION_CACHE_LIMIT}.
   */
  private readonly versions = new Map<string, number>();
  private versionsDataVersion = -1;

  /** @internal Use `createSqliteEventStore`. */
  constructor(
    /** The driver object (yours if you passed `database`). */
    readonly db: SqliteDatabase,
    private readonly settings: SqliteStoreSettings,
  ) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      begin: p('BEGIN IMMEDIATE'),
      commit: p('COMMIT'),
      rollback: p('ROLLBACK'),
      savepoint: p('SAVEPOINT motcua_write'),
      release: p('RELEASE motcua_write'),
      rollbackTo: p('ROLLBACK TO motcua_write'),
      insert: p('INSERT INTO motcua_events (stream_id, version, type, event_id, data, metadata) VALUES (?, ?, ?, ?, ?, ?)'),
      streamVersion: p('SELECT max(version) FROM motcua_events WHERE stream_id = ?').raw(true),
      byEventId: p('SELECT stream_id, version FROM motcua_events WHERE event_id = ?').raw(true),
      readStream: p(`SELECT ${EVENT_COLUMNS} FROM motcua_events WHERE stream_id = ? AND version >= ? AND version <= ? ORDER BY version`).raw(true),
      head: p('SELECT coalesce(max(position), 0) FROM motcua_events').raw(true),
      nextSequence: p('INSERT INTO motcua_sequences (key, value) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET value = value + 1 RETURNING value').raw(true),
      saveProjection: p(
        'INSERT INTO motcua_projections (name, state, position, tag, updated_at) VALUES (?, ?, ?, ?, ?) ' +
          'ON CONFLICT (name) DO UPDATE SET state = excluded.state, position = excluded.position, tag = excluded.tag, updated_at = excluded.updated_at',
      ),
      loadProjection: p('SELECT state, position, tag FROM motcua_projections WHERE name = ?').raw(true),
      dataVersion: p('PRAGMA data_version').raw(true),
      positionsSince: p('SELECT position, stream_id FROM motcua_events WHERE position > ? AND position <= ? ORDER BY position').raw(true),
      readAll: new Map(),
    };
    if (settings.pollIntervalMs > 0) {
      this.polledUpTo = this.headSync();
      this.lastDataVersion = this.dataVersionSync();
      this.pollTimer = setInterval(() => this.poll(), settings.pollIntervalMs);
      this.pollTimer.unref?.();
    }
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    const expected = options.expectedVersion ?? 'any';
    const rows = serializeEvents(events);
    // A one-event append writes one row (statement-atomic); larger ones need a savepoint inside a batch.
    const result = await this.write(() => this.appendInTransaction(streamId, rows, events, expected), rows.length <= 1);
    if (!result.duplicate && result.events.length > 0) {
      if (this.batching) this.batching.notices.push([streamId, result.events[0]!.position, result.lastPosition]);
      else this.announce(streamId, result.events[0]!.position, result.lastPosition);
    }
    return result;
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
    await retryBusy(() => this.s.begin.run(), this.settings.lockTimeoutMs);
    this.checkVersionCache();
    const batch = { notices: [] as [string, number, number][] };
    this.batching = batch;
    try {
      const result = await fn();
      this.assertOpen();
      this.s.commit.run();
      this.batching = undefined;
      for (const [streamId, first, last] of batch.notices) this.announce(streamId, first, last);
      return result;
    } catch (error) {
      this.batching = undefined;
      this.versions.clear();
      if (this.db.open && this.db.inTransaction) this.s.rollback.run();
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
    const size = options.transactionSize ?? 50_000;
    let chunk: ImportStream[] = [];
    let pending = 0;
    const total: ImportResult = { streams: 0, events: 0, lastPosition: 0 };
    const flush = async () => {
      const part = chunk;
      chunk = [];
      pending = 0;
      const notices = await this.write(() => this.importChunk(part));
      this.versions.clear();
      for (const [streamId, first, last] of notices) this.announce(streamId, first, last);
      total.streams += part.length;
      total.events += notices.reduce((n, [, first, last]) => n + last - first + 1, 0);
      if (notices.length > 0) total.lastPosition = notices[notices.length - 1]![2];
      await new Promise((resolve) => setImmediate(resolve));
    };
    if (Symbol.iterator in source) {
      for (const item of source) {
        chunk.push(item);
        pending += item.events.length;
        if (pending >= size) await flush();
      }
    } else {
      for await (const item of source) {
        chunk.push(item);
        pending += item.events.length;
        if (pending >= size) await flush();
      }
    }
    if (chunk.length > 0) await flush();
    return total;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    this.assertOpen();
    const from = Math.max(1, options.fromVersion ?? 1);
    const to = options.toVersion ?? Number.MAX_SAFE_INTEGER;
    const rows = await retryBusy(() => {
      // Single statements, no explicit read transaction: first the version; the
      // rows only if there can be any (the engine's cache-hit path costs one
      // statement). Rows appended by another process in between only raise
      // the version reported, never break its consistency with the rows.
      const version = this.readVersion(streamId);
      if (from > to || from > version) return { version, rows: [] as EventRow[] };
      const found = this.s.readStream.all(streamId, from, to) as EventRow[];
      const last = found.length ? (found[found.length - 1]![2] as number) : 0;
      return { version: Math.max(version, last), rows: found };
    }, this.settings.lockTimeoutMs);
    return { version: rows.version, events: rows.rows.map(toStoredEvent) };
  }

  async *readBatches(options: ReadAllOptions = {}): AsyncIterable<StoredEvent[]> {
    this.assertOpen();
    if (options.types && options.types.length === 0) return;
    const size = options.batchSize ?? this.settings.readBatchSize;
    const to = options.to ?? Number.MAX_SAFE_INTEGER;
    const stmt = this.readAllStatement(options.types !== undefined, options.streamPrefix !== undefined);
    const extra: unknown[] = [];
    if (options.types) extra.push(JSON.stringify(options.types));
    if (options.streamPrefix !== undefined) extra.push(options.streamPrefix, options.streamPrefix);
    let after = Math.max(0, options.after ?? 0);
    for (;;) {
      this.assertOpen();
      const rows = await retryBusy(() => stmt.all(after, to, ...extra, size) as EventRow[], this.settings.lockTimeoutMs);
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
    return retryBusy(() => this.headSync(), this.settings.lockTimeoutMs);
  }

  /** Resolve once `position` is readable (see {@link EventStore.waitUntilReadable}); re-checks on each notice and on a 2 … 100 ms backoff. */
  async waitUntilReadable(position?: number, options: WaitOptions = {}): Promise<number> {
    this.assertOpen();
    const target = position ?? await this.headPosition();
    const timeoutMs = options.timeoutMs ?? 30_000;
    const deadline = Date.now() + timeoutMs;
    let delay = 2;
    for (;;) {
      const head = await this.headPosition();
      if (head >= target) return head;
      const left = deadline - Date.now();
      if (left <= 0) throw new StoreError('STORE_CONNECTION', `Position ${target} did not become readable within ${timeoutMs} ms (horizon ${head}): not committed yet`);
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.notifications.off('appended', done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(delay, left));
        this.notifications.on('appended', done);
      });
      delay = Math.min(100, delay * 2);
    }
  }

  async nextSequence(key: string): Promise<number> {
    this.assertOpen();
    return retryBusy(() => (this.s.nextSequence.get(key) as [number])[0], this.settings.lockTimeoutMs);
  }

  async loadProjection<State = unknown>(name: string): Promise<ProjectionSnapshot<State> | undefined> {
    this.assertOpen();
    const row = await retryBusy(() => this.s.loadProjection.get(name) as [string, number, string | null] | undefined, this.settings.lockTimeoutMs);
    if (!row) return undefined;
    let state: State;
    try {
      state = JSON.parse(row[0]) as State;
    } catch (error) {
      throw new StoreError('STORE_CORRUPTED', `Projection ${name} has invalid JSON state: ${(error as Error).message}`, { cause: error });
    }
    return row[2] === null ? { state, position: row[1] } : { state, position: row[1], tag: row[2] };
  }

  async saveProjection<State = unknown>(name: string, snapshot: ProjectionSnapshot<State>): Promise<void> {
    this.assertOpen();
    const args = this.projectionArgs(name, snapshot);
    await retryBusy(() => this.s.saveProjection.run(...args), this.settings.lockTimeoutMs);
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
      saveProjection: (name, snapshot) => void this.s.saveProjection.run(...this.projectionArgs(name, snapshot)),
    };
    // The caller's own SQL runs in it: do not trust cached stream versions across it.
    return this.write(() => fn(tx)).finally(() => this.versions.clear());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.notifications.removeAllListeners();
    if (this.settings.ownsDatabase && this.db.open) this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('STORE_CLOSED', 'The event store is closed');
  }

  /** Run `fn` in `BEGIN IMMEDIATE … COMMIT`, retrying the whole transaction on SQLITE_BUSY; inside a batch, in a savepoint. */
  private write<T>(fn: () => T, singleStatement = false): Promise<T> {
    if (this.batching && singleStatement) {
      // One statement is atomic on its own: no savepoint needed inside the batch.
      try {
        return Promise.resolve(fn());
      } catch (error) {
        this.versions.clear();
        return Promise.reject(error);
      }
    }
    if (this.batching) {
      this.s.savepoint.run();
      try {
        const result = fn();
        this.s.release.run();
        return Promise.resolve(result);
      } catch (error) {
        this.s.rollbackTo.run();
        this.s.release.run();
        this.versions.clear();
        return Promise.reject(error);
      }
    }
    return retryBusy(() => {
      this.s.begin.run();
      try {
        this.checkVersionCache();
        const result = fn();
        this.s.commit.run();
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.s.rollback.run();
        this.versions.clear();
        throw error;
      }
    }, this.settings.lockTimeoutMs);
  }

  /** With the write lock held: forget the cached stream versions if another connection has committed since they were taken. */
  private checkVersionCache(): void {
    const dataVersion = this.dataVersionSync();
    if (dataVersion !== this.versionsDataVersion) {
      this.versions.clear();
      this.versionsDataVersion = dataVersion;
    }
  }

  /** The stream's version: from the cache (valid under the write lock, see `versions`), else read and remembered. */
  private knownVersion(streamId: string): number {
    const cached = this.versions.get(streamId);
    if (cached !== undefined) return cached;
    const read = this.streamVersionSync(streamId);
    this.rememberVersion(streamId, read);
    return read;
  }

  /**
   * The stream's version for a read outside the write lock: the cached one if
   * no other connection has committed since the cache was checked, else read
   * (and remembered: a later foreign commit clears the cache at the next lock).
   */
  private readVersion(streamId: string): number {
    if (this.batching || this.dataVersionSync() === this.versionsDataVersion) {
      const cached = this.versions.get(streamId);
      if (cached !== undefined) return cached;
    }
    const read = this.streamVersionSync(streamId);
    this.rememberVersion(streamId, read);
    return read;
  }

  private rememberVersion(streamId: string, version: number): void {
    if (this.versions.size >= VERSION_CACHE_LIMIT) this.versions.clear();
    this.versions.set(streamId, version);
  }

  private appendInTransaction(streamId: string, rows: SerializedEvent[], events: readonly NewEvent[], expected: ExpectedVersion): AppendResult {
    // The happy path costs one insert per event: the stream's version is
    // usually known already (see `versions`). A retried batch (same event
    // ids) is recognised where it fails: on a version mismatch or on the
    // event-id unique index.
    const current = this.knownVersion(streamId);
    if (!checkExpectedVersion(expected, current)) return this.refused(streamId, rows, expected);
    if (rows.length === 0) return { streamId, nextExpectedVersion: current, lastPosition: this.headSync(), events: [], duplicate: false };
    const stored: StoredEvent[] = [];
    let version = current;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      version++;
      let position: number;
      try {
        position = Number(this.s.insert.run(streamId, version, r.type, r.eventId, r.data, r.metadata).lastInsertRowid);
      } catch (error) {
        if (i === 0 && isUniqueViolation(error, 'event_id')) {
          const retried = this.retriedBatch(streamId, rows);
          if (retried) return retried;
        }
        // A (stream_id, version) clash means the known version was stale: report the real one.
        throw this.insertError(error, streamId, expected, isUniqueViolation(error, 'stream_id') ? this.streamVersionSync(streamId) : current, r.eventId);
      }
      // What a read would return (the JSON of what was written), without parsing the text back.
      const e = events[i]!;
      stored.push({ streamId, version, position, type: r.type, data: frozenJsonCopy(e.data, i), metadata: frozenJsonCopy(e.metadata, i) as StoredEvent['metadata'] });
    }
    this.rememberVersion(streamId, version);
    return { streamId, nextExpectedVersion: version, lastPosition: stored[stored.length - 1]!.position, events: stored, duplicate: false };
  }

  /** An append whose expected version does not hold: an idempotent retry of a stored batch, or a conflict. */
  private refused(streamId: string, rows: SerializedEvent[], expected: ExpectedVersion): AppendResult {
    const retried = this.retriedBatch(streamId, rows);
    if (retried) return retried;
    const actual = this.streamVersionSync(streamId);
    this.rememberVersion(streamId, actual);
    throw new ConcurrencyError(streamId, expected, actual);
  }

  /** The stored batch if these rows were appended before (an idempotent retry), else undefined. */
  private retriedBatch(streamId: string, rows: SerializedEvent[]): AppendResult | undefined {
    const first = rows[0];
    if (!first) return undefined;
    const seen = this.s.byEventId.get(first.eventId) as [string, number] | undefined;
    return seen ? this.duplicateOf(streamId, rows, seen) : undefined;
  }

  private importChunk(items: ImportStream[]): [string, number, number][] {
    const versions = new Map<string, number>();
    const notices: [string, number, number][] = [];
    const insert = this.s.insert;
    for (const item of items) {
      const { streamId, events } = item;
      let version = versions.get(streamId) ?? this.streamVersionSync(streamId);
      const expected = item.expectedVersion ?? 'any';
      if (!checkExpectedVersion(expected, version)) throw new ConcurrencyError(streamId, expected, version);
      if (events.length === 0) continue;
      let first = 0;
      let last = 0;
      for (let i = 0; i < events.length; i++) {
        const e = events[i]!;
        const eventId = checkEventId(e, i);
        const data = toJson(e.data, i, 'data');
        const metadata = toJson(e.metadata, i, 'metadata');
        try {
          last = Number(insert.run(streamId, ++version, checkType(e, i), eventId, data, metadata).lastInsertRowid);
        } catch (error) {
          throw this.insertError(error, streamId, expected, version - 1, eventId);
        }
        if (i === 0) first = last;
      }
      versions.set(streamId, version);
      notices.push([streamId, first, last]);
    }
    return notices;
  }

  private insertError(error: unknown, streamId: string, expected: ExpectedVersion, current: number, eventId: string): unknown {
    if (isUniqueViolation(error, 'event_id')) return new StoreError('DUPLICATE_EVENT', `Event id ${eventId} is already stored`, { cause: error });
    if (isUniqueViolation(error, 'stream_id')) return new ConcurrencyError(streamId, expected, current);
    return error;
  }

  private duplicateOf(streamId: string, rows: SerializedEvent[], seen: [string, number]): AppendResult {
    const [seenStream, seenVersion] = seen;
    const stored = (this.s.readStream.all(seenStream, seenVersion, seenVersion + rows.length - 1) as EventRow[]).map(toStoredEvent);
    const same = seenStream === streamId && stored.length === rows.length && stored.every((s, i) => s.metadata.eventId === rows[i]!.eventId);
    if (!same) throw new StoreError('DUPLICATE_EVENT', `Event id ${rows[0]!.eventId} is already stored in ${seenStream} at version ${seenVersion}`);
    return { streamId, nextExpectedVersion: this.streamVersionSync(streamId), lastPosition: stored[stored.length - 1]!.position, events: stored, duplicate: true };
  }

  private readAllStatement(types: boolean, prefix: boolean): Stmt {
    const key = `${types}:${prefix}`;
    let stmt = this.s.readAll.get(key);
    if (!stmt) {
      const where = ['position > ?', 'position <= ?'];
      if (types) where.push('type IN (SELECT value FROM json_each(?))');
      if (prefix) where.push('substr(stream_id, 1, length(?)) = ?');
      stmt = this.db.prepare(`SELECT ${EVENT_COLUMNS} FROM motcua_events WHERE ${where.join(' AND ')} ORDER BY position LIMIT ?`).raw(true);
      this.s.readAll.set(key, stmt);
    }
    return stmt;
  }

  private projectionArgs(name: string, snapshot: ProjectionSnapshot<unknown>): unknown[] {
    let state: string;
    try {
      state = JSON.stringify(snapshot.state) ?? 'null';
    } catch (error) {
      throw new StoreError('STORE_CORRUPTED', `Projection ${name}: state is not JSON-serialisable: ${(error as Error).message}`, { cause: error });
    }
    return [name, state, snapshot.position, snapshot.tag ?? null, new Date().toISOString()];
  }

  private streamVersionSync(streamId: string): number {
    return (this.s.streamVersion.get(streamId) as [number | null])[0] ?? 0;
  }

  private headSync(): number {
    return (this.s.head.get() as [number])[0];
  }

  private dataVersionSync(): number {
    return (this.s.dataVersion.get() as [number])[0];
  }

  private announce(streamId: string, firstPosition: number, lastPosition: number): void {
    if (this.pollTimer) this.ownRanges.push([firstPosition, lastPosition]);
    this.notifications.emit('appended', { streamId, firstPosition, lastPosition });
  }

  /** Cross-process notices: when another connection committed (`PRAGMA data_version` moved), announce the new events not written here. */
  private poll(): void {
    if (this.closed) return;
    try {
      const dataVersion = this.dataVersionSync();
      const head = this.headSync();
      if (dataVersion === this.lastDataVersion && head <= this.polledUpTo) return;
      this.lastDataVersion = dataVersion;
      const rows = this.s.positionsSince.all(this.polledUpTo, head) as [number, string][];
      this.polledUpTo = head;
      const own = this.ownRanges.splice(0);
      const isOwn = (p: number) => own.some(([f, l]) => p >= f && p <= l);
      let run: { streamId: string; first: number; last: number } | undefined;
      const flush = () => {
        if (run) this.notifications.emit('appended', { streamId: run.streamId, firstPosition: run.first, lastPosition: run.last });
        run = undefined;
      };
      for (const [position, streamId] of rows) {
        if (isOwn(position)) {
          flush();
          continue;
        }
        if (run && run.streamId === streamId && run.last === position - 1) run.last = position;
        else {
          flush();
          run = { streamId, first: position, last: position };
        }
      }
      flush();
    } catch (error) {
      if (this.notifications.listenerCount('error') > 0) this.notifications.emit('error', error as Error);
    }
  }

}
