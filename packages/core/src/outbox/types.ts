// The outbox's public types (hộp thư đi): messages, routes, transports, the store port and the relay's options.
import type { EventLog, LogSubscription, StoredEvent } from '../store/types';

/**
 * Where a message is in its life: `pending` (to deliver, maybe after a
 * wait), `delivered` (the transport returned), `dead` (gave up after
 * `maxAttempts`: it blocks its dossier's later messages to the same
 * destination until an operator `retry`s or `skip`s it), `skipped` (an
 * operator gave up on a dead letter; later messages go on).
 */
export type OutboxStatus = 'pending' | 'delivered' | 'dead' | 'skipped';

/**
 * One message to deliver (thông điệp), derived from one committed event by
 * an {@link OutboxRoute}. `id` is deterministic (`<destination>/<eventId>/<index>`),
 * so a receiver deduplicates re-deliveries by it.
 */
export interface OutboxMessage {
  /** `<destination>/<eventId>/<index>`: the same for every delivery attempt, in every process. */
  id: string;
  destination: string;
  /** The dossier stream the event belongs to: messages of one stream and destination are delivered in order. */
  streamId: string;
  /** Global position of the event. */
  position: number;
  /** Which of the event's messages for this destination (0, 1, …): the order within one event. */
  index: number;
  eventType: string;
  /** What the route calls this message (e.g. `status`, `receipt`). */
  kind: string;
  payload: unknown;
  /** When the event was recorded (its `metadata.recordedAt`): the sync lag counts from here. */
  createdAt: string;
  /** Delivery attempts made so far (failed ones, plus the successful one when delivered). */
  attempts: number;
  status: OutboxStatus;
  /** Not before this instant (ISO-8601 UTC): the backoff after a failure. */
  nextAttemptAt: string;
  /** The last failure's message. */
  lastError?: string;
  /** When the transport accepted it. */
  deliveredAt?: string;
}

/** What a route derives from one event: a kind and a JSON-serialisable payload. */
export interface OutboxDraft {
  kind: string;
  payload: unknown;
}

/**
 * Which events leave the system for one destination, and as what. Must be
 * pure (the same event always gives the same messages): a message is then a
 * function of a committed event, recorded with the command by construction.
 *
 * @example
 * ```ts
 * const audit: OutboxRoute = {
 *   destination: 'audit',
 *   messagesFor: (event) => (event.type === 'DossierAccepted' ? [{ kind: 'accepted', payload: { streamId: event.streamId } }] : []),
 * };
 * ```
 */
export interface OutboxRoute {
  destination: string;
  messagesFor(event: StoredEvent): readonly OutboxDraft[];
}

/**
 * Delivers messages to one destination. Resolve = delivered; throw (or
 * reject) = failed, retried later with backoff. Must stop when `signal`
 * aborts (the relay's timeout). The receiver must deduplicate by `message.id`:
 * delivery is at least once.
 *
 * @example
 * ```ts
 * const http: OutboxTransport = {
 *   async deliver(message, signal) {
 *     const response = await fetch('https://example.invalid/inbox', { method: 'POST', body: JSON.stringify(message), signal });
 *     if (!response.ok) throw new Error(`HTTP ${response.status}`);
 *   },
 * };
 * ```
 */
export interface OutboxTransport {
  deliver(message: OutboxMessage, signal: AbortSignal): Promise<void>;
}

/** Options of {@link OutboxStore.claim}. */
export interface ClaimOptions {
  /** Now (ISO-8601 UTC): only messages with `nextAttemptAt <= now` and no live lease. */
  now: string;
  /** At most this many messages. */
  limit: number;
  /** The lease: the claimed messages are this relay's until `leaseUntil`. */
  leaseUntil: string;
  /** Who claims (a relay instance id). */
  owner: string;
}

/** What {@link OutboxStore.fail} records about a failed attempt. */
export interface FailureRecord {
  error: string;
  /** `pending` with a later `nextAttemptAt`, or `dead`. */
  status: 'pending' | 'dead';
  nextAttemptAt: string;
}

/** The outcome of one delivery attempt, for {@link OutboxStore.settle}. */
export type AttemptOutcome = { id: string; owner: string; deliveredAt: string } | { id: string; owner: string; failure: FailureRecord };

