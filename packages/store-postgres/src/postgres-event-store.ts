import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'eventemitter3';
import { GroupCommitter, StoreError, ValidationError } from '@motcua/core';
import type {
  AppendManyOutcome,
  AppendNotice,
  AppendOptions,
  AppendRequest,
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
} from '@motcua/core';
import { flattenBatches, pollUntilReadable } from '@motcua/core/store-kit';
import type { Pool, PoolClient, QueryConfig } from 'pg';
import type { AppendContext } from './append';
import { appendContextFor } from './append-context';
import { appendManyWith } from './append-many';
import { isConnectionError, isSchemaMissing, mapPgError, pgCode } from './errors';
import { PgListener } from './listener';
import { WatchedEmitter } from './watched-emitter';
import { PgNotifier } from './notifier';
import { toStoredEvent } from './rows';
import type { EventRow } from './rows';
import { quoteSchema } from './schema';
import { noNul, toJson } from './serialize';
import { statements } from './sql';
import type { Statements } from './sql';

/**
 * Settings of an open store, resolved from `PostgresStoreOptions` by `createPostgresEventStore`.
 *
 * @example
 * ```ts
 * const settings: PostgresStoreSettings = { schema: 'motcua', listen: true, pollIntervalMs: 1000, readBatchSize: 1000, notify: 'auto' };
 * ```
 */
export interface PostgresStoreSettings {
  schema: string;
  /** LISTEN for other processes' appends while something in this process follows the store (default true). */
  listen: boolean;
  /** Safety-net poll of `headPosition` for missed notices, ms (0 = off). */
  pollIntervalMs: number;
  /** Default `readBatches` batch size. */
  readBatchSize: number;
  /**
   * Where NOTIFY is sent: `'auto'` (default) with the append itself when no other append of
   * this store is committing, else like `'after-commit'`; `'after-commit'` from a separate
   * tiny transaction (keeps group commit); `'in-transaction'` always with the append (a notice
   * can never exist without its events, but committing appends serialise on PostgreSQL's notify lock).
   */
  notify: 'auto' | 'after-commit' | 'in-transaction';
}

/** The single statements run through {@link PostgresEventStore.query}. */
type QueryName = 'readStream' | 'head' | 'lastCommitted' | 'nextSequence' | 'loadProjection' | 'saveProjection' | 'noticesSince' | 'hashedFrom';

const guarded = new WeakSet<PoolClient>();

/**
 * pg-pool removes its own 'error' listener while a client is checked out; a
 * connection that dies between two statements would then crash the process
 * with an unhandled 'error' event. Query errors still reach the caller.
 */
function guardClient(client: PoolClient): void {
  if (guarded.has(client)) return;
  guarded.add(client);
  client.on('error', () => undefined);
}

/**
 * The PostgreSQL event store. Create it with `createPostgresEventStore`.
 *
 * Global order readers can trust: each event row carries the `xid8` of the
 * transaction that wrote it, and readers only see rows whose transaction is
 * older than the oldest transaction still running
 * (`pg_snapshot_xmin(pg_current_snapshot())`). Appenders take their xid and
 * their positions inside one short critical section (a session advisory
 * lock released before COMMIT), so position order equals xid order and a
 * reader following `position > checkpoint` never skips an event that
 * commits late.
 *
 * @example
 * ```ts
 * const store = await createPostgresEventStore({ pool });
 * await store.append('dossier-1', [event], { expectedVersion: 'no_stream' });
 * for await (const e of store.readAll({ after: checkpoint })) apply(e);
 * ```
 */
