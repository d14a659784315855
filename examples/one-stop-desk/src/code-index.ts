import { createProjectionRunner, DOSSIER_STREAM_PREFIX, dossierIdOfStream, type EventStore, type Projection } from '@motcua/core';

/** Dossier code → dossier id, kept by following the store's global log. */
export interface CodeIndex {
  /** Read `DossierAccepted` events appended since the last catch-up. Returns the position reached. */
  catchUp(): Promise<number>;
  /** Catch up, then follow live appends (`store.notifications`). */
  start(): Promise<void>;
  /** Stop following live appends. */
  stop(): Promise<void>;
  /** The dossier id of a code; waits for what was committed before the call and catches up once before giving up, so a code just issued is found. */
  lookup(code: string): Promise<string | undefined>;
  /** Codes indexed so far. */
  readonly size: number;
}

/** The index as a projection: code → id, from the `DossierAccepted` events only. */
export function codeIndexProjection(): Projection<Map<string, string>, [string, string][]> {
  return {
    name: 'one-stop-desk/code-index',
    version: 'code-index/1',
    filter: { types: ['DossierAccepted'], streamPrefix: DOSSIER_STREAM_PREFIX },
    init: () => new Map(),
    apply(byCode, event) {
      const code = (event.data as { dossierCode?: unknown }).dossierCode;
      if (typeof code === 'string') byCode.set(code, dossierIdOfStream(event.streamId));
      return byCode;
    },
    toSnapshot: (byCode) => [...byCode],
    fromSnapshot: (entries) => new Map(entries),
  };
}

/**
 * A small projection from dossier code to dossier id, run by the projection
 * runner of `@motcua/core` with `persist: false`: it only reads the
 * `DossierAccepted` events of the global log and never writes (no events, no
 * checkpoint). The index lives in memory and is rebuilt from the log at
 * start (one indexed read of one event type).
 *
 * @example
 * ```ts
 * const index = createCodeIndex(store);
 * await index.start();
 * await index.lookup('000.00.20.H26-261120-0001'); // '0193…'
 * ```
 */
export function createCodeIndex(store: EventStore): CodeIndex {
  const runner = createProjectionRunner({ store, projection: codeIndexProjection(), persist: false });
  let loaded = false;
  const catchUp = async (): Promise<number> => {
    const position = await runner.catchUp();
    loaded = true;
    return position;
  };
  return {
    catchUp,
    async start() {
      await runner.start();
      loaded = true;
    },
    stop: () => runner.stop(),
    async lookup(code) {
      const found = loaded ? runner.state.get(code) : undefined;
      if (found) return found;
      // A code just issued is committed, but on PostgreSQL its event becomes readable only once every older
      // transaction has ended (the read horizon): wait for what was committed before this look-up (bounded:
      // an unknown code still answers within 2 s while a long transaction holds the horizon back).
      await store.waitUntilReadable(undefined, { timeoutMs: 2000 }).catch(() => undefined);
      await catchUp();
      return runner.state.get(code);
    },
    get size() {
      return loaded ? runner.state.size : 0;
    },
  };
}
