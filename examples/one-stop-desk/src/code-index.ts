import type { EventStore } from '@motcua/core';

/** Dossier code → dossier id, kept by following the store's global log. */
export interface CodeIndex {
  /** Read `DossierAccepted` events appended since the last catch-up. Returns the position reached. */
  catchUp(): Promise<number>;
  /** Catch up, then follow live appends (`store.notifications`). */
  start(): Promise<void>;
  /** Stop following live appends. */
  stop(): Promise<void>;
  /** The dossier id of a code; catches up once before giving up, so a code just issued is found. */
  lookup(code: string): Promise<string | undefined>;
  /** Codes indexed so far. */
  readonly size: number;
}

const STREAM_PREFIX = 'dossier-';

/**
 * A small projection from dossier code to dossier id. It only reads the
 * `DossierAccepted` events of the global log (`store.readAll({ types, after })`)
 * and never writes events. The index lives in memory and is rebuilt from the
 * log at start (one indexed read of one event type).
 *
 * @example
 * ```ts
 * const index = createCodeIndex(store);
 * await index.start();
 * await index.lookup('000.00.20.H26-261120-0001'); // '0193…'
 * ```
 */
export function createCodeIndex(store: EventStore): CodeIndex {
  const byCode = new Map<string, string>();
  let position = 0;
  let chain: Promise<number> = Promise.resolve(0);
  let following = false;

  const read = async (): Promise<number> => {
    const head = await store.headPosition();
    if (head <= position) return position;
    for await (const e of store.readAll({ after: position, to: head, types: ['DossierAccepted'], streamPrefix: STREAM_PREFIX })) {
      const code = (e.data as { dossierCode?: unknown }).dossierCode;
      if (typeof code === 'string') byCode.set(code, e.streamId.slice(STREAM_PREFIX.length));
    }
    position = head;
    return head;
  };
  /** One catch-up at a time; a failed one leaves the position where it was. */
  const catchUp = (): Promise<number> => {
    const run = chain.then(read, read);
    chain = run.catch(() => position);
    return run;
  };
  const onAppended = (): void => {
    if (following) void catchUp().catch(() => undefined);
  };

  return {
    catchUp,
    async start() {
      if (!following) {
        following = true;
        store.notifications.on('appended', onAppended);
      }
      await catchUp();
    },
    async stop() {
      following = false;
      store.notifications.off('appended', onAppended);
      await chain;
    },
    async lookup(code) {
      const found = byCode.get(code);
      if (found) return found;
      await catchUp();
      return byCode.get(code);
    },
    get size() {
      return byCode.size;
    },
  };
}
