import { InternalError, InvalidHistoryError, type MotcuaError } from '../errors';
import { isTooNew, tooNewError } from '../events/upcast';
import type { StoredEvent } from '../store/types';
import { tracedCatchUp } from '../telemetry/projection';
import type { CatchUpMode, ProjectionRunner, ProjectionRunnerOptions, ProjectionTurn, SkippedEvent } from './runner-types';

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
