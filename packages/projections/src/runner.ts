import type { EventStore } from '@motcua/core';
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
   * Save state + checkpoint after a batch once at least this many events were
   * applied since the last save (default 1 = after every batch). Catch-up
   * always ends with a save. Larger values make big rebuilds cheaper; a crash
   * then replays more events, never double-counting any.
   */
  checkpointEvery?: number;
  /**
   * Keep state + checkpoint in the store (default `true`). `false`: the
   * projection lives in this process only and never writes — for a report
   * built on the fly, or a reader on a read-only connection (another thread
   * or process following the same database). It starts from position 0.
   */
  persist?: boolean;
  /** Live catch-up failed (the state is reloaded from the last checkpoint on the next notice). Default: ignore. */
  onError?: (error: Error) => void;
}

/** A running projection. */
export interface ProjectionRunner<S> {
  /** Load the checkpoint (once), read the log up to the current head, apply, save. Returns the new position. */
  catchUp(): Promise<number>;
  /** Catch up, then follow live appends (`store.notifications`). */
  start(): Promise<void>;
  /** Stop following; waits for an in-flight catch-up. */
  stop(): Promise<void>;
  /** Drop the state, replay the whole log from position 0, save. */
  rebuild(): Promise<number>;
  /** Current state (after `catchUp` / `start`). Read it with the projection's queries. */
  readonly state: S;
  /** Global position of the last event applied. */
  readonly position: number;
  /** Resolves once the runner has applied the log up to `position` (live mode). */
  waitFor(position: number): Promise<void>;
}

/**
 * Run a projection over an event store: catch up from the saved checkpoint,
 * follow live appends, rebuild from zero. State and checkpoint are saved
 * together with `store.saveProjection` (one atomic write), so a crash never
 * double-counts or loses an event. Reads go up to the head position taken
 * before reading (no read-ahead race with concurrent appends).
 *
 * @example
 * ```ts
 * const runner = createProjectionRunner({ store, projection: timelinessProjection({ catalog }) });
 * await runner.start();
 * const rows = report06a(runner.state, { from: '2024-01-01', to: '2024-03-31', groupBy: ['unit'] });
 * await runner.stop();
 * ```
 */
export function createProjectionRunner<S>(options: ProjectionRunnerOptions<S>): ProjectionRunner<S> {
  const { store, projection } = options;
  const name = options.name ?? projection.name;
  const batchSize = options.batchSize ?? 1000;
  const checkpointEvery = Math.max(1, options.checkpointEvery ?? 1);
  const persist = options.persist ?? true;
  const waiters: { position: number; resolve: () => void }[] = [];
  const wake = (): void => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i]!;
      if (w.position <= position) {
        waiters.splice(i, 1);
        w.resolve();
      }
    }
  };
  let state: S | undefined;
  let position = 0;
  let loaded = false;
  let chain: Promise<unknown> = Promise.resolve();
  let following = false;
  let queued = false;

  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  };

  async function load(): Promise<void> {
    const snap = persist ? await store.loadProjection<unknown>(name) : undefined;
    if (snap && snap.tag === projection.version) {
      state = projection.fromSnapshot(snap.state);
      position = snap.position;
    } else {
      state = projection.init();
      position = 0;
    }
    loaded = true;
  }

  async function save(pos: number): Promise<void> {
    if (!persist) return;
    await store.saveProjection(name, { state: projection.toSnapshot(state as S), position: pos, tag: projection.version });
  }

  async function catchUpNow(forceSave: boolean): Promise<number> {
    if (!loaded) await load();
    try {
      const head = await store.headPosition();
      if (head <= position) {
        if (forceSave) await save(position);
        return position;
      }
      let s = state as S;
      let last = position;
      let sinceSave = 0;
      const filter = projection.filter;
      for await (const batch of store.readBatches({ after: position, to: head, batchSize, ...(filter?.types ? { types: filter.types } : {}), ...(filter?.streamPrefix !== undefined ? { streamPrefix: filter.streamPrefix } : {}) })) {
        for (let i = 0; i < batch.length; i++) {
          const e = batch[i]!;
          if (e.position > head) break;
          s = projection.apply(s, e);
          last = e.position;
        }
        state = s;
        sinceSave += batch.length;
        if (sinceSave >= checkpointEvery && last < head) {
          await save(last);
          position = last;
          sinceSave = 0;
        }
      }
      state = s;
      await save(head);
      position = head;
      wake();
      return head;
    } catch (error) {
      // The in-memory state may be half-applied: reload from the last checkpoint next time.
      loaded = false;
      throw error;
    }
  }

  const onAppended = (): void => {
    if (!following || queued) return;
    queued = true;
    void serial(async () => {
      queued = false;
      if (!following) return position;
      return catchUpNow(false);
    }).catch((error: unknown) => options.onError?.(error as Error));
  };

  return {
    waitFor(target) {
      if (target <= position) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ position: target, resolve }));
    },
    get state() {
      if (state === undefined) throw new Error('The projection runner has not loaded its state yet: call catchUp() or start() first');
      return state;
    },
    get position() {
      return position;
    },
    catchUp: () => serial(() => catchUpNow(false)),
    async start() {
      if (!following) {
        following = true;
        store.notifications.on('appended', onAppended);
      }
      await serial(() => catchUpNow(false));
    },
    async stop() {
      following = false;
      store.notifications.off('appended', onAppended);
      await chain;
    },
    rebuild: () =>
      serial(async () => {
        state = projection.init();
        position = 0;
        loaded = true;
        return catchUpNow(true);
      }),
  };
}