export class PostgresEventStore implements EventStore {
  /** Adding the first `'appended'` listener opens the LISTEN connection (`listen`; docs/storage.md, "Notifications"). */
  readonly notifications: EventEmitter<StoreNotificationEvents> = new WatchedEmitter<StoreNotificationEvents>((event) => {
    if (event === 'appended') this.startListening();
  });
  private closed = false;
  private readonly channel: string;
  private readonly instance = randomUUID();
  private readonly sql: Statements;
  private readonly appendContext: AppendContext;
  /**
   * Appends queued in one event-loop turn go in one call (up to 4 calls in flight); with no call in flight, at the end of
   * the current microtasks (`flushWhenIdle`: a lone append waits for no `setImmediate`). Not leader/follower (`eager`):
   * 8 writers re-appending as their acks arrive then split into a call of 1 and a call of 7 — measured 0.53–0.66× Emmett
   * against 1.06–1.58× this way, sequential unchanged (docs/performance.md, Peers).
   */
  private readonly committer = new GroupCommitter({ appendMany: (requests) => this.appendGroup(requests) }, { maxInFlight: 4, flushWhenIdle: true });
  private listener: PgListener | undefined;
  private readonly notifier: PgNotifier;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  /**
   * A notice was emitted at a moment when every event up to here was
   * readable (below the read horizon). A follower that catches up on each
   * notice has therefore been told to read at least this far.
   */
  private announced = 0;
  /** Highest position known to be committed (own appends, other processes' notices). */
  private pending = 0;
  /** While `pending > announced`: a short poll with backoff (see {@link chase}). */
  private chaseTimer: ReturnType<typeof setTimeout> | undefined;
  private chaseDelay = 0;
  private polling = false;

  /** @internal Use `createPostgresEventStore`. */
  constructor(
    /** The pool you passed (never ended by the store). */
    readonly pool: Pool,
    private readonly settings: PostgresStoreSettings,
  ) {
    this.channel = `motcua_${settings.schema}`.slice(0, 63);
    this.sql = statements(quoteSchema(settings.schema));
    this.notifier = new PgNotifier(pool, this.channel, (error) => this.emitError(error));
    this.appendContext = appendContextFor(settings.schema, this.sql, { channel: this.channel, mode: settings.notify, instance: this.instance });
  }

  /** @internal Start the safety-net poll (called by `createPostgresEventStore`); LISTEN starts with the first follower ({@link startListening}). */
  async start(): Promise<void> {
    this.announced = await this.headPosition();
    this.pending = this.announced;
    if (this.settings.pollIntervalMs > 0) {
      this.pollTimer = setInterval(() => void this.poll(), this.settings.pollIntervalMs);
      this.pollTimer.unref?.();
    }
  }

  /**
   * LISTEN for other processes' appends, from the first `'appended'` listener
   * on (a projection runner, a dossier-list follower, an outbox relay,
   * `waitUntilReadable`) until `close()`. A store nobody in this process
   * follows holds no LISTEN connection, and its own NOTIFYs wake no backend
   * and no socket of this process: about 35 µs of a 450-µs sequential append
   * (docs/performance.md, "Session 12"). Once listening, it polls once, so
   * what others appended before LISTEN took effect is announced too. A failed
   * connection is retried with backoff and reported as `'error'`.
   */
  private startListening(): void {
    if (!this.settings.listen || this.listener || this.closed) return;
    this.listener = new PgListener(this.pool, this.channel, {
      onPayload: (payload) => this.onPayload(payload),
      onListening: () => void this.poll(),
      onError: (error) => this.emitError(error),
    });
    this.listener.begin();
  }

