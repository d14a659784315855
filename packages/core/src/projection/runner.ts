import { InternalError, InvalidHistoryError, type MotcuaError } from '../errors';
import { isTooNew, tooNewError } from '../events/upcast';
import type { EventStore, StoredEvent } from '../store/types';
import { tracedCatchUp } from '../telemetry/projection';
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
type CatchUpMode = 'rebuild' | 'catchUp' | 'live';

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

/**
 * Run a projection over an event store: catch up from the saved checkpoint,
 * follow live appends, rebuild from zero. State and checkpoint are saved
 * together with `store.saveProjection` (one atomic write), so a crash never
 * double-counts or loses an event. Reads go up to the head position taken
 * before reading (no read-ahead race with concurrent appends).
 *
 * The one runner of motcua: the report projections (`@motcua/projections`,
 * which re-exports it), the deadline watcher and the one-stop desk's code
 * index all run on it. Several projections read in one pass:
 * {@link combineProjections}.
 *
 * @example
 * ```ts
 * const timeliness = timelinessProjection({ calendar });
 * const runner = createProjectionRunner({ store, projection: timeliness });
 * await runner.start();
 * await runner.waitFor(await store.waitUntilReadable());
 * const rows = report06a(runner.state, { projection: timeliness, catalog, from: '2024-01-01', to: '2024-03-31', groupBy: ['unit'] });
 * await runner.stop();
 * ```
 */