/** Filter of {@link OutboxStore.list}. */
export interface OutboxQuery {
  status?: OutboxStatus;
  destination?: string;
  streamId?: string;
  /** At most this many (default 1,000), oldest first (position, index). */
  limit?: number;
}

/** Counts by status and the oldest pending message's `createdAt`. */
export interface OutboxCounts {
  pending: number;
  delivered: number;
  dead: number;
  skipped: number;
  /** `createdAt` of the oldest pending message (the sync lag starts there). */
  oldestPendingAt?: string;
}

/**
 * Where the outbox keeps its cursor (how far the log has been turned into
 * messages) and its messages. Adapters: {@link InMemoryOutboxStore},
 * `createSqliteOutboxStore` (`@motcua/store-sqlite`), `createPostgresOutboxStore`
 * (`@motcua/store-postgres`). All pass `outboxStoreContract` (`@motcua/core/testkit`).
 *
 * @example
 * ```ts
 * const outbox: OutboxStore = new InMemoryOutboxStore();
 * const from = await outbox.cursor('relay');
 * await outbox.materialise('relay', from, from + 10, []); // nothing to send in positions 1–10
 * ```
 */
export interface OutboxStore {
  /** The log position up to which messages are materialised under this cursor name (0 = none). */
  cursor(name: string): Promise<number>;
  /**
   * Insert `messages` (an id already stored is left as it is) and move the
   * cursor from `from` to `to`, in one transaction. Returns false, writing
   * nothing, when the cursor is no longer at `from` (another relay moved it).
   */
  materialise(name: string, from: number, to: number, messages: readonly OutboxMessage[]): Promise<boolean>;
  /**
   * Lease deliverable messages, oldest first: `pending`, due (`nextAttemptAt <= now`),
   * not leased by anyone else, and first in their queue (no earlier `pending`
   * or `dead` message of the same destination and stream). Two relays never
   * hold the same message (PostgreSQL: `FOR UPDATE SKIP LOCKED`).
   */
  claim(options: ClaimOptions): Promise<OutboxMessage[]>;
  /** Mark delivered (attempts + 1) and release the lease. A message already delivered stays as it was. */
  delivered(id: string, owner: string, at: string): Promise<void>;
  /** Record a failed attempt (attempts + 1) and release the lease; ignored when `owner` no longer holds it. */
  fail(id: string, owner: string, record: FailureRecord): Promise<void>;
  /**
   * Optional: record the outcomes of several attempts at once, each as
   * `delivered` / `fail` would (one transaction on SQLite and PostgreSQL).
   * The relay uses it when present, once per claimed batch.
   */
  settle?(outcomes: readonly AttemptOutcome[]): Promise<void>;
  /** One message by id. */
  get(id: string): Promise<OutboxMessage | undefined>;
  /** Messages matching `query`, oldest first. */
  list(query?: OutboxQuery): Promise<OutboxMessage[]>;
  /** Dead → pending with attempts 0, due `now`. Returns false when the message is not dead. */
  revive(id: string, now: string): Promise<boolean>;
  /** Dead → skipped. Returns false when the message is not dead. */
  skip(id: string): Promise<boolean>;
  /** Counts by status. */
  counts(): Promise<OutboxCounts>;
  /**
   * Optional: delete up to `limit` finished messages — `delivered` ones whose
   * `deliveredAt` is before `before`, `skipped` ones whose `createdAt` is —
   * oldest first, and say how many went. `pending` and `dead` messages are
   * never deleted, and the cursor does not move, so a pruned message is never
   * materialised (or sent) again. The relay's `prune` calls it in rounds.
   */
  prune?(before: string, limit: number): Promise<number>;
}

/** Exponential backoff with jitter. */
export interface RetryPolicy {
  /** Attempts before a message is dead (default 8). */
  maxAttempts: number;
  /** Delay before the 2nd attempt, in ms (default 1,000); doubled for each further one. */
  baseMs: number;
  /** Longest delay, in ms (default 300,000). */
  maxMs: number;
  /** Share of the delay drawn at random (0 = none, 1 = full jitter; default 0.5). */
  jitter: number;
}