  /**
   * Append in ONE round trip: one call of the server-side `append_one` (one event, migration 8) or `append_batch` (PG
   * migrations 5–7), one transaction. Concurrent appends through this
   * store object are group-committed: the appends made in one event-loop turn
   * go together in one call (at most 4 calls in flight; the rest wait for
   * the next turn), each acknowledged after its commit and refused alone.
   */
  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    return this.committer.append(streamId, events, options);
  }

  /**
   * Automatic group commit (`EventStore.appendMany`, used by the engine): the
   * requests on distinct streams in ONE call of `append_batch` — one round
   * trip, one transaction, one commit (fsync) — each request checked on its
   * own (a conflict or a retry does not fail the others). Resolves after the
   * commit. A stream named twice starts a further transaction for the rest.
   *
   * @example
   * ```ts
   * declare const event1: NewEvent, event2: NewEvent;
   * const outcomes = await store.appendMany([
   *   { streamId: 'dossier-1', events: [event1], options: { expectedVersion: 'no_stream' } },
   *   { streamId: 'dossier-2', events: [event2], options: { expectedVersion: 'no_stream' } },
   * ]);
   * ```
   */
  async appendMany(requests: readonly AppendRequest[]): Promise<AppendManyOutcome[]> {
    this.assertOpen();
    return this.appendGroup(requests);
  }

  /** `appendMany` without the open check: the committer's flush, also while `close` drains it. Driver errors typed (`mapPgError`). */
  private async appendGroup(requests: readonly AppendRequest[]): Promise<AppendManyOutcome[]> {
    let outcomes: AppendManyOutcome[];
    try {
      outcomes = await appendManyWith(
        this.appendContext,
        (what, fn) => this.withClient(what, fn),
        requests,
        (result, readable, notified) => this.appended(result, readable, notified),
      );
    } catch (error) {
      throw mapPgError(error, 'append');
    }
    return outcomes.map((outcome) => (outcome.ok ? outcome : { ok: false, error: mapPgError(outcome.error, 'append') }));
  }

  /** After a commit: the after-commit NOTIFY (unless the call sent it), the horizon bookkeeping, the local notice. */
  private appended(result: AppendResult, readable: boolean, notified: boolean): void {
    const { streamId, lastPosition } = result;
    const firstPosition = result.events[0]!.position;
    // r: readable when sent, so a receiver may count the notice as announcing a readable range
    if (!notified) this.notifier.push(JSON.stringify({ i: this.instance, s: streamId, f: firstPosition, l: lastPosition, ...(readable ? { r: 1 } : {}) }));
    // `readable`: the horizon had passed this append right after its COMMIT, so every event up to it is readable now.
    if (readable) this.announced = Math.max(this.announced, lastPosition);
    else this.pending = Math.max(this.pending, lastPosition);
    this.notifications.emit('appended', { streamId, firstPosition, lastPosition });
    if (!readable) this.chase();
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    this.assertOpen();
    const maxVersion = 2_147_483_647; // versions are PostgreSQL integers
    const from = Math.min(Math.max(1, options.fromVersion ?? 1), maxVersion);
    const to = Math.min(options.toVersion ?? maxVersion, maxVersion);
    const { rows } = await this.query<[...EventRow, number]>('readStream', [streamId, from, to]);
    const version = rows[0]?.[6] ?? 0;
    const events = rows[0]?.[0] == null ? [] : rows.map((r) => toStoredEvent(r as unknown as EventRow));
    return { version, events };
  }

  async *readBatches(options: ReadAllOptions = {}): AsyncIterable<StoredEvent[]> {
    this.assertOpen();
    if (options.types && options.types.length === 0) return;
    const size = options.batchSize ?? this.settings.readBatchSize;
    const to = options.to ?? Number.MAX_SAFE_INTEGER;
    const values: unknown[] = [0, to];
    if (options.types) values.push(options.types);
    if (options.streamPrefix !== undefined) values.push(options.streamPrefix);
    values.push(size);
    const text = this.sql.readAll(options.types !== undefined, options.streamPrefix !== undefined);
    const name = `motcua_${this.settings.schema}_read_${options.types ? 't' : ''}${options.streamPrefix !== undefined ? 'p' : ''}`;
    let after = Math.max(0, options.after ?? 0);
    for (;;) {
      this.assertOpen();
      values[0] = after;
      const { rows } = await this.withClient('readBatches', (c) => c.query<EventRow>({ name, text, values, rowMode: 'array' } as QueryConfig)).catch((error: unknown) => {
        throw mapPgError(error, 'readBatches');
      });
      if (rows.length === 0) return;
      const batch = new Array<StoredEvent>(rows.length);
      for (let i = 0; i < rows.length; i++) batch[i] = toStoredEvent(rows[i]!);
      after = batch[batch.length - 1]!.position;
      yield batch;
      if (rows.length < size) return;
    }
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    return flattenBatches(this.readBatches(options));
  }

  /**
   * The read horizon: every event at or below it is committed and readable,
   * and no event below it can still appear. It never decreases. An event
   * becomes readable once every transaction of the cluster that was open
   * when it committed has ended (usually at once; see docs/storage.md), so
   * right after an acknowledged append the horizon may still be below it:
   * use `store.waitUntilReadable(result.lastPosition)` to wait for it.
   */
  async headPosition(): Promise<number> {
    this.assertOpen();
    const { rows } = await this.query<[string]>('head', []);
    return Number(rows[0]![0]);
  }

  /** Resolve once `position` is readable (see {@link EventStore.waitUntilReadable}); re-checks on each notice and on a 2 … 100 ms backoff. */
  async waitUntilReadable(position?: number, options: WaitOptions = {}): Promise<number> {
    this.assertOpen();
    const target = position ?? Number((await this.query<[string]>('lastCommitted', [])).rows[0]![0]);
    return pollUntilReadable(this, target, options);
  }

  /**
   * The position from which every event of this schema carries its hash, recorded once when hashing began (table
   * `integrity`, migration 9): 1 for a schema created by a hashing version; for one migrated from before hashing,
   * its first hashed position then (or the next position if it held none). `verifyHistory` reads it and reports an
   * event at or after it without a hash as `missing-hash`. A schema without the record is `STORE_CORRUPTED`.
   *
   * @example
   * ```ts
   * await store.hashedFrom(); // 1
   * ```
   */
  async hashedFrom(): Promise<number> {
    this.assertOpen();
    let rows: [string][];
    try {
      ({ rows } = await this.query<[string]>('hashedFrom', []));
    } catch (error) {
      if (!(error instanceof StoreError && error.code === 'STORE_SCHEMA_MISSING')) throw error;
      rows = [];
    }
    const value = Number(rows[0]?.[0]);
    if (!Number.isSafeInteger(value) || value < 1)
      throw new StoreError(
        'STORE_CORRUPTED',
        `${this.settings.schema}.integrity does not say from which position events are hashed (its row or table is gone): the schema was edited or damaged, so its hash chain cannot be verified`,
      );
    return value;
  }

  async nextSequence(key: string): Promise<number> {
    this.assertOpen();
    const { rows } = await this.query<[string]>('nextSequence', [key]);
    return Number(rows[0]![0]);
  }

  async loadProjection<State = unknown>(name: string): Promise<ProjectionSnapshot<State> | undefined> {
    this.assertOpen();
    const { rows } = await this.query<[string, string, string | null]>('loadProjection', [name]);
    const row = rows[0];
    if (!row) return undefined;
    const state = JSON.parse(row[0]) as State;
    const position = Number(row[1]);
    return row[2] === null ? { state, position } : { state, position, tag: row[2] };
  }

  async saveProjection<State = unknown>(name: string, snapshot: ProjectionSnapshot<State>): Promise<void> {
    this.assertOpen();
    await this.query('saveProjection', [name, toJson(snapshot.state, 0, 'state'), snapshot.position, snapshot.tag ?? null]);
  }

  /**
   * Save a checkpoint whose state is already JSON text (a rebuild's merged snapshot of a province, too large to
   * parse and serialise again in JavaScript): the server parses it into `jsonb`, as `saveProjection` stores the
   * same value. Text that is not JSON, or that holds `\u0000` (which `jsonb` cannot store), is a `ValidationError`
   * at `state`, and nothing is saved.
   *
   * @example
   * ```ts
   * await store.saveProjectionText('tt01', { state: '{"t":{"open":[],"tail":[],"maxDay":0,"unattributed":0},"officials":[],"agencies":[]}', position: 42 });
   * ```
   */
  async saveProjectionText(name: string, snapshot: { state: string; position: number; tag?: string }): Promise<void> {
    this.assertOpen();
    const invalid = (message: string) => new ValidationError('Invalid checkpoint text', [{ code: 'invalid_value', path: ['state'], message }]);
    const nul = noNul(snapshot.state);
    if (nul !== undefined) throw invalid(nul);
    try {
      await this.withClient('saveProjection', (client) =>
        client.query({
          name: `motcua_${this.settings.schema}_saveProjection`,
          text: this.sql.saveProjection,
          values: [name, snapshot.state, snapshot.position, snapshot.tag ?? null],
        }),
      );
    } catch (error) {
      // 22P02 invalid input syntax for type json; 22P05 / 22025: an escape jsonb cannot hold.
      const code = pgCode(error);
      if (code === '22P02' || code === '22P05' || code === '22025') throw invalid(`not JSON that PostgreSQL jsonb can store: ${(error as Error).message}`);
      throw mapPgError(error, 'saveProjection');
    }
  }

  /**
   * Save a projection's state + checkpoint with your own client, inside your
   * own transaction (e.g. together with SQL read-model updates).
   *
   * @example
   * ```ts
   * await client.query('BEGIN');
   * await client.query('UPDATE dossier_list SET status = $2 WHERE id = $1', [id, 'approved']);
   * await store.saveProjectionWith(client, 'dossier-list', { state: null, position: e.position });
   * await client.query('COMMIT');
   * ```
   */
  async saveProjectionWith<State = unknown>(client: PoolClient, name: string, snapshot: ProjectionSnapshot<State>): Promise<void> {
    this.assertOpen();
    try {
      await client.query(this.sql.saveProjection, [name, toJson(snapshot.state, 0, 'state'), snapshot.position, snapshot.tag ?? null]);
    } catch (error) {
      throw mapPgError(error, 'saveProjection');
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true; // new appends are refused; those queued before commit first
    await this.committer.drain();
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.chaseTimer) clearTimeout(this.chaseTimer);
    await this.notifier.flush();
    await this.listener?.stop();
    this.notifications.removeAllListeners();
  }

  // ------------------------------------------------------------------ internals

  /** One of the store's statements on a pooled client; driver errors typed (`mapPgError`). */
  private async query<R extends unknown[]>(name: QueryName, values: unknown[]): Promise<{ rows: R[] }> {
    try {
      return await this.withClient(name, (client) =>
        client.query<R>({ name: `motcua_${this.settings.schema}_${name}`, text: this.sql[name], values, rowMode: 'array' } as QueryConfig),
      );
    } catch (error) {
      throw mapPgError(error, name);
    }
  }

  /**
   * `fn` with a pooled client. Errors are the driver's, untyped (callers look at their codes first: a unique
   * violation, JSON jsonb refuses) and type them with `mapPgError`; a client whose connection broke, or that saw
   * the schema vanish, is discarded, never returned to the pool.
   */
  private async withClient<T>(what: string, fn: (client: PoolClient) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw mapPgError(error, what);
    }
    guardClient(client);
    let failure: Error | undefined;
    try {
      return await fn(client);
    } catch (error) {
      if (isConnectionError(error) || isSchemaMissing(error) || (client as PoolClient & { motcuaBroken?: Error }).motcuaBroken) failure = error as Error;
      throw error;
    } finally {
      // a broken connection (or one whose cleanup failed) is discarded, never returned to the pool
      client.release(failure ?? (client as PoolClient & { motcuaBroken?: Error }).motcuaBroken);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('STORE_CLOSED', 'The event store is closed');
  }

  private onPayload(payload: string): void {
    if (this.closed) return;
    let notice: { i: string; s: string; f: number; l: number; r?: 1 };
    try {
      notice = JSON.parse(payload) as typeof notice;
    } catch {
      return;
    }
    if (notice.i === this.instance) return; // announced locally after commit
    if (notice.r === 1) this.announced = Math.max(this.announced, notice.l);
    else this.pending = Math.max(this.pending, notice.l);
    this.notifications.emit('appended', { streamId: notice.s, firstPosition: notice.f, lastPosition: notice.l });
    if (notice.r !== 1) this.chase();
  }

  /**
   * Liveness: a notice was emitted for events that were committed but not yet
   * readable (a transaction older than theirs was still open). Poll the
   * horizon soon, then with backoff (5 ms … 250 ms) until it has passed every
   * such event, and announce what became readable — whatever else happens,
   * no new commit is needed for followers to get there.
   */
  private chase(): void {
    if (this.closed || this.chaseTimer) return;
    if (this.pending <= this.announced) {
      this.chaseDelay = 0;
      return;
    }
    this.chaseDelay = Math.min(250, this.chaseDelay === 0 ? 5 : this.chaseDelay * 2);
    this.chaseTimer = setTimeout(() => {
      this.chaseTimer = undefined;
      void this.poll().finally(() => this.chase());
    }, this.chaseDelay);
    this.chaseTimer.unref?.();
  }

  /** Safety net: announce committed, safely readable events above everything announced so far. */
  private async poll(): Promise<void> {
    if (this.closed || this.polling) return;
    this.polling = true;
    try {
      const head = await this.headPosition();
      if (head <= this.announced) return;
      const from = this.announced;
      this.announced = Math.max(this.announced, head);
      this.pending = Math.max(this.pending, head);
      const { rows } = await this.query<[string, string, string]>('noticesSince', [from, head]);
      for (const [streamId, first, last] of rows) {
        const notice: AppendNotice = { streamId, firstPosition: Number(first), lastPosition: Number(last) };
        if (!this.closed) this.notifications.emit('appended', notice);
      }
    } catch (error) {
      this.emitError(error as Error);
    } finally {
      this.polling = false;
    }
  }

  /** Report a failure of the background work (LISTEN, the after-commit NOTIFY, the poll) on `notifications` `'error'`, typed. */
  private emitError(error: Error): void {
    if (!this.closed && this.notifications.listenerCount('error') > 0) this.notifications.emit('error', mapPgError(error, 'Following the PostgreSQL store') as Error);
  }
}