export function createProjectionRunner<S>(options: ProjectionRunnerOptions<S>): ProjectionRunner<S> {
  const { store, projection } = options;
  const name = options.name ?? projection.name;
  const batchSize = options.batchSize ?? 1000;
  const checkpointEvery = Math.max(1, options.checkpointEvery ?? 1);
  const checkpointCost = Math.max(0, options.checkpointCost ?? 0.1);
  const persist = options.persist ?? true;
  const onApplyError = options.onApplyError ?? 'skip';
  const waiters: { position: number; resolve: () => void; reject: (error: Error) => void }[] = [];
  const wake = (): void => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const waiter = waiters[i]!;
      if (waiter.position <= position) {
        waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  };
  let state: S | undefined;
  let position = 0;
  let loaded = false;
  let chain: Promise<unknown> = Promise.resolve();
  let following = false;
  let queued = false;
  const skipped: SkippedEvent[] = [];
  let halted: MotcuaError | undefined;
  // Checkpoint bookkeeping: what is saved, what the last save cost, the work done since.
  let savedPosition = 0;
  let lastSaveMs = 0;
  let applyMsSinceSave = 0;
  let eventsSinceSave = 0;
  // Totals for telemetry (events read, events skipped), since the runner was created.
  let eventsRead = 0;
  let skippedTotal = 0;

  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  };

  async function load(): Promise<void> {
    const t0 = performance.now();
    const saved = persist ? await store.loadProjection<unknown>(name) : undefined;
    const snap = saved === undefined ? undefined : saved.tag === projection.version ? saved.state : projection.upgrade?.(saved);
    if (saved && snap !== undefined) {
      state = projection.fromSnapshot(snap);
      position = saved.position;
      lastSaveMs = performance.now() - t0; // a save costs about what a load does: the first estimate
      savedPosition = saved.tag === projection.version ? position : -1; // an upgraded checkpoint is saved again under the new tag
    } else {
      state = projection.init();
      position = 0;
      savedPosition = -1;
    }
    applyMsSinceSave = 0;
    eventsSinceSave = 0;
    loaded = true;
  }

  async function save(pos: number): Promise<void> {
    if (!persist) return;
    const t0 = performance.now();
    await store.saveProjection(name, { state: projection.toSnapshot(state as S), position: pos, tag: projection.version });
    lastSaveMs = performance.now() - t0;
    savedPosition = pos;
    applyMsSinceSave = 0;
    eventsSinceSave = 0;
  }

  /** A checkpoint now would cost little next to the work it protects. */
  const worthSaving = (): boolean => persist && eventsSinceSave >= checkpointEvery && (checkpointCost === 0 || applyMsSinceSave * checkpointCost >= lastSaveMs);

  /** The projection threw on `e`: skip it (recorded, reported) or halt. Returns the state to go on with. */
  function applyFailed(current: S, event: StoredEvent, cause: unknown): S {
    const error = new InvalidHistoryError(
      event.streamId,
      event.version,
      `projection ${name} cannot apply ${event.type} at position ${event.position}: ${(cause as Error)?.message ?? String(cause)}`,
    );
    Object.defineProperty(error, 'cause', { value: cause, enumerable: false, configurable: true, writable: true });
    if (onApplyError === 'stop') {
      halted = error;
      throw error;
    }
    if (skipped.length >= 1000) skipped.shift();
    skipped.push({ position: event.position, streamId: event.streamId, version: event.version, type: event.type, error });
    skippedTotal++;
    options.onError?.(error);
    return current;
  }

  function halt(error: MotcuaError): never {
    for (const waiter of waiters.splice(0)) waiter.reject(error);
    throw error;
  }

  /** Apply one event; one written by newer code than this (`events/upcast.ts`) is an event the projection cannot apply. */
  function applyOne(current: S, event: StoredEvent): S {
    if (isTooNew(event.type, event.metadata)) throw tooNewError(event);
    return projection.apply(current, event);
  }

  /**
   * `mode`: 'rebuild' always ends with a save; 'catchUp' saves when there is
   * no checkpoint yet or when it is worth it; 'live' only when worth it.
   */
  async function catchUpOnce(mode: CatchUpMode): Promise<number> {
    if (halted) halt(halted);
    if (!loaded) await load();
    const first = savedPosition < 0; // no checkpoint when this catch-up began
    const endSave = (): boolean => persist && (mode === 'rebuild' || (mode === 'catchUp' && first) || worthSaving());
    try {
      const head = await store.headPosition();
      if (head <= position) {
        if (savedPosition < position && endSave()) await save(position);
        return position;
      }
      let current = state as S;
      let last = position;
      const filter = projection.filter;
      for await (const batch of store.readBatches({
        after: position,
        to: head,
        batchSize,
        ...(filter?.types ? { types: filter.types } : {}),
        ...(filter?.streamPrefix !== undefined ? { streamPrefix: filter.streamPrefix } : {}),
      })) {
        const t0 = performance.now();
        let i = 0;
        try {
          for (; i < batch.length; i++) {
            const event = batch[i]!;
            if (event.position > head) break;
            current = applyOne(current, event);
            last = event.position;
          }
        } catch (cause) {
          // slow path, at most once per failing event: skip it and finish the batch one event at a time
          const event = batch[i]!;
          try {
            current = applyFailed(current, event, cause);
          } catch (error) {
            state = current;
            position = last; // everything before the failing event is applied
            throw error;
          }
          last = event.position;
          for (i++; i < batch.length; i++) {
            const next = batch[i]!;
            if (next.position > head) break;
            try {
              current = applyOne(current, next);
            } catch (again) {
              current = applyFailed(current, next, again);
            }
            last = next.position;
          }
        }
        state = current;
        applyMsSinceSave += performance.now() - t0;
        eventsSinceSave += batch.length;
        eventsRead += batch.length;
        if (last < head && worthSaving()) {
          position = last;
          await save(last);
        }
      }
      state = current;
      position = head;
      if (endSave()) await save(head);
      wake();
      return head;
    } catch (error) {
      if (halted) halt(halted);
      // The in-memory state may be half-applied: reload from the last checkpoint next time.
      loaded = false;
      throw error;
    }
  }

  const telemetry = options.telemetry;
  /** A catch-up; with telemetry, inside its span (`motcua.project`) and counted — without, just the catch-up. */
  const catchUpNow: (mode: CatchUpMode) => Promise<number> =
    telemetry === undefined
      ? catchUpOnce
      : (mode) =>
          tracedCatchUp(
            telemetry,
            name,
            mode,
            () => catchUpOnce(mode),
            () => ({ position, eventsRead, skipped: skippedTotal }),
          );

  const turn: ProjectionTurn<S> = {
    get state() {
      return state as S;
    },
    get position() {
      return position;
    },
    catchUp: () => catchUpNow('catchUp'),
    save: () => save(position),
  };

  const onAppended = (): void => {
    if (!following || queued || halted) return;
    queued = true;
    void serial(async () => {
      queued = false;
      if (!following) return position;
      const reached = await catchUpNow('live');
      await options.onLiveCatchUp?.(turn);
      return reached;
    }).catch((error: unknown) => options.onError?.(error as Error));
  };

  return {
    waitFor(target) {
      if (target <= position) return Promise.resolve();
      if (halted) return Promise.reject(halted);
      return new Promise<void>((resolve, reject) => waiters.push({ position: target, resolve, reject }));
    },
    get state() {
      if (state === undefined) throw new InternalError(`The projection runner ${name} has not loaded its state yet: call catchUp() or start() first`, undefined);
      return state;
    },
    get position() {
      return position;
    },
    get skipped() {
      return skipped;
    },
    catchUp: () => serial(() => catchUpNow('catchUp')),
    exclusive: (fn) =>
      serial(async () => {
        if (!loaded) await load();
        return fn(turn);
      }),
    async start() {
      if (!following) {
        following = true;
        store.notifications.on('appended', onAppended);
      }
      await serial(() => catchUpNow('catchUp'));
    },
    async stop() {
      following = false;
      store.notifications.off('appended', onAppended);
      await chain;
      // What was applied live since the last checkpoint is saved now (not if the state may be half-applied).
      await serial(async () => {
        if (persist && loaded && !halted && savedPosition < position) await save(position);
      });
    },
    rebuild: () =>
      serial(async () => {
        halted = undefined;
        state = projection.init();
        position = 0;
        savedPosition = -1;
        applyMsSinceSave = 0;
        eventsSinceSave = 0;
        loaded = true;
        return catchUpNow('rebuild');
      }),
  };
}