/** Options of {@link createOutboxRelay}. */
export interface OutboxRelayOptions {
  /** The event log to read (an `EventStore`; wrap it with `protectPersonalData` to read personal data decrypted). */
  log: EventLog & LogSubscription;
  outbox: OutboxStore;
  routes: readonly OutboxRoute[];
  /** One transport per destination of `routes`. */
  transports: Readonly<Record<string, OutboxTransport>>;
  retry?: Partial<RetryPolicy>;
  /** Abort a delivery after this many ms (default 30,000): a failed attempt. */
  timeoutMs?: number;
  /** How long a claim is held (default twice `timeoutMs`): a relay that dies holding messages frees them after this. */
  leaseMs?: number;
  /** Deliveries at once, each to a different dossier (default 8). */
  concurrency?: number;
  /** Events read per batch (default 1,000). */
  batchSize?: number;
  /**
   * Cursor name (default `outbox`): relays with different routes need different names (a shared cursor would let one
   * relay's pump move past the other's messages). A second relay created in this process on the same outbox store and
   * name with other destinations is refused (`VALIDATION_FAILED` on `name`); relays in other processes are not seen.
   */
  name?: string;
  /** This relay's id in leases (default a random uuid). */
  owner?: string;
  /** Now (default `() => new Date()`). */
  clock?: () => Date;
  /** Random numbers in [0, 1) for the jitter (default `Math.random`). */
  random?: () => number;
  /** While started: also look for due retries this often, in ms (default 1,000). */
  pollMs?: number;
  /**
   * While started, prune what the outbox keeps of finished messages (`prune`: delivered, or skipped, more than
   * `keepDays` days before the relay's clock), at `start()` and then every `everyMs` (default 6 hours), in rounds
   * of `batch` (default 10,000). Pending and dead messages are never pruned. Without it nothing is pruned unless
   * you call `relay.prune` yourself. An outbox store without `prune`: `OUTBOX_PRUNE_UNSUPPORTED` at creation.
   *
   * @example
   * ```ts
   * declare const options: OutboxRelayOptions;
   * const relay = createOutboxRelay({ ...options, retention: { keepDays: 90 } });
   * relay.start(); // prunes now, then every 6 hours
   * ```
   */
  retention?: { keepDays: number; everyMs?: number; batch?: number };
  /** A background pump or prune failed (the relay goes on at the next notice, poll or prune). */
  onError?: (error: Error) => void;
}

/** What one {@link OutboxRelay.pump} did. */
export interface PumpResult {
  /** Messages written to the outbox from the log. */
  materialised: number;
  delivered: number;
  /** Failed attempts (retried later or dead). */
  failed: number;
}

/** The outbox's health: counts, the cursor and the sync lag. */
export interface OutboxStats extends OutboxCounts {
  /** Log position materialised up to. */
  cursor: number;
  /** Now minus the oldest pending message's `createdAt`, in ms (0 when nothing is pending). */
  lagMs: number;
}

/** A running relay (see {@link createOutboxRelay}). */
export interface OutboxRelay {
  /** Materialise what the log holds past the cursor, then deliver every due message until none is left. */
  pump(): Promise<PumpResult>;
  /** Pump now, on every append notice and every `pollMs`. */
  start(): void;
  /** Stop pumping; waits for the pump in flight. */
  stop(): Promise<void>;
  /** Dead letters, oldest first (of one destination when given). */
  deadLetters(destination?: string): Promise<OutboxMessage[]>;
  /** Operator: deliver a dead letter again (attempts from 0). `OUTBOX_NOT_FOUND` / `OUTBOX_NOT_DEAD` otherwise. */
  retry(id: string): Promise<void>;
  /** Operator: give up on a dead letter; its dossier's later messages go on. `OUTBOX_NOT_FOUND` / `OUTBOX_NOT_DEAD` otherwise. */
  skip(id: string): Promise<void>;
  stats(): Promise<OutboxStats>;
  /**
   * Retention: delete the delivered messages delivered before `olderThan`
   * (and skipped ones recorded before it), in rounds of `batch` (default
   * 10,000), so the outbox table does not grow with the log forever. Pending
   * and dead messages stay. Resolves to the number deleted;
   * `OUTBOX_PRUNE_UNSUPPORTED` when the store has no `prune`. The per-dossier
   * sync log (e.g. `portalSyncLog`) then starts after the pruned messages.
   */
  prune(options: { olderThan: Date | string; batch?: number }): Promise<number>;
}
