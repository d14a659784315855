/**
 * The national-portal sync on its own thread: a reader on the demo's SQLite
 * file (WAL lets it read while the simulation writes) follows the committed
 * log with the outbox relay, and delivers to the simulated portal, which
 * also lives on this thread. The simulation's thread only pays for its own
 * commits (and one `postMessage` per group commit, a wake-up).
 *
 * Protocol: `workerData` names the file, the seed and the poll period; the
 * parent posts `{ type: 'commit' }` after each group commit (deliver now)
 * and `{ type: 'finish', head, period }` once it has written everything; the
 * worker catches up to `head`, drains, reconciles and posts back
 * `{ summary }` (or `{ error }`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { startPortalSyncInProcess } from './portal-sync';
import type { PortalWorkerData, PortalWorkerRequest } from './portal-thread';

const input = workerData as PortalWorkerData;
const port = parentPort!;
let finish: Extract<PortalWorkerRequest, { type: 'finish' }> | undefined;
let wake: (() => void) | undefined;
port.on('message', (message: PortalWorkerRequest) => {
  if (message.type === 'finish') finish = message;
  wake?.();
});

/** Wait for a wake-up from the parent, at most `ms`. */
const nap = (ms: number) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      wake = undefined;
      resolve();
    }
    wake = done;
  });

try {
  // A reader that follows the tail of the log: a small page cache is enough.
  const store = await createSqliteEventStore({ filename: input.filename, cacheSizeKiB: 8_192 });
  const { filename: _file, pollMs: _poll, ...options } = input;
  const sync = await startPortalSyncInProcess(store, options);
  try {
    while (finish === undefined) {
      await sync.pump();
      if (finish === undefined) await nap(input.pollMs);
    }
    const { head, period } = finish;
    // Every write of the simulation is committed before it posts `finish`; a reader sees it at its next read.
    while ((await store.headPosition()) < head) await nap(5);
    const summary = await sync.finish(period);
    port.postMessage({ summary });
  } catch (error) {
    await sync.abort().catch(() => undefined);
    throw error;
  } finally {
    await store.close();
  }
} catch (error) {
  port.postMessage({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
}
