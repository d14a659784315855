// The projection runner's public types (its options, turn, skipped events and handle), apart from the runner itself (runner.ts).
import type { MotcuaError } from '../errors';
import type { EventStore } from '../store/types';
import type { Telemetry } from '../telemetry/types';
import type { Projection } from './projection';

/** Options of {@link createProjectionRunner}. */
export interface ProjectionRunnerOptions<S> {
  store: EventStore;
  projection: Projection<S>;
  /** Checkpoint name in the store (default `projection.name`). */
  name?: string;
  /** Events per read batch (default 1,000). */
  batchSize?: number;
  /**
   * Fewest events applied between two checkpoints taken during a catch-up or
   * while following live (default 1). `rebuild()` and `stop()` always end
   * with a save, as does a first catch-up (no checkpoint yet). A crash
   * replays the events since the last save, never double-counting any
   * (state and checkpoint are saved together).
   */
  checkpointEvery?: number;
  /**
   * Checkpoints are cheap: a save (the whole state) is taken during a
   * catch-up or live follow only once the time spent applying events since
   * the last save is at least the last save's duration divided by this ratio
   * (default 0.1: saving costs at most about a tenth of the work it
   * protects). A big state is thus saved rarely, a small one often. The first
   * estimate is the time the checkpoint took to load. 0 = save after every
   * batch regardless of cost (with `checkpointEvery`).
   */
  checkpointCost?: number;
  /**
   * Keep state + checkpoint in the store (default `true`). `false`: the
   * projection lives in this process only and never writes — for a report
   * built on the fly, or a reader on a read-only connection (another thread
   * or process following the same database). It starts from position 0.
   */
  persist?: boolean;
  /**
   * An event the projection cannot apply (its `apply` throws):
   * `'skip'` (default) records it in `skipped`, reports it to `onError` as
   * `INVALID_HISTORY` and goes on with the next event — the other events
   * still count and every report keeps working; `'stop'` halts the runner
   * at the event before: `catchUp`, `start` and `waitFor` then reject with
   * that `INVALID_HISTORY` error until `rebuild()`.
   * (`apply` should check an event before changing the state: a skipped
   * event must not leave half its changes behind.)
   */
  onApplyError?: 'skip' | 'stop';
  /** Live catch-up failed (the state is reloaded from the last checkpoint on the next notice), or an event was skipped. Default: ignore. */
  onError?: (error: Error) => void;
  /**
   * Runs in the runner's turn after each live catch-up (one triggered by a
   * notice), before the next one starts: react to what was just applied
   * (the deadline watcher emits its alerts here). A failure goes to `onError`.
   */
  onLiveCatchUp?: (turn: ProjectionTurn<S>) => void | Promise<void>;
  /**
   * Observability hooks (docs/observability.md): a span per catch-up
   * (`motcua.project`: projection, mode, positions, events read and skipped)
   * and counters of events read and skipped. Off by default.
   */
  telemetry?: Telemetry;
}

/** What started a catch-up. */
export type CatchUpMode = 'rebuild' | 'catchUp' | 'live';

/**
 * The runner's state during one turn of {@link ProjectionRunner.exclusive}
 * (or `onLiveCatchUp`): nothing else reads the log or saves meanwhile.
 */
export interface ProjectionTurn<S> {
  /** The state, which the turn may change in place (then `save()` it). */
  readonly state: S;
  /** Global position of the last event applied. */
  readonly position: number;
  /** Catch up to the head now (as `catchUp()`, within this turn). */
  catchUp(): Promise<number>;
  /** Save state + checkpoint now (nothing with `persist: false`). */
  save(): Promise<void>;
}

/** An event a projection could not apply and the runner skipped. */
export interface SkippedEvent {
  position: number;
  streamId: string;
  version: number;
  type: string;
  /** `INVALID_HISTORY`, with the projection's own error as `cause`. */
  error: MotcuaError;
}

/** A running projection. */
export interface ProjectionRunner<S> {
  /**
   * Load the checkpoint (once), read the log up to the current head, apply.
   * Saves at the end when there was no checkpoint yet or when the save is
   * worth its cost (`checkpointCost`); `stop()` and `rebuild()` always save.
   * Returns the new position.
   */
  catchUp(): Promise<number>;
  /** Catch up, then follow live appends (`store.notifications`). */
  start(): Promise<void>;
  /** Stop following; waits for an in-flight catch-up, then saves what was applied since the last checkpoint. */
  stop(): Promise<void>;
  /** Drop the state, replay the whole log from position 0, save. */
  rebuild(): Promise<number>;
  /** Current state (after `catchUp` / `start`). Read it with the projection's queries. */
  readonly state: S;
  /** Global position of the last event applied. */
  readonly position: number;
  /** Events skipped since this runner started (`onApplyError: 'skip'`), oldest first (at most the last 1,000). */
  readonly skipped: readonly SkippedEvent[];
  /**
   * Resolves once the runner has applied the log up to `position` (live
   * mode; pass a position that is readable, e.g. `store.headPosition()` or
   * what `store.waitUntilReadable` returned). Rejects if the runner halts
   * (`onApplyError: 'stop'`).
   */
  waitFor(position: number): Promise<void>;
  /**
   * Run `fn` in the runner's turn: after the catch-ups queued before it and
   * before any later one, with the state loaded. For a follower that changes
   * its own state between events (the deadline watcher marks what it has
   * alerted, then saves).
   */
  exclusive<T>(fn: (turn: ProjectionTurn<S>) => T | Promise<T>): Promise<T>;
}
