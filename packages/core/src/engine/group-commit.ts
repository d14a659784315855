import { InternalError, ValidationError } from '../errors';
import type { AppendManyOutcome, AppendOptions, AppendRequest, AppendResult, EventStore, NewEvent } from '../store/types';

/**
 * Options of automatic group commit (`EngineOptions.groupCommit`).
 *
 * @example
 * ```ts
 * const options: GroupCommitOptions = { maxBatch: 500, maxWaitMs: 0 };
 * ```
 */
export interface GroupCommitOptions {
  /** Most appends in one transaction (default 1,000). */
  maxBatch?: number;
  /**
   * How long a queued append may wait for others to join, in ms. 0 (default):
   * until the end of the current event-loop turn (`setImmediate`) — or at
   * once when every command in progress is already waiting (a lone command
   * is never delayed).
   */
  maxWaitMs?: number;
  /**
   * Batches committing at once (default 4): a slow commit (a lock wait, a
   * slow trigger) does not hold every other append back. SQLite's
   * `appendMany` is synchronous, so there it is one at a time anyway.
   */
  maxInFlight?: number;
  /**
   * Leader/follower mode (default false): an append starts a batch at once
   * when fewer than `maxInFlight` are committing, and otherwise waits for the
   * one in flight and goes with everything queued meanwhile — no added
   * latency, batches as large as the commit is slow. For stores whose commit
   * is asynchronous I/O.
   */
  eager?: boolean;
  /**
   * When no batch is committing, flush once the current microtasks have run
   * instead of at the end of the event-loop turn (default false). A lone
   * append then waits for no `setImmediate` (≈ 8 µs of a 290-µs PostgreSQL
   * call, `docs/performance.md`, "Session 12"); appends started in one burst
   * of microtasks — 1,000 `Promise.all` appends, writers answered by one
   * commit — still go together. PostgreSQL's `store.append` uses it.
   */
  flushWhenIdle?: boolean;
}

/** A store that can commit a group of appends together. */
export type GroupCommitStore = Required<Pick<EventStore, 'appendMany'>>;

interface Pending {
  request: AppendRequest;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/**
 * Automatic group commit (ghi gộp): concurrent appends are queued and
 * committed together through `store.appendMany` — one transaction, one
 * fsync — and each caller is answered only after the commit that holds its
 * append. A request refused inside the batch (a version conflict, a
 * duplicate) fails alone; a failed transaction fails every request of it
 * (nothing of it is stored). A batch is flushed when `maxBatch` appends wait,
 * when every command in progress (`active()`, told by the engine) is waiting
 * for a commit (checked once the current microtasks have run, so a lone
 * command commits at once), or at the end of the event-loop turn
 * (`maxWaitMs` 0); in `eager` mode (leader/follower) at once when fewer
 * than `maxInFlight` batches are committing, else when one finishes. Two
 * appends to one stream never share a batch (the second waits for the next
 * one).
 *
 * @example
 * ```ts
 * declare const event1: NewEvent, event2: NewEvent;
 * const committer = new GroupCommitter(store as GroupCommitStore, { maxBatch: 100 });
 * const [a, b] = await Promise.all([
 *   committer.append('dossier-1', [event1], { expectedVersion: 'no_stream' }),
 *   committer.append('dossier-2', [event2], { expectedVersion: 'no_stream' }),
 * ]); // one transaction
 * ```
 */
export class GroupCommitter {
  private readonly queue: Pending[] = [];
  private readonly maxBatch: number;
  private readonly maxWaitMs: number;
  private readonly maxInFlight: number;
  private readonly eager: boolean;
  private readonly flushWhenIdle: boolean;
  private scheduled = false;
  private checking = false;
  private inFlight = 0;
  /** Appends in the batches committing now. */
  private committing = 0;
  /** The batches committing now (for {@link drain}). */
  private readonly flights = new Set<Promise<void>>();
  /** Batches committed and appends they held (for benchmarks and tests). */
  readonly stats = { batches: 0, appends: 0, largest: 0 };

  constructor(
    private readonly store: GroupCommitStore,
    options: GroupCommitOptions = {},
    /** How many commands could still join a batch now (the engine's commands in progress); unknown: wait for the turn's end. */
    private readonly active: () => number = () => Number.POSITIVE_INFINITY,
  ) {
    this.maxBatch = positiveInteger(options.maxBatch ?? 1_000, 'maxBatch');
    this.maxInFlight = positiveInteger(options.maxInFlight ?? 4, 'maxInFlight');
    this.eager = options.eager === true;
    this.flushWhenIdle = options.flushWhenIdle === true;
    const wait = options.maxWaitMs ?? 0;
    if (typeof wait !== 'number' || !Number.isFinite(wait) || wait < 0) throw invalid('maxWaitMs', 'expected a number of milliseconds ≥ 0');
    this.maxWaitMs = wait;
  }

  /** Queue an append; resolves after the commit that holds it, or rejects with its own refusal or the batch's failure. */
  append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ request: options ? { streamId, events, options } : { streamId, events }, resolve, reject });
      if (this.eager || this.queue.length >= this.maxBatch) this.kick();
      else this.schedule();
    });
  }

  /**
   * Commit everything queued now, without waiting for the end of the turn;
   * resolves when no append is queued or committing (each caller still gets
   * its own outcome). A store calls it before it closes.
   *
   * @example
   * ```ts
   * declare const committer: GroupCommitter, event: NewEvent;
   * const appended = committer.append('dossier-1', [event]);
   * await committer.drain(); // `appended` has settled
   * ```
   */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.flights.size > 0) {
      this.kick();
      await Promise.all(this.flights);
    }
  }

  /**
   * Flush at the end of the event-loop turn (or after `maxWaitMs`), and — at
   * the end of the current microtask run, once the synchronous burst that
   * queued this append has started its sibling commands — at once if every
   * command in progress is already waiting for a commit, or (`flushWhenIdle`)
   * if no batch is committing.
   */
  private schedule(): void {
    if (!this.checking) {
      this.checking = true;
      queueMicrotask(() => {
        this.checking = false;
        if (this.queue.length > 0 && ((this.flushWhenIdle && this.inFlight === 0) || this.queue.length + this.committing >= this.active())) this.kick();
      });
    }
    if (this.scheduled) return;
    this.scheduled = true;
    const fire = () => {
      this.scheduled = false;
      this.kick();
    };
    if (this.maxWaitMs > 0) setTimeout(fire, this.maxWaitMs);
    else setImmediate(fire);
  }

  /** Start batches while appends wait and fewer than `maxInFlight` commit. */
  private kick(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight) {
      const batch = this.take();
      this.inFlight++;
      this.committing += batch.length;
      const flight: Promise<void> = this.commit(batch).finally(() => {
        this.inFlight--;
        this.committing -= batch.length;
        this.flights.delete(flight);
        if (this.queue.length > 0) this.kick();
      });
      this.flights.add(flight);
    }
  }

  /** Up to `maxBatch` queued appends in arrival order, at most one per stream (the rest keep their place). */
  private take(): Pending[] {
    const batch: Pending[] = [];
    const streams = new Set<string>();
    let kept = 0;
    for (let i = 0; i < this.queue.length; i++) {
      const pending = this.queue[i]!;
      if (batch.length < this.maxBatch && !streams.has(pending.request.streamId)) {
        streams.add(pending.request.streamId);
        batch.push(pending);
      } else this.queue[kept++] = pending;
    }
    this.queue.length = kept;
    return batch;
  }

  private async commit(batch: Pending[]): Promise<void> {
    let outcomes: AppendManyOutcome[];
    try {
      outcomes = await this.store.appendMany(batch.map((p) => p.request));
      if (!Array.isArray(outcomes) || outcomes.length !== batch.length) throw new InternalError('appendMany returned a wrong number of outcomes', { expected: batch.length });
    } catch (error) {
      // The transaction failed: nothing of it is stored, nobody is acknowledged.
      for (const pending of batch) pending.reject(error);
      return;
    }
    this.stats.batches++;
    this.stats.appends += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    for (let i = 0; i < batch.length; i++) {
      const outcome = outcomes[i]!;
      if (outcome.ok) batch[i]!.resolve(outcome.result);
      else batch[i]!.reject(outcome.error);
    }
  }
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw invalid(name, 'expected an integer ≥ 1');
  return value;
}

function invalid(name: string, message: string): ValidationError {
  return new ValidationError('Invalid group commit options', [{ code: 'invalid_option', path: ['groupCommit', name], message }]);
}
